import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'dataset' })
export class DatasetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ type: 'text' })
  modality!: string;

  @Column({ type: 'text' })
  origin!: string;

  @Column({ name: 'input_shape', type: 'integer', array: true })
  inputShape!: number[];

  @Column({ name: 'input_dtype', type: 'text' })
  inputDtype!: string;

  @Column({ name: 'class_names', type: 'text', array: true })
  classNames!: string[];

  @Column({ name: 'vocabulary_size', type: 'integer', nullable: true })
  vocabularySize!: number | null;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ name: 'artifact_path', type: 'text', nullable: true })
  artifactPath!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
