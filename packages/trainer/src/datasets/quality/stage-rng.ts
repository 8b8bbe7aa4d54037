import { Rng } from '../../util/rng.js';

/**
 * An independent random stream per degradation stage and split, derived from
 * the profile's seed, so e.g. adding a corruption to a profile does not change
 * which labels its label noise flips. The name is hashed (FNV-1a) with the seed
 * rather than added to it: `Rng.fromSeed(s)` and `Rng.fromSeed(s + k)` share
 * their splitmix stream, shifted.
 *
 * @example
 * const rng = stageRng(spec.seed, 'corruption/train');
 */
export function stageRng(seed: number, stage: string): Rng {
  let hash = 0x811c9dc5;
  const text = `${seed}/${stage}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return Rng.fromSeed(hash);
}
