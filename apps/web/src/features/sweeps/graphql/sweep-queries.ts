import type { ParetoPoint, Run } from '../../../shared/graphql/api-types';
import { RUN_FIELDS } from '../../../shared/graphql/fragments';

export const SWEEP_QUERY = `
  query Sweep($id: ID!) {
    sweep(id: $id) {
      id name createdAt finishedRuns
      paretoFront { runId accuracy ckaMean }
      runs { ${RUN_FIELDS} }
    }
  }`;

export interface SweepData {
  sweep: {
    id: string;
    name: string;
    createdAt: string;
    finishedRuns: number;
    paretoFront: ParetoPoint[];
    runs: Run[];
  };
}
