import { listDatasets } from '@driftboard/trainer';
import type { Logger } from '../../logger.js';
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

  list(): Promise<DatasetRecord[]> {
    return this.datasets.list();
  }

  async get(id: string): Promise<DatasetRecord> {
    const dataset = await this.datasets.findById(id);
    if (!dataset) throw DatasetError.notFound(id);
    return dataset;
  }

  async delete(id: string): Promise<DatasetRecord> {
    const dataset = await this.get(id);
    if (dataset.origin === 'BUILTIN') throw DatasetError.builtinIsPermanent(dataset.name);
    await this.datasets.delete(id);
    return dataset;
  }
}
