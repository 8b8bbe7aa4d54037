import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.js';
import { getDataset } from '../datasets/registry.js';
import { buildModel } from '../models/architectures.js';
import { saveModel } from '../models/model-io.js';
import type { TrainEvent } from '../training/train-spec.js';
import { main } from './main.js';

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'driftboard-preview-'));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

const GAUSSIAN_NOISE = '{"corruption":{"kind":"gaussian-noise","severity":5},"seed":1}';

describe('driftboard-train preview', () => {
  it('writes a valid PNG whose size is what it reports', async () => {
    const out = path.join(root, 'nested', 'mnist.png');
    const { code, stdout, stderr } = await run([
      'preview',
      '--dataset',
      'mnist',
      '--quality',
      GAUSSIAN_NOISE,
      '--out',
      out,
      '--count',
      '5',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [, width, height] = stdout.match(/^wrote .+ \((\d+)×(\d+)\): 5 mnist target training examples/)!;
    const png = fs.readFileSync(out);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Number(width), Number(height)]);
  });

  it('prints text previews, and writes them to a .txt', async () => {
    const out = path.join(root, 'typos.txt');
    const quality = '{"corruption":{"kind":"typos","rate":0.1},"seed":1}';
    const { code, stdout } = await run([
      'preview',
      '--dataset',
      'synthetic-text',
      '--quality',
      quality,
      '--count',
      '2',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('before');
    expect(stdout.endsWith(`wrote ${out}\n`)).toBe(true);
    expect(stdout.startsWith(fs.readFileSync(out, 'utf8'))).toBe(true);
  });

  it('reads the profile from a file', async () => {
    const file = path.join(root, 'quality.json');
    fs.writeFileSync(file, '{"corruption":{"kind":"contrast","severity":2}}');
    const { code } = await run([
      'preview',
      '--dataset',
      'mnist',
      '--quality',
      file,
      '--out',
      path.join(root, 'c.png'),
    ]);
    expect(code).toBe(0);
  });

  it('bad input exits 2 with one line', async () => {
    const cases: [string[], string][] = [
      [['--dataset', 'mnist', '--quality', GAUSSIAN_NOISE], '--out FILE.png is required'],
      [['--dataset', 'mnist', '--quality', GAUSSIAN_NOISE, '--out', 'x.jpg'], '--out must end in .png'],
      [
        ['--dataset', 'mnist', '--quality', '{"corruption":{"kind":"blur","severity":7}}', '--out', 'x.png'],
        '--quality: "corruption.kind" must be one of gaussian-noise',
      ],
      [
        [
          '--dataset',
          'mnist',
          '--quality',
          '{"corruption":{"kind":"pixelate","severity":7}}',
          '--out',
          'x.png',
        ],
        '--quality: "corruption.severity" must be a whole number from 1 to 5; got 7',
      ],
      [
        ['--dataset', 'mnist', '--quality', '{"corruption":{"kind":"typos","rate":0.1}}', '--out', 'x.png'],
        'corruption "typos" applies to TEXT datasets; "mnist" is IMAGE',
      ],
      [['--dataset', 'mnist', '--quality', 'nope.json', '--out', 'x.png'], 'no file named "nope.json"'],
      [['--dataset', 'mnist', '--out', 'x.png'], '--quality is required'],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await run(['preview', ...args]);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^driftboard-train: [^\n]+\n$/);
      expect(stderr).toContain(message);
      expect(code).toBe(2);
    }
  });

  it('documents the profile fields in its help', async () => {
    const { stdout } = await run(['preview', '--help']);
    expect(stdout).toContain('--quality SPEC');
    expect(stdout).toContain('σ = 0.04 / 0.06 / 0.08 / 0.09 / 0.1');
  });
});

describe('driftboard-train finetune --quality', () => {
  let sourceDir: string;

  beforeAll(async () => {
    await selectBackend();
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

  const finetune = (quality: string, ...extra: string[]) => [
    'finetune',
    '--source',
    sourceDir,
    '--dataset',
    'synthetic-image',
    '--strategy',
    '{"kind":"auto","batchSize":32}',
    '--epochs',
    '1',
    '--limit',
    '32',
    '--quality',
    quality,
    ...extra,
  ];

  it('trains on the degraded data; a declared label-noise rate steers auto', async () => {
    const { code, stdout } = await run(finetune('{"labelNoise":{"rate":0.4},"seed":1}', '--json'));
    expect(code).toBe(0);
    const started = JSON.parse(stdout.split('\n')[0]) as Extract<TrainEvent, { type: 'started' }>;
    expect(started.strategy).toMatchObject({ kind: 'last-k', loss: 'gce' });
    expect(started.strategyReason).toContain('labels look 40 % noisy');
  });

  it('without a declared rate, auto gets one estimated from the source model', async () => {
    const { code, stdout } = await run(finetune('{"corruption":{"kind":"contrast","severity":3},"seed":1}'));
    expect(code).toBe(0);
    expect(stdout).toContain('on synthetic-image (contrast severity 3, seed 1)');
    expect(stdout).toMatch(/label noise estimated from the source model: \d+\.\d %/);
  });

  it('refuses a profile that does not fit the dataset before training', async () => {
    const { code, stderr } = await run(finetune('{"corruption":{"kind":"band-limit","sampleRate":8000}}'));
    expect(stderr).toContain('corruption "band-limit" applies to AUDIO datasets');
    expect(code).toBe(2);
  });
});
