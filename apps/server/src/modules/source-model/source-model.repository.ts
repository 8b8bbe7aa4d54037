import type { DataSource } from 'typeorm';
import { isUuid } from '../../database/uuid.js';
import { SourceModelEntity } from './source-model.entity.js';

export type SourceModelStatusName = 'PRETRAINING' | 'READY' | 'FAILED';

export interface SourceModelRecord {
  id: string;
  name: string;
  architecture: string;
  blocks: string[];
  inputShape: number[];
  classNames: string[];
  datasetId: string | null;
  status: SourceModelStatusName;
  pretrainRunId: string | null;
  /** The model folder (model.json + weights.bin). */
  artifactPath: string;
  createdAt: Date;
}

export type NewSourceModel = Omit<SourceModelRecord, 'createdAt' | 'id'> & { id?: string };

function toRecord(entity: SourceModelEntity): SourceModelRecord {
  return { ...entity, status: entity.status as SourceModelStatusName };
}

export class SourceModelRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get models() {
    return this.dataSource.getRepository(SourceModelEntity);
  }

  async list(): Promise<SourceModelRecord[]> {
    return (await this.models.find({ order: { createdAt: 'DESC' } })).map(toRecord);
  }

  async findById(id: string): Promise<SourceModelRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const entity = await this.models.findOneBy({ id });
    return entity ? toRecord(entity) : undefined;
  }

  async findByName(name: string): Promise<SourceModelRecord | undefined> {
    const entity = await this.models.findOneBy({ name });
    return entity ? toRecord(entity) : undefined;
  }

  async create(model: NewSourceModel): Promise<SourceModelRecord> {
    const saved = await this.models.save(this.models.create(model));
    return (await this.findById(saved.id))!;
  }

  async update(
    id: string,
    fields: Partial<
      Pick<SourceModelRecord, 'status' | 'blocks' | 'inputShape' | 'classNames' | 'pretrainRunId'>
    >,
  ): Promise<void> {
    await this.models.update({ id }, fields);
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.models.delete({ id })).affected ?? 0) > 0;
  }
}
