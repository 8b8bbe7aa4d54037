import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/graphql/api-types';
import { initialRunLiveState, runLiveReducer, seriesToRows, type RunLiveState } from './run-events-reducer';

const epoch = (e: number, acc = e / 10, runId = 'run-1'): RunEvent => ({
  __typename: 'EpochCompleted',
  runId,
  epoch: e,
  metrics: { 'val/accuracy': acc, 'train/loss': 1 / e },
});
const status = (s: string, at: string, error: string | null = null): RunEvent =>
  ({ __typename: 'RunStatusChanged', runId: 'run-1', status: s, at, error }) as RunEvent;
const log = (message: string, at: string): RunEvent => ({
  __typename: 'RunLog',
  runId: 'run-1',
  level: 'INFO',
  message,
  at,
});

const apply = (state: RunLiveState, ...events: RunEvent[]) =>
  events.reduce((s, event) => runLiveReducer(s, { type: 'event', event }), state);

describe('runLiveReducer', () => {
  it('applies an epoch seen twice once, returning the same state the second time', () => {
    const once = apply(initialRunLiveState('run-1'), epoch(1), epoch(2));
    const twice = runLiveReducer(once, { type: 'event', event: epoch(2, 0.99) });
    expect(twice).toBe(once);
    expect(twice.epochs.map((r) => r.epoch)).toEqual([1, 2]);
    expect(twice.epochs[1].metrics['val/accuracy']).toBe(0.2);
  });

  it('sorts epochs that arrive out of order', () => {
    const state = apply(initialRunLiveState('run-1'), epoch(3), epoch(1), epoch(4), epoch(2));
    expect(state.epochs.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
  });

  it('ignores events of other runs', () => {
    const state = initialRunLiveState('run-1');
    expect(apply(state, epoch(1, 0.5, 'run-2'))).toBe(state);
  });

  it('merges history and live epochs in either order, each epoch once', () => {
    const history = seriesToRows([
      { key: 'val/accuracy', epochs: [1, 2], values: [0.1, 0.2] },
      { key: 'train/loss', epochs: [1, 2], values: [1, 0.5] },
    ]);
    const eventsFirst = runLiveReducer(apply(initialRunLiveState('run-1'), epoch(2), epoch(3)), {
      type: 'history',
      runId: 'run-1',
      rows: history,
    });
    const historyFirst = apply(
      runLiveReducer(initialRunLiveState('run-1'), { type: 'history', runId: 'run-1', rows: history }),
      epoch(2),
      epoch(3),
    );
    expect(eventsFirst.epochs).toEqual(historyFirst.epochs);
    expect(eventsFirst.epochs.map((r) => r.epoch)).toEqual([1, 2, 3]);
  });

  it('fills in metrics a downsampled history row lacked', () => {
    const partial = runLiveReducer(initialRunLiveState('run-1'), {
      type: 'history',
      runId: 'run-1',
      rows: [{ epoch: 1, metrics: { 'train/loss': 1 } }],
    });
    expect(apply(partial, epoch(1)).epochs[0].metrics).toEqual({ 'train/loss': 1, 'val/accuracy': 0.1 });
  });

  it('follows status changes in time order and never leaves a final status', () => {
    let state = runLiveReducer(initialRunLiveState('run-1'), {
      type: 'loaded',
      runId: 'run-1',
      status: 'QUEUED',
      error: null,
    });
    state = apply(state, status('RUNNING', '2026-01-01T00:00:01.000Z'));
    expect(state.status).toBe('RUNNING');
    state = apply(state, status('FAILED', '2026-01-01T00:00:05.000Z', 'out of memory'));
    const failed = state;
    expect(apply(failed, status('RUNNING', '2026-01-01T00:00:01.000Z'))).toBe(failed);
    expect(apply(failed, status('FAILED', '2026-01-01T00:00:05.000Z', 'out of memory'))).toBe(failed);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'out of memory' });
    // A later HTTP load does not overwrite what the subscription said.
    expect(runLiveReducer(failed, { type: 'loaded', runId: 'run-1', status: 'RUNNING', error: null })).toBe(
      failed,
    );
  });

  it('keeps log lines once each, in time order', () => {
    const state = apply(
      initialRunLiveState('run-1'),
      log('b', '2026-01-01T00:00:02.000Z'),
      log('a', '2026-01-01T00:00:01.000Z'),
      log('b', '2026-01-01T00:00:02.000Z'),
    );
    expect(state.logs.map((l) => l.message)).toEqual(['a', 'b']);
  });
});
