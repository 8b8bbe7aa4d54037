import { isTerminal, type Run, type RunEvent, type RunStatus } from '../../shared/graphql/api-types';

/** What `runsChanged` has told us about runs since the table last loaded. */
export interface RunPatch {
  status?: RunStatus;
  statusAt?: string;
  epochsCompleted?: number;
}
export type RunPatches = Readonly<Record<string, RunPatch>>;

/**
 * Folds one `runsChanged` event into the patches. Returns the same object when
 * the event changes nothing (a repeat, or an older status than the one known).
 */
export function applyRunsEvent(patches: RunPatches, event: RunEvent): RunPatches {
  const current = patches[event.runId] ?? {};
  if (event.__typename === 'RunStatusChanged') {
    if (current.statusAt && event.at < current.statusAt) return patches;
    if (current.status === event.status) return patches;
    if (current.status && isTerminal(current.status) && !isTerminal(event.status)) return patches;
    return { ...patches, [event.runId]: { ...current, status: event.status, statusAt: event.at } };
  }
  if (event.__typename === 'EpochCompleted') {
    if ((current.epochsCompleted ?? 0) >= event.epoch) return patches;
    return { ...patches, [event.runId]: { ...current, epochsCompleted: event.epoch } };
  }
  return patches;
}

/** A run as last loaded, updated with what arrived live since. */
export function patchRun(run: Run, patch: RunPatch | undefined): Run {
  if (!patch) return run;
  const status =
    patch.status && !(isTerminal(run.status) && !isTerminal(patch.status)) ? patch.status : run.status;
  return {
    ...run,
    status,
    epochsCompleted: Math.max(run.epochsCompleted, patch.epochsCompleted ?? 0),
  };
}
