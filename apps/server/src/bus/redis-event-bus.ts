import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import {
  ChannelHandlers,
  channelName,
  type BusTopic,
  type BusTopics,
  type EventBus,
  type Unsubscribe,
} from './event-bus.js';

/** Redis pub/sub: for many API servers and workers, and payloads larger than NOTIFY allows. */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new ChannelHandlers();

  constructor(url: string, logger: Logger) {
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url, { lazyConnect: false });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error) => logger.warn({ err: error }, 'Redis event bus error'));
    }
    this.subscriber.on('message', (channel: string, payload: string) =>
      this.handlers.deliver(channel, payload, logger),
    );
  }

  async publish<T extends BusTopic>(topic: T, message: BusTopics[T]): Promise<void> {
    await this.publisher.publish(channelName(topic), JSON.stringify(message));
  }

  async subscribe<T extends BusTopic>(
    topic: T,
    handler: (message: BusTopics[T]) => void,
  ): Promise<Unsubscribe> {
    const channel = channelName(topic);
    return this.handlers.add(channel, handler as (message: unknown) => void, async () => {
      await this.subscriber.subscribe(channel);
    });
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    await this.publisher.quit().catch(() => undefined);
  }
}
