import type { Strategy } from '../../../shared/graphql/api-types';

export const START_SWEEP_MUTATION = `
  mutation StartSweep($input: StartSweepInput!) { startSweep(input: $input) { id name } }`;
export interface StartSweepData {
  startSweep: { id: string; name: string };
}

export const CREATE_STRATEGY_MUTATION = `
  mutation CreateStrategy($input: CreateStrategyInput!) { createStrategy(input: $input) { id name kind spec } }`;
export interface CreateStrategyData {
  createStrategy: Strategy;
}
