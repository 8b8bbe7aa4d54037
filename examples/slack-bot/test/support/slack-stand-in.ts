import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the stand-in received, and what it answered. */
export interface SlackDelivery {
  status: number;
  body: { text: string; blocks: { type: string }[] };
}

const BLOCK_TYPES = ['header', 'section', 'actions', 'context', 'divider'];

/** Why a body is not a Block Kit message an incoming webhook takes, or undefined when it is. */
export function blockKitProblem(body: unknown): string | undefined {
  const message = body as { text?: unknown; blocks?: unknown };
  if (typeof message?.text !== 'string' || message.text === '') return 'no text fallback';
  if (!Array.isArray(message.blocks) || message.blocks.length === 0) return 'no blocks';
  for (const block of message.blocks as { type?: unknown; text?: { type?: string; text?: string } }[]) {
    if (typeof block?.type !== 'string' || !BLOCK_TYPES.includes(block.type)) {
      return `a block of unknown type ${JSON.stringify(block?.type)}`;
    }
    if (
      block.type === 'header' &&
      (block.text?.type !== 'plain_text' || (block.text.text ?? '').length > 150)
    ) {
      return 'a header that is not plain text of at most 150 characters';
    }
  }
  return undefined;
}

/**
 * A local HTTP server in place of Slack's incoming-webhook endpoint: it records
 * every POSTed message, answers 400 to one that is not valid Block Kit, 500 to
 * the next `failures` valid ones (a Slack outage), then 200 "ok".
 */
export async function startSlackStandIn(options: { failures: number }) {
  const deliveries: SlackDelivery[] = [];
  let failures = options.failures;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const problem = request.method === 'POST' ? blockKitProblem(body) : 'not a POST';
      const status = problem ? 400 : failures-- > 0 ? 500 : 200;
      deliveries.push({ status, body: body as SlackDelivery['body'] });
      response
        .writeHead(status, { 'content-type': 'text/plain' })
        .end(problem ?? (status === 200 ? 'ok' : 'oops'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
    deliveries,
    /** Messages Slack accepted (200) that mention `runId`. */
    accepted: (runId: string) => deliveries.filter((d) => d.status === 200 && d.body.text.includes(runId)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
