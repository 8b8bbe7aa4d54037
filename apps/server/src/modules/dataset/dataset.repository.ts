import type { DataSource, Repository } from 'typeorm';
import { isUuid } from '../../database/uuid.js';
import { DatasetEntity } from './dataset.entity.js';

/** A dataset row as the rest of the server sees it: plain data, no TypeORM. */
export interface DatasetRecord {
  id: string;
  /** Null for built-ins, which every project sees. */
  projectId: string | null;
  name: string;
  modality: 'IMAGE' | 'TEXT' | 'AUDIO';
  origin: 'BUILTIN' | 'IMPORTED';
  inputShape: number[];
  inputDtype: 'float32' | 'int32';
  classNames: string[];
  vocabularySize: number | null;
  size: number;
  artifactPath: string | null;
  createdAt: Date;
}

export type NewDataset = Omit<DatasetRecord, 'id' | 'createdAt'>;

function toRecord(entity: DatasetEntity): DatasetRecord {
  return {
    id: entity.id,
    projectId: entity.projectId,
    name: entity.name,
    modality: entity.modality as DatasetRecord['modality'],
    origin: entity.origin as DatasetRecord['origin'],
    inputShape: entity.inputShape,
    inputDtype: entity.inputDtype as DatasetRecord['inputDtype'],
    classNames: entity.classNames,
    vocabularySize: entity.vocabularySize,
    size: entity.size,
    artifactPath: entity.artifactPath,
    createdAt: entity.createdAt,
  };
}

export class DatasetRepository {
  private readonly repository: Repository<DatasetEntity>;

  constructor(dataSource: DataSource) {
    this.repository = dataSource.getRepository(DatasetEntity);
  }

  async list(): Promise<DatasetRecord[]> {
    return (await this.repository.find({ order: { name: 'ASC' } })).map(toRecord);
  }

  async findById(id: string): Promise<DatasetRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const entity = await this.repository.findOneBy({ id });
    return entity ? toRecord(entity) : undefined;
  }

  async findByName(name: string): Promise<DatasetRecord | undefined> {
    const entity = await this.repository.findOneBy({ name });
    return entity ? toRecord(entity) : undefined;
  }

  /** Inserts the dataset, or updates the row of that name (built-ins are re-registered at every start). */
  async upsertByName(dataset: NewDataset): Promise<DatasetRecord> {
    await this.repository.upsert(dataset, { conflictPaths: ['name'] });
    return (await this.findByName(dataset.name))!;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.repository.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
