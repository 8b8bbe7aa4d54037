/** Words for what a `started` event says: the strategy in brief, the dataset, and which blocks train when. */
import type { DatasetInfo } from '../datasets/dataset.js';
import { DEFAULT_STRATEGY, type StrategyKind, type StrategySpec } from '../strategies/strategy-spec.js';
import { trainableBlocks } from '../strategies/trainable-blocks.js';

// Shown even at their defaults: they are what a reader of a run asks about first.
const ALWAYS_SHOWN = new Set<string>(['optimizer', 'learningRate', 'batchSize', 'epochs']);
// The field that gives each kind its meaning, shown with it.
const KIND_FIELD: Partial<Record<StrategyKind, keyof StrategySpec>> = {
  'last-k': 'k',
  surgical: 'blocks',
  'lp-ft': 'probeEpochs',
};

/**
 * The kind, then the fields worth reading: kind-specific, always-shown, and any
 * that differ from the defaults, named as in the strategy JSON.
 *
 * @example
 * describeStrategy(parseStrategy({ kind: 'last-k', loss: 'gce' }));
 * // 'last-k (k=1, optimizer=adam, learningRate=0.001, loss=gce, epochs=5, batchSize=64)'
 */
export function describeStrategy(strategy: StrategySpec): string {
  const defaults = DEFAULT_STRATEGY as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const [field, value] of Object.entries(strategy)) {
    if (field === 'kind' || value === undefined) continue;
    const isDefault = field in defaults && JSON.stringify(defaults[field]) === JSON.stringify(value);
    if (ALWAYS_SHOWN.has(field) || KIND_FIELD[strategy.kind] === field || !isDefault) {
      parts.push(`${field}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  return `${strategy.kind} (${parts.join(', ')})`;
}

/** e.g. `mnist: IMAGE 28×28×1, 10 classes`. */
export function describeDataset(info: DatasetInfo): string {
  return `${info.name}: ${info.modality} ${info.inputShape.join('×')}, ${info.classNames.length} classes`;
}

/**
 * For each block, the epochs in which it trains: `all`, `frozen`, or ranges
 * such as `3-5` (gradual-unfreeze, lp-ft). Asks the strategies module, so the
 * view shows exactly what the training loop will do.
 */
export function trainingSchedule(strategy: StrategySpec, blocks: string[]): Map<string, string> {
  const epochsByBlock = new Map<string, number[]>(blocks.map((b) => [b, []]));
  for (let epoch = 1; epoch <= strategy.epochs; epoch++) {
    for (const block of trainableBlocks(strategy, blocks, epoch)) epochsByBlock.get(block)?.push(epoch);
  }
  return new Map(
    [...epochsByBlock].map(([block, epochs]) => {
      if (epochs.length === 0) return [block, 'frozen'];
      if (epochs.length === strategy.epochs) return [block, 'all'];
      return [block, `epochs ${ranges(epochs)}`];
    }),
  );
}

function ranges(sorted: number[]): string {
  const parts: string[] = [];
  let start = sorted[0];
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1] + 1) continue;
    const end = sorted[i - 1];
    parts.push(start === end ? `${start}` : `${start}-${end}`);
    start = sorted[i];
  }
  return parts.join(', ');
}
