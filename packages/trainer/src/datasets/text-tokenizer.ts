/**
 * A word-level tokenizer for the TEXT datasets: normalise and split text into
 * tokens, build a frequency vocabulary (from a source split only, so the
 * target adds no words), and encode texts as fixed-length int32 id rows with
 * padding and an out-of-vocabulary id. Everything is deterministic: ties in
 * frequency are broken by the token's code-unit order.
 */

/** Id of the padding token that fills rows after the text ends. */
export const PAD_ID = 0;
/** Id of every token that is not in the vocabulary. */
export const OOV_ID = 1;
/** Tokens with reserved ids, at those ids. */
export const RESERVED_TOKENS: readonly string[] = Object.freeze(['<pad>', '<oov>']);

/** Placeholder tokens: whole URLs, e-mail addresses and numbers are one token each. */
export const URL_TOKEN = '<url>';
export const EMAIL_TOKEN = '<email>';
export const NUMBER_TOKEN = '<num>';

// Letters other than ideographs and kana (a `v`-flag set difference).
const LETTER = String.raw`[\p{L}--[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]]`;
const LETTER_OR_DIGIT = String.raw`\p{M}\p{N}${LETTER}`;

const TOKEN_PATTERN = new RegExp(
  [
    String.raw`(?<url>(?:https?|ftp):\/\/[^\s<>"']+|www\.[^\s<>"']+)`,
    String.raw`(?<email>[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+)`,
    String.raw`(?<number>\p{N}+(?:[.,:]\p{N}+)*)`,
    // Chinese and Japanese are written without spaces: each ideograph or kana is a token.
    String.raw`(?<ideograph>[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])`,
    String.raw`(?<word>${LETTER}[${LETTER_OR_DIGIT}]*(?:['’]${LETTER}+)*)`,
    // Symbols that carry signal on their own (money, emphasis).
    String.raw`(?<symbol>[$€£¥!%])`,
  ].join('|'),
  'gv',
);

/** Words longer than this are encoded/counted as one shared token (base64 debris, hashes). */
const MAX_WORD_LENGTH = 30;
const LONG_TOKEN = '<long>';

/**
 * Splits text into normalised tokens: NFKC, lower case; URLs, e-mail
 * addresses and numbers collapse to `<url>`, `<email>`, `<num>`; words are
 * runs of letters and digits starting with a letter (with inner apostrophes),
 * words over 30 characters become `<long>`; each Chinese or Japanese
 * character is a token; `$ € £ ¥ ! %` are tokens of their own; everything
 * else separates tokens. `maxTokens` stops early (for encoding long texts).
 *
 * @example
 * tokenize("WIN $1,000 now!!! See http://x.example/offer — don't wait");
 * // ['win', '$', '<num>', 'now', '!', '!', '!', 'see', '<url>', "don't", 'wait']
 */
export function tokenize(text: string, maxTokens = Infinity): string[] {
  const tokens: string[] = [];
  if (maxTokens <= 0) return tokens;
  const normalised = text.normalize('NFKC').toLowerCase();
  for (const match of normalised.matchAll(TOKEN_PATTERN)) {
    const groups = match.groups ?? {};
    if (groups.url !== undefined) tokens.push(URL_TOKEN);
    else if (groups.email !== undefined) tokens.push(EMAIL_TOKEN);
    else if (groups.number !== undefined) tokens.push(NUMBER_TOKEN);
    else if (groups.word !== undefined) {
      const word = groups.word.replace(/’/g, "'");
      tokens.push(word.length > MAX_WORD_LENGTH ? LONG_TOKEN : word);
    } else tokens.push(match[0]);
    if (tokens.length >= maxTokens) break;
  }
  return tokens;
}

/** Options for {@link Vocabulary.build}. */
export interface VocabularyOptions {
  /** Keep at most this many tokens besides the reserved ones (default 5,000). */
  maxTokens?: number;
  /** Drop tokens seen fewer times (default 2). */
  minCount?: number;
}

/** A vocabulary as plain JSON: the token at each id, reserved ones first. */
export interface VocabularyJson {
  tokens: string[];
}

/**
 * Token ↔ id mapping: ids 0 and 1 are `<pad>` and `<oov>`, then the kept
 * tokens from most to least frequent.
 */
export class Vocabulary {
  private readonly ids: Map<string, number>;

  private constructor(readonly tokens: readonly string[]) {
    this.ids = new Map(tokens.map((token, id) => [token, id]));
  }

  /**
   * Counts tokens over the given token lists and keeps the `maxTokens` most
   * frequent ones seen at least `minCount` times (ties: code-unit order).
   *
   * @example
   * const vocabulary = Vocabulary.build(sourceTexts.map(tokenize), { maxTokens: 5000 });
   */
  static build(tokenLists: Iterable<readonly string[]>, options: VocabularyOptions = {}): Vocabulary {
    const maxTokens = options.maxTokens ?? 5000;
    const minCount = options.minCount ?? 2;
    if (!(Number.isSafeInteger(maxTokens) && maxTokens >= 0)) {
      throw new RangeError(`maxTokens must be a non-negative integer, got ${maxTokens}`);
    }
    if (!(Number.isSafeInteger(minCount) && minCount >= 1)) {
      throw new RangeError(`minCount must be a positive integer, got ${minCount}`);
    }
    const counts = new Map<string, number>();
    for (const tokens of tokenLists) {
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    for (const reserved of RESERVED_TOKENS) counts.delete(reserved);
    const kept = [...counts]
      .filter(([, count]) => count >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxTokens)
      .map(([token]) => token);
    return new Vocabulary([...RESERVED_TOKENS, ...kept]);
  }

  /** Restores a vocabulary saved with {@link Vocabulary.toJSON}. */
  static fromJSON(json: VocabularyJson): Vocabulary {
    const tokens = json?.tokens;
    if (!Array.isArray(tokens) || tokens.some((token) => typeof token !== 'string')) {
      throw new Error('a vocabulary needs "tokens", an array of strings');
    }
    if (RESERVED_TOKENS.some((token, id) => tokens[id] !== token)) {
      throw new Error(`a vocabulary starts with ${RESERVED_TOKENS.join(', ')}`);
    }
    if (new Set(tokens).size !== tokens.length) throw new Error('a vocabulary lists a token twice');
    return new Vocabulary([...tokens]);
  }

  /** Ids in use, reserved ones included: the model's `vocabularySize`. */
  get size(): number {
    return this.tokens.length;
  }

  /** The id of `token`, or {@link OOV_ID}. */
  idOf(token: string): number {
    return this.ids.get(token) ?? OOV_ID;
  }

  toJSON(): VocabularyJson {
    return { tokens: [...this.tokens] };
  }
}

/** A tokenizer as plain JSON. */
export interface TextTokenizerJson {
  sequenceLength: number;
  vocabulary: VocabularyJson;
}

/**
 * Text → fixed-length rows of token ids: the first `sequenceLength` tokens
 * (longer texts are truncated), then {@link PAD_ID} to the end.
 *
 * @example
 * const tokenizer = new TextTokenizer(Vocabulary.build(texts.map(tokenize)), 128);
 * const row = tokenizer.encode('cheap meds now'); // Int32Array(128)
 */
export class TextTokenizer {
  constructor(
    readonly vocabulary: Vocabulary,
    readonly sequenceLength: number,
  ) {
    if (!(Number.isSafeInteger(sequenceLength) && sequenceLength >= 1)) {
      throw new RangeError(`sequenceLength must be a positive integer, got ${sequenceLength}`);
    }
  }

  static fromJSON(json: TextTokenizerJson): TextTokenizer {
    return new TextTokenizer(Vocabulary.fromJSON(json.vocabulary), json.sequenceLength);
  }

  /** The `vocabularySize` a model over these ids needs. */
  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  /** One text as a new row of ids. */
  encode(text: string): Int32Array {
    const row = new Int32Array(this.sequenceLength);
    this.encodeInto(text, row, 0);
    return row;
  }

  /** Writes one text's ids into `out` at `offset` (sequenceLength values, padding included). */
  encodeInto(text: string, out: Int32Array, offset: number): void {
    this.encodeTokensInto(tokenize(text, this.sequenceLength), out, offset);
  }

  /** Like {@link encodeInto} for text already split by {@link tokenize}. */
  encodeTokensInto(tokens: readonly string[], out: Int32Array, offset: number): void {
    const n = Math.min(tokens.length, this.sequenceLength);
    for (let i = 0; i < n; i++) out[offset + i] = this.vocabulary.idOf(tokens[i]);
    out.fill(PAD_ID, offset + n, offset + this.sequenceLength);
  }

  /** Many texts as one row-major array, texts.length × sequenceLength. */
  encodeAll(texts: readonly string[]): Int32Array {
    const out = new Int32Array(texts.length * this.sequenceLength);
    texts.forEach((text, i) => this.encodeInto(text, out, i * this.sequenceLength));
    return out;
  }

  toJSON(): TextTokenizerJson {
    return { sequenceLength: this.sequenceLength, vocabulary: this.vocabulary.toJSON() };
  }
}
