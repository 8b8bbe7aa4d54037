import type { NonEmptyArray } from 'type-graphql';
import { AccessResolver } from '../modules/access/access.resolver.js';
import { AlertResolver } from '../modules/alert/alert.resolver.js';
import { DatasetResolver } from '../modules/dataset/dataset.resolver.js';
import { QualityProfileResolver } from '../modules/quality-profile/quality-profile.resolver.js';
import { MetricResolver } from '../modules/metric/metric.resolver.js';
import { RecommendationResolver } from '../modules/recommendation/recommendation.resolver.js';
import { RunEventsResolver } from '../modules/run/run-events.resolver.js';
import { RunQueryResolver } from '../modules/run/run-query.resolver.js';
import { RunResolver } from '../modules/run/run.resolver.js';
import { SourceModelResolver } from '../modules/source-model/source-model.resolver.js';
import { StrategyResolver } from '../modules/strategy/strategy.resolver.js';
import { SweepResolver } from '../modules/sweep/sweep.resolver.js';

/** Every resolver class of the API; a new module adds its resolver here. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own type for resolver lists
export const RESOLVERS: NonEmptyArray<Function> = [
  AccessResolver,
  DatasetResolver,
  QualityProfileResolver,
  StrategyResolver,
  SourceModelResolver,
  RunResolver,
  RunEventsResolver,
  RunQueryResolver,
  MetricResolver,
  SweepResolver,
  RecommendationResolver,
  AlertResolver,
];
