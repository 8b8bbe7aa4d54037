import { MetricPoint, MetricSeries } from '@driftboard/schema';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../access/request-context.js';
import { METRIC_SERIES_LIMITS, type MetricService } from './metric.service.js';

@Resolver(() => MetricSeries)
export class MetricResolver {
  constructor(private readonly service: MetricService) {}

  @Query(() => [MetricSeries], {
    description:
      'Metric series of up to 100 runs × 50 keys, one per (run, key) pair (runs outer, keys inner, in the order given; a pair without points has none). A series longer than maxPoints (2–10000) keeps the lowest and highest point of each of ⌊maxPoints/2⌋ equal epoch spans.',
  })
  async metricSeries(
    @Ctx() { access }: RequestContext,
    @Arg('runIds', () => [ID]) runIds: string[],
    @Arg('keys', () => [String]) keys: string[],
    @Arg('maxPoints', () => Int, { nullable: true, defaultValue: METRIC_SERIES_LIMITS.defaultMaxPoints })
    maxPoints?: number | null,
  ): Promise<Omit<MetricSeries, 'points'>[]> {
    // `points` is built on demand from the columns: a chart client asks for one form or the other.
    return this.service.series(access, runIds, keys, maxPoints ?? METRIC_SERIES_LIMITS.defaultMaxPoints);
  }

  @FieldResolver(() => [MetricPoint])
  points(@Root() series: Omit<MetricSeries, 'points'>): MetricPoint[] {
    return series.epochs.map((epoch, i) => ({ epoch, value: series.values[i] }));
  }
}
