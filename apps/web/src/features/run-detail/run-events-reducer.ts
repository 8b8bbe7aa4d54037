import {
  isTerminal,
  type Metrics,
  type MetricSeries,
  type RunEvent,
  type RunLogEvent,
  type RunStatus,
} from '../../shared/graphql/api-types';

export interface EpochRow {
  epoch: number;
  metrics: Metrics;
}

/** One run as the run page shows it live: epochs (sorted, one row each), status, log. */
export interface RunLiveState {
  runId: string;
  status: RunStatus | null;
  statusAt: string | null;
  error: string | null;
  epochs: EpochRow[];
  logs: RunLogEvent[];
}

export type RunLiveAction =
  /** Stored history (metricSeries): rows fill in, never overwrite what events brought. */
  | { type: 'history'; runId: string; rows: EpochRow[] }
  /** The run as loaded over HTTP: its status, unless an event has told us something newer. */
  | { type: 'loaded'; runId: string; status: RunStatus; error: string | null }
  | { type: 'event'; event: RunEvent };

export const MAX_LOG_LINES = 500;

export function initialRunLiveState(runId: string): RunLiveState {
  return { runId, status: null, statusAt: null, error: null, epochs: [], logs: [] };
}

/**
 * Applies history and subscription events keyed by (run, epoch): an epoch seen
 * twice is applied once, epochs arriving out of order end up sorted, events of
 * other runs are ignored, and a finished run's status never goes back. Returns
 * the same state object when nothing changed.
 */
export function runLiveReducer(state: RunLiveState, action: RunLiveAction): RunLiveState {
  switch (action.type) {
    case 'history':
      if (action.runId !== state.runId) return state;
      return action.rows.reduce(mergeEpoch, state);
    case 'loaded':
      if (action.runId !== state.runId || state.status !== null) return state;
      return { ...state, status: action.status, error: action.error };
    case 'event': {
      const event = action.event;
      if (event.runId !== state.runId) return state;
      switch (event.__typename) {
        case 'EpochCompleted':
          return mergeEpoch(state, { epoch: event.epoch, metrics: event.metrics });
        case 'RunStatusChanged':
          return applyStatus(state, event.status, event.at, event.error);
        case 'RunLog':
          return appendLog(state, event);
      }
    }
  }
  return state;
}

/** Adds the metrics of an epoch the state lacks; an epoch already complete is left as it is. */
function mergeEpoch(state: RunLiveState, row: EpochRow): RunLiveState {
  const index = state.epochs.findIndex((r) => r.epoch >= row.epoch);
  const existing = index >= 0 && state.epochs[index].epoch === row.epoch ? state.epochs[index] : undefined;
  if (existing) {
    const missing = Object.keys(row.metrics).filter((key) => !(key in existing.metrics));
    if (missing.length === 0) return state;
    const merged = { epoch: row.epoch, metrics: { ...row.metrics, ...existing.metrics } };
    return { ...state, epochs: state.epochs.map((r, i) => (i === index ? merged : r)) };
  }
  const epochs = state.epochs.slice();
  epochs.splice(index < 0 ? epochs.length : index, 0, { epoch: row.epoch, metrics: { ...row.metrics } });
  return { ...state, epochs };
}

function applyStatus(state: RunLiveState, status: RunStatus, at: string, error: string | null): RunLiveState {
  if (state.statusAt && at < state.statusAt) return state;
  if (state.status === status && state.statusAt === at) return state;
  if (state.status && isTerminal(state.status) && state.statusAt && !isTerminal(status)) return state;
  return { ...state, status, statusAt: at, error: error ?? state.error };
}

function appendLog(state: RunLiveState, line: RunLogEvent): RunLiveState {
  if (state.logs.some((l) => l.at === line.at && l.message === line.message)) return state;
  const logs = [...state.logs, line].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { ...state, logs: logs.slice(-MAX_LOG_LINES) };
}

/** metricSeries (one column pair per key) → one row per epoch. */
export function seriesToRows(series: readonly Pick<MetricSeries, 'key' | 'epochs' | 'values'>[]): EpochRow[] {
  const byEpoch = new Map<number, Metrics>();
  for (const { key, epochs, values } of series) {
    epochs.forEach((epoch, i) => {
      const metrics = byEpoch.get(epoch) ?? {};
      metrics[key] = values[i];
      byEpoch.set(epoch, metrics);
    });
  }
  return [...byEpoch.entries()].sort((a, b) => a[0] - b[0]).map(([epoch, metrics]) => ({ epoch, metrics }));
}
