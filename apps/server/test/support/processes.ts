import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** apps/server/dist: workers and child API servers run the compiled server, as in production. */
export const SERVER_DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
export const WORKER_ENTRY = `${SERVER_DIST}worker/main.js`;

const live = new Set<ChildProcess>();
// A test process that dies must not leave workers training against a dropped database.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ServerProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM (a clean shutdown), then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: the process dies at once, as on a power cut or an OOM kill. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: freeze and thaw it, e.g. to keep a worker from taking a job yet. */
  pause(): void;
  resume(): void;
}

/**
 * Spawns `node args…` with exactly `env` (plus PATH/HOME), keeps its output, and
 * resolves once a line of it matches `ready` (it rejects if the process exits first).
 */
export async function spawnServerProcess(
  args: string[],
  env: Record<string, string | undefined>,
  ready: RegExp,
  options: { name: string; timeoutMs?: number } = { name: 'process' },
): Promise<ServerProcess & { readyLine: string }> {
  if (!existsSync(WORKER_ENTRY)) {
    throw new Error(`${WORKER_ENTRY} is missing: build the server first (npx tsc -b)`);
  }
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const readyLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`${options.name} did not start within ${options.timeoutMs ?? 30_000} ms:\n${tail()}`),
        ),
      options.timeoutMs ?? 30_000,
    );
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 200) lines.shift();
        if (ready.test(line)) {
          clearTimeout(timer);
          resolve(line);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(`${options.name} exited (code ${code}, signal ${signal}) before it was ready:\n${tail()}`),
      );
    });
  });
  const tail = () => lines.slice(-40).join('\n');
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const handle: ServerProcess = {
    pid: child.pid!,
    child,
    exited,
    output: tail,
    async stop(graceMs = 10_000) {
      if (gone()) return;
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (gone()) return;
      child.kill('SIGKILL');
      await exited;
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
  try {
    return { ...handle, readyLine: await readyLine };
  } catch (error) {
    await handle.kill();
    throw error;
  }
}
