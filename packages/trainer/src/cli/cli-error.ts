/**
 * Bad input from the command line: `main` prints the message as one line on
 * stderr and exits 2. The message says what is wrong and what is allowed.
 */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** Library messages may span lines (tfjs errors do); stderr gets exactly one. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** How every error reaches stderr: one line, named after the program. */
export function errorLine(message: string): string {
  return `driftboard-train: ${oneLine(message)}\n`;
}
