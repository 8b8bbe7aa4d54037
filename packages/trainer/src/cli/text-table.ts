/** Plain-text tables: columns padded with spaces, two spaces apart, no trailing blanks. */

export type Align = 'left' | 'right';

const GAP = '  ';

/** Pads `text` to `width` characters on the side `align` leaves free. */
export function pad(text: string, width: number, align: Align = 'left'): string {
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/**
 * Lays out rows whose widths are all known up front (listings, summaries).
 *
 * @example
 * formatTable([['mnist', '10'], ['synthetic-image', '4']], { header: ['name', 'classes'], align: ['left', 'right'] });
 */
export function formatTable(
  rows: string[][],
  options: { header?: string[]; align?: Align[] } = {},
): string[] {
  const all = options.header ? [options.header, ...rows] : rows;
  const columns = Math.max(0, ...all.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(0, ...all.map((row) => (row[i] ?? '').length)),
  );
  return all.map((row) => joinCells(row, widths, options.align ?? []));
}

/**
 * Columns of fixed width for rows that arrive one at a time (one per epoch), so
 * a row can be printed the moment it exists and still line up with the header.
 */
export class StreamingTable {
  private readonly widths: number[];

  constructor(private readonly columns: { header: string; width: number; align: Align }[]) {
    this.widths = columns.map((c) => Math.max(c.header.length, c.width));
  }

  header(): string {
    return joinCells(
      this.columns.map((c) => c.header),
      this.widths,
      this.columns.map((c) => c.align),
    );
  }

  row(cells: string[]): string {
    return joinCells(
      cells,
      this.widths,
      this.columns.map((c) => c.align),
    );
  }
}

function joinCells(cells: string[], widths: number[], align: Align[]): string {
  return cells
    .map((cell, i) => pad(cell, widths[i] ?? cell.length, align[i]))
    .join(GAP)
    .trimEnd();
}
