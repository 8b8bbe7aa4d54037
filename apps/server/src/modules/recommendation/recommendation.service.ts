import {
  parseQualitySpec,
  parseStrategy,
  resolveAutoStrategy,
  type DatasetEvidence,
  type QualitySpec,
} from '@driftboard/trainer';
import type { Access } from '../access/access.js';
import type { QualityProfileLookup } from '../run/run-lookups.js';
import { RecommendationError } from './recommendation.errors.js';

export interface StrategyAdvice {
  kind: string;
  reason: string;
  labelNoiseRate: number | null;
  examplesPerClass: number | null;
  spec: Record<string, unknown>;
}

export interface ClassCountLookup {
  findById(id: string): Promise<{ classNames: string[] } | undefined>;
}

/** What `auto` knows about a profile's data: its declared noise rate, and examples per class when it caps the sample. */
export function evidenceFromProfile(quality: QualitySpec, classCount: number): DatasetEvidence {
  return {
    labelNoiseRate: quality.labelNoise?.rate,
    examplesPerClass:
      quality.sampleSize !== undefined && classCount > 0 ? quality.sampleSize / classCount : undefined,
  };
}

/** Says which strategy the trainer's `auto` rule would pick for a quality profile, and why. */
export class RecommendationService {
  constructor(
    private readonly profiles: QualityProfileLookup,
    private readonly datasets: ClassCountLookup,
  ) {}

  async recommend(access: Access, profileId: string): Promise<StrategyAdvice> {
    const profile = await this.profiles.findById(profileId);
    if (!profile || !access.canSee(profile.projectId)) throw RecommendationError.profileNotFound(profileId);
    const dataset = await this.datasets.findById(profile.datasetId);
    const evidence = evidenceFromProfile(parseQualitySpec(profile.spec), dataset?.classNames.length ?? 0);
    const { strategy, reason } = resolveAutoStrategy(parseStrategy({ kind: 'auto' }), evidence);
    return {
      kind: strategy.kind,
      reason,
      labelNoiseRate: evidence.labelNoiseRate ?? null,
      examplesPerClass: evidence.examplesPerClass ?? null,
      spec: strategy as unknown as Record<string, unknown>,
    };
  }
}
