import { ApiTokenEntity, ProjectEntity } from '../modules/access/access.entity.js';
import { AlertDeliveryEntity, AlertRuleEntity } from '../modules/alert/alert.entity.js';
import { DatasetEntity } from '../modules/dataset/dataset.entity.js';
import { QualityProfileEntity } from '../modules/quality-profile/quality-profile.entity.js';
import { RunEntity } from '../modules/run/run.entity.js';
import { SourceModelEntity } from '../modules/source-model/source-model.entity.js';
import { StrategyEntity } from '../modules/strategy/strategy.entity.js';
import { SweepEntity } from '../modules/sweep/sweep.entity.js';

/** Every TypeORM entity; a new module adds its entity here. */
export const ENTITIES = [
  ProjectEntity,
  ApiTokenEntity,
  DatasetEntity,
  QualityProfileEntity,
  StrategyEntity,
  SourceModelEntity,
  RunEntity,
  SweepEntity,
  AlertRuleEntity,
  AlertDeliveryEntity,
];
