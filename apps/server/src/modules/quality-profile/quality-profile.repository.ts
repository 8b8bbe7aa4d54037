import { In, type DataSource } from 'typeorm';
import { isUuid } from '../../database/uuid.js';
import { QualityProfileEntity } from './quality-profile.entity.js';

export interface QualityProfileRecord {
  id: string;
  projectId: string;
  name: string;
  datasetId: string;
  spec: Record<string, unknown>;
  realisedNoiseRate: number | null;
  createdAt: Date;
}

export class QualityProfileRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get profiles() {
    return this.dataSource.getRepository(QualityProfileEntity);
  }

  /** Profiles of these projects (null: every project), of one dataset when given. */
  async list(projectIds: readonly string[] | null, datasetId?: string): Promise<QualityProfileRecord[]> {
    return this.profiles.find({
      where: {
        ...(datasetId ? { datasetId } : {}),
        ...(projectIds ? { projectId: In([...projectIds]) } : {}),
      },
      order: { name: 'ASC' },
    });
  }

  async findById(id: string): Promise<QualityProfileRecord | undefined> {
    if (!isUuid(id)) return undefined;
    return (await this.profiles.findOneBy({ id })) ?? undefined;
  }

  async findByName(name: string): Promise<QualityProfileRecord | undefined> {
    return (await this.profiles.findOneBy({ name })) ?? undefined;
  }

  async create(profile: Omit<QualityProfileRecord, 'id' | 'createdAt'>): Promise<QualityProfileRecord> {
    return this.profiles.save(this.profiles.create(profile));
  }

  async setRealisedNoiseRate(id: string, rate: number): Promise<void> {
    await this.profiles.update({ id }, { realisedNoiseRate: rate });
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.profiles.delete({ id })).affected ?? 0) > 0;
  }
}
