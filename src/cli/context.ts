/**
 * Database access for the command-line tools. With DATABASE_URL they use that server. Without it
 * they use the embedded PostgreSQL of DATA_DIR on EMBEDDED_PG_PORT, as the service does: the one
 * `npm start` is running, or, when nothing is listening, they start it themselves for the duration
 * of the command. A database that cannot be reached is a message saying what to set, not a stack.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { ConfigError, type Env, parseEnv } from '../config/env.js';
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

/** A problem the user can fix; the tools print its message (never a stack) and exit 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Where a database URL points, without its credentials. */
function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    return '(an unparsable URL)';
  }
}

export async function openCliContext(): Promise<CliContext> {
  let env: Env;
  try {
    env = parseEnv();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  let url = env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (url) {
    if (!(await reachable(url))) {
      throw new CliError(
        `Cannot reach the database at ${serverOf(url)} (DATABASE_URL). Is it running, and is DATABASE_URL the one the service uses?`,
      );
    }
  } else {
    const dataDir = resolve(env.DATA_DIR);
    // Never create a database here: a command run with another DATA_DIR than the service's would
    // otherwise set up a second, empty one and change that instead.
    if (!existsSync(join(dataDir, 'postgres', 'PG_VERSION')) || !existsSync(join(dataDir, 'secrets.json'))) {
      throw new CliError(
        `There is no embedded database in DATA_DIR=${dataDir}. Start the service once (npm start), or run this ` +
          'with the DATA_DIR and EMBEDDED_PG_PORT the service runs with (or with DATABASE_URL).',
      );
    }
    const secrets = loadLocalSecrets(env.DATA_DIR);
    const ownerUrl = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/beroepsgeheim?sslmode=disable`;
    if (!(await reachable(ownerUrl))) {
      const { startEmbeddedPostgres } = await import('../db/embedded.js');
      const embedded = await startEmbeddedPostgres({
        dataDir: `${env.DATA_DIR}/postgres`,
        port: env.EMBEDDED_PG_PORT,
        password: secrets.postgresPassword,
      }).catch(() => {
        throw new CliError(
          `The embedded database in DATA_DIR=${dataDir} does not answer on port ${env.EMBEDDED_PG_PORT} ` +
            '(EMBEDDED_PG_PORT) and could not be started. If the service is running, run this with the same ' +
            'EMBEDDED_PG_PORT and DATA_DIR as the service.',
        );
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
  const backend = createBackend(db, env);
  return {
    env,
    backend,
    close: async () => {
      await backend.verifier.close();
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

/**
 * Runs a tool: a CliError (a problem the user can fix) is its message and exit code 1; anything
 * else is named, without a stack (DEBUG=1 prints it).
 */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof CliError) fail(error.message, 1);
    if (process.env.DEBUG) console.error(error);
    fail(
      `Failed: ${error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error)}`,
      1,
    );
  }
}
