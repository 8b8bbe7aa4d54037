import { listDatasets } from '@driftboard/trainer';
import type { Logger } from '../../logger.js';
import type { Access } from '../access/access.js';
import { DatasetError } from './dataset.errors.js';
import type { DatasetRecord, DatasetRepository } from './dataset.repository.js';

export class DatasetService {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly logger: Logger,
  ) {}

  /** Makes every dataset the trainer knows by name (mnist, …) visible through the API. */
  async registerBuiltins(): Promise<DatasetRecord[]> {
    const registered: DatasetRecord[] = [];
    for (const info of listDatasets()) {
      registered.push(
        await this.datasets.upsertByName({
          name: info.name,
          projectId: null,
          modality: info.modality,
          origin: 'BUILTIN',
          inputShape: info.inputShape,
          inputDtype: info.inputDtype,
          classNames: info.classNames,
          vocabularySize: info.vocabularySize ?? null,
          size: info.size,
          artifactPath: null,
        }),
      );
    }
    this.logger.info({ datasets: registered.map((d) => d.name) }, 'built-in datasets registered');
    return registered;
  }

  async list(access: Access): Promise<DatasetRecord[]> {
    return (await this.datasets.list()).filter((dataset) => access.canSee(dataset.projectId));
  }

  async get(access: Access, id: string): Promise<DatasetRecord> {
    const dataset = await this.datasets.findById(id);
    if (!dataset || !access.canSee(dataset.projectId)) throw DatasetError.notFound(id);
    return dataset;
  }

  async delete(access: Access, id: string): Promise<DatasetRecord> {
    const dataset = await this.get(access, id);
    if (dataset.origin === 'BUILTIN') throw DatasetError.builtinIsPermanent(dataset.name);
    await this.datasets.delete(id);
    return dataset;
  }
}
