import type { Run } from '../../../shared/graphql/api-types';
import type { Catalog } from '../../catalog/hooks/use-catalog';
import { shortId } from '../../../shared/ui/format';
import { colorAt } from '../../../shared/charts/theme';

/** A difference's JSON text as people read it: ids of known things become their names. */
function readable(field: string, json: string, catalog: Catalog): string {
  if (json === 'null') return '—';
  const value = json.replace(/^"(.*)"$/, '$1');
  const lookup: Record<string, ((id: string) => { name: string } | undefined) | undefined> = {
    datasetId: catalog.dataset,
    qualityProfileId: catalog.profile,
    sourceModelId: catalog.sourceModel,
    strategyId: catalog.strategy,
  };
  const named = lookup[field]?.(value);
  return named?.name ?? value;
}

/** compareRuns' differences: one row per field whose value differs, one column per run. */
export function DifferencesTable({
  catalog,
  runs,
  differences,
}: {
  catalog: Catalog;
  runs: Run[];
  differences: { field: string; values: string[] }[];
}) {
  if (differences.length === 0) return <p className="muted">These runs have the same spec.</p>;
  return (
    <div className="table-wrap">
      <table className="table diff-table" data-testid="differences">
        <thead>
          <tr>
            <th>Field</th>
            {runs.map((run, i) => (
              <th key={run.id} className="mono">
                <span className="swatch" style={{ background: colorAt(i) }} />
                {shortId(run.id)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {differences.map((difference) => (
            <tr key={difference.field}>
              <td className="mono">{difference.field}</td>
              {difference.values.map((value, i) => (
                <td key={i} className="mono small">
                  {readable(difference.field, value, catalog)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
