/**
 * A production-like PostgreSQL for benchmarks: embedded, in a temporary directory, with the
 * server's default durability settings (fsync on, synchronous commit), migrated, with the
 * service's least-privilege role. Benchmarks measure ratios against a baseline in the same run,
 * on the same database, so the machine's speed cancels out.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { applyMigrations, ensureAppRole, withCredentials } from '../../src/db/migrations.js';

export interface BenchDatabase {
  ownerUrl: string;
  appUrl: string;
  /** The server's data directory (its postmaster.pid names the process to account CPU to). */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A connection as the database owner, for a benchmark's own set-up and checks (the baseline table,
 * counting records). An error on it after the server stops is expected and ignored.
 */
export async function connectOwner(database: BenchDatabase): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: database.ownerUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  return admin;
}

export async function startBenchDatabase(
  port = 57000 + Math.floor(Math.random() * 2000),
): Promise<BenchDatabase> {
  const root = mkdtempSync(join(tmpdir(), 'pss-bench-'));
  chmodSync(root, 0o755);
  const password = randomBytes(12).toString('hex');
  const server = await startEmbeddedPostgres({
    dataDir: join(root, 'pg'),
    port,
    password,
    serverFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=512MB'],
  });
  const admin = new pg.Client({ connectionString: server.superuserUrl('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const ownerUrl = server.superuserUrl('bench');
  await applyMigrations(ownerUrl);
  const appPassword = randomBytes(12).toString('hex');
  await ensureAppRole(ownerUrl, 'pss_bench', appPassword);
  return {
    ownerUrl,
    appUrl: withCredentials(ownerUrl, 'pss_bench', appPassword),
    dataDir: join(root, 'pg'),
    stop: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
