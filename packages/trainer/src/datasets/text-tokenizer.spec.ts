import { describe, expect, it } from 'vitest';
import { emailToText, htmlToText } from './email-text.js';
import { OOV_ID, PAD_ID, TextTokenizer, Vocabulary, tokenize } from './text-tokenizer.js';

describe('tokenize', () => {
  it('lower-cases, collapses URLs, addresses and numbers, and keeps money and emphasis', () => {
    expect(tokenize("WIN $1,000 now!!! See http://x.example/offer — don't wait, mail bob@x.com")).toEqual([
      'win',
      '$',
      '<num>',
      'now',
      '!',
      '!',
      '!',
      'see',
      '<url>',
      "don't",
      'wait',
      'mail',
      '<email>',
    ]);
    expect(tokenize('Café NAÏVE 免費')).toEqual(['café', 'naïve', '免', '費']);
    expect(tokenize('a'.repeat(40))).toEqual(['<long>']);
    expect(tokenize('one two three four', 2)).toEqual(['one', 'two']);
  });
});

describe('Vocabulary and TextTokenizer', () => {
  const texts = ['the cat sat', 'the dog sat', 'the cat ran', 'a bird'];

  it('keeps the most frequent tokens seen often enough, ties in code-unit order', () => {
    const vocabulary = Vocabulary.build(texts.map((text) => tokenize(text)));
    // the ×3, cat ×2, sat ×2; singletons are dropped (minCount 2).
    expect(vocabulary.tokens).toEqual(['<pad>', '<oov>', 'the', 'cat', 'sat']);
    expect(
      Vocabulary.build(
        texts.map((text) => tokenize(text)),
        { maxTokens: 2 },
      ).tokens,
    ).toEqual(['<pad>', '<oov>', 'the', 'cat']);
    expect(
      Vocabulary.build(
        texts.map((text) => tokenize(text)),
        { minCount: 1 },
      ).size,
    ).toBe(9);
  });

  it('encodes fixed-length rows with padding and the out-of-vocabulary id, and round-trips as JSON', () => {
    const tokenizer = new TextTokenizer(Vocabulary.build(texts.map((text) => tokenize(text))), 5);
    expect([...tokenizer.encode('The cat flew')]).toEqual([2, 3, OOV_ID, PAD_ID, PAD_ID]);
    expect([...tokenizer.encode('the the the the the the the')]).toEqual([2, 2, 2, 2, 2]);
    expect([...tokenizer.encodeAll(['sat', ''])]).toEqual([4, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const restored = TextTokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
    expect(restored.encode('the cat flew')).toEqual(tokenizer.encode('the cat flew'));
    expect(restored.vocabularySize).toBe(5);
    expect(() => Vocabulary.fromJSON({ tokens: ['x'] })).toThrow(/starts with/);
    expect(() => new TextTokenizer(restored.vocabulary, 0)).toThrow(/sequenceLength/);
  });
});

describe('emailToText', () => {
  it('keeps the subject and body and drops the other headers', () => {
    const raw =
      'From: a@b.example\nReceived: from x by y\n  continued\nSubject: Hello\n  there\n\nBody line\n';
    expect(emailToText(raw)).toBe('Hello there\n\nBody line');
  });

  it('decodes encoded subjects, base64 and quoted-printable parts, prefers text/plain, drops attachments', () => {
    const raw = [
      'Subject: =?utf-8?B?Q2Fmw6k=?= news',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      'preamble',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'caf=C3=A9 soft=',
      'break',
      '--inner',
      'Content-Type: text/html',
      '',
      '<p>html version</p>',
      '--inner--',
      '--outer',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('second part').toString('base64'),
      '--outer',
      'Content-Type: application/octet-stream',
      'Content-Disposition: attachment; filename=x.bin',
      '',
      'AAAA',
      '--outer--',
    ].join('\r\n');
    expect(emailToText(raw)).toBe('Café news\n\ncafé softbreak\n\nsecond part');
  });

  it('reduces HTML to its text', () => {
    expect(
      htmlToText(
        '<html><style>p{}</style><p>Buy&nbsp;now &amp; save</p><!-- x --><script>y()</script>&#36;5</html>',
      ).trim(),
    ).toBe('Buy now & save $5');
  });
});
