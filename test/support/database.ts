/** A fresh database per test file, cloned from the migrated template. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { withCredentials } from '../../src/db/migrations.js';
import { databaseUrl, TEMPLATE_DB, TEST_APP_ROLE } from './global-setup.js';

export interface TestDatabase {
  name: string;
  /** Superuser URL: for setting up and for tampering the way an attacker with full access would. */
  superuserUrl: string;
  /** The service's least-privilege role, as in production. */
  appUrl: string;
  /** Runs SQL as superuser. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  /**
   * Runs statements as superuser with the triggers switched off (session_replication_role =
   * replica): what an attacker with full database access can do.
   */
  asAttacker<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /**
   * Rows per table of the service's schema, read from the catalogue so that a table added later
   * is counted too: "nothing was written" must cover every table.
   */
  rowCounts(): Promise<Record<string, number>>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const root = inject('pgSuperuserUrl');
  const name = `pss_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: root });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const superuserUrl = databaseUrl(root, name);
  const pool = new pg.Pool({ connectionString: superuserUrl, max: 4 });
  // pool.end() resolves before its connections have closed; when drop() then terminates one
  // (57P01), the pool emits 'error', which must not become an uncaught exception.
  pool.on('error', () => undefined);
  return {
    name,
    superuserUrl,
    appUrl: withCredentials(superuserUrl, TEST_APP_ROLE, inject('pgAppPassword')),
    query: (sql, params) => pool.query(sql, params),
    asAttacker: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('SET session_replication_role = replica');
        return await fn(client);
      } finally {
        await client.query('SET session_replication_role = DEFAULT').catch(() => undefined);
        client.release();
      }
    },
    rowCounts: async () => {
      const { rows: tables } = await pool.query<{ name: string }>(
        `SELECT quote_ident(table_name) AS name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      );
      const { rows } = await pool.query<Record<string, string>>(
        `SELECT ${tables.map(({ name }) => `(SELECT count(*) FROM ${name}) AS ${name}`).join(', ')}`,
      );
      return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
    },
    drop: async () => {
      await pool.end();
      const client = new pg.Client({ connectionString: root });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
