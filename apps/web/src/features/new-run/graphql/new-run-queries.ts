import type { Run, StrategyRecommendation } from '../../../shared/graphql/api-types';
import { RUN_FIELDS } from '../../../shared/graphql/fragments';

export const START_RUN_MUTATION = `mutation StartRun($input: StartRunInput!) { startRun(input: $input) { ${RUN_FIELDS} } }`;
export interface StartRunData {
  startRun: Run;
}

export const RECOMMEND_QUERY = `
  query RecommendStrategy($profileId: ID!) {
    recommendStrategy(profileId: $profileId) { kind reason spec labelNoiseRate examplesPerClass }
  }`;
export interface RecommendData {
  recommendStrategy: StrategyRecommendation;
}

export const PREFILL_RUN_QUERY = `query PrefillRun($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`;
export interface PrefillRunData {
  run: Run;
}
