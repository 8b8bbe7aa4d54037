import type { RunStatus } from '../graphql/api-types';

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status}>
      {status === 'RUNNING' && <span className="pulse" aria-hidden />}
      {status.toLowerCase()}
    </span>
  );
}

export function Progress({ done, total }: { done: number; total: number }) {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <span className="progress" title={`${done} of ${total} epochs`}>
      <span className="progress-bar" style={{ width: `${fraction * 100}%` }} />
    </span>
  );
}
