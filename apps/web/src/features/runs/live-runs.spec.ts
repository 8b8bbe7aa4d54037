import { describe, expect, it } from 'vitest';
import type { Run, RunEvent } from '../../shared/graphql/api-types';
import { applyRunsEvent, patchRun, type RunPatches } from './live-runs';

const status = (runId: string, s: string, at: string): RunEvent =>
  ({ __typename: 'RunStatusChanged', runId, status: s, error: null, at }) as RunEvent;
const epoch = (runId: string, e: number): RunEvent => ({
  __typename: 'EpochCompleted',
  runId,
  epoch: e,
  metrics: {},
});

const run = { id: 'r1', status: 'QUEUED', epochsCompleted: 0 } as Run;

describe('live run statuses', () => {
  it('moves a run QUEUED → RUNNING → SUCCEEDED and counts its epochs', () => {
    let patches: RunPatches = {};
    patches = applyRunsEvent(patches, status('r1', 'RUNNING', '2026-01-01T00:00:01Z'));
    patches = applyRunsEvent(patches, epoch('r1', 1));
    patches = applyRunsEvent(patches, epoch('r1', 2));
    expect(patchRun(run, patches.r1)).toMatchObject({ status: 'RUNNING', epochsCompleted: 2 });
    patches = applyRunsEvent(patches, status('r1', 'SUCCEEDED', '2026-01-01T00:00:09Z'));
    expect(patchRun(run, patches.r1).status).toBe('SUCCEEDED');
  });

  it('ignores repeats, older statuses and a late RUNNING after the run ended', () => {
    let patches: RunPatches = applyRunsEvent({}, status('r1', 'SUCCEEDED', '2026-01-01T00:00:09Z'));
    const after = patches;
    patches = applyRunsEvent(patches, status('r1', 'SUCCEEDED', '2026-01-01T00:00:09Z'));
    patches = applyRunsEvent(patches, status('r1', 'RUNNING', '2026-01-01T00:00:01Z'));
    patches = applyRunsEvent(patches, status('r1', 'RUNNING', '2026-01-01T00:00:10Z'));
    expect(patches).toBe(after);
    expect(applyRunsEvent(applyRunsEvent({}, epoch('r1', 3)), epoch('r1', 2)).r1.epochsCompleted).toBe(3);
  });

  it('never takes a finished run back to running from a stale patch', () => {
    const finished = { ...run, status: 'SUCCEEDED', epochsCompleted: 3 } as Run;
    expect(patchRun(finished, { status: 'RUNNING', epochsCompleted: 2 })).toMatchObject({
      status: 'SUCCEEDED',
      epochsCompleted: 3,
    });
  });
});
