import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../models/model-io.js';
import type { StrategyKind } from '../strategies/strategy-spec.js';
import { train } from './train.js';
import type { EpochMetrics, TrainEvent, TrainOptions, TrainSpec } from './train-spec.js';

/*
 * Real training on the small synthetic image dataset (12×12, 4 classes) with
 * the reference CNN: a source model is pretrained once on the dataset's source
 * half, then each test fine-tunes it on the shifted target half.
 */
let workDir: string;
let sourcePath: string;

async function collect(spec: TrainSpec, options?: TrainOptions): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  for await (const event of train(spec, options)) events.push(event);
  return events;
}

function finished(events: TrainEvent[]) {
  const last = events.at(-1);
  if (last?.type !== 'finished') throw new Error(`run did not finish: ${JSON.stringify(last)}`);
  return last;
}

function epochMetrics(events: TrainEvent[]): EpochMetrics[] {
  return events.flatMap((e) => (e.type === 'epoch' ? [e.metrics] : []));
}

/** Metrics minus timings, which differ between any two runs. */
function withoutTimings(metrics: EpochMetrics): EpochMetrics {
  return Object.fromEntries(Object.entries(metrics).filter(([key]) => !key.startsWith('system/')));
}

function finetune(strategy: Record<string, unknown>, extra: Partial<TrainSpec> = {}): TrainSpec {
  return {
    source: { path: sourcePath },
    dataset: 'synthetic-image',
    strategy: { epochs: 2, batchSize: 32, ...strategy },
    seed: 3,
    limit: 160,
    probeSize: 64,
    ...extra,
  };
}

/** Every weight of every block, as saved after a run. */
async function weightsByBlock(dir: string): Promise<Map<string, Float32Array[]>> {
  const { model, manifest } = await loadModel(dir);
  const result = new Map<string, Float32Array[]>();
  for (const block of manifest.blocks) {
    const values = block.layerNames.flatMap((name) =>
      model
        .getLayer(name)
        .getWeights()
        .map((w) => w.dataSync() as Float32Array),
    );
    result.set(block.name, values);
  }
  model.dispose();
  return result;
}

function identical(a: Float32Array[], b: Float32Array[]): boolean {
  return a.length === b.length && a.every((values, i) => values.every((v, j) => Object.is(v, b[i][j])));
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'driftboard-train-'));
  sourcePath = path.join(workDir, 'source');
  const events = await collect({
    source: { architecture: 'cnn-ref' },
    dataset: 'synthetic-image',
    strategy: { kind: 'full', epochs: 3, batchSize: 32 },
    seed: 1,
    saveTo: sourcePath,
  });
  expect(finished(events).status).toBe('completed');
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('train()', () => {
  it('pretrains a source model that learns its task', async () => {
    const { model, manifest } = await loadModel(sourcePath);
    expect(manifest.blocks.map((b) => b.name)).toEqual(['conv1', 'conv2', 'dense', 'head']);
    expect(manifest.datasetName).toBe('synthetic-image');
    model.dispose();
  });

  it('reports every DESIGN.md metric per epoch, similarity in [0, 1]', async () => {
    const events = await collect(finetune({ kind: 'full' }));
    expect(events[0]).toMatchObject({ type: 'started', mode: 'finetune', backend: 'wasm' });
    const metrics = epochMetrics(events);
    expect(metrics).toHaveLength(2);
    const last = metrics[1];
    for (const key of ['train/loss', 'train/accuracy', 'val/loss', 'val/accuracy', 'val/accuracy_clean']) {
      expect(Number.isFinite(last[key])).toBe(true);
    }
    for (const block of ['conv1', 'conv2', 'dense', 'head']) {
      expect(last[`similarity/cka/${block}`]).toBeGreaterThanOrEqual(0);
      expect(last[`similarity/cka/${block}`]).toBeLessThanOrEqual(1);
      expect(last[`similarity/weight_drift/${block}`]).toBeGreaterThan(0);
    }
    expect(last['similarity/cka_mean']).toBeGreaterThan(0);
    expect(last['similarity/agreement']).toBeGreaterThan(0);
    expect(last['system/backend']).toBe('wasm');
    expect(last['system/samples_per_sec']).toBeGreaterThan(0);
    expect(finished(events)).toMatchObject({ status: 'completed', epochsCompleted: 2 });
  });

  const frozenBlocks: [StrategyKind, Record<string, unknown>, string[]][] = [
    ['full', {}, []],
    ['last-k', { k: 1 }, ['conv1', 'conv2']],
    ['surgical', { blocks: ['conv1'] }, ['conv2', 'dense']],
    ['linear-probe', {}, ['conv1', 'conv2', 'dense']],
    ['lp-ft', { probeEpochs: 1 }, []],
    ['gradual-unfreeze', {}, ['conv1', 'conv2']],
  ];
  for (const [kind, options, frozen] of frozenBlocks) {
    it(`${kind} trains exactly its blocks; frozen ones stay bit-identical`, async () => {
      const saveTo = path.join(workDir, `tuned-${kind}`);
      finished(await collect(finetune({ kind, ...options }, { saveTo })));
      const before = await weightsByBlock(sourcePath);
      const after = await weightsByBlock(saveTo);
      for (const [block, values] of after) {
        if (frozen.includes(block))
          expect(identical(values, before.get(block)!), `${block} frozen`).toBe(true);
        else expect(identical(values, before.get(block)!), `${block} trained`).toBe(false);
      }
    });
  }

  it('L2-SP pulls the tuned weights toward the source weights', async () => {
    const drift = async (alpha: number) => {
      const events = await collect(finetune({ kind: 'full', learningRate: 3e-3, l2sp: { alpha, beta: 0 } }));
      return epochMetrics(events).at(-1)!;
    };
    const free = await drift(0);
    const anchored = await drift(5);
    for (const block of ['conv1', 'conv2', 'dense']) {
      const key = `similarity/weight_drift/${block}`;
      expect(anchored[key] as number).toBeLessThan(free[key] as number);
    }
  });

  it('gives identical metrics for the same seed', async () => {
    const spec = finetune({ kind: 'full', dropout: 0.3 });
    const first = epochMetrics(await collect(spec)).map(withoutTimings);
    const second = epochMetrics(await collect(spec)).map(withoutTimings);
    expect(second).toEqual(first);
  });

  it('resumes from a checkpoint to exactly the result of an uninterrupted run', async () => {
    const strategy = { kind: 'lp-ft', epochs: 3, dropout: 0.2, optimizer: 'adamw', weightDecay: 0.01 };
    const uninterrupted = epochMetrics(
      await collect(finetune(strategy, { checkpoint: { dir: path.join(workDir, 'ckpt-a') } })),
    );
    const dir = path.join(workDir, 'ckpt-b');
    const controller = new AbortController();
    const firstPart: TrainEvent[] = [];
    for await (const event of train(finetune(strategy, { checkpoint: { dir } }), {
      signal: controller.signal,
    })) {
      firstPart.push(event);
      if (event.type === 'checkpoint' && event.epoch === 1) controller.abort();
    }
    expect(finished(firstPart)).toMatchObject({ status: 'cancelled', epochsCompleted: 1 });
    const resumed = await collect(finetune(strategy, { checkpoint: { dir } }));
    expect(resumed[0]).toMatchObject({ type: 'started', startEpoch: 2 });
    const combined = [...epochMetrics(firstPart), ...epochMetrics(resumed)].map(withoutTimings);
    expect(combined).toEqual(uninterrupted.map(withoutTimings));
  });

  it('stops within one batch of an abort and keeps the completed epochs', async () => {
    const controller = new AbortController();
    const batchesSeen: string[] = [];
    const events = await collect(finetune({ kind: 'full', epochs: 3, batchSize: 16 }), {
      signal: controller.signal,
      onBatch: ({ epoch, batch }) => {
        batchesSeen.push(`${epoch}:${batch}`);
        if (epoch === 2 && batch === 3) controller.abort();
      },
    });
    expect(batchesSeen.at(-1)).toBe('2:3');
    expect(epochMetrics(events)).toHaveLength(1);
    expect(finished(events)).toMatchObject({ status: 'cancelled', epochsCompleted: 1 });
  });

  it('stops early when the validation loss stops improving', async () => {
    const events = await collect(
      finetune({ kind: 'full', epochs: 8, learningRate: 0.05, earlyStopping: { patience: 1 } }),
    );
    const end = finished(events);
    expect(end.status).toBe('early-stopped');
    expect(end.epochsCompleted).toBeLessThan(8);
    expect(end.bestEpoch).toBe(end.epochsCompleted - 1);
  });

  it('fails with the model’s block names when a strategy names a block it lacks', async () => {
    const events = await collect(finetune({ kind: 'surgical', blocks: ['conv9'] }));
    expect(events).toEqual([
      {
        type: 'failed',
        code: 'INVALID_INPUT',
        error: 'the model has no block "conv9"; its blocks are conv1, conv2, dense, head',
      },
    ]);
  });

  it('resolves auto to the noise-robust recipe for noisy labels', async () => {
    const events = await collect(
      finetune({ kind: 'auto', epochs: 1 }, { evidence: { labelNoiseRate: 0.4 } }),
    );
    expect(events[0]).toMatchObject({ type: 'started', strategy: { kind: 'last-k', k: 1, loss: 'gce' } });
    expect(finished(events).status).toBe('completed');
  });

  it('trains the text and LSTM architectures on the wasm backend', async () => {
    for (const [architecture, dataset] of [
      ['text', 'synthetic-text'],
      ['lstm', 'synthetic-audio'],
    ] as const) {
      const events = await collect({
        source: { architecture },
        dataset,
        strategy: { kind: 'full', epochs: 2, batchSize: 32, learningRate: 3e-3 },
        seed: 1,
        limit: 200,
      });
      const metrics = epochMetrics(events);
      expect(metrics, architecture).toHaveLength(2);
      expect(metrics[1]['train/loss'] as number, architecture).toBeLessThan(
        metrics[0]['train/loss'] as number,
      );
    }
  });
});
