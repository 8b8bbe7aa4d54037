import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostedRuns } from './posted-runs.js';

describe('PostedRuns', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'slack-bot-state-'));
    file = path.join(dir, 'nested', 'state.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts uninitialised without a file; the first start records what is history', async () => {
    const state = await PostedRuns.open(file);
    expect(state.initialised).toBe(false);

    await state.initialise('2025-01-31T12:00:00.000Z');
    const reopened = await PostedRuns.open(file);
    expect(reopened.initialised).toBe(true);
    expect(reopened.startedAfter).toBe('2025-01-31T12:00:00.000Z');
    expect(reopened.highWater).toBe('2025-01-31T12:00:00.000Z');
  });

  it('remembers posted runs across reopening, and the high-water mark only moves forward', async () => {
    const state = await PostedRuns.open(file);
    await state.initialise(null);
    await state.markPosted('a', '2025-01-31T12:00:05.000Z');
    await state.markPosted('b', '2025-01-31T12:00:01.000Z');
    await state.advanceHighWater('2025-01-31T12:00:03.000Z');
    await state.markPosted('c', null);

    const reopened = await PostedRuns.open(file);
    expect(['a', 'b', 'c', 'd'].map((id) => reopened.has(id))).toEqual([true, true, true, false]);
    expect(reopened.highWater).toBe('2025-01-31T12:00:05.000Z');
    // Only the state file is left: every temporary file was renamed over it.
    expect(await readdir(path.dirname(file))).toEqual(['state.json']);
  });

  it('keeps only the newest ids beyond its limit', async () => {
    const state = await PostedRuns.open(file, 3);
    await state.initialise(null);
    for (const id of ['a', 'b', 'c', 'd', 'e']) await state.markPosted(id, null);
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => state.has(id))).toEqual([false, false, true, true, true]);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { posted: string[] };
    expect(saved.posted).toEqual(['c', 'd', 'e']);
  });

  it('refuses a file that is not its state', async () => {
    await rm(path.dirname(file), { recursive: true, force: true });
    file = path.join(dir, 'other.json');
    await writeFile(file, JSON.stringify({ hello: 'world' }));
    await expect(PostedRuns.open(file)).rejects.toThrow(/not a state file of this bot/);
  });
});
