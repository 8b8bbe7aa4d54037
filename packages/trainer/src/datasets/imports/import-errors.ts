/** What went wrong in an import, by file and line. */

/** One problem: the file (relative to the imported path's folder), the line for text files, and what is wrong. */
export interface ImportProblem {
  file: string;
  line?: number;
  message: string;
}

/** Problems listed in an error message; the rest are counted. */
const LISTED_PROBLEMS = 20;

/** Renders a problem as `file line N: message` or `file: message`. */
export function formatProblem(problem: ImportProblem): string {
  return problem.line === undefined
    ? `${problem.file}: ${problem.message}`
    : `${problem.file} line ${problem.line}: ${problem.message}`;
}

/**
 * An import that was refused. Nothing was written: an import succeeds whole
 * or changes nothing. The message lists the problems (up to 20), one a line;
 * `problems` holds them all.
 */
export class DatasetImportError extends Error {
  override name = 'DatasetImportError';
  readonly problems: ImportProblem[];

  constructor(problems: ImportProblem[] | string) {
    const list = typeof problems === 'string' ? [] : problems;
    const lines = list.slice(0, LISTED_PROBLEMS).map(formatProblem);
    if (list.length > LISTED_PROBLEMS) lines.push(`… and ${list.length - LISTED_PROBLEMS} more problems`);
    super(typeof problems === 'string' ? problems : lines.join('\n'));
    this.problems = list;
  }
}

/** Collects problems while reading; throws them all at once. */
export class ProblemList {
  readonly problems: ImportProblem[] = [];
  /** Stop collecting past this many (a wholly wrong file would otherwise list every line). */
  private static readonly LIMIT = 1000;

  add(file: string, message: string, line?: number): void {
    if (this.problems.length < ProblemList.LIMIT)
      this.problems.push({ file, message, ...(line === undefined ? {} : { line }) });
  }

  get count(): number {
    return this.problems.length;
  }

  /** Throws every problem so far, by file and then line (files in the order first reported). */
  throwIfAny(): void {
    if (!this.problems.length) return;
    const fileOrder = new Map<string, number>();
    for (const { file } of this.problems) if (!fileOrder.has(file)) fileOrder.set(file, fileOrder.size);
    const sorted = [...this.problems].sort(
      (a, b) =>
        (fileOrder.get(a.file) as number) - (fileOrder.get(b.file) as number) ||
        (a.line ?? 0) - (b.line ?? 0),
    );
    throw new DatasetImportError(sorted);
  }
}
