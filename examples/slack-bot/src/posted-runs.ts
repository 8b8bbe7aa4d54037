import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** How many posted run ids the state file keeps; older ones are far behind the high-water mark. */
export const POSTED_LIMIT = 10_000;

/** The state file's contents. */
interface PostedRunsFile {
  version: 1;
  /**
   * Set on the first start to the newest finish time then known: runs that
   * finished at or before it are history, not news, and are never posted.
   */
  startedAfter: string | null;
  /** Every run that finished at or before this time has been posted (or is history). */
  highWater: string | null;
  /** Posted run ids, oldest first. */
  posted: string[];
}

/**
 * Which runs the bot has posted to Slack, kept in a JSON file that is replaced
 * atomically (write a temporary file, then rename over the old one), so a
 * crash leaves either the old or the new state, never half of one.
 */
export class PostedRuns {
  private readonly posted: Set<string>;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly state: PostedRunsFile,
    /** False until the first start has set `startedAfter`. */
    public initialised: boolean,
    private readonly limit: number,
  ) {
    this.posted = new Set(state.posted);
  }

  static async open(file: string, limit = POSTED_LIMIT): Promise<PostedRuns> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return new PostedRuns(
        file,
        { version: 1, startedAfter: null, highWater: null, posted: [] },
        false,
        limit,
      );
    }
    let state: PostedRunsFile;
    try {
      state = JSON.parse(text) as PostedRunsFile;
    } catch {
      throw new Error(
        `${file} is not JSON: delete it to start afresh (runs finished meanwhile are then not posted)`,
      );
    }
    if (state?.version !== 1 || !Array.isArray(state.posted)) {
      throw new Error(`${file} is not a state file of this bot (expected version 1 with a posted list)`);
    }
    return new PostedRuns(file, state, true, limit);
  }

  get startedAfter(): string | null {
    return this.state.startedAfter;
  }

  get highWater(): string | null {
    return this.state.highWater;
  }

  has(runId: string): boolean {
    return this.posted.has(runId);
  }

  /** The first start: runs that finished at or before `newestFinishedAt` are history. */
  async initialise(newestFinishedAt: string | null): Promise<void> {
    this.state.startedAfter = newestFinishedAt;
    this.state.highWater = newestFinishedAt;
    this.initialised = true;
    await this.save();
  }

  /** Records a run Slack accepted and moves the high-water mark forward (never back). */
  async markPosted(runId: string, highWater: string | null): Promise<void> {
    if (!this.posted.has(runId)) {
      this.posted.add(runId);
      this.state.posted.push(runId);
    }
    while (this.state.posted.length > this.limit) this.posted.delete(this.state.posted.shift()!);
    this.state.highWater = later(this.state.highWater, highWater);
    await this.save();
  }

  /** Moves the high-water mark forward after a catch-up found nothing left to post. */
  async advanceHighWater(highWater: string | null): Promise<void> {
    const next = later(this.state.highWater, highWater);
    if (next === this.state.highWater) return;
    this.state.highWater = next;
    await this.save();
  }

  /** Saves are queued, so an older snapshot can never rename over a newer one. */
  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.state);
    const write = async () => {
      await mkdir(path.dirname(path.resolve(this.file)), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, snapshot, { flush: true });
      await rename(temporary, this.file);
    };
    this.saving = this.saving.then(write, write);
    return this.saving;
  }
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
