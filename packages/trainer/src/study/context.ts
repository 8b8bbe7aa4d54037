/**
 * The machinery the scenarios share: the configuration, a memo of runs (the
 * same training is never run twice in one study), learning-rate tuning on a
 * separate seed, and running one "arm" (a strategy or a baseline) over seeds.
 */
import type { ArchitectureName, DatasetSource, TrainSpec } from '../index.js';
import type { Rgb } from '../preview/raster.js';
import {
  evaluateSource,
  runTraining,
  summariseRuns,
  type ArmSummary,
  type Progress,
  type RunRecord,
} from './runs.js';
import { summarise, type Stat } from './stats.js';

export const SCENARIO_IDS = ['image-a', 'image-b', 'image-c', 'lp-ft', 'text', 'audio'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface StudyConfig {
  /** Seeds of the reported runs (mean ± std over them). */
  seeds: number[];
  /** The seed learning rates are tuned on (never one of `seeds`). */
  tuningSeed: number;
  /** The seed every source model is pretrained with. */
  pretrainSeed: number;
  /** Epochs of every fine-tuning and from-scratch run, in every scenario. */
  epochs: number;
  pretrainEpochs: { image: number; text: number; audio: number };
  /** Cap on pretraining examples (tests); all of the source role when absent. */
  pretrainLimit?: number;
  /** Training examples of image scenarios (a), (b) and LP-FT. */
  imageTrainSize: number;
  /** Training-set sizes of image scenario (c). */
  imageSizes: number[];
  /** Training examples of the audio target. */
  audioTrainSize: number;
  /** Cap on text training examples; all of the target role when absent. */
  textTrainSize?: number;
  /** Probe-set size for CKA (the trainer's default 256 when absent). */
  probeSize?: number;
  /** Tune learning rates on `tuningSeed`; otherwise every arm uses its default rate. */
  tune: boolean;
  scenarios: ScenarioId[];
  /** Only these arms of image (a), by id (tests); all when absent. */
  arms?: string[];
  /** Where source models are saved. */
  workDir: string;
}

/** The full study, sized to run in under 30 minutes on two loaded CPU cores. */
export const FULL_STUDY: Omit<StudyConfig, 'workDir'> = {
  seeds: [1, 2, 3],
  tuningSeed: 100,
  pretrainSeed: 0,
  epochs: 8,
  pretrainEpochs: { image: 8, text: 4, audio: 20 },
  imageTrainSize: 2000,
  imageSizes: [100, 500, 2000],
  audioTrainSize: 500,
  tune: true,
  scenarios: [...SCENARIO_IDS],
};

/** What one arm is: a baseline or a fine-tuning strategy. */
export interface ArmDef {
  id: string;
  label: string;
  /** `source`: the source model evaluated as is; `scratch`: the architecture trained on the target. */
  kind: 'source' | 'scratch' | 'strategy';
  /** The JSON strategy without `learningRate` and `epochs` (scratch: `full` unless given). */
  strategy?: Record<string, unknown>;
  /** Candidate learning rates, tuned on the tuning seed when the study tunes. */
  grid?: readonly number[];
  /** Reuse the rate tuned for this `scenario:arm` key instead of tuning again. */
  rateFrom?: string;
  /** The rate when not tuning. */
  defaultRate?: number;
  colour: Rgb;
}

/** A scenario's data and models, as the arms need them. */
export interface ScenarioSetup {
  id: string;
  /** Identifies the data for the memo of runs (same key + same spec = same run). */
  dataKey: string;
  data(seed: number): DatasetSource;
  /** The data the source model is evaluated on as is (its own class names); default `data`. */
  sourceData?(seed: number): DatasetSource;
  sourcePath: string;
  architecture: ArchitectureName;
  limit?: number;
}

export interface RateChoice {
  rate: number;
  /** Tuning results: best-epoch validation accuracy (labels as given) per candidate rate. */
  scores?: { rate: number; score: number }[];
  /** When the rate was reused from another arm's tuning. */
  from?: string;
}

export interface ArmResult {
  arm: ArmDef;
  rate?: RateChoice;
  runs: RunRecord[];
  summary: ArmSummary;
  /** True for the source model evaluated as is: CKA is 1 by definition. */
  unchanged: boolean;
}

export class StudyContext {
  private readonly memo = new Map<string, Promise<RunRecord>>();
  readonly rates = new Map<string, RateChoice & { scenario: string; arm: string }>();
  /** Trainings started so far (memoised repeats not counted). */
  runCount = 0;

  constructor(
    readonly config: StudyConfig,
    readonly progress: Progress,
  ) {}

  /** Runs a training once per study; a second request for the same key returns the first result. */
  run(key: string, spec: TrainSpec, label: string): Promise<RunRecord> {
    let result = this.memo.get(key);
    if (!result) {
      this.runCount++;
      result = runTraining(spec, label, this.progress).catch((error: unknown) => {
        // One retry, so a transient failure does not cost a whole scenario.
        this.progress(
          `${label} failed (${error instanceof Error ? error.message : String(error)}); retrying once`,
        );
        return runTraining(spec, label, this.progress);
      });
      this.memo.set(key, result);
      // Do not memoise a failure: a later scenario may retry it.
      result.catch(() => this.memo.delete(key));
    }
    return result;
  }

  spec(setup: ScenarioSetup, arm: ArmDef, seed: number, rate: number): TrainSpec {
    const scratch = arm.kind === 'scratch';
    return {
      source: scratch ? { architecture: setup.architecture } : { path: setup.sourcePath },
      dataset: setup.data(seed),
      // Training from an architecture defaults to the source role; the target is what we want.
      datasetRole: 'target',
      strategy: {
        ...(scratch ? { kind: 'full' } : {}),
        ...arm.strategy,
        learningRate: rate,
        epochs: this.config.epochs,
      },
      seed,
      ...(setup.limit !== undefined ? { limit: setup.limit } : {}),
      ...(this.config.probeSize !== undefined ? { probeSize: this.config.probeSize } : {}),
    };
  }

  private key(setup: ScenarioSetup, arm: ArmDef, seed: number, rate: number): string {
    const what = arm.kind === 'scratch' ? `scratch:${setup.architecture}` : `from:${setup.sourcePath}`;
    const strategy = { ...(arm.kind === 'scratch' ? { kind: 'full' } : {}), ...arm.strategy };
    return [setup.dataKey, what, JSON.stringify(strategy), rate, seed, setup.limit ?? 'all'].join('|');
  }

  /** Trains one arm once on one seed at one rate (memoised). */
  runArm(setup: ScenarioSetup, arm: ArmDef, seed: number, rate: number): Promise<RunRecord> {
    const label = `${setup.id} ${arm.id} seed ${seed} lr ${rate}`;
    return this.run(this.key(setup, arm, seed, rate), this.spec(setup, arm, seed, rate), label);
  }

  /** The arm's learning rate: tuned on the tuning seed, reused from another arm, or its default. */
  async rateFor(setup: ScenarioSetup, arm: ArmDef): Promise<RateChoice> {
    const key = `${setup.id}:${arm.id}`;
    const known = this.rates.get(key);
    if (known) return known;
    let choice: RateChoice;
    const from = arm.rateFrom ? this.rates.get(arm.rateFrom) : undefined;
    if (arm.rateFrom && from) {
      choice = { rate: from.rate, from: arm.rateFrom };
    } else if (this.config.tune && arm.grid && arm.grid.length > 1) {
      const scores: { rate: number; score: number }[] = [];
      for (const rate of arm.grid) {
        const run = await this.runArm(setup, arm, this.config.tuningSeed, rate);
        scores.push({ rate, score: Math.max(...run.epochs.map((e) => e.accuracy)) });
      }
      // Highest score; on a tie the smaller rate (the gentler change to the source).
      const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
      choice = { rate: best.rate, scores };
      this.progress(
        `${key}: tuned learning rate ${best.rate} (${scores.map((s) => `${s.rate}: ${s.score.toFixed(3)}`).join(', ')})`,
      );
    } else {
      choice = { rate: arm.defaultRate ?? arm.grid?.[0] ?? 1e-3 };
    }
    this.rates.set(key, { ...choice, scenario: setup.id, arm: arm.label });
    return choice;
  }

  /** Runs an arm on every seed (or evaluates the source as is) and summarises it. */
  async arm(setup: ScenarioSetup, arm: ArmDef): Promise<ArmResult> {
    if (arm.kind === 'source') {
      const values: number[] = [];
      for (const seed of this.config.seeds) {
        const dataset = (setup.sourceData ?? setup.data)(seed);
        values.push(
          await evaluateSource(setup.sourcePath, dataset, {
            seed,
            limit: setup.limit,
            probeSize: this.config.probeSize,
          }),
        );
      }
      const stat = summarise(values);
      this.progress(`${setup.id} ${arm.id}: source model as is, clean accuracy ${stat.mean.toFixed(3)}`);
      const zero = summarise(values.map(() => 0));
      return {
        arm,
        runs: [],
        summary: { lastClean: stat, bestClean: stat, bestEpoch: zero, bestMinusLast: zero, cka: {} },
        unchanged: true,
      };
    }
    const rate = await this.rateFor(setup, arm);
    const runs: RunRecord[] = [];
    for (const seed of this.config.seeds) runs.push(await this.runArm(setup, arm, seed, rate.rate));
    return { arm, rate, runs, summary: summariseRuns(runs), unchanged: false };
  }

  /** Source accuracy on some data for every seed (a number the setup paragraphs quote). */
  async sourceAccuracy(
    sourcePath: string,
    data: (seed: number) => DatasetSource,
    limit?: number,
  ): Promise<Stat> {
    const values: number[] = [];
    for (const seed of this.config.seeds) {
      values.push(
        await evaluateSource(sourcePath, data(seed), { seed, limit, probeSize: this.config.probeSize }),
      );
    }
    return summarise(values);
  }
}
