import { describe, expect, it } from 'vitest';
import {
  createSpamAssassinDataset,
  loadSpamAssassinEmails,
  SPAM_ASSASSIN_EMAIL_COUNT,
  spamAssassinDataset,
} from './spam-assassin.js';
import { OOV_ID, tokenize, Vocabulary } from './text-tokenizer.js';

function count<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('spam-assassin', () => {
  it('describes itself without reading the corpus', () => {
    expect(spamAssassinDataset.describe()).toEqual({
      name: 'spam-assassin',
      modality: 'TEXT',
      inputShape: [128],
      inputDtype: 'int32',
      classNames: ['ham', 'spam'],
      vocabularySize: 5002,
      size: 6046,
    });
    expect(spamAssassinDataset.fingerprint).toBeUndefined();
    expect(createSpamAssassinDataset({ sequenceLength: 200 }).fingerprint).toBe(
      'spam-assassin@tokens200-vocabulary5000-min2',
    );
  });

  it('reads all 6,046 e-mails of the package once per process, by group', async () => {
    const corpus = await loadSpamAssassinEmails();
    expect(corpus.emails.length).toBe(SPAM_ASSASSIN_EMAIL_COUNT);
    expect(count(corpus.emails, (email) => email.group)).toEqual({
      'easy-ham-1': 2500,
      'easy-ham-2': 1400,
      'hard-ham-1': 250,
      'spam-1': 500,
      'spam-2': 1396,
    });
    expect(await loadSpamAssassinEmails()).toBe(corpus);
    // Headers are gone but the subject stays.
    expect(corpus.emails[0].text.startsWith('Re: New Sequences Window\n\n')).toBe(true);
    const headerLike = corpus.emails.filter((email) =>
      /^(Received|Return-Path|Message-Id): /im.test(email.text.slice(0, 200)),
    );
    // Two spams (spam-2/00137, 00403) paste a second header block into their body.
    expect(headerLike.length).toBeLessThanOrEqual(2);
  });

  it('splits source = easy ham + spam-1 and target = hard ham + spam-2', async () => {
    const { emails, idsByRole } = await loadSpamAssassinEmails();
    const groups = (ids: number[]) => count(ids, (id) => emails[id].group);
    expect(groups(idsByRole.source[0])).toEqual({ 'easy-ham-1': 2500, 'easy-ham-2': 1400 });
    expect(groups(idsByRole.source[1])).toEqual({ 'spam-1': 500 });
    expect(groups(idsByRole.target[0])).toEqual({ 'hard-ham-1': 250 });
    expect(groups(idsByRole.target[1])).toEqual({ 'spam-2': 1396 });

    const source = await spamAssassinDataset.load({ role: 'source', seed: 3 });
    const target = await spamAssassinDataset.load({ role: 'target', seed: 3 });
    expect(source.info.size).toBe(4400);
    expect(target.info.size).toBe(1646);
    expect(source.train.count + source.validation.count).toBe(4400);
    expect(target.train.count + target.validation.count).toBe(1646);
    const spam = (labels: Int32Array) => labels.reduce((sum, label) => sum + label, 0);
    expect(spam(source.train.labels) + spam(source.validation.labels)).toBe(500);
    expect(spam(target.train.labels) + spam(target.validation.labels)).toBe(1396);
    expect(source.train.inputs).toBeInstanceOf(Int32Array);
    expect(source.train.inputs.length).toBe(source.train.count * 128);
    const ids = Int32Array.from(source.train.inputs).sort();
    expect(ids[0]).toBe(0); // padding
    expect(ids[ids.length - 1]).toBeLessThan(5002);
    expect(ids[ids.length - 1]).toBeGreaterThan(4000); // rare vocabulary tokens are used too
  });

  it('tokenises deterministically, with a vocabulary built from the source role only', async () => {
    const fresh = createSpamAssassinDataset();
    const a = await spamAssassinDataset.load({ role: 'target', seed: 11, limit: 300 });
    const b = await fresh.load({ role: 'target', seed: 11, limit: 300 });
    expect(b.train.inputs).toEqual(a.train.inputs);
    expect(b.validation.labels).toEqual(a.validation.labels);

    const { emails, idsByRole } = await loadSpamAssassinEmails();
    const tokenizer = await fresh.text.loadTokenizer();
    const sourceTokens = idsByRole.source.flat().map((id) => tokenize(emails[id].text));
    expect(tokenizer.vocabulary.tokens).toEqual(Vocabulary.build(sourceTokens).tokens.slice(0, 5002));
    expect(tokenizer.vocabularySize).toBe(5002);
    // A word frequent in the target but absent from the source is out of the vocabulary.
    const inSource = new Set(sourceTokens.flat());
    const targetCounts = new Map<string, number>();
    for (const id of idsByRole.target.flat()) {
      for (const token of tokenize(emails[id].text))
        targetCounts.set(token, (targetCounts.get(token) ?? 0) + 1);
    }
    const targetOnly = [...targetCounts]
      .filter(([token, n]) => n >= 20 && !inSource.has(token))
      .map(([token]) => token);
    expect(targetOnly.length).toBeGreaterThan(0);
    for (const token of targetOnly) expect(tokenizer.vocabulary.idOf(token)).toBe(OOV_ID);
  });

  it('hands out the raw texts behind each loaded row', async () => {
    const options = { role: 'target' as const, seed: 5, limit: 50, probeSize: 20 };
    const [data, texts, tokenizer] = await Promise.all([
      spamAssassinDataset.load(options),
      spamAssassinDataset.text.loadTexts(options),
      spamAssassinDataset.text.loadTokenizer(),
    ]);
    expect(texts.train.length).toBe(50);
    expect(tokenizer.encodeAll(texts.train)).toEqual(data.train.inputs);
    expect(tokenizer.encodeAll(texts.validation)).toEqual(data.validation.inputs);
    expect(tokenizer.encodeAll(texts.probe)).toEqual(data.probe.inputs);
  });
});
