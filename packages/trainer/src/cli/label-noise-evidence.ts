/**
 * Evidence for `auto` when nothing declares the label-noise rate: estimate it
 * from the source model's confident disagreement with the target labels.
 */
import { estimateLabelNoise } from '../datasets/quality/estimate-label-noise.js';
import { getDataset } from '../datasets/registry.js';
import type { TrainSpec } from '../training/train-spec.js';

/**
 * Estimates the label-noise rate of the training split `spec` will train on,
 * with the source model in `spec.source.path`. Returns the rate (undefined
 * when it cannot be estimated) and one line saying what was found, for people.
 *
 * @example
 * const { rate, line } = await estimateNoiseEvidence(run.spec);
 * if (rate !== undefined) run.spec.evidence = { ...run.spec.evidence, labelNoiseRate: rate };
 */
export async function estimateNoiseEvidence(spec: TrainSpec): Promise<{ rate?: number; line: string }> {
  if (!('path' in spec.source)) return { line: 'label noise not estimated: there is no source model' };
  try {
    const source = typeof spec.dataset === 'string' ? getDataset(spec.dataset) : spec.dataset;
    const data = await source.load({
      role: spec.datasetRole ?? 'target',
      seed: spec.seed ?? 0,
      limit: spec.limit,
      probeSize: spec.probeSize,
    });
    const estimate = await estimateLabelNoise({
      model: spec.source.path,
      info: data.info,
      examples: data.train,
    });
    if (!estimate.estimable) return { line: `label noise not estimated: ${estimate.reason}` };
    const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
    return {
      rate: estimate.rate,
      line:
        `label noise estimated from the source model: ${percent(estimate.rate)} ` +
        `(confident on ${percent(estimate.confidentFraction)} of ${estimate.examples} training examples)`,
    };
  } catch (error) {
    // Whatever broke (a missing model, bad data) is reported properly by validation next.
    return { line: `label noise not estimated: ${error instanceof Error ? error.message : String(error)}` };
  }
}
