import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.js';
import type { DatasetSource } from '../datasets/dataset.js';
import { getDataset, listDatasets, registerDataset, unregisterDataset } from '../datasets/registry.js';
import { buildModel } from '../models/architectures.js';
import { saveModel } from '../models/model-io.js';
import { DEFAULT_STRATEGY, LOSSES, OPTIMIZERS, STRATEGY_KINDS } from '../strategies/strategy-spec.js';
import type { TrainEvent } from '../training/train-spec.js';
import { main } from './main.js';

let root: string;
/** A small untrained `cnn` for synthetic-image, saved the way `pretrain --out` saves. */
let sourceDir: string;

beforeAll(async () => {
  await selectBackend();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'driftboard-cli-'));
  sourceDir = path.join(root, 'source');
  const info = getDataset('synthetic-image').describe();
  const { model, manifest } = buildModel({
    architecture: 'cnn',
    inputShape: info.inputShape,
    inputDtype: info.inputDtype,
    classNames: info.classNames,
    seed: 0,
  });
  await saveModel(sourceDir, model, manifest);
  model.dispose();
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

async function run(argv: string[], signal?: AbortSignal) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    signal,
  });
  return { code, stdout, stderr };
}

/** Bad input: exit 2, nothing on stdout, exactly one stderr line containing every fragment. */
async function expectBadInput(argv: string[], ...fragments: string[]): Promise<string> {
  const { code, stdout, stderr } = await run(argv);
  expect(stdout).toBe('');
  expect(stderr).toMatch(/^driftboard-train: [^\n]+\n$/);
  for (const fragment of fragments) expect(stderr).toContain(fragment);
  expect(code).toBe(2);
  return stderr;
}

const finetune = (...extra: string[]) => [
  'finetune',
  '--source',
  sourceDir,
  '--dataset',
  'synthetic-image',
  ...extra,
];
const pretrain = (...extra: string[]) => [
  'pretrain',
  '--dataset',
  'synthetic-image',
  '--arch',
  'cnn',
  '--epochs',
  '1',
  '--out',
  path.join(root, 'pretrained'),
  ...extra,
];

describe('bad input exits 2 with one line saying what is wrong and what is allowed', () => {
  it('no command, or an unknown one, lists the commands', async () => {
    await expectBadInput([], 'a command is required', 'pretrain, finetune, datasets, help');
    await expectBadInput(['train'], 'unknown command "train"', 'pretrain, finetune, datasets, help');
  });

  it('an unknown option lists the options of that command', async () => {
    await expectBadInput(pretrain('--learning-rate', '0.1'), 'unknown option --learning-rate', '--lr');
  });

  it('a missing required option is named', async () => {
    await expectBadInput(
      ['finetune', '--dataset', 'mnist', '--strategy', '{"kind":"full"}'],
      '--source is required',
    );
    await expectBadInput(['pretrain', '--dataset', 'mnist'], '--arch, --epochs and --out are required');
  });

  it('an option without its value', async () => {
    await expectBadInput(
      ['pretrain', '--dataset', '--arch', 'cnn'],
      '--dataset needs a NAME',
      'got the option --arch',
    );
  });

  it('an unknown strategy kind lists the kinds', async () => {
    await expectBadInput(
      finetune('--strategy', '{"kind":"everything"}'),
      '"kind" must be one of',
      ...STRATEGY_KINDS,
    );
  });

  it('a negative learning rate', async () => {
    await expectBadInput(pretrain('--lr', '-0.01'), '--lr must be a number greater than 0', '"-0.01"');
  });

  it('strategy JSON that is malformed, or a file that is missing or malformed', async () => {
    await expectBadInput(
      finetune('--strategy', '{"kind":full}'),
      '--strategy is not valid JSON or a readable file:',
    );
    await expectBadInput(
      finetune('--strategy', 'last-k'),
      '--strategy is not valid JSON or a readable file: no file named "last-k"',
      `'{"kind":"last-k"}'`,
    );
    const file = path.join(root, 'broken.json');
    fs.writeFileSync(file, '{"kind": "full",}');
    await expectBadInput(finetune('--strategy', file), `--strategy file ${file} is not valid JSON`);
  });

  it('a source folder without model.json', async () => {
    const missing = path.join(root, 'no-such-model');
    await expectBadInput(
      ['finetune', '--source', missing, '--dataset', 'mnist', '--strategy', '{"kind":"full"}'],
      `no model.json in ${missing} (the folder does not exist)`,
    );
  });

  it('an unknown dataset lists the registered ones', async () => {
    await expectBadInput(
      ['pretrain', '--dataset', 'cifar10', '--arch', 'cnn', '--epochs', '1', '--out', root],
      'unknown dataset "cifar10"',
      ...listDatasets().map((d) => d.name),
    );
  });

  it('an unknown architecture lists the architectures', async () => {
    await expectBadInput(
      ['pretrain', '--dataset', 'mnist', '--arch', 'resnet', '--epochs', '1', '--out', root],
      '--arch must be one of cnn, cnn-ref, text, lstm',
    );
  });

  it('a non-integer --epochs', async () => {
    await expectBadInput(
      pretrain().map((a) => (a === '1' ? '2.5' : a)),
      '--epochs must be a whole number ≥ 1',
      '"2.5"',
    );
    await expectBadInput(finetune('--strategy', '{"kind":"full"}', '--epochs', 'three'), '--epochs must be');
  });

  it('block names the model does not have list its blocks (checked against the loaded model)', async () => {
    await expectBadInput(
      finetune('--strategy', '{"kind":"surgical","blocks":["conv9"]}'),
      'the model has no block "conv9"',
      'conv1, conv2, conv3, dense, head',
    );
  });

  it('a model whose input does not fit the dataset', async () => {
    await expectBadInput(
      ['finetune', '--source', sourceDir, '--dataset', 'synthetic-audio', '--strategy', '{"kind":"full"}'],
      'inputs of shape [12,12,1]',
      'synthetic-audio',
    );
  });
});

describe('help and listings', () => {
  it('documents every strategy kind, loss, optimizer and default from the strategies module', async () => {
    const { code, stdout, stderr } = await run(['finetune', '--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const word of [...STRATEGY_KINDS, ...LOSSES, ...OPTIMIZERS]) expect(stdout).toContain(word);
    for (const [field, value] of Object.entries(DEFAULT_STRATEGY)) {
      expect(stdout).toMatch(new RegExp(`\\n\\s+${field}\\s+${escapeRegExp(JSON.stringify(value))}\\s`));
    }
    expect((await run(['--help'])).stdout).toContain('Commands:');
    expect((await run(['help', 'pretrain'])).stdout).toContain('--arch ARCH');
  });

  it('lists the datasets with modality, input shape, classes and size', async () => {
    const { code, stdout } = await run(['datasets']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^name\s+modality\s+input shape\s+classes\s+size/);
    expect(stdout).toMatch(/\nmnist\s+IMAGE\s+28×28×1\s+10\s+10000\s/);
    const json = (await run(['datasets', '--json'])).stdout.trim().split('\n');
    expect(json.map((line) => JSON.parse(line).name)).toEqual(listDatasets().map((d) => d.name));
  });
});

describe('training in-process', () => {
  it('shows a header, a progress row per epoch and the per-block similarity table, without escape codes', async () => {
    const { code, stdout, stderr } = await run(
      finetune('--strategy', '{"kind":"last-k","k":1,"batchSize":32}', '--epochs', '2', '--limit', '64'),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).not.toContain('\x1b');
    expect(stdout).toMatch(/\n {2}strategy {2}last-k \(k=1, /);
    expect(stdout).toContain('conv1 (frozen), conv2 (frozen), conv3 (frozen), dense, head');
    expect(stdout).toMatch(/\n\[#####-----\]\s+1\/2\s+\d+\.\d{4}\s/);
    expect(stdout).toMatch(/\n\[##########\]\s+2\/2\s+\d+\.\d{4}\s/);
    expect(stdout).toMatch(/\nconv1\s+frozen\s+1\.0000\s+0\.0000\n/);
    expect(stdout).toMatch(/\nhead\s+all\s+\d\.\d{4}\s+\d\.\d{4}\n/);
    expect(stdout).toMatch(/\ncompleted 2 epochs in \d+\.\d s/);
  });

  it('cancelling ends with a finished event, status cancelled, and exit 130', async () => {
    const { code, stdout, stderr } = await run(pretrain('--json'), AbortSignal.abort());
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TrainEvent);
    expect(events.map((e) => e.type)).toEqual(['started', 'finished']);
    expect(events[1]).toMatchObject({ type: 'finished', status: 'cancelled', epochsCompleted: 0 });
    expect(stderr).toContain('cancelling');
    expect(code).toBe(130);
  });

  it('a failure after validation exits 1 with the message on stderr and the failed event on stdout', async () => {
    const real = getDataset('synthetic-image');
    let loads = 0;
    // Loads once for validation, then breaks, as a disk or network source might mid-run.
    const flaky: DatasetSource = {
      name: 'flaky-image',
      describe: () => ({ ...real.describe(), name: 'flaky-image' }),
      load: async (options) => {
        if (++loads > 1) throw new Error('the data went away');
        const data = await real.load(options);
        return { ...data, info: { ...data.info, name: 'flaky-image' } };
      },
    };
    registerDataset(flaky);
    try {
      const { code, stdout, stderr } = await run(
        finetune('--strategy', '{"kind":"full"}', '--json').map((a) =>
          a === 'synthetic-image' ? 'flaky-image' : a,
        ),
      );
      expect(JSON.parse(stdout)).toEqual({
        type: 'failed',
        error: 'the data went away',
        code: 'TRAINING_ERROR',
      });
      expect(stderr).toBe('driftboard-train: training failed: the data went away\n');
      expect(code).toBe(1);
    } finally {
      unregisterDataset('flaky-image');
    }
  });
});

// Runs the built CLI (dist/), as a user would: `npm test` builds first; run `npx tsc -b` before vitest by hand.
describe('driftboard-train end to end', () => {
  const bin = fileURLToPath(new URL('../../bin/driftboard-train.js', import.meta.url));
  const exec = promisify(execFile);

  it('pretrains cnn-ref on mnist, then fine-tunes it with --json', async () => {
    const out = path.join(root, 'mnist-source');
    const common = ['--dataset', 'mnist', '--epochs', '1', '--limit', '300'];
    const pretrained = await exec('node', [bin, 'pretrain', '--arch', 'cnn-ref', '--out', out, ...common]);
    expect(pretrained.stdout).toContain(`model saved to ${out}`);

    const { stdout, stderr } = await exec('node', [
      bin,
      'finetune',
      '--source',
      out,
      '--strategy',
      '{"kind":"last-k","k":1}',
      '--json',
      ...common,
    ]);
    expect(stderr).toBe('');
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TrainEvent);
    expect(events.map((e) => e.type)).toEqual(['started', 'epoch', 'finished']);
    const epoch = events[1] as Extract<TrainEvent, { type: 'epoch' }>;
    for (const block of ['conv1', 'conv2', 'dense', 'head']) {
      const cka = epoch.metrics[`similarity/cka/${block}`];
      expect(cka, block).toBeTypeOf('number');
      expect(cka as number).toBeGreaterThanOrEqual(0);
      expect(cka as number).toBeLessThanOrEqual(1);
    }
    expect(epoch.metrics['system/backend']).toBeTypeOf('string');
    expect(events[2]).toMatchObject({ type: 'finished', status: 'completed', epochsCompleted: 1 });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('--dataset PATH', () => {
  it('imports a CSV file and trains on it; a bad CSV exits 2 naming the file and line', async () => {
    const previous = process.env.DRIFTBOARD_CACHE_DIR;
    process.env.DRIFTBOARD_CACHE_DIR = path.join(root, 'cache');
    try {
      const rows = ['f1,f2,f3,label'];
      for (let i = 0; i < 40; i++)
        rows.push(`${(i % 2) + Math.sin(i)},${Math.cos(i)},${i % 2},${i % 2 ? 'b' : 'a'}`);
      const csv = path.join(root, 'toy.csv');
      fs.writeFileSync(csv, `${rows.join('\n')}\n`);
      const out = path.join(root, 'toy-model');
      const { code, stderr } = await run([
        'pretrain',
        '--dataset',
        csv,
        '--arch',
        'lstm',
        '--epochs',
        '1',
        '--out',
        out,
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(fs.existsSync(path.join(out, 'model.json'))).toBe(true);

      const bad = path.join(root, 'bad.csv');
      fs.writeFileSync(bad, 'f1,label\n1,a\n2,\n');
      await expectBadInput(
        [
          'pretrain',
          '--dataset',
          bad,
          '--arch',
          'lstm',
          '--epochs',
          '1',
          '--out',
          path.join(root, 'bad-model'),
        ],
        'bad.csv line 3',
      );
    } finally {
      if (previous === undefined) delete process.env.DRIFTBOARD_CACHE_DIR;
      else process.env.DRIFTBOARD_CACHE_DIR = previous;
    }
  });
});
