import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../audio/wav.js';
import { writeFolderAtomically } from '../cache-dir.js';
import type { DatasetSource, LabelledExamples } from '../dataset.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { importDataset } from './import-dataset.js';
import { DatasetImportError } from './import-errors.js';
import { openImportedDataset } from './imported-dataset.js';

const temp = mkdtempSync(path.join(tmpdir(), 'dataset-import-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let serial = 0;
/** A fresh work folder and cache folder per test. */
function workspace(): { dir: string; cacheDir: string } {
  const dir = path.join(temp, `case-${++serial}`);
  mkdirSync(dir, { recursive: true });
  return { dir, cacheDir: path.join(dir, 'cache') };
}

/** Every example of both roles as "label: values", sorted: a split-independent view of a dataset. */
async function allExamples(source: DatasetSource): Promise<string[]> {
  const rows: string[] = [];
  const add = (examples: LabelledExamples, size: number, classNames: string[]) => {
    for (let i = 0; i < examples.count; i++) {
      const values = [...examples.inputs.subarray(i * size, (i + 1) * size)].map(
        (v) => Math.round(v * 1e4) / 1e4,
      );
      rows.push(`${classNames[examples.labels[i]]}: ${values.join(' ')}`);
    }
  };
  for (const role of ['source', 'target'] as const) {
    const data = await source.load({ role, seed: 1 });
    const size = data.info.inputShape.reduce((a, b) => a * b, 1);
    add(data.train, size, data.info.classNames);
    add(data.validation, size, data.info.classNames);
  }
  return rows.sort();
}

function importsLeft(cacheDir: string): string[] {
  const imports = path.join(cacheDir, 'imports');
  return existsSync(imports) ? readdirSync(imports) : [];
}

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, line breaks in fields, CRLF, a BOM and blank lines', () => {
    expect(parseCsv('\ufeffa,b\r\n1,"x, ""y"""\r\n\r\n"multi\nline",3\n4,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x, "y"'] },
      { line: 4, fields: ['multi\nline', '3'] },
      { line: 6, fields: ['4', ''] },
    ]);
    expect(parseCsv('a\tb\n1\t2', '\t')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('reports the line of a syntax error', () => {
    const unterminated = () => parseCsv('a,b\n1,2\n3,"open\nstill open');
    expect(unterminated).toThrow(CsvSyntaxError);
    expect(unterminated).toThrow(/never closed/);
    try {
      unterminated();
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(3);
    }
    expect(() => parseCsv('a\n"x"y')).toThrow(/after a closing quote/);
  });
});

describe('importDataset: tables', () => {
  it('round-trips a CSV of numeric features (quoted header, default [1, d] shape, halves per class)', async () => {
    const { dir, cacheDir } = workspace();
    const rows = [
      ['0.5', '1', '-2', 'cat'],
      ['1.5', '2', '-3', 'dog'],
      ['2.5', '3', '-4', 'cat'],
      ['3.5', '4', '-5', 'dog'],
      ['4.5', '5', '-6', 'cat'],
      ['5.5', '6', '-7', 'dog'],
    ];
    writeFileSync(
      path.join(dir, 'data.csv'),
      `x1,"x 2","x3, last",y\n${rows.map((r) => r.join(',')).join('\n')}\n`,
    );
    const imported = await importDataset(path.join(dir, 'data.csv'), {
      name: 'features',
      labelColumn: 'y',
      cacheDir,
    });
    expect(imported.folder).toBe(path.join(cacheDir, 'imports', 'features'));
    expect(imported.source.describe()).toEqual({
      name: 'features',
      modality: 'AUDIO',
      inputShape: [1, 3],
      inputDtype: 'float32',
      classNames: ['cat', 'dog'],
      size: 6,
    });
    expect(await allExamples(imported.source)).toEqual(
      rows.map((r) => `${r[3]}: ${r.slice(0, 3).join(' ')}`).sort(),
    );
    // First half of each class (input order) is the source role.
    expect(imported.manifest.idsByRole).toEqual({
      source: [[0], [1]],
      target: [
        [2, 4],
        [3, 5],
      ],
    });
    expect(imported.manifest.origins[0]).toBe('data.csv line 2');
    expect(imported.source.fingerprint).toBe(`features@imported-${imported.manifest.importedAt}`);
    // Reopened from disk, it serves the same data.
    const reopened = await openImportedDataset(imported.folder);
    expect(await allExamples(reopened.source)).toEqual(await allExamples(imported.source));
    expect(importsLeft(cacheDir)).toEqual(['features']);
  });

  it('imports flattened pixels as IMAGE with an inputShape, and JSONL with array values and a role key', async () => {
    const { dir, cacheDir } = workspace();
    const lines = [
      { pixels: [0, 0.25, 0.5, 1], digit: 1, split: 'source' },
      { pixels: [1, 0.5, 0.25, 0], digit: 7, split: 'source' },
      { pixels: [0.1, 0.2, 0.3, 0.4], digit: 1, split: 'target' },
      { pixels: [0.4, 0.3, 0.2, 0.1], digit: 7, split: 'target' },
    ];
    writeFileSync(path.join(dir, 'digits.jsonl'), lines.map((line) => JSON.stringify(line)).join('\n'));
    const { source, manifest } = await importDataset(path.join(dir, 'digits.jsonl'), {
      name: 'digits',
      labelColumn: 'digit',
      roleColumn: 'split',
      inputShape: [2, 2, 1],
      cacheDir,
    });
    expect(source.describe()).toMatchObject({
      modality: 'IMAGE',
      inputShape: [2, 2, 1],
      classNames: ['1', '7'],
    });
    expect(manifest.idsByRole).toEqual({ source: [[0], [1]], target: [[2], [3]] });
    const target = await source.load({ role: 'target', seed: 1, validationFraction: 0 });
    expect(target.train.count).toBe(2);
    expect(await allExamples(source)).toEqual(lines.map((l) => `${l.digit}: ${l.pixels.join(' ')}`).sort());
  });

  it('imports a text column as TEXT with a vocabulary from the source role and raw-text hooks', async () => {
    const { dir, cacheDir } = workspace();
    const texts = [
      ['free money now', 'spam'],
      ['meeting at noon', 'ham'],
      ['free money', 'spam'],
      ['lunch at noon', 'ham'],
      ['"free" prize, claim now', 'spam'],
      ['notes from the meeting', 'ham'],
      ['cheap prize', 'spam'],
      ['see you at lunch', 'ham'],
    ];
    const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
    writeFileSync(
      path.join(dir, 'mail.csv'),
      `id,text,label\n${texts.map(([t, l], i) => `${i},${quote(t)},${l}`).join('\n')}`,
    );
    const { source } = await importDataset(path.join(dir, 'mail.csv'), {
      name: 'mail',
      sequenceLength: 6,
      cacheDir,
    });
    const info = source.describe();
    expect(info).toMatchObject({
      modality: 'TEXT',
      inputShape: [6],
      inputDtype: 'int32',
      classNames: ['ham', 'spam'],
    });
    const tokenizer = await source.text!.loadTokenizer();
    // Source role = the first 2 of each class: tokens seen twice there are "free", "money", "noon", "at".
    expect([...tokenizer.vocabulary.tokens].sort()).toEqual([
      '<oov>',
      '<pad>',
      'at',
      'free',
      'money',
      'noon',
    ]);
    expect(info.vocabularySize).toBe(6);
    const options = { role: 'target' as const, seed: 4, validationFraction: 0.5 };
    const [data, raw] = await Promise.all([source.load(options), source.text!.loadTexts(options)]);
    expect(tokenizer.encodeAll(raw.train)).toEqual(data.train.inputs);
    expect(raw.train.length + raw.validation.length).toBe(4);
    expect([...raw.train, ...raw.validation].sort()).toEqual(
      ['"free" prize, claim now', 'notes from the meeting', 'cheap prize', 'see you at lunch'].sort(),
    );
  });

  it('rejects a bad CSV whole, naming the file and every bad line', async () => {
    const { dir, cacheDir } = workspace();
    const lines = ['a,b,y'];
    for (let line = 2; line <= 20; line++)
      lines.push(line === 17 ? '1,2,' : line === 9 ? '1,abc,x' : `${line},1,${line % 2}`);
    lines.push('1,2');
    writeFileSync(path.join(dir, 'bad.csv'), lines.join('\n'));
    const failure = importDataset(path.join(dir, 'bad.csv'), { name: 'bad', labelColumn: 'y', cacheDir });
    await expect(failure).rejects.toBeInstanceOf(DatasetImportError);
    const error = (await failure.catch((e: unknown) => e)) as DatasetImportError;
    expect(error.message.split('\n')).toEqual([
      'bad.csv line 9: column "b" is not a number: "abc"',
      'bad.csv line 17: label column "y" is empty',
      'bad.csv line 21: expected 3 fields, got 2',
    ]);
    expect(error.problems[1]).toEqual({ file: 'bad.csv', line: 17, message: 'label column "y" is empty' });
    expect(importsLeft(cacheDir)).toEqual([]);

    writeFileSync(
      path.join(dir, 'bad.jsonl'),
      '{"x": 1, "label": "a"}\n{"x": 2, "label": "b"}\n{"x": [1, "2"], "label": "a"}\nnot json\n',
    );
    await expect(importDataset(path.join(dir, 'bad.jsonl'), { name: 'bad', cacheDir })).rejects.toThrow(
      /^bad\.jsonl line 3: key "x" must be a number or an array of numbers\nbad\.jsonl line 4: not valid JSON/,
    );
    writeFileSync(path.join(dir, 'nolabel.csv'), 'a,b\n1,2\n');
    await expect(importDataset(path.join(dir, 'nolabel.csv'), { name: 'x', cacheDir })).rejects.toThrow(
      'nolabel.csv line 1: no label column "label" (columns: a, b)',
    );
    writeFileSync(path.join(dir, 'one.csv'), 'a,label\n1,x\n2,x\n3,y\n');
    await expect(importDataset(path.join(dir, 'one.csv'), { name: 'x', cacheDir })).rejects.toThrow(
      'class "y" has 1 example; each class needs at least 2',
    );
    expect(importsLeft(cacheDir)).toEqual([]);
  });

  it('refuses to overwrite an import unless asked to, and then replaces it whole', async () => {
    const { dir, cacheDir } = workspace();
    writeFileSync(path.join(dir, 'a.csv'), 'v,label\n1,x\n2,y\n3,x\n4,y\n');
    writeFileSync(path.join(dir, 'b.csv'), 'v,label\n10,x\n20,y\n30,x\n40,y\n');
    await importDataset(path.join(dir, 'a.csv'), { name: 'same', cacheDir });
    await expect(importDataset(path.join(dir, 'b.csv'), { name: 'same', cacheDir })).rejects.toThrow(
      /already imported/,
    );
    const replaced = await importDataset(path.join(dir, 'b.csv'), { name: 'same', cacheDir, replace: true });
    const reopened = await openImportedDataset(replaced.folder);
    expect(await allExamples(reopened.source)).toEqual(['x: 10', 'x: 30', 'y: 20', 'y: 40']);
    expect(importsLeft(cacheDir)).toEqual(['same']);
    await expect(importDataset(path.join(dir, 'a.csv'), { name: '../escape', cacheDir })).rejects.toThrow(
      /dataset name/,
    );
  });
});

function png(
  width: number,
  height: number,
  rgba: (x: number, y: number) => [number, number, number, number],
): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) image.data.set(rgba(x, y), (y * width + x) * 4);
  }
  return PNG.sync.write(image);
}

describe('importDataset: folders', () => {
  it('round-trips a folder of grayscale PNGs, one sub-folder per class', async () => {
    const { dir, cacheDir } = workspace();
    const expected: string[] = [];
    for (const [cls, base] of [
      ['cat', 10],
      ['dog', 100],
    ] as const) {
      mkdirSync(path.join(dir, 'images', cls), { recursive: true });
      for (let k = 0; k < 3; k++) {
        const value = (x: number, y: number) => base + 10 * k + x + 3 * y;
        writeFileSync(
          path.join(dir, 'images', cls, `${k}.png`),
          png(3, 2, (x, y) => [value(x, y), value(x, y), value(x, y), 255]),
        );
        const pixels = [0, 1].flatMap((y) =>
          [0, 1, 2].map((x) => Math.round((value(x, y) / 255) * 1e4) / 1e4),
        );
        expected.push(`${cls}: ${pixels.join(' ')}`);
      }
    }
    writeFileSync(path.join(dir, 'images', '.DS_Store'), 'ignored');
    const { source, manifest } = await importDataset(path.join(dir, 'images'), { name: 'pets', cacheDir });
    expect(manifest.importFormat).toBe('png-folder');
    expect(source.describe()).toMatchObject({
      modality: 'IMAGE',
      inputShape: [2, 3, 1],
      classNames: ['cat', 'dog'],
      size: 6,
    });
    expect(await allExamples(source)).toEqual(expected.sort());
    expect(manifest.origins).toContain('images/cat/0.png');
  });

  it('goes RGB when any image has colour, and resizes to the most common size', async () => {
    const { dir, cacheDir } = workspace();
    for (const cls of ['red', 'blue']) mkdirSync(path.join(dir, 'pics', cls), { recursive: true });
    const colour = (cls: string): [number, number, number, number] =>
      cls === 'red' ? [255, 0, 0, 255] : [0, 0, 255, 255];
    for (const cls of ['red', 'blue']) {
      writeFileSync(
        path.join(dir, 'pics', cls, 'a.png'),
        png(4, 4, () => colour(cls)),
      );
      writeFileSync(
        path.join(dir, 'pics', cls, 'b.png'),
        png(4, 4, () => colour(cls)),
      );
    }
    writeFileSync(
      path.join(dir, 'pics', 'red', 'big.png'),
      png(8, 8, () => colour('red')),
    );
    const { source } = await importDataset(path.join(dir, 'pics'), { name: 'colours', cacheDir });
    expect(source.describe()).toMatchObject({ inputShape: [4, 4, 3], classNames: ['blue', 'red'], size: 5 });
    const rows = await allExamples(source);
    expect(rows.filter((row) => row === `red: ${Array(16).fill('1 0 0').join(' ')}`)).toHaveLength(3);
  });

  it('rejects a folder with a bad file whole, naming the file', async () => {
    const { dir, cacheDir } = workspace();
    for (const cls of ['cat', 'dog']) {
      mkdirSync(path.join(dir, 'images', cls), { recursive: true });
      for (const k of [0, 1])
        writeFileSync(
          path.join(dir, 'images', cls, `${k}.png`),
          png(2, 2, () => [1, 2, 3, 255]),
        );
    }
    writeFileSync(path.join(dir, 'images', 'cat', 'x.png'), 'GIF89a not really a png');
    writeFileSync(path.join(dir, 'images', 'dog', 'notes.txt'), 'hello');
    writeFileSync(
      path.join(dir, 'images', 'stray.png'),
      png(2, 2, () => [0, 0, 0, 255]),
    );
    const failure = importDataset(path.join(dir, 'images'), { name: 'pets', cacheDir });
    await expect(failure).rejects.toThrow(DatasetImportError);
    const error = (await failure.catch((e: unknown) => e)) as DatasetImportError;
    expect(error.message.split('\n').sort()).toEqual([
      'images/cat/x.png: not a PNG file',
      'images/dog/notes.txt: not a .png file',
      'images/stray.png: not inside a class folder',
    ]);
    expect(importsLeft(cacheDir)).toEqual([]);
  });

  it('round-trips a folder of WAV files as MFCC frames with waveform hooks, roles from source/ and target/', async () => {
    const { dir, cacheDir } = workspace();
    const tone = (hz: number, rate: number, seconds: number) =>
      Float32Array.from(
        { length: Math.round(rate * seconds) },
        (_, i) => 0.4 * Math.sin((2 * Math.PI * hz * i) / rate),
      );
    for (const role of ['source', 'target']) {
      for (const [cls, hz] of [
        ['high', 2000],
        ['low', 300],
      ] as const) {
        mkdirSync(path.join(dir, 'sounds', role, cls), { recursive: true });
        // 0.5 s at 8 kHz and 0.25 s at 16 kHz: resampled and centred in one second at 16 kHz.
        writeFileSync(path.join(dir, 'sounds', role, cls, 'a.wav'), encodeWav(tone(hz, 8000, 0.5), 8000));
        writeFileSync(
          path.join(dir, 'sounds', role, cls, 'b.wav'),
          encodeWav(tone(hz * 1.1, 16000, 0.25), 16000),
        );
      }
    }
    const { source, manifest } = await importDataset(path.join(dir, 'sounds'), { name: 'tones', cacheDir });
    expect(source.describe()).toMatchObject({
      modality: 'AUDIO',
      inputShape: [49, 13],
      classNames: ['high', 'low'],
      size: 8,
    });
    expect(manifest.idsByRole.source.flat()).toHaveLength(4);
    expect(manifest.origins).toContain('sounds/target/low/b.wav');
    const options = { role: 'target' as const, seed: 3, validationFraction: 0.5 };
    const [data, clips, featurize] = await Promise.all([
      source.load(options),
      source.audio!.loadWaveforms(options),
      source.audio!.loadFeaturizer(),
    ]);
    expect(data.train.inputs.every(Number.isFinite)).toBe(true);
    clips.train.forEach((clip, i) => {
      expect(clip.length).toBe(16_000);
      // The 0.5 s / 0.25 s tone sits in the middle; the edges are silent.
      expect(clip[100]).toBe(0);
      expect(Math.max(...clip.subarray(7000, 9000).map(Math.abs))).toBeGreaterThan(0.35);
      expect(featurize(clip)).toEqual(data.train.inputs.subarray(i * 637, (i + 1) * 637));
    });
    const reopened = await openImportedDataset(path.join(cacheDir, 'imports', 'tones'));
    const again = await reopened.source.load(options);
    expect(again.train.inputs).toEqual(data.train.inputs);
    expect((await reopened.source.audio!.loadWaveforms(options)).train).toEqual(clips.train);

    writeFileSync(path.join(dir, 'sounds', 'source', 'low', 'broken.wav'), 'RIFF....WAVEjunk');
    await expect(importDataset(path.join(dir, 'sounds'), { name: 'tones2', cacheDir })).rejects.toThrow(
      /^sounds\/source\/low\/broken\.wav: no fmt chunk$/,
    );
    expect(importsLeft(cacheDir)).toEqual(['tones']);
  });
});

describe('writeFolderAtomically', () => {
  it('leaves nothing behind when filling fails, and keeps an existing folder unless replacing', async () => {
    const { dir } = workspace();
    const target = path.join(dir, 'out', 'data');
    await expect(
      writeFolderAtomically(target, async (tempDir) => {
        writeFileSync(path.join(tempDir, 'half.bin'), 'x');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
    expect(await writeFolderAtomically(target, async (d) => writeFileSync(path.join(d, 'a'), '1'))).toBe(
      true,
    );
    expect(await writeFolderAtomically(target, async (d) => writeFileSync(path.join(d, 'b'), '2'))).toBe(
      false,
    );
    expect(readdirSync(target)).toEqual(['a']);
    expect(
      await writeFolderAtomically(target, async (d) => writeFileSync(path.join(d, 'b'), '2'), {
        replace: true,
      }),
    ).toBe(true);
    expect(readdirSync(target)).toEqual(['b']);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['data']);
  });
});
