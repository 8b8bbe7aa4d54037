/** How training events reach stdout: one JSON line each (`--json`), or the human view in render-progress.ts. */
import type { TrainEvent } from '../training/train-spec.js';
import type { CliStream } from './cli-io.js';

export interface EventView {
  render(event: TrainEvent): void;
  /** Ctrl-C was pressed: drop any transient line so the notice on stderr starts clean. */
  interrupted(): void;
}

/** `--json`: exactly `JSON.stringify(event)` per line, nothing else, so the output pipes into `jq`. */
export class JsonLinesView implements EventView {
  constructor(private readonly out: CliStream) {}

  render(event: TrainEvent): void {
    this.out.write(`${JSON.stringify(event)}\n`);
  }

  interrupted(): void {}
}
