/**
 * The service as bench:api and bench:latency run it: one or more separate processes
 * (bench-server.ts, with the node flags of the production start script) on one benchmark
 * database, plus the baseline table those processes insert into.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type pg from 'pg';
import { TEST_API_CONTACT_ENV } from '../../test/support/contact.js';
import type { BenchDatabase } from './bench-database.js';

export interface BenchServer {
  child: ChildProcess;
  url: string;
  key: string;
  tenantId: string;
  keys: string[];
  /** Bytes a recorded weighing stores (chain entry + index row); the baseline pads to this. */
  recordBytes: number;
}

export interface BenchService {
  servers: BenchServer[];
  /** Lines node printed as DeprecationWarning on any server's stderr (pg statement queueing). */
  deprecations: string[];
  stop(): Promise<void>;
}

/** The baseline table: a row stored like a chain entry's content (uncompressed, out of line). */
export async function createBaselineTable(admin: pg.Client): Promise<void> {
  await admin.query(
    'CREATE TABLE IF NOT EXISTS bench_baseline (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, recorded_at timestamptz NOT NULL, content text NOT NULL)',
  );
  // With the default storage the padded baseline row would be compressed to ~100 bytes and not be
  // "a row of similar size".
  await admin.query('ALTER TABLE bench_baseline ALTER COLUMN content SET STORAGE EXTERNAL');
  await admin.query('GRANT INSERT, SELECT ON bench_baseline TO pss_app');
}

/**
 * Starts `processes` service processes on the database, one after the other (the first creates
 * the organisation). Each process measures a recorded weighing's size itself and pads the
 * baseline rows it inserts to it.
 */
export async function startBenchService(
  database: BenchDatabase,
  options: {
    processes?: number;
    env?: Record<string, string>;
    /** Another checkout to run the service from (bench:api --compare-with). */
    cwd?: string;
  } = {},
): Promise<BenchService> {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: database.appUrl,
    PSEUDONYMISATION_SECRET: randomBytes(32).toString('base64url'),
    SIGNING_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    LOG_LEVEL: 'info',
    DB_POOL_MAX: '20',
    RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    ...TEST_API_CONTACT_ENV,
    ...options.env,
  };
  const servers: BenchServer[] = [];
  const deprecations: string[] = [];
  const stop = async () => {
    await Promise.all(
      servers.map(async ({ child }) => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }),
    );
  };
  try {
    for (let i = 0; i < (options.processes ?? 1); i++) {
      const child = spawn(
        process.execPath,
        ['--max-semi-space-size=64', '--import', 'tsx', 'bench/support/bench-server.ts'],
        { env, stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) },
      );
      createInterface({ input: child.stderr! }).on('line', (line) => {
        if (/DeprecationWarning/.test(line)) deprecations.push(line);
        process.stderr.write(`${line}\n`);
      });
      const started = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
      });
      servers.push({ child, ...(JSON.parse(started) as Omit<BenchServer, 'child'>) });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, deprecations, stop };
}

/** Median of a list of numbers. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
