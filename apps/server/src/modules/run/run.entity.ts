import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'run' })
export class RunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'source_model_id', type: 'uuid', nullable: true })
  sourceModelId!: string | null;

  @Column({ name: 'target_model_id', type: 'uuid', nullable: true })
  targetModelId!: string | null;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId!: string;

  @Column({ name: 'quality_profile_id', type: 'uuid', nullable: true })
  qualityProfileId!: string | null;

  @Column({ name: 'strategy_id', type: 'uuid', nullable: true })
  strategyId!: string | null;

  @Column({ name: 'strategy_kind', type: 'text' })
  strategyKind!: string;

  @Column({ name: 'strategy_spec', type: 'jsonb' })
  strategySpec!: Record<string, unknown>;

  @Column({ type: 'integer' })
  seed!: number;

  @Column({ name: 'limit_examples', type: 'integer', nullable: true })
  limitExamples!: number | null;

  @Column({ type: 'integer' })
  epochs!: number;

  @Column({ name: 'sweep_id', type: 'uuid', nullable: true })
  sweepId!: string | null;

  @Column({ type: 'text', nullable: true })
  backend!: string | null;

  @Column({ type: 'text', nullable: true })
  device!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'epochs_completed', type: 'integer' })
  epochsCompleted!: number;

  @Column({ name: 'job_id', type: 'text', nullable: true })
  jobId!: string | null;

  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
