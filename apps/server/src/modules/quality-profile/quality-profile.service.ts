import {
  checkQualityApplies,
  getDataset,
  InvalidQualitySpecError,
  parseQualitySpec,
} from '@driftboard/trainer';
import type { DatasetRepository } from '../dataset/dataset.repository.js';
import { QualityProfileError } from './quality-profile.errors.js';
import type { QualityProfileRecord, QualityProfileRepository } from './quality-profile.repository.js';

export class QualityProfileService {
  constructor(
    private readonly profiles: QualityProfileRepository,
    private readonly datasets: DatasetRepository,
  ) {}

  list(datasetId?: string): Promise<QualityProfileRecord[]> {
    return this.profiles.list(datasetId);
  }

  async get(id: string): Promise<QualityProfileRecord> {
    const profile = await this.profiles.findById(id);
    if (!profile) throw QualityProfileError.notFound(id);
    return profile;
  }

  async create(
    name: string,
    datasetId: string,
    spec: Record<string, unknown>,
  ): Promise<QualityProfileRecord> {
    const dataset = await this.datasets.findById(datasetId);
    if (!dataset) throw QualityProfileError.invalid(`datasetId: no dataset with id ${datasetId}`);
    let parsed;
    try {
      parsed = parseQualitySpec(spec);
      // A corruption must fit the dataset's modality (no typos on images).
      checkQualityApplies(getDataset(dataset.name), parsed);
    } catch (error) {
      if (error instanceof InvalidQualitySpecError)
        throw QualityProfileError.invalid(`spec: ${error.message}`);
      throw error;
    }
    if (await this.profiles.findByName(name)) throw QualityProfileError.nameTaken(name);
    return this.profiles.create({
      name,
      datasetId,
      spec: parsed as unknown as Record<string, unknown>,
      realisedNoiseRate: null,
    });
  }

  async delete(id: string): Promise<QualityProfileRecord> {
    const profile = await this.get(id);
    await this.profiles.delete(id);
    return profile;
  }
}
