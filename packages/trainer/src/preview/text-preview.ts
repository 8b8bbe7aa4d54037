/**
 * The text preview: each example's text before and after the profile side by
 * side, wrapped to two columns, with the words the profile changed marked
 * `[like this]` in the after column.
 */

export interface TextPreviewPair {
  before: string;
  after: string;
  trueLabel: string;
  givenLabel: string;
}

export interface TextPreviewInput {
  title: string;
  pairs: TextPreviewPair[];
  /** Characters per column (default 50). */
  columnWidth?: number;
  /** Lines shown per example before the rest is summarised (default 16). */
  maxLines?: number;
}

/**
 * Renders the side-by-side diff as plain text lines (no escape codes), ending in a newline.
 *
 * @example
 * renderTextPreview({ title: 'spam', pairs: [{ before: 'hello', after: 'hellp', trueLabel: 'ham', givenLabel: 'ham' }] });
 */
export function renderTextPreview(input: TextPreviewInput): string {
  const width = input.columnWidth ?? 50;
  const maxLines = input.maxLines ?? 16;
  const lines = [input.title, ''];
  input.pairs.forEach((pair, i) => {
    const before = words(pair.before);
    const after = words(pair.after);
    const aligned = before.length === after.length;
    const changed = aligned ? before.filter((word, k) => word !== after[k]).length : undefined;
    const label =
      pair.givenLabel === pair.trueLabel ? pair.trueLabel : `${pair.givenLabel} (true: ${pair.trueLabel})`;
    const summary =
      changed === undefined ? 'word count changed' : `${changed} of ${before.length} words changed`;
    lines.push(`#${i + 1}  ${label}  (${summary})`);
    lines.push(`${'before'.padEnd(width)} | after`);
    const marked = aligned ? after.map((word, k) => (word === before[k] ? word : `[${word}]`)) : after;
    const rows = aligned ? wrapTogether(before, marked, width) : zip(before, marked, width);
    for (const [left, right] of rows.slice(0, maxLines))
      lines.push(`${left.padEnd(width)} | ${right}`.trimEnd());
    if (rows.length > maxLines) lines.push(`… ${rows.length - maxLines} more lines`);
    lines.push('');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

/** Wraps two equally long word lists at the same words, so each line pairs up. */
function wrapTogether(left: string[], right: string[], width: number): [string, string][] {
  const lines: [string, string][] = [];
  let a: string[] = [];
  let b: string[] = [];
  left.forEach((word, k) => {
    const fits =
      a.length === 0 ||
      ([...a, word].join(' ').length <= width && [...b, right[k]].join(' ').length <= width);
    if (!fits) {
      lines.push([a.join(' '), b.join(' ')]);
      a = [];
      b = [];
    }
    a.push(word);
    b.push(right[k]);
  });
  if (a.length) lines.push([a.join(' '), b.join(' ')]);
  return lines.map(([l, r]) => [clip(l, width), clip(r, width)]);
}

/** Wraps each side on its own and pairs the lines up. */
function zip(left: string[], right: string[], width: number): [string, string][] {
  const l = wrap(left, width);
  const r = wrap(right, width);
  return Array.from({ length: Math.max(l.length, r.length) }, (_, i) => [l[i] ?? '', r[i] ?? '']);
}

function wrap(items: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of items) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(clip(line, width));
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(clip(line, width));
  return lines;
}

/** A single word longer than the column is cut, so the columns stay aligned. */
function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
