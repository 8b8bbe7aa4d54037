import {
  checkQualityApplies,
  getDataset,
  InvalidQualitySpecError,
  parseQualitySpec,
} from '@driftboard/trainer';
import type { Access, ProjectDirectory } from '../access/access.js';
import type { DatasetRepository } from '../dataset/dataset.repository.js';
import { QualityProfileError } from './quality-profile.errors.js';
import type { QualityProfileRecord, QualityProfileRepository } from './quality-profile.repository.js';

export class QualityProfileService {
  constructor(
    private readonly profiles: QualityProfileRepository,
    private readonly datasets: DatasetRepository,
    private readonly projects: ProjectDirectory,
  ) {}

  list(access: Access, datasetId?: string): Promise<QualityProfileRecord[]> {
    return this.profiles.list(access.visibleProjectIds, datasetId);
  }

  async get(access: Access, id: string): Promise<QualityProfileRecord> {
    const profile = await this.profiles.findById(id);
    if (!profile || !access.canSee(profile.projectId)) throw QualityProfileError.notFound(id);
    return profile;
  }

  async create(
    access: Access,
    input: { name: string; datasetId: string; spec: Record<string, unknown>; projectId?: string | null },
  ): Promise<QualityProfileRecord> {
    const { name, datasetId, spec } = input;
    const projectId = await this.projects.projectForNewRow(access, input.projectId);
    const dataset = await this.datasets.findById(datasetId);
    if (!dataset || !access.canSee(dataset.projectId))
      throw QualityProfileError.invalid(`datasetId: no dataset with id ${datasetId}`);
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
      projectId,
      name,
      datasetId,
      spec: parsed as unknown as Record<string, unknown>,
      realisedNoiseRate: null,
    });
  }

  async delete(access: Access, id: string): Promise<QualityProfileRecord> {
    const profile = await this.get(access, id);
    await this.profiles.delete(id);
    return profile;
  }
}
