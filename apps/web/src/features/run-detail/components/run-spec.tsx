import type { Run } from '../../../shared/graphql/api-types';
import { dateTime, DASH } from '../../../shared/ui/format';
import type { Catalog } from '../../catalog/hooks/use-catalog';

const show = (value: unknown) =>
  value === undefined || value === null
    ? DASH
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/** The run as it ran: what it trained on and the complete strategy (every default filled in). */
export function RunSpec({ run, catalog }: { run: Run; catalog: Catalog }) {
  const facts: [string, unknown][] = [
    ['Source model', catalog.sourceModel(run.sourceModelId)?.name ?? run.sourceModelId],
    ['Dataset', catalog.dataset(run.datasetId)?.name ?? run.datasetId],
    [
      'Quality profile',
      run.qualityProfileId ? (catalog.profile(run.qualityProfileId)?.name ?? run.qualityProfileId) : 'clean',
    ],
    ['Seed', run.seed],
    ['Example limit', run.limit],
    ['Backend', run.backend],
    ['Device', run.device],
    ['Queued', dateTime(run.queuedAt)],
    ['Started', dateTime(run.startedAt)],
    ['Finished', dateTime(run.finishedAt)],
    ['Tags', run.tags.join(', ') || DASH],
  ];
  // kind first, then the rest alphabetically: easier to scan than the server's order.
  const strategy = Object.entries(run.strategySpec).sort(([a], [b]) =>
    a === 'kind' ? -1 : b === 'kind' ? 1 : a.localeCompare(b),
  );
  return (
    <div className="spec">
      <dl className="kv">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{show(value)}</dd>
          </div>
        ))}
      </dl>
      <h3>Strategy</h3>
      <dl className="kv kv-mono">
        {strategy.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{show(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
