import { pino, type Logger } from 'pino';

/** Structured JSON logs (pino); `component` tells the API server, worker and migrator apart. */
export function createLogger(component: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { component, pid: process.pid } });
}

export type { Logger };
