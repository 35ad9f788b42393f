/** The real service in-process, on a fresh database, as the tests' subject. */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import supertest from 'supertest';
import { generateSigningKeyPem } from '../../src/audit/signing.js';
import type { Scope } from '../../src/auth/principal.js';
import { parseEnv } from '../../src/config/env.js';
import { Database } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import { loggerOptions } from '../../src/http/logging.js';
import { appOptions, type Backend, createBackend } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_PSEUDONYMISATION_SECRET = 'test-pseudonymisation-secret-0123456789';
/** One Ed25519 signing key per test process (the public key is served by GET /v1/audit/public-key). */
export const TEST_SIGNING_KEY = generateSigningKeyPem();

export interface TestApp {
  app: FastifyInstance;
  backend: Backend;
  db: TestDatabase;
  http: ReturnType<typeof supertest>;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Creates a tenant (if needed) and an API key for it; returns the key and ids. */
  createKey(
    tenantName: string,
    scopes?: Scope[],
  ): Promise<{ key: string; tenantId: string; apiKeyId: string }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  database?: TestDatabase;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const env = parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: db.appUrl,
    PSEUDONYMISATION_SECRET: TEST_PSEUDONYMISATION_SECRET,
    SIGNING_KEY: TEST_SIGNING_KEY,
    LOG_LEVEL: 'info',
    // Event-loop load shedding off unless a test is about it (hardening.test.ts): on a starved,
    // shared machine under-pressure takes the delay as infinite and sheds every request with 503.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...options.env,
  });
  const database = new Database({
    url: db.appUrl,
    poolMax: env.DB_POOL_MAX,
    connectionTimeoutMs: env.DB_CONNECTION_TIMEOUT_MS,
    idleTimeoutMs: env.DB_IDLE_TIMEOUT_MS,
    statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
  });
  const logs: Array<Record<string, unknown>> = [];
  const logStream = captureLogs(logs);
  // The services' own log lines (the transparency log's witness and TSA outcomes) go with the app's.
  const backend = createBackend(database, env, pino(loggerOptions(env.LOG_LEVEL), logStream));
  const app = await buildApp({ ...appOptions(env, backend), logStream });
  await app.ready();
  return {
    app,
    backend,
    db,
    http: supertest(app.server),
    logs,
    createKey: async (tenantName, scopes = ['assess', 'read', 'audit', 'admin']) => {
      const tenant = await backend.tenants.ensure(tenantName);
      const created = await backend.apiKeys.create(
        tenant.id,
        { name: `test key ${scopes.join(',')}`, scopes },
        { operator: 'cli' },
      );
      return { key: created.key, tenantId: tenant.id, apiKeyId: created.id };
    },
    close: async () => {
      await app.close();
      await backend.apiKeys.close();
      await backend.verifier.close();
      await database.close();
      if (!options.database) await db.drop();
    },
  };
}

/**
 * A pino destination that parses every line into `logs` and, when PSS_TEST_LOG_DIR is set (by
 * vitest.config.ts, for every run), also appends it to a file there: the log-audit project reads
 * the logs of the whole integration run once it has finished (test/log-audit).
 */
export function captureLogs(logs: Array<Record<string, unknown>>): Writable {
  const dir = process.env.PSS_TEST_LOG_DIR;
  let file: string | undefined;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    file = join(dir, `${process.pid}-${randomBytes(6).toString('hex')}.ndjson`);
  }
  return new Writable({
    write(chunk, _encoding, callback) {
      const text = String(chunk);
      if (file) appendFileSync(file, text);
      for (const line of text.split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      callback();
    },
  });
}
