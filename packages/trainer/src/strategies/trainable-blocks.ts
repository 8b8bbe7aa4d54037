import { HEAD_BLOCK_NAME as HEAD_BLOCK } from '../models/model-manifest.js';
import { InvalidStrategyError, type StrategySpec } from './strategy-spec.js';

/**
 * Checks a strategy against a model's blocks before any training, so a typo in
 * a block name fails fast with the names that exist.
 */
export function validateStrategyForBlocks(spec: StrategySpec, blockNames: readonly string[]): void {
  if (spec.kind === 'auto') throw new InvalidStrategyError('resolve the "auto" strategy before training');
  const tunable = blockNames.filter((b) => b !== HEAD_BLOCK);
  if (spec.kind === 'surgical') {
    const unknown = spec.blocks.filter((b) => !blockNames.includes(b));
    if (unknown.length > 0) {
      throw new InvalidStrategyError(
        `the model has no block ${unknown.map((b) => `"${b}"`).join(', ')}; its blocks are ${blockNames.join(', ')}`,
      );
    }
  }
  if (spec.kind === 'last-k' && spec.k > tunable.length) {
    throw new InvalidStrategyError(
      `"k" is ${spec.k} but the model has only ${tunable.length} blocks below the head (${tunable.join(', ')})`,
    );
  }
}

/**
 * The blocks that train in a given epoch (1-based). Every other block is
 * frozen: its weights are not handed to the optimizer, so they stay
 * bit-identical.
 *
 * @example
 * trainableBlocks({ ...spec, kind: 'gradual-unfreeze' }, ['conv1', 'conv2', 'head'], 2); // Set { 'conv2', 'head' }
 */
export function trainableBlocks(
  spec: StrategySpec,
  blockNames: readonly string[],
  epoch: number,
): Set<string> {
  const belowHead = blockNames.filter((b) => b !== HEAD_BLOCK);
  const top = (n: number) => new Set([...belowHead.slice(Math.max(0, belowHead.length - n)), HEAD_BLOCK]);
  switch (spec.kind) {
    case 'full':
      return new Set(blockNames);
    case 'last-k':
      return top(spec.k);
    case 'surgical':
      return new Set([...spec.blocks, HEAD_BLOCK]);
    case 'linear-probe':
      return new Set([HEAD_BLOCK]);
    case 'lp-ft':
      return epoch <= probeEpochsOf(spec) ? new Set([HEAD_BLOCK]) : new Set(blockNames);
    case 'gradual-unfreeze':
      return top(epoch - 1);
    case 'auto':
      throw new InvalidStrategyError('resolve the "auto" strategy before training');
  }
}

/** lp-ft's probing phase: `probeEpochs`, or a third of the epochs (at least 1, leaving one to fine-tune). */
export function probeEpochsOf(spec: StrategySpec): number {
  if (spec.probeEpochs !== undefined) return spec.probeEpochs;
  return Math.max(1, Math.min(spec.epochs - 1, Math.round(spec.epochs / 3)));
}

/**
 * Discriminative learning rates: the head learns at the base rate and each
 * block below it `layerDecay` times slower than the block above.
 */
export function learningRateScale(spec: StrategySpec, blockNames: readonly string[], block: string): number {
  const index = blockNames.indexOf(block);
  const distanceFromTop = blockNames.length - 1 - index;
  return Math.pow(spec.layerDecay, -distanceFromTop);
}
