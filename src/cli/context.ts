/**
 * Database access for the command-line tools. With DATABASE_URL they use that server. Without it
 * they use the embedded PostgreSQL of DATA_DIR: the one `npm start` is running, or, when nothing
 * is listening, they start it themselves for the duration of the command.
 */
import pg from 'pg';
import { type Env, parseEnv } from '../config/env.js';
import { loadLocalSecrets } from '../config/secrets.js';
import { Database } from '../db/database.js';
import { applyMigrations, ensureAppRole, withCredentials } from '../db/migrations.js';
import { type Backend, createBackend, EMBEDDED_APP_ROLE } from '../server.js';

export interface CliContext {
  env: Env;
  backend: Backend;
  close(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openCliContext(): Promise<CliContext> {
  const env = parseEnv();
  let url = env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const secrets = loadLocalSecrets(env.DATA_DIR);
    const ownerUrl = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/beroepsgeheim?sslmode=disable`;
    if (!(await reachable(ownerUrl))) {
      const { startEmbeddedPostgres } = await import('../db/embedded.js');
      const embedded = await startEmbeddedPostgres({
        dataDir: `${env.DATA_DIR}/postgres`,
        port: env.EMBEDDED_PG_PORT,
        password: secrets.postgresPassword,
      });
      stopEmbedded = () => embedded.stop();
      const maintenance = new pg.Client({ connectionString: embedded.superuserUrl('postgres') });
      await maintenance.connect();
      const exists = await maintenance.query("SELECT 1 FROM pg_database WHERE datname = 'beroepsgeheim'");
      if (exists.rowCount === 0) await maintenance.query('CREATE DATABASE beroepsgeheim');
      await maintenance.end();
      await applyMigrations(ownerUrl);
      await ensureAppRole(ownerUrl, EMBEDDED_APP_ROLE, secrets.appDbPassword);
    }
    url = withCredentials(ownerUrl, EMBEDDED_APP_ROLE, secrets.appDbPassword);
  }
  const db = new Database({
    url,
    poolMax: 4,
    connectionTimeoutMs: env.DB_CONNECTION_TIMEOUT_MS,
    idleTimeoutMs: env.DB_IDLE_TIMEOUT_MS,
    // Verification of a long chain is one long read; give it room.
    statementTimeoutMs: Math.max(env.DB_STATEMENT_TIMEOUT_MS, 120_000),
  });
  return {
    env,
    backend: createBackend(db, env),
    close: async () => {
      await db.close();
      await stopEmbedded?.();
    },
  };
}

/** Minimal `--name value` / `--flag` parsing for the tools' few options. */
export function parseArgs(argv: string[]): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) options[name] = inline;
      else if (next !== undefined && !next.startsWith('--')) {
        options[name] = next;
        i++;
      } else options[name] = true;
    } else positional.push(arg);
  }
  return { positional, options };
}

export function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
