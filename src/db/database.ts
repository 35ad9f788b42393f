/**
 * The connection pool and the Prisma client on top of it (driver adapter on node-postgres).
 *
 * Pool settings are explicit: Prisma 7 with a driver adapter inherits node-postgres defaults,
 * which wait forever for a free connection and for an unreachable server. Bounded waits are what
 * make a database outage a fast 503 instead of requests piling up.
 */

import type { Writable } from 'node:stream';
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
/**
 * A node-postgres connection inside a transaction, for the append path of the audit trail. That
 * path writes a batch of 4–6 KB records per transaction; through the ORM the parameters cost
 * several times the database's own work (measured: ~45 ms vs ~6 ms for 32 records), so there the
 * repositories speak SQL to the driver directly. Everything else goes through Prisma.
 */
export type SqlTx = Pick<pg.PoolClient, 'query'>;

/** One SQL statement with its parameters, built by a repository and run inside a batch. */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

export class Database {
  readonly pool: pg.Pool;
  /**
   * Connections reserved for appending to the audit trail, so a burst of reads can never make the
   * writer wait for a connection (appends are serialised per organisation, so a few suffice).
   * They run in node-postgres's pipeline mode: a batch's statements are written to the server at
   * once, each with its own result, so a batch costs one round trip (see pipelinedTransaction).
   */
  readonly appendPool: pg.Pool;
  /**
   * Connections in pipeline mode for other short transactions of a few statements written at once
   * (pipelinedTransaction's default, e.g. processing-log records): one round trip each. The main
   * pool cannot pipeline: Prisma and the COPY and cursor streams use it, which pipeline mode refuses.
   */
  readonly pipelinedPool: pg.Pool;
  readonly prisma: PrismaClient;
  private closed = false;
  private readonly extraPools: pg.Pool[] = [];

  constructor(
    private readonly options: DatabaseOptions,
    private readonly logger?: Logger,
  ) {
    const name = options.applicationName ?? 'beroepsgeheim-service';
    const shared = {
      connectionString: options.url,
      connectionTimeoutMillis: options.connectionTimeoutMs,
      idleTimeoutMillis: options.idleTimeoutMs,
      // Server-side limit per statement, and a client-side one in case the server stops answering.
      statement_timeout: options.statementTimeoutMs,
      query_timeout: options.statementTimeoutMs + 1_000,
      idle_in_transaction_session_timeout: Math.max(options.statementTimeoutMs * 4, 10_000),
      keepAlive: true,
    };
    this.pool = new pg.Pool({ ...shared, max: options.poolMax, application_name: name });
    this.appendPool = new pg.Pool({
      ...shared,
      max: 2,
      application_name: `${name} (audit append)`,
      pipeline: true,
    });
    this.pipelinedPool = new pg.Pool({
      ...shared,
      max: Math.max(2, Math.ceil(options.poolMax / 2)),
      application_name: name,
      pipeline: true,
    });
    this.pipelinedPool.on('error', (error) => logger?.warn({ err: error }, 'idle database connection lost'));
    this.appendPool.on('error', (error) => logger?.warn({ err: error }, 'idle database connection lost'));
    // An idle connection dropped by a restarting server emits 'error' on the pool; without a
    // listener that would crash the process. The next checkout simply opens a new connection.
    this.pool.on('error', (error) => logger?.warn({ err: error }, 'idle database connection lost'));
    this.listenForLostConnections(this.pool);
    this.listenForLostConnections(this.appendPool);
    this.listenForLostConnections(this.pipelinedPool);
    const adapter = new PrismaPg(this.pool, {
      onPoolError: (error) => logger?.warn({ err: error }, 'database pool error'),
    });
    this.prisma = new PrismaClient({ adapter });
  }

  /** The URL this database was opened with (worker threads open their own connections with it). */
  get url(): string {
    return this.options.url;
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
    pool.on('error', (error) => this.logger?.warn({ err: error }, 'idle database connection lost'));
    this.listenForLostConnections(pool);
    this.extraPools.push(pool);
    return pool;
  }

  /**
   * The pool listens for errors of idle connections only: a connection that the server drops
   * while it is checked out (a restart, a failover) emits 'error' with no listener, which crashes
   * the process. Every connection gets its own listener for its whole life; the query under way
   * fails with the same error, and the code that checked the connection out discards it.
   */
  private listenForLostConnections(pool: pg.Pool): void {
    pool.on('connect', (client) => {
      client.on('error', (error) => this.logger?.warn({ err: error }, 'database connection lost'));
    });
  }

  /**
   * Runs `fn` in one transaction on a pooled node-postgres connection. Waiting for a connection
   * is bounded by the pool's connection timeout; a connection that failed mid-transaction is
   * discarded rather than returned to the pool.
   */
  async sqlTransaction<T>(fn: (tx: SqlTx) => Promise<T>, pool: pg.Pool = this.pool): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      let begin: Promise<unknown>;
      if (client.pipeline) {
        // Pipelined: BEGIN goes out with fn's first statement, at no extra round trip; a failure
        // surfaces through that statement. When fn fails first, BEGIN's own failure (e.g. the
        // connection was lost) must not go unhandled: that would stop the process.
        begin = client.query('BEGIN');
        begin.catch(() => undefined);
      } else {
        // Without pipeline mode a second query while one is under way would be queued by the
        // driver, which node-postgres 8 deprecates (and 9 removes).
        begin = client.query('BEGIN');
        await begin;
      }
      const result = await fn(client);
      await begin;
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Runs the statements as one transaction in a single round trip: BEGIN, the statements and
   * COMMIT are written to the server at once on a connection in pipeline mode (pipelinedPool or
   * appendPool),
   * each with its own Sync, and the server runs them in order. If any statement fails, the
   * transaction is aborted: the statements after it fail too and PostgreSQL turns the COMMIT of an
   * aborted transaction into a ROLLBACK; the first error is thrown and the connection discarded.
   * On a connection without pipeline mode the driver would queue the statements instead (one
   * round trip each, and deprecated in node-postgres 8), so that is refused.
   */
  async pipelinedTransaction(statements: SqlStatement[], pool: pg.Pool = this.pipelinedPool): Promise<void> {
    const client = await pool.connect();
    let failed: unknown;
    try {
      if (!client.pipeline) {
        failed = new Error('pipelinedTransaction needs a pool in pipeline mode (appendPool, pipelinedPool)');
        throw failed;
      }
      // One write for the whole batch: node-postgres corks the socket only around each statement's
      // own messages, so a batch of n statements was n + 2 writes (system calls, and as many
      // wake-ups of the server). Nested corks count, so the statements' own uncorks only flush
      // when this one does. The bytes sent are the same.
      const socket = socketOf(client);
      socket?.cork();
      let all: Array<Promise<pg.QueryResult>>;
      try {
        all = [
          client.query('BEGIN'),
          ...statements.map((s) => client.query(s.text, s.values)),
          client.query('COMMIT'),
        ];
      } finally {
        socket?.uncork();
      }
      const settled = await Promise.allSettled(all);
      const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (rejected) {
        failed = rejected.reason;
        throw rejected.reason;
      }
      const commit = (settled.at(-1) as PromiseFulfilledResult<pg.QueryResult>).value;
      if (commit.command !== 'COMMIT') {
        failed = new Error(`transaction ended with ${commit.command}`);
        throw failed;
      }
    } finally {
      client.release(failed === undefined ? undefined : (failed as Error));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.prisma.$disconnect();
    await Promise.all([
      this.pool.end(),
      this.appendPool.end(),
      this.pipelinedPool.end(),
      ...this.extraPools.map((p) => p.end()),
    ]);
  }
}

/** The socket of a connected node-postgres client (absent in drivers without one, e.g. a stub). */
export function socketOf(client: pg.PoolClient): { cork(): void; uncork(): void } | undefined {
  const stream = (client as unknown as { connection?: { stream?: Partial<Writable> } }).connection?.stream;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function'
    ? (stream as { cork(): void; uncork(): void })
    : undefined;
}
