/**
 * The connection pool and the Prisma client on top of it (driver adapter on node-postgres).
 *
 * Pool settings are explicit: Prisma 7 with a driver adapter inherits node-postgres defaults,
 * which wait forever for a free connection and for an unreachable server. Bounded waits are what
 * make a database outage a fast 503 instead of requests piling up.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Logger } from 'pino';
import { PrismaClient } from '../generated/prisma/client.js';

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  connectionTimeoutMs: number;
  idleTimeoutMs: number;
  statementTimeoutMs: number;
  applicationName?: string;
}

export type Prisma = PrismaClient;
/** The client handed to repositories inside a transaction. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export class Database {
  readonly pool: pg.Pool;
  readonly prisma: PrismaClient;
  private closed = false;
  private readonly extraPools: pg.Pool[] = [];

  constructor(
    private readonly options: DatabaseOptions,
    private readonly logger?: Logger,
  ) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax,
      connectionTimeoutMillis: options.connectionTimeoutMs,
      idleTimeoutMillis: options.idleTimeoutMs,
      // Server-side limit per statement, and a client-side one in case the server stops answering.
      statement_timeout: options.statementTimeoutMs,
      query_timeout: options.statementTimeoutMs + 1_000,
      idle_in_transaction_session_timeout: Math.max(options.statementTimeoutMs * 4, 10_000),
      application_name: options.applicationName ?? 'beroepsgeheim-service',
      keepAlive: true,
    });
    // An idle connection dropped by a restarting server emits 'error' on the pool; without a
    // listener that would crash the process. The next checkout simply opens a new connection.
    this.pool.on('error', (error) =>
      logger?.warn({ err: { type: error.name } }, 'idle database connection lost'),
    );
    const adapter = new PrismaPg(this.pool, {
      onPoolError: (error) => logger?.warn({ err: { type: error.name } }, 'database pool error'),
    });
    this.prisma = new PrismaClient({ adapter });
  }

  /** Runs `fn` in one transaction with bounded waiting for a connection and for completion. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
    return this.prisma.$transaction(fn, { maxWait: 3_000, timeout: options.timeoutMs ?? 10_000 });
  }

  /**
   * A separate pool on the same database for long reads (streamed exports): its own size and
   * timeouts, no client-side query timeout (a cursor is read for as long as its statement timeout
   * allows), and it never takes connections from the request path. Closed with this database.
   */
  createPool(options: {
    max: number;
    statementTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
    applicationName: string;
  }): pg.Pool {
    const pool = new pg.Pool({
      connectionString: this.options.url,
      max: options.max,
      connectionTimeoutMillis: this.options.connectionTimeoutMs,
      idleTimeoutMillis: this.options.idleTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs,
      application_name: options.applicationName,
      keepAlive: true,
    });
    pool.on('error', (error) =>
      this.logger?.warn({ err: { type: error.name } }, 'idle database connection lost'),
    );
    this.extraPools.push(pool);
    return pool;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.prisma.$disconnect();
    await Promise.all([this.pool.end(), ...this.extraPools.map((p) => p.end())]);
  }
}
