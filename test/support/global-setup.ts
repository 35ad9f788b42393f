/**
 * Starts one real PostgreSQL for the integration test run: an embedded one in a temporary
 * directory when DATABASE_URL is unset (so `npm test` needs nothing installed), or the server in
 * DATABASE_URL (a superuser URL). A template database is migrated once; every test file clones it,
 * which takes milliseconds and keeps files independent.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { applyMigrations, ensureAppRole } from '../../src/db/migrations.js';

export const TEMPLATE_DB = 'pss_test_template';
export const TEST_APP_ROLE = 'pss_test_service';

declare module 'vitest' {
  export interface ProvidedContext {
    pgSuperuserUrl: string;
    pgAppPassword: string;
  }
}

let embedded: EmbeddedDatabase | undefined;
let dataRoot: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let superuserUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!superuserUrl) {
    dataRoot = mkdtempSync(join(tmpdir(), 'pss-test-'));
    // When run as root the server runs as the `postgres` user, which must be able to enter it.
    chmodSync(dataRoot, 0o755);
    const password = randomBytes(12).toString('hex');
    const port = 55000 + Math.floor(Math.random() * 5000);
    embedded = await startEmbeddedPostgres({
      dataDir: join(dataRoot, 'pg'),
      port,
      password,
      // A throwaway cluster: durability settings only slow the tests down.
      serverFlags: [
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
      ],
    });
    superuserUrl = embedded.superuserUrl('postgres');
  }
  const appPassword = randomBytes(12).toString('hex');
  const admin = new pg.Client({ connectionString: superuserUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const templateUrl = databaseUrl(superuserUrl, TEMPLATE_DB);
  await applyMigrations(templateUrl);
  await ensureAppRole(templateUrl, TEST_APP_ROLE, appPassword);

  project.provide('pgSuperuserUrl', superuserUrl);
  project.provide('pgAppPassword', appPassword);

  return async () => {
    await embedded?.stop();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
    // The run's captured logs (test/support/service.ts), read by the log-audit project before this.
    if (process.env.PSS_TEST_LOG_DIR) rmSync(process.env.PSS_TEST_LOG_DIR, { recursive: true, force: true });
  };
}

export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
