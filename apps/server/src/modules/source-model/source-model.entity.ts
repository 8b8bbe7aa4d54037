import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'source_model' })
export class SourceModelEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ type: 'text' })
  architecture!: string;

  @Column({ type: 'text', array: true })
  blocks!: string[];

  @Column({ name: 'input_shape', type: 'integer', array: true })
  inputShape!: number[];

  @Column({ name: 'class_names', type: 'text', array: true })
  classNames!: string[];

  @Column({ name: 'dataset_id', type: 'uuid', nullable: true })
  datasetId!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'pretrain_run_id', type: 'uuid', nullable: true })
  pretrainRunId!: string | null;

  @Column({ name: 'artifact_path', type: 'text' })
  artifactPath!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
