/**
 * Runs a checked spec: validates it against the real dataset and model (bad
 * block names, incompatible shapes → exit 2), then streams `train()`'s events
 * to a view, with Ctrl-C wired to cancellation. Returns the exit code.
 */
import { BACKEND_PREFERENCE } from '../backend/select-backend.js';
import { InvalidStrategyError } from '../strategies/strategy-spec.js';
import { train, validateTrainSpec } from '../training/train.js';
import { InvalidTrainSpecError } from '../training/train-spec.js';
import { CliUsageError, errorLine } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import type { EventView } from './event-view.js';
import type { CliRun } from './build-spec.js';

/** The shell's convention for "ended by SIGINT", so scripts can tell a cancelled run from a finished one. */
export const EXIT_CANCELLED = 130;

export async function runTraining(run: CliRun, io: CliIo, view: EventView): Promise<number> {
  checkBackendVariable();
  const controller = new AbortController();
  // Listen before validating: loading data and models takes a while, and Ctrl-C
  // then should still end with a `finished` event rather than kill the process.
  const stopListening = listenForCancel(io, controller, view);
  try {
    try {
      await validateTrainSpec(run.spec);
    } catch (error) {
      if (error instanceof InvalidTrainSpecError || error instanceof InvalidStrategyError) {
        throw new CliUsageError(error.message);
      }
      throw error;
    }
    let exitCode = 1;
    for await (const event of train(run.spec, { signal: controller.signal })) {
      view.render(event);
      if (event.type === 'failed') {
        // INVALID_INPUT can still surface here, e.g. a checkpoint folder that belongs to another run.
        const invalid = event.code === 'INVALID_INPUT';
        io.stderr.write(errorLine(invalid ? event.error : `training failed: ${event.error}`));
        return invalid ? 2 : 1;
      }
      if (event.type === 'finished') exitCode = event.status === 'cancelled' ? EXIT_CANCELLED : 0;
    }
    return exitCode;
  } finally {
    stopListening();
  }
}

/** `selectBackend` would reject a bad value only after loading tfjs, and as a run-time error. */
function checkBackendVariable(): void {
  const forced = process.env.DRIFTBOARD_BACKEND;
  if (forced && !(BACKEND_PREFERENCE as readonly string[]).includes(forced)) {
    throw new CliUsageError(
      `DRIFTBOARD_BACKEND=${forced} is not a backend; use one of ${BACKEND_PREFERENCE.join(', ')} or leave it unset`,
    );
  }
}

/**
 * The first Ctrl-C (or an abort of `io.signal`) cancels: training stops before
 * the next batch and the run still ends with its `finished` event. A second
 * Ctrl-C gets the default behaviour back and ends the process at once.
 */
function listenForCancel(io: CliIo, controller: AbortController, view: EventView): () => void {
  const cancel = (how: string) => {
    if (controller.signal.aborted) return;
    view.interrupted();
    io.stderr.write(errorLine(`cancelling: training stops before the next batch${how}`));
    controller.abort();
  };
  const external = io.signal;
  if (external) {
    const onAbort = () => cancel('');
    if (external.aborted) onAbort();
    else external.addEventListener('abort', onAbort, { once: true });
    return () => external.removeEventListener('abort', onAbort);
  }
  const onSigint = () => {
    if (!controller.signal.aborted) {
      cancel('; press Ctrl-C again to quit at once');
      return;
    }
    process.off('SIGINT', onSigint);
    process.kill(process.pid, 'SIGINT');
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}
