import pg from 'pg';
import type { Logger } from '../logger.js';
import {
  ChannelHandlers,
  channelName,
  type BusTopic,
  type BusTopics,
  type EventBus,
  type Unsubscribe,
} from './event-bus.js';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_NOTIFY_BYTES = 7999;
const RECONNECT_DELAY_MS = 500;

/**
 * LISTEN/NOTIFY on the database every process already shares. One dedicated
 * connection listens; it reconnects and re-listens if the server drops it.
 */
export class PostgresEventBus implements EventBus {
  readonly kind = 'postgres' as const;
  private listener: pg.Client | undefined;
  private readonly handlers = new ChannelHandlers();
  private closed = false;
  private connecting: Promise<pg.Client> | undefined;

  constructor(
    private readonly url: string,
    private readonly publisher: pg.Pool,
    private readonly logger: Logger,
  ) {}

  async publish<T extends BusTopic>(topic: T, message: BusTopics[T]): Promise<void> {
    const payload = JSON.stringify(message);
    if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) {
      throw new Error(
        `a ${topic} message of ${Buffer.byteLength(payload)} bytes exceeds PostgreSQL's NOTIFY limit; set REDIS_URL to use Redis`,
      );
    }
    await this.publisher.query('SELECT pg_notify($1, $2)', [channelName(topic), payload]);
  }

  async subscribe<T extends BusTopic>(
    topic: T,
    handler: (message: BusTopics[T]) => void,
  ): Promise<Unsubscribe> {
    const channel = channelName(topic);
    return this.handlers.add(channel, handler as (message: unknown) => void, async () => {
      const client = await this.connection();
      await client.query(`LISTEN ${channel}`);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.listener) return Promise.resolve(this.listener);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (note) => this.handlers.deliver(note.channel, note.payload, this.logger));
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'event bus connection lost; reconnecting');
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.relisten(), RECONNECT_DELAY_MS);
    });
    await client.connect();
    for (const channel of this.handlers.channels()) await client.query(`LISTEN ${channel}`);
    this.listener = client;
    return client;
  }

  private async relisten(): Promise<void> {
    if (this.closed) return;
    try {
      await this.connection();
    } catch (error) {
      this.logger.warn({ err: error }, 'event bus reconnect failed; retrying');
      setTimeout(() => void this.relisten(), RECONNECT_DELAY_MS);
    }
  }
}
