/**
 * The channel on which the database announces API key changes (the api_keys_notify_change
 * trigger), and the pings that prove it still works (see services/api-key-cache.ts). One dedicated
 * connection per process, outside the pools: LISTEN belongs to a session.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';

export const KEY_CHANGE_CHANNEL = 'pss_api_key_changed';
const PING_PREFIX = 'ping:';

export interface KeyChangeHandler {
  /** A key changed (its revocation committed). */
  changed(keyId: string): void;
  /** A ping sent at `sentAt` arrived: every change committed before it has been delivered. */
  confirmed(sentAt: number): void;
  /** The connection is gone: changes may be missed until it is back. */
  lost(): void;
}

export interface KeyChangeListenerOptions {
  connectionString: string;
  pingIntervalMs?: number;
  /** A ping unanswered this long means the connection is dead. */
  pingTimeoutMs?: number;
  /** Stop for good once this says so (the database was closed). */
  closed?: () => boolean;
  logger?: Logger | undefined;
}

export class KeyChangeListener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private started = false;
  private retryDelayMs = 100;
  private pingOutstandingSince: number | undefined;
  /**
   * The client whose ping statement is still under way. The timer fires every interval whatever
   * the database's speed: a ping sent before the last one returned would be queued by the driver
   * on the one connection (deprecated in node-postgres 8, removed in 9), and a slow server would
   * pile them up. An unanswered ping is judged by its notification (pingTimeoutMs), not by these.
   */
  private pingInFlight: pg.Client | undefined;
  /** Tells this process's pings from those of other instances on the same channel. */
  private readonly instance = randomUUID();
  private readonly pingIntervalMs: number;
  private readonly pingTimeoutMs: number;

  constructor(
    private readonly handler: KeyChangeHandler,
    private readonly options: KeyChangeListenerOptions,
  ) {
    this.pingIntervalMs = options.pingIntervalMs ?? 250;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 2_000;
  }

  /** Starts listening (once); until the channel is confirmed, the cache is not used. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.timer = setInterval(() => this.tick(), this.pingIntervalMs);
    this.timer.unref();
    void this.connect();
  }

  /** The backend process id of the listening connection (tests end it to simulate a failure). */
  async backendPid(): Promise<number | undefined> {
    await this.connecting;
    const client = this.client as (pg.Client & { processID?: number }) | undefined;
    return client?.processID;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const client = this.client;
    this.client = undefined;
    this.handler.lost();
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: this.options.connectionString,
        application_name: 'beroepsgeheim-service (key changes)',
        keepAlive: true,
        connectionTimeoutMillis: 3_000,
      });
      client.on('notification', (message) => this.received(message.payload ?? ''));
      client.on('error', (error) => this.drop(client, error));
      client.on('end', () => this.drop(client));
      try {
        await client.connect();
        await client.query(`LISTEN ${KEY_CHANGE_CHANNEL}`);
        if (this.stopped) {
          await client.end();
          return;
        }
        this.client = client;
        this.retryDelayMs = 100;
        this.pingOutstandingSince = undefined;
        this.ping();
      } catch (error) {
        this.drop(client, error);
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private received(payload: string): void {
    if (payload.startsWith(PING_PREFIX)) {
      const [, instance, sentAt] = payload.split(':');
      if (instance !== this.instance) return;
      this.pingOutstandingSince = undefined;
      this.handler.confirmed(Number(sentAt));
      return;
    }
    this.handler.changed(payload);
  }

  private ping(): void {
    const client = this.client;
    if (!client || this.pingInFlight === client) return;
    const sentAt = Date.now();
    this.pingOutstandingSince ??= sentAt;
    this.pingInFlight = client;
    client
      .query('SELECT pg_notify($1, $2)', [KEY_CHANGE_CHANNEL, `${PING_PREFIX}${this.instance}:${sentAt}`])
      .catch((error: unknown) => this.drop(client, error))
      .finally(() => {
        if (this.pingInFlight === client) this.pingInFlight = undefined;
      });
  }

  private tick(): void {
    if (this.options.closed?.()) {
      void this.stop();
      return;
    }
    if (this.stopped) return;
    const client = this.client;
    if (!client) return; // reconnecting (see drop)
    if (
      this.pingOutstandingSince !== undefined &&
      Date.now() - this.pingOutstandingSince > this.pingTimeoutMs
    ) {
      this.drop(client, new Error('key change channel: ping unanswered'));
      return;
    }
    this.ping();
  }

  private readonly dropped = new WeakSet<pg.Client>();

  private drop(client: pg.Client, error?: unknown): void {
    this.handler.lost();
    if (this.dropped.has(client)) return;
    this.dropped.add(client);
    if (this.client === client) this.client = undefined;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (this.stopped) return;
    if (error) this.options.logger?.warn({ err: error }, 'API key change channel lost; keys are looked up');
    // Reconnect after a growing pause (tick() retries once it has passed).
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5_000);
    const retry = setTimeout(() => {
      if (!this.stopped && !this.client && !this.connecting) void this.connect();
    }, delay);
    retry.unref();
  }
}
