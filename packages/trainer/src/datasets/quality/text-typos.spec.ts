import { describe, expect, it } from 'vitest';
import { Rng } from '../../util/rng.js';
import { addTypos, CHARACTERS_PER_TOKEN, KEYBOARD_NEIGHBOURS, typoTokenIds } from './text-typos.js';

describe('keyboard typos', () => {
  it('knows the QWERTY neighbours, rows and diagonals', () => {
    expect([...KEYBOARD_NEIGHBOURS.get('g')!].sort()).toEqual(['b', 'f', 'h', 't', 'v', 'y']);
    expect([...KEYBOARD_NEIGHBOURS.get('q')!].sort()).toEqual(['1', '2', 'a', 'w']);
    expect(KEYBOARD_NEIGHBOURS.get('m')).toContain('n');
  });

  it('hits letters and digits at the per-character rate, only with neighbouring keys, keeping case', () => {
    const text = 'The Quick brown fox jumps over 13 lazy dogs. '.repeat(400);
    const typed = addTypos(text, 0.1, Rng.fromSeed(1));
    expect(typed.length).toBe(text.length);
    let eligible = 0;
    let hit = 0;
    for (let i = 0; i < text.length; i++) {
      const lower = text[i].toLowerCase();
      if (!KEYBOARD_NEIGHBOURS.has(lower)) {
        expect(typed[i]).toBe(text[i]);
        continue;
      }
      eligible++;
      if (typed[i] === text[i]) continue;
      hit++;
      expect(KEYBOARD_NEIGHBOURS.get(lower)).toContain(typed[i].toLowerCase());
      if (/[a-z]/i.test(typed[i])) expect(typed[i] === typed[i].toUpperCase()).toBe(text[i] !== lower);
    }
    expect(Math.abs(hit / eligible - 0.1)).toBeLessThan(0.01);
  });

  it('is deterministic from the seed', () => {
    const text = 'deterministic typos';
    expect(addTypos(text, 0.5, Rng.fromSeed(7))).toBe(addTypos(text, 0.5, Rng.fromSeed(7)));
    expect(addTypos(text, 0.5, Rng.fromSeed(7))).not.toBe(addTypos(text, 0.5, Rng.fromSeed(8)));
  });
});

describe('token-id typos without raw text', () => {
  it('moves a token to a neighbouring id with probability 1 − (1 − rate)^5, never touching or making padding', () => {
    const vocabulary = 50;
    const ids = Int32Array.from({ length: 20_000 }, (_, i) => (i % 5 === 4 ? 0 : 1 + (i % 49)));
    const rate = 0.05;
    const typed = typoTokenIds(ids, vocabulary, rate, Rng.fromSeed(2));
    let tokens = 0;
    let changed = 0;
    const bad: string[] = [];
    ids.forEach((id, i) => {
      if (id === 0) {
        if (typed[i] !== 0) bad.push(`padding at ${i} became ${typed[i]}`);
        return;
      }
      tokens++;
      if (typed[i] === id) return;
      changed++;
      if (Math.abs(typed[i] - id) !== 1 || typed[i] <= 0 || typed[i] >= vocabulary) {
        bad.push(`${id} became ${typed[i]}`);
      }
    });
    expect(bad).toEqual([]);
    expect(Math.abs(changed / tokens - (1 - (1 - rate) ** CHARACTERS_PER_TOKEN))).toBeLessThan(0.015);
  });

  it('reflects at the ends of the vocabulary', () => {
    const typed = typoTokenIds(Int32Array.from([1, 49, 1, 49]), 50, 1, Rng.fromSeed(3));
    expect(Array.from(typed)).toEqual([2, 48, 2, 48]);
  });
});
