import { InvalidStrategyError, parseStrategy } from '@driftboard/trainer';
import { StrategyError } from './strategy.errors.js';
import type { StrategyRecord, StrategyRepository } from './strategy.repository.js';

export class StrategyService {
  constructor(private readonly strategies: StrategyRepository) {}

  list(): Promise<StrategyRecord[]> {
    return this.strategies.list();
  }

  async get(id: string): Promise<StrategyRecord> {
    const strategy = await this.strategies.findById(id);
    if (!strategy) throw StrategyError.notFound(id);
    return strategy;
  }

  /** Stores the strategy with every default filled in, so what runs is what is shown. */
  async create(name: string, spec: Record<string, unknown>): Promise<StrategyRecord> {
    let parsed;
    try {
      parsed = parseStrategy(spec);
    } catch (error) {
      if (error instanceof InvalidStrategyError) throw StrategyError.invalidSpec(error.message);
      throw error;
    }
    if (await this.strategies.findByName(name)) throw StrategyError.nameTaken(name);
    return this.strategies.create({
      name,
      kind: parsed.kind,
      spec: parsed as unknown as Record<string, unknown>,
    });
  }

  async delete(id: string): Promise<StrategyRecord> {
    const strategy = await this.get(id);
    await this.strategies.delete(id);
    return strategy;
  }
}
