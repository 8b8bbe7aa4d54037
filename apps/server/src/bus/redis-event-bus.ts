import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { channelName, type BusTopic, type BusTopics, type EventBus, type Unsubscribe } from './event-bus.js';

type Handler = (message: unknown) => void;

/** Redis pub/sub: for many API servers and workers, and payloads larger than NOTIFY allows. */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<Handler>>();

  constructor(url: string, logger: Logger) {
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url, { lazyConnect: false });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error) => logger.warn({ err: error }, 'Redis event bus error'));
    }
    this.subscriber.on('message', (channel: string, payload: string) => {
      const handlers = this.handlers.get(channel);
      if (!handlers) return;
      let message: unknown;
      try {
        message = JSON.parse(payload);
      } catch {
        logger.warn({ channel }, 'ignored a malformed bus message');
        return;
      }
      for (const handler of handlers) handler(message);
    });
  }

  async publish<T extends BusTopic>(topic: T, message: BusTopics[T]): Promise<void> {
    await this.publisher.publish(channelName(topic), JSON.stringify(message));
  }

  async subscribe<T extends BusTopic>(
    topic: T,
    handler: (message: BusTopics[T]) => void,
  ): Promise<Unsubscribe> {
    const channel = channelName(topic);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(handler as Handler);
    return async () => {
      set.delete(handler as Handler);
    };
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    await this.publisher.quit().catch(() => undefined);
  }
}
