/**
 * Keyboard-neighbour typos. When a source has its raw text (`text` hooks) the
 * text itself is corrupted — each letter or digit is replaced, with
 * probability `rate`, by a key next to it on a QWERTY keyboard (case kept) —
 * and re-tokenised. Without raw text, token ids stand in for words: see
 * {@link typoTokenIds}.
 */
import type { Rng } from '../../util/rng.js';

const KEY_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
/** Horizontal offset of each row on a staggered keyboard, in key widths. */
const ROW_OFFSETS = [0, 0.5, 0.75, 1.25];

/** Keys whose centres lie within 1.5 key widths: same-row and diagonal neighbours. */
function buildNeighbours(): Map<string, string[]> {
  const keys = KEY_ROWS.flatMap((row, y) => [...row].map((key, i) => ({ key, x: i + ROW_OFFSETS[y], y })));
  return new Map(
    keys.map((a) => [
      a.key,
      keys.filter((b) => b !== a && Math.hypot(a.x - b.x, a.y - b.y) < 1.5).map((b) => b.key),
    ]),
  );
}

/**
 * QWERTY neighbours of each lower-case letter and digit, e.g. `g` → `t y f h v b`.
 *
 * @example
 * KEYBOARD_NEIGHBOURS.get('g'); // ['t', 'y', 'f', 'h', 'v', 'b']
 */
export const KEYBOARD_NEIGHBOURS: ReadonlyMap<string, readonly string[]> = buildNeighbours();

/**
 * Replaces each letter or digit of `text`, with probability `rate`, by a random
 * keyboard neighbour. Other characters are kept and draw nothing, so the
 * stream of random numbers depends only on the letters and digits.
 *
 * @example
 * addTypos('hello world', 0.1, Rng.fromSeed(1)); // e.g. 'hellp world'
 */
export function addTypos(text: string, rate: number, rng: Rng): string {
  let out = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    const neighbours = KEYBOARD_NEIGHBOURS.get(lower);
    if (!neighbours || rng.next() >= rate) {
      out += char;
      continue;
    }
    const typo = neighbours[rng.int(neighbours.length)];
    out += char === lower ? typo : typo.toUpperCase();
  }
  return out;
}

/** Characters of an average English word: the chance a word gets a typo is 1 − (1 − rate)^5. */
export const CHARACTERS_PER_TOKEN = 5;
/** Token id 0 pads rows (the synthetic text set's convention and tfjs `maskZero`'s): never typo'd or produced. */
export const PAD_TOKEN_ID = 0;

/**
 * Typos for token ids without a tokenizer. A token stands for a word of
 * {@link CHARACTERS_PER_TOKEN} characters, so it is hit with probability
 * `1 − (1 − rate)^5`; a hit token becomes a neighbouring id (id − 1 or id + 1,
 * at random, reflected at the ends of the vocabulary), the nearest thing to a
 * "neighbouring key" a bare vocabulary has. Padding (id 0) is left alone.
 *
 * @example
 * typoTokenIds(Int32Array.from([5, 9, 0, 0]), 50, 0.05, Rng.fromSeed(1));
 */
export function typoTokenIds(inputs: Int32Array, vocabularySize: number, rate: number, rng: Rng): Int32Array {
  if (!(Number.isInteger(vocabularySize) && vocabularySize >= 3)) {
    throw new RangeError(`token typos need a vocabulary of at least 3 ids, got ${vocabularySize}`);
  }
  const hit = 1 - (1 - rate) ** CHARACTERS_PER_TOKEN;
  const out = Int32Array.from(inputs);
  for (let i = 0; i < out.length; i++) {
    const id = out[i];
    if (id === PAD_TOKEN_ID || rng.next() >= hit) continue;
    const step = rng.next() < 0.5 ? -1 : 1;
    let next = id + step;
    if (next <= PAD_TOKEN_ID || next >= vocabularySize) next = id - step;
    out[i] = next;
  }
  return out;
}
