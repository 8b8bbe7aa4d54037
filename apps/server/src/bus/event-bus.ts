/**
 * The cross-process event bus between workers and API servers: PostgreSQL
 * LISTEN/NOTIFY by default, Redis pub/sub when REDIS_URL is set. One typed
 * topic map, so a publisher and a subscriber cannot disagree on a payload.
 */
export type RunStatusName = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** Every event names its run's project, so API servers can show it only to tokens of that project. */
export type RunBusEvent = { runId: string; projectId: string } & (
  | { kind: 'epoch'; epoch: number; metrics: Record<string, number | string> }
  | { kind: 'status'; status: RunStatusName; error: string | null; at: string }
  | { kind: 'log'; level: 'INFO' | 'WARN' | 'ERROR'; message: string; at: string }
);

export interface BusTopics {
  /** Everything subscribers see about runs. */
  'run-event': RunBusEvent;
  /** Asks whichever worker runs it to stop. */
  'run-cancel': { runId: string };
}

export type BusTopic = keyof BusTopics;
export type Unsubscribe = () => Promise<void>;

export interface EventBus {
  readonly kind: 'postgres' | 'redis';
  publish<T extends BusTopic>(topic: T, message: BusTopics[T]): Promise<void>;
  subscribe<T extends BusTopic>(topic: T, handler: (message: BusTopics[T]) => void): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/** Channel names are prefixed so several driftboards can share a PostgreSQL or Redis. */
export const channelName = (topic: BusTopic) => `driftboard_${topic.replace('-', '_')}`;

type Handler = (message: unknown) => void;

/**
 * The handlers of each channel in one process, shared by both buses: a
 * channel is listened to once (`onFirstHandler`), however many handlers it has.
 */
export class ChannelHandlers {
  private readonly byChannel = new Map<string, Set<Handler>>();

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  async add(channel: string, handler: Handler, onFirstHandler: () => Promise<void>): Promise<Unsubscribe> {
    let set = this.byChannel.get(channel);
    if (!set) {
      set = new Set();
      this.byChannel.set(channel, set);
      await onFirstHandler();
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
    };
  }

  /** Parses a payload and hands it to the channel's handlers; a malformed one is logged and dropped. */
  deliver(channel: string, payload: string | undefined, logger: { warn(o: object, m: string): void }): void {
    const handlers = this.byChannel.get(channel);
    if (!handlers || payload === undefined) return;
    let message: unknown;
    try {
      message = JSON.parse(payload);
    } catch {
      logger.warn({ channel }, 'ignored a malformed bus message');
      return;
    }
    for (const handler of handlers) handler(message);
  }
}
