import { setTimeout as sleep } from 'node:timers/promises';
import { IncomingWebhook } from '@slack/webhook';
import type { BotConfig } from './config.js';
import {
  AuthRejectedError,
  DriftboardHttpApi,
  followFinishedRuns,
  isTerminal,
  type RunDetails,
} from './driftboard-api.js';
import { PostedRuns } from './posted-runs.js';
import { runSummaryMessage, type SlackMessage } from './run-summary.js';

export interface BotOptions extends BotConfig {
  log?(line: string): void;
  /** The server rejected the token: the bot has stopped itself. Defaults to logging it. */
  onFatal?(error: Error): void;
  /** Called after every catch-up pass that completed (tests wait for it; nothing else needs it). */
  onCaughtUp?(): void;
  /** Reconnection and Slack-retry back-off: doubles from initialMs up to maxMs, with jitter. */
  backoff?: { initialMs: number; maxMs: number };
  /** A catch-up also runs this often, in case a status event was lost between two. */
  catchUpIntervalMs?: number;
  /**
   * How far before the high-water mark a catch-up looks again: finish times come
   * from the workers' clocks and commit in any order, so a run can appear
   * behind one already posted.
   */
  catchUpOverlapMs?: number;
}

export interface Bot {
  close(): Promise<void>;
}

const DEFAULTS = {
  backoff: { initialMs: 500, maxMs: 60_000 },
  catchUpIntervalMs: 60_000,
  catchUpOverlapMs: 10 * 60_000,
};

/**
 * Posts one Slack message for every run that reaches SUCCEEDED, FAILED or
 * CANCELLED: live from the `runsChanged` subscription, and by a catch-up query
 * on every (re)connection for whatever finished while the bot or the server
 * was away. A run is recorded as posted only after Slack accepted it.
 */
export async function startBot(options: BotOptions): Promise<Bot> {
  const bot = new SlackRunBot(options, await PostedRuns.open(options.stateFile));
  bot.start();
  return { close: () => bot.close() };
}

class SlackRunBot {
  private readonly api: DriftboardHttpApi;
  private readonly webhook: IncomingWebhook;
  private readonly log: (line: string) => void;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly stopping = new AbortController();
  /** The tail of each run's handling chain: one handling per run at a time. */
  private readonly handling = new Map<string, Promise<void>>();
  /** Runs being delivered now, with their finish times: the high-water mark must not pass them. */
  private readonly inFlight = new Map<string, number>();
  private follower: { close(): void } | undefined;
  private catchUpTimer: NodeJS.Timeout | undefined;
  private catchingUp: Promise<void> | undefined;
  private catchUpAgain = false;

  constructor(
    private readonly options: BotOptions,
    private readonly posted: PostedRuns,
  ) {
    this.api = new DriftboardHttpApi(options.driftboardUrl, options.token);
    this.webhook = new IncomingWebhook(options.slackWebhookUrl, { timeout: 15_000 });
    this.log = options.log ?? (() => undefined);
    this.backoff = options.backoff ?? DEFAULTS.backoff;
  }

  private get closed(): boolean {
    return this.stopping.signal.aborted;
  }

  start(): void {
    this.follower = followFinishedRuns({
      wsUrl: this.options.driftboardWsUrl,
      token: this.options.token,
      onConnected: () => this.requestCatchUp(),
      onRunFinished: ({ runId }) => void this.handle(runId).catch((error) => this.report(error, runId)),
      onAuthRejected: (error) => this.fail(error),
      log: this.log,
      retryWait: (retries) => this.pause(this.backoffMs(retries)),
    });
    this.catchUpTimer = setInterval(
      () => this.requestCatchUp(),
      this.options.catchUpIntervalMs ?? DEFAULTS.catchUpIntervalMs,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.stopping.abort();
    this.follower?.close();
    clearInterval(this.catchUpTimer);
    await Promise.allSettled([this.catchingUp, ...this.handling.values()]);
  }

  /**
   * Handles one finished run, after any earlier handling of the same run: a
   * subscription event and a catch-up that both see it post it once.
   */
  private handle(runId: string, known?: RunDetails): Promise<void> {
    const previous = this.handling.get(runId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.postOnce(runId, known));
    this.handling.set(runId, next);
    const forget = () => {
      if (this.handling.get(runId) === next) this.handling.delete(runId);
    };
    next.then(forget, forget);
    return next;
  }

  private async postOnce(runId: string, known?: RunDetails): Promise<void> {
    if (this.closed || this.posted.has(runId)) return;
    const run = known ?? (await this.api.run(runId));
    if (!isTerminal(run.status) || !this.isNews(run)) return;
    this.inFlight.set(run.id, run.finishedAt ? Date.parse(run.finishedAt) : Date.now());
    try {
      const message = runSummaryMessage(run, await this.api.names(), this.options.dashboardUrl);
      if (!(await this.deliver(run.id, message))) return; // closing: the next start posts it
      await this.posted.markPosted(run.id, this.highWaterAfter(run));
      this.log(`posted run ${run.id} (${run.status})`);
    } finally {
      this.inFlight.delete(run.id);
    }
  }

  /** Posts until Slack answers 2xx (true) or the bot is closing (false). */
  private async deliver(runId: string, message: SlackMessage): Promise<boolean> {
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await this.webhook.send(message);
        return true;
      } catch (error) {
        const wait = this.backoffMs(attempt);
        this.log(
          `Slack did not take the message for run ${runId} (${(error as Error).message}); retrying in ${wait} ms`,
        );
        await this.pause(wait);
      }
    }
    return false;
  }

  /** A run's finish time, unless a run that finished earlier is still being delivered. */
  private highWaterAfter(run: RunDetails): string | null {
    if (!run.finishedAt) return null;
    const finished = Date.parse(run.finishedAt);
    for (const [id, other] of this.inFlight) if (id !== run.id && other <= finished) return null;
    return run.finishedAt;
  }

  /** Runs that had finished before the bot's first start are history, not news. */
  private isNews(run: RunDetails): boolean {
    const { startedAfter } = this.posted;
    if (!this.posted.initialised) return false;
    return !startedAfter || !run.finishedAt || Date.parse(run.finishedAt) > Date.parse(startedAfter);
  }

  /** Starts a catch-up, or queues one more if one is running (it may have read before the newest run). */
  private requestCatchUp(): void {
    if (this.closed) return;
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return;
    }
    this.catchingUp = (async () => {
      do {
        this.catchUpAgain = false;
        try {
          await this.catchUp();
          this.options.onCaughtUp?.();
        } catch (error) {
          this.report(error);
        }
      } while (this.catchUpAgain && !this.closed);
    })().finally(() => (this.catchingUp = undefined));
  }

  /**
   * Finds the finished runs not posted yet, newest first, back to the
   * high-water mark less the overlap, and posts them oldest first.
   */
  private async catchUp(): Promise<void> {
    if (!this.posted.initialised) {
      const { runs } = await this.api.finishedRuns(undefined, 1);
      await this.posted.initialise(runs[0]?.finishedAt ?? null);
      this.log(`first start: posting runs that finish after ${runs[0]?.finishedAt ?? 'now'}`);
      return;
    }
    const { highWater } = this.posted;
    const oldest = highWater
      ? Date.parse(highWater) - (this.options.catchUpOverlapMs ?? DEFAULTS.catchUpOverlapMs)
      : -Infinity;
    const missed: RunDetails[] = [];
    let newest: string | null = null;
    let after: string | undefined;
    scan: for (;;) {
      const page = await this.api.finishedRuns(after);
      for (const run of page.runs) {
        // Runs without a finish time come last; none of them is news.
        if (!run.finishedAt || Date.parse(run.finishedAt) < oldest || !this.isNews(run)) break scan;
        newest ??= run.finishedAt;
        if (!this.posted.has(run.id)) missed.push(run);
      }
      if (!page.hasNextPage || !page.endCursor) break;
      after = page.endCursor;
    }
    if (missed.length) this.log(`catching up on ${missed.length} finished run(s)`);
    for (const run of missed.reverse()) {
      if (this.closed) return;
      await this.handle(run.id, run);
    }
    if (this.inFlight.size === 0 && missed.every((run) => this.posted.has(run.id))) {
      await this.posted.advanceHighWater(newest);
    }
  }

  private report(error: unknown, runId?: string): void {
    if (error instanceof AuthRejectedError) return this.fail(error);
    if (this.closed) return;
    const what = runId ? `run ${runId}` : 'the catch-up';
    this.log(`could not handle ${what}: ${(error as Error).message}; the next catch-up tries again`);
  }

  private fail(error: Error): void {
    if (this.closed) return;
    void this.close();
    (this.options.onFatal ?? ((e: Error) => this.log(`stopped: ${e.message}`)))(error);
  }

  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.min(attempt, 30));
    return Math.round(ceiling * (0.5 + Math.random() / 2));
  }

  /** Waits, or returns early when the bot closes. */
  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }
}
