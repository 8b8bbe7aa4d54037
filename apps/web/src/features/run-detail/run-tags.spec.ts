import { describe, expect, it } from 'vitest';
import { parseTags, tagsText } from './run-tags';

describe('run tags', () => {
  it('parses comma-separated tags, trimmed, without empty or repeated ones', () => {
    expect(parseTags(' baseline, ,noisy , baseline')).toEqual(['baseline', 'noisy']);
    expect(parseTags('')).toEqual([]);
    expect(parseTags(tagsText(['a', 'b c']))).toEqual(['a', 'b c']);
  });
});
