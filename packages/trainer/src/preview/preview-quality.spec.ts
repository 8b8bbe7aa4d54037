import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { mnistDataset } from '../datasets/mnist.js';
import { createSyntheticAudioDataset, createSyntheticTextDataset } from '../datasets/synthetic.js';
import { previewQuality } from './preview-quality.js';
import { renderTextPreview } from './text-preview.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('quality previews', () => {
  it('renders images before and after as a PNG of the reported size', async () => {
    const preview = await previewQuality({
      source: mnistDataset,
      quality: { corruption: { kind: 'gaussian-noise', severity: 5 }, seed: 1 },
      count: 4,
    });
    if (preview.kind !== 'png') throw new Error('expected a PNG');
    expect(preview.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const decoded = PNG.sync.read(preview.png);
    expect([decoded.width, decoded.height]).toEqual([preview.width, preview.height]);
    expect(preview.shown).toBe(4);
    expect(preview.summary).toBe(
      '4 mnist target training examples before and after: gaussian-noise severity 5, seed 1',
    );
  });

  it('counts the labels label noise changed among those shown', async () => {
    const preview = await previewQuality({
      source: mnistDataset,
      quality: { labelNoise: { rate: 0.3, kind: 'symmetric' }, seed: 2 },
      count: 10,
    });
    expect(preview.flippedShown).toBe(4);
    expect(preview.summary).toMatch(/labels changed in 4 of 10 shown, 3\d\.\d % of all 4002$/);
  });

  it('renders audio frames as heatmaps', async () => {
    const preview = await previewQuality({
      source: createSyntheticAudioDataset({ examplesPerClass: 5 }),
      quality: { corruption: { kind: 'band-limit', sampleRate: 4000 }, seed: 1 },
      count: 3,
    });
    expect(preview.kind).toBe('png');
  });

  it('renders text as a side-by-side diff, marking the changed words', async () => {
    const preview = await previewQuality({
      source: createSyntheticTextDataset({ examplesPerClass: 5 }),
      quality: { corruption: { kind: 'typos', rate: 0.2 }, seed: 1 },
      count: 2,
    });
    if (preview.kind !== 'text') throw new Error('expected text');
    expect(preview.text).toMatch(/^synthetic-text: typos at 0\.2 per character, seed 1 \(token ids/);
    expect(preview.text).toMatch(/\n#1 {2}\w+ {2}\(\d+ of \d+ words changed\)\nbefore +\| after\n/);
    expect(preview.text).toMatch(/\[\d+\]/);
  });
});

describe('renderTextPreview', () => {
  it('wraps both sides at the same words and marks changes', () => {
    const text = renderTextPreview({
      title: 'demo',
      columnWidth: 12,
      pairs: [
        { before: 'the quick brown fox', after: 'the quixk brown fox', trueLabel: 'a', givenLabel: 'b' },
      ],
    });
    expect(text).toBe(
      [
        'demo',
        '',
        '#1  b (true: a)  (1 of 4 words changed)',
        'before       | after',
        'the quick    | the [quixk]',
        'brown fox    | brown fox',
        '',
      ].join('\n'),
    );
  });
});
