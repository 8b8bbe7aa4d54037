import path from 'node:path';
import type { EventBus } from '../bus/event-bus.js';
import type { ServerConfig } from '../config.js';
import type { Database } from '../database/database.js';
import { ResolverContainer } from '../graphql/container.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Logger } from '../logger.js';
import { AccessRepository } from '../modules/access/access.repository.js';
import { AccessResolver } from '../modules/access/access.resolver.js';
import { AccessService } from '../modules/access/access.service.js';
import { AlertDispatcher } from '../modules/alert/alert-dispatcher.js';
import { AlertRepository } from '../modules/alert/alert.repository.js';
import { AlertResolver } from '../modules/alert/alert.resolver.js';
import { AlertService } from '../modules/alert/alert.service.js';
import { DatasetRepository } from '../modules/dataset/dataset.repository.js';
import { DatasetResolver } from '../modules/dataset/dataset.resolver.js';
import { DatasetService } from '../modules/dataset/dataset.service.js';
import { QualityProfileRepository } from '../modules/quality-profile/quality-profile.repository.js';
import { QualityProfileResolver } from '../modules/quality-profile/quality-profile.resolver.js';
import { QualityProfileService } from '../modules/quality-profile/quality-profile.service.js';
import { MetricRepository } from '../modules/metric/metric.repository.js';
import { MetricResolver } from '../modules/metric/metric.resolver.js';
import { MetricService } from '../modules/metric/metric.service.js';
import { RecommendationResolver } from '../modules/recommendation/recommendation.resolver.js';
import { RecommendationService } from '../modules/recommendation/recommendation.service.js';
import { RunEventsResolver } from '../modules/run/run-events.resolver.js';
import { RunQueryRepository } from '../modules/run/run-query.repository.js';
import { RunQueryResolver } from '../modules/run/run-query.resolver.js';
import { RunQueryService } from '../modules/run/run-query.service.js';
import { RunRepository } from '../modules/run/run.repository.js';
import { RunResolver } from '../modules/run/run.resolver.js';
import { RunService } from '../modules/run/run.service.js';
import { SourceModelRepository } from '../modules/source-model/source-model.repository.js';
import { SourceModelResolver } from '../modules/source-model/source-model.resolver.js';
import { SourceModelService } from '../modules/source-model/source-model.service.js';
import { StrategyRepository } from '../modules/strategy/strategy.repository.js';
import { StrategyResolver } from '../modules/strategy/strategy.resolver.js';
import { StrategyService } from '../modules/strategy/strategy.service.js';
import { SweepRepository } from '../modules/sweep/sweep.repository.js';
import { SweepResolver } from '../modules/sweep/sweep.resolver.js';
import { SweepService } from '../modules/sweep/sweep.service.js';

export interface Services {
  access: AccessService;
  datasets: DatasetService;
  runs: RunService;
  runRepository: RunRepository;
  sourceModels: SourceModelService;
  sourceModelRepository: SourceModelRepository;
  datasetRepository: DatasetRepository;
  qualityProfileRepository: QualityProfileRepository;
  runQueries: RunQueryService;
  metrics: MetricService;
  sweeps: SweepService;
  alerts: AlertService;
  /** Started and stopped by the API server; workers never send alerts. */
  alertDispatcher: AlertDispatcher;
  container: ResolverContainer;
}

/**
 * The composition root: repositories → services → resolvers, wired by hand so
 * the dependency graph is readable in one place.
 */
export function createServices(deps: {
  database: Database;
  bus: EventBus;
  queue: JobQueue;
  config: ServerConfig;
  logger: Logger;
}): Services {
  const { database, bus, queue, config, logger } = deps;
  const dataSource = database.dataSource;
  const datasetRepository = new DatasetRepository(dataSource);
  const qualityProfileRepository = new QualityProfileRepository(dataSource);
  const strategyRepository = new StrategyRepository(dataSource);
  const sourceModelRepository = new SourceModelRepository(dataSource);
  const runRepository = new RunRepository(dataSource);

  const access = new AccessService(new AccessRepository(dataSource));
  const datasets = new DatasetService(datasetRepository, logger);
  const qualityProfiles = new QualityProfileService(qualityProfileRepository, datasetRepository, access);
  const strategies = new StrategyService(strategyRepository);
  const runs = new RunService(
    runRepository,
    datasetRepository,
    sourceModelRepository,
    qualityProfileRepository,
    strategyRepository,
    queue,
    bus,
    logger,
    access,
  );
  const sourceModels = new SourceModelService(
    sourceModelRepository,
    datasetRepository,
    runs,
    path.join(config.dataDir, 'models'),
    logger,
  );
  const runQueries = new RunQueryService(new RunQueryRepository(dataSource), runRepository);
  const metrics = new MetricService(new MetricRepository(dataSource), runRepository);
  const sweeps = new SweepService(new SweepRepository(dataSource), runs, runRepository, logger, access);
  const recommendations = new RecommendationService(qualityProfileRepository, datasetRepository);
  const alertRepository = new AlertRepository(dataSource);
  const alertDispatcher = new AlertDispatcher(alertRepository, bus, logger, {
    dashboardUrl: config.dashboardUrl,
  });
  const alerts = new AlertService(alertRepository, alertDispatcher, access, {
    allowHttpWebhooks: config.allowHttpWebhooks,
    dashboardUrl: config.dashboardUrl,
  });

  const container = new ResolverContainer()
    .register(new AccessResolver(access))
    .register(new DatasetResolver(datasets))
    .register(new QualityProfileResolver(qualityProfiles))
    .register(new StrategyResolver(strategies))
    .register(new SourceModelResolver(sourceModels, access))
    .register(new RunResolver(runs, runRepository))
    .register(new RunEventsResolver())
    .register(new RunQueryResolver(runQueries))
    .register(new MetricResolver(metrics))
    .register(new SweepResolver(sweeps))
    .register(new RecommendationResolver(recommendations))
    .register(new AlertResolver(alerts));

  return {
    access,
    datasets,
    runs,
    runRepository,
    sourceModels,
    sourceModelRepository,
    datasetRepository,
    qualityProfileRepository,
    runQueries,
    metrics,
    sweeps,
    alerts,
    alertDispatcher,
    container,
  };
}
