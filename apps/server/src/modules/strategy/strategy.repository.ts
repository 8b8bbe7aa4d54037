import type { DataSource } from 'typeorm';
import { isUuid } from '../../database/uuid.js';
import { StrategyEntity } from './strategy.entity.js';

export interface StrategyRecord {
  id: string;
  name: string;
  kind: string;
  spec: Record<string, unknown>;
  createdAt: Date;
}

export class StrategyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get strategies() {
    return this.dataSource.getRepository(StrategyEntity);
  }

  async list(): Promise<StrategyRecord[]> {
    return this.strategies.find({ order: { name: 'ASC' } });
  }

  async findById(id: string): Promise<StrategyRecord | undefined> {
    if (!isUuid(id)) return undefined;
    return (await this.strategies.findOneBy({ id })) ?? undefined;
  }

  async findByName(name: string): Promise<StrategyRecord | undefined> {
    return (await this.strategies.findOneBy({ name })) ?? undefined;
  }

  async create(strategy: Omit<StrategyRecord, 'id' | 'createdAt'>): Promise<StrategyRecord> {
    return this.strategies.save(this.strategies.create(strategy));
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.strategies.delete({ id })).affected ?? 0) > 0;
  }
}
