/** Where the CLI writes. Injected so tests can run `main()` in-process and read what it printed. */
export interface CliStream {
  write(text: string): unknown;
  /** Only a terminal gets the transient "epoch N running…" line; pipes and files get plain lines. */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /**
   * Cancels training like Ctrl-C does. When absent, `main` listens for SIGINT
   * itself; embedders and tests pass their own so no process-wide handler is installed.
   */
  signal?: AbortSignal;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}
