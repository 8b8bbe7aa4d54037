'use client';

import { useQuery } from 'urql';
import type { JsonObject } from '../../../shared/graphql/api-types';
import { percent } from '../../../shared/ui/format';
import { errorMessage } from '../../../shared/ui/states';
import { RECOMMEND_QUERY, type RecommendData } from '../graphql/new-run-queries';

/** What `auto` would choose for the profile, and a button to use it. */
export function Recommendation({ profileId, onUse }: { profileId: string; onUse(spec: JsonObject): void }) {
  const [result] = useQuery<RecommendData>({
    query: RECOMMEND_QUERY,
    variables: { profileId },
    pause: !profileId,
  });
  if (!profileId)
    return (
      <p className="muted small">
        Pick a quality profile to see which strategy suits its label noise and size.
      </p>
    );
  if (result.fetching && !result.data) return <p className="muted small">Asking for a recommendation…</p>;
  if (result.error) return <p className="form-error">{errorMessage(result.error)}</p>;
  const advice = result.data?.recommendStrategy;
  if (!advice) return null;
  return (
    <div className="recommendation" data-testid="recommendation">
      <p>
        <span className="tag tag-accent">{advice.kind}</span>
        {advice.labelNoiseRate != null && (
          <span className="muted small"> noise {percent(advice.labelNoiseRate, 0)}</span>
        )}
        {advice.examplesPerClass != null && (
          <span className="muted small"> · {Math.round(advice.examplesPerClass)} examples/class</span>
        )}
      </p>
      <p className="small">{advice.reason}</p>
      <button type="button" className="button button-small" onClick={() => onUse(advice.spec)}>
        Use this strategy
      </button>
    </div>
  );
}
