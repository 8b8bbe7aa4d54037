import type { DataSource } from 'typeorm';
import { isUuid } from '../../database/uuid.js';
import { SweepEntity } from './sweep.entity.js';

export interface SweepRecord {
  id: string;
  projectId: string;
  name: string;
  createdAt: Date;
}

const toRecord = (entity: SweepEntity): SweepRecord => ({
  id: entity.id,
  projectId: entity.projectId,
  name: entity.name,
  createdAt: entity.createdAt,
});

export class SweepRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get sweeps() {
    return this.dataSource.getRepository(SweepEntity);
  }

  async create(name: string, projectId: string): Promise<SweepRecord> {
    return toRecord(await this.sweeps.save(this.sweeps.create({ name, projectId })));
  }

  async findById(id: string): Promise<SweepRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const entity = await this.sweeps.findOneBy({ id });
    return entity ? toRecord(entity) : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.sweeps.delete({ id });
  }
}
