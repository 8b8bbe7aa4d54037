/**
 * An RFC 4180 CSV reader that remembers where each record starts, so an
 * import can say "bad.csv line 17: …". Quoted fields may hold the delimiter,
 * doubled quotes and line breaks; CRLF and a UTF-8 byte-order mark are fine;
 * blank lines are skipped.
 */

/** One record and the (1-based) line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A syntax error at a line (1-based). */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Splits CSV text into records.
 *
 * @example
 * parseCsv('a,b\n1,"x, ""y"""\n');
 * // [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', 'x, "y"'] }]
 */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new RangeError(
      `a CSV delimiter is one character other than a quote or line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    // Skip blank lines between records.
    if (text[i] === '\n' || text[i] === '\r') {
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed');
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
          field += ch;
          i++;
        }
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvSyntaxError(line, `unexpected ${JSON.stringify(text[i])} after a closing quote`);
        }
      } else {
        const start = i;
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') i++;
        field = text.slice(start, i);
      }
      fields.push(field);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      // End of record: a line break or the end of the text.
      if (i < n) {
        if (text[i] === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
      }
      break;
    }
    records.push({ line: recordLine, fields });
  }
  return records;
}
