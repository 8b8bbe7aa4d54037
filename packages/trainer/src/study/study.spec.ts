import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StudyConfig } from './context.js';
import { runStudy } from './study.js';

/*
 * The study pipeline end to end at toy scale: pretrain the digit source model
 * briefly, run image (a) with two arms on 100 examples for one epoch and one
 * seed, and check the report has a table of finite numbers and its figures.
 */
const workDir = mkdtempSync(path.join(os.tmpdir(), 'driftboard-study-spec-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const SMALL: StudyConfig = {
  seeds: [1],
  tuningSeed: 100,
  pretrainSeed: 0,
  epochs: 1,
  pretrainEpochs: { image: 1, text: 1, audio: 1 },
  pretrainLimit: 300,
  imageTrainSize: 100,
  imageSizes: [100],
  audioTrainSize: 100,
  probeSize: 32,
  tune: false,
  scenarios: ['image-a'],
  arms: ['linear-probe', 'full-ce'],
  workDir,
};

describe('study', () => {
  it('runs image (a) at toy scale into a table of finite numbers', async () => {
    const lines: string[] = [];
    const markdownPath = path.join(workDir, 'out', 'study.md');
    const result = await runStudy(SMALL, { markdownPath, progress: (line) => lines.push(line) });

    expect(result.sections).toHaveLength(1);
    const [section] = result.sections;
    expect(section.notRun).toBeUndefined();
    const rows = section.tables[0].slice(2);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const cells = row
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      // arm, rate, last, best, best − last, 4 × CKA per block, CKA mean
      expect(cells).toHaveLength(10);
      for (const cell of cells.slice(2)) {
        const numbers = cell.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
        expect(numbers.length, cell).toBeGreaterThan(0);
        for (const n of numbers) expect(Number.isFinite(n), cell).toBe(true);
      }
    }
    expect(result.markdown).toContain('## Image (a)');
    expect(result.markdown).toContain('## Limits');
    expect(readdirSync(path.join(workDir, 'out', 'study')).sort()).toEqual([
      'image-a-accuracy.png',
      'image-a-cka.png',
    ]);
    expect(lines.some((line) => line.includes('full-ce seed 1'))).toBe(true);
  }, 60_000);
});
