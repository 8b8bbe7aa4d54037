import type { Request, RequestHandler, Response } from 'express';
import { isUuid } from '../../database/uuid.js';
import type { Logger } from '../../logger.js';
import type { MetricExportHeader, StoredEpoch } from './metric.repository.js';

/** Where the CSV's rows come from: `MetricRepository` in the server. */
export interface MetricCsvSource {
  exportHeader(runId: string): Promise<MetricExportHeader | undefined>;
  epochs(runId: string, epochsPerPage?: number): AsyncIterable<StoredEpoch>;
}

export interface MetricsCsvOptions {
  /**
   * An access check in front of the download (the caller's access may sit on
   * the request or, set by an earlier middleware, on `response.locals`). A run
   * the caller may not see is answered like one that does not exist, so ids do
   * not leak across projects.
   */
  canSeeRun?(request: Request, response: Response, projectId: string): boolean | Promise<boolean>;
  /** Epochs read from the database at a time. */
  epochsPerPage?: number;
}

/**
 * `GET /runs/:id/metrics.csv`: one run's metrics in wide form, one row per
 * stored epoch, a column per metric key (sorted), an empty cell where the
 * metric has no point at that epoch. Streamed a page of epochs at a time.
 */
export function metricsCsvHandler(
  metrics: MetricCsvSource,
  logger: Logger,
  options: MetricsCsvOptions = {},
): RequestHandler {
  return async (request, response) => {
    const runId = String(request.params.id);
    if (!isUuid(runId)) {
      sendText(
        response,
        400,
        `"${runId.slice(0, 100)}" is not a run id: a run id is a UUID such as 7028ab4f-5e1c-4a8e-9d3b-2f6c1e0a9b7d`,
      );
      return;
    }
    try {
      const header = await metrics.exportHeader(runId);
      if (!header || (options.canSeeRun && !(await options.canSeeRun(request, response, header.projectId)))) {
        sendText(response, 404, `no run with id ${runId}`);
        return;
      }
      const keys = [...header.keys].sort();
      response.status(200);
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.setHeader('Content-Disposition', `attachment; filename="run-${runId}-metrics.csv"`);
      if (!(await write(response, csvLine(['epoch', ...keys])))) return;
      let chunk = '';
      for await (const stored of metrics.epochs(runId, options.epochsPerPage)) {
        chunk += csvLine([String(stored.epoch), ...keys.map((key) => formatValue(stored.metrics.get(key)))]);
        if (chunk.length >= 64 * 1024) {
          if (!(await write(response, chunk))) return;
          chunk = '';
        }
      }
      if (chunk && !(await write(response, chunk))) return;
      response.end();
    } catch (error) {
      logger.error({ err: error, runId }, 'metrics CSV download failed');
      if (!response.headersSent) sendText(response, 500, "could not read the run's metrics; try again");
      else response.destroy();
    }
  };
}

function sendText(response: Response, status: number, message: string): void {
  response.status(status).type('text/plain').set('X-Content-Type-Options', 'nosniff').send(`${message}\n`);
}

/** Writes `text`, waiting while the client is slower than the database; false once it has gone. */
function write(response: Response, text: string): Promise<boolean> {
  if (response.destroyed) return Promise.resolve(false);
  if (response.write(text)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (open: boolean) => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(open);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    response.on('drain', onDrain);
    response.on('close', onClose);
  });
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvLine(fields: string[]): string {
  const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);
  return `${fields.map(quote).join(',')}\n`;
}

/** Shortest round-trip decimals; non-finite values as Python and pandas read them. */
function formatValue(value: number | undefined): string {
  if (value === undefined) return '';
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}
