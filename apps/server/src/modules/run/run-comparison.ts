import type { RunRecord } from './run.repository.js';

export interface SpecDifferenceValue {
  /** `datasetId`, `seed`, … for run fields; `strategy.<path>` for strategy fields, e.g. `strategy.l2sp.alpha`. */
  field: string;
  /** The value per run as JSON text (`null` when a run lacks the field), in the order of the runs. */
  values: string[];
}

type Comparable = Pick<
  RunRecord,
  'sourceModelId' | 'datasetId' | 'qualityProfileId' | 'seed' | 'limitExamples' | 'strategySpec'
>;

/** The run fields that define what a run trained, under their API names. */
const RUN_FIELDS: [string, (run: Comparable) => unknown][] = [
  ['sourceModelId', (run) => run.sourceModelId],
  ['datasetId', (run) => run.datasetId],
  ['qualityProfileId', (run) => run.qualityProfileId],
  ['seed', (run) => run.seed],
  ['limit', (run) => run.limitExamples],
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaf paths of a JSON object: nested objects are walked, arrays are compared whole. */
function flatten(value: Record<string, unknown>, prefix: string, into: Map<string, unknown>): void {
  for (const [key, child] of Object.entries(value)) {
    const path = `${prefix}.${key}`;
    if (isPlainObject(child) && Object.keys(child).length > 0) flatten(child, path, into);
    else into.set(path, child);
  }
}

/** JSON with object keys sorted, so equal values always print the same. */
function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/**
 * The fields whose values are not the same in every run: run fields first
 * (source model, dataset, quality profile, seed, limit), then strategy-spec
 * fields in the order they first appear.
 *
 * @example
 * specDifferences([a, b]); // [{ field: 'strategy.learningRate', values: ['0.001', '0.0001'] }]
 */
export function specDifferences(runs: Comparable[]): SpecDifferenceValue[] {
  const differences: SpecDifferenceValue[] = [];
  const addIfDifferent = (field: string, values: string[]) => {
    if (values.some((v) => v !== values[0])) differences.push({ field, values });
  };
  for (const [field, read] of RUN_FIELDS)
    addIfDifferent(
      field,
      runs.map((run) => canonicalJson(read(run))),
    );

  const flattened = runs.map((run) => {
    const fields = new Map<string, unknown>();
    flatten(run.strategySpec, 'strategy', fields);
    return fields;
  });
  const paths = [...new Set(flattened.flatMap((fields) => [...fields.keys()]))];
  for (const path of paths)
    addIfDifferent(
      path,
      flattened.map((fields) => canonicalJson(fields.get(path))),
    );
  return differences;
}
