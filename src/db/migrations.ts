/**
 * Schema migrations are plain SQL files in prisma/migrations, applied by dbmate (a small,
 * offline-capable migration tool shipped as a binary in its npm package). `prisma migrate` is not
 * used: it needs a schema-engine binary downloaded at run time. prisma/schema.prisma mirrors the
 * SQL, and the schema-drift test proves the two agree.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveBinary } from 'dbmate';
import pg from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

/** The versions (timestamps) of the migrations this build ships, ascending. */
export function shippedMigrationVersions(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .map((name) => /^(\d+)_.+\.sql$/.exec(name)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort();
}

export async function applyMigrations(databaseUrl: string): Promise<void> {
  const binary = resolveBinary();
  const args = ['--url', databaseUrl, '--migrations-dir', MIGRATIONS_DIR, '--no-dump-schema', 'up'];
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`Applying the migrations failed: ${migrationOutput(output, databaseUrl)}`));
    });
  });
}

/**
 * The migration tool's complaint, fit to show: without the URL or any piece of its password (the
 * tool may quote parts of a URL it could not parse), and without the tool's own name.
 */
export function migrationOutput(output: string, databaseUrl: string): string {
  let text = output.replaceAll(databaseUrl, '<DATABASE_URL>');
  try {
    const password = new URL(databaseUrl).password;
    for (const secret of [password, decodeURIComponent(password)]) {
      if (secret.length >= 4) text = text.replaceAll(secret, '<password>');
    }
  } catch {
    // An unparsable URL is refused before it gets here (config/env.ts).
  }
  const lines = text
    .split('\n')
    .map((line) =>
      line
        .replace(/^Error:\s*/, '')
        .replace(/\bdbmate\b/gi, 'migrations')
        .trim(),
    )
    .filter(Boolean);
  return lines.slice(-5).join(' ') || 'no output';
}

/**
 * Ensures the login role the service connects as: a member of pss_app (SELECT/INSERT on audit
 * tables, nothing more), not the owner of any table. Idempotent; resets the password.
 */
export async function ensureAppRole(ownerUrl: string, user: string, password: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(user))
    throw new Error('The application role name must be a lowercase identifier');
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
    const literal = client.escapeLiteral(password);
    if (exists.rowCount === 0) {
      await client.query(`CREATE ROLE ${user} LOGIN PASSWORD ${literal} NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    } else {
      await client.query(`ALTER ROLE ${user} LOGIN PASSWORD ${literal}`);
    }
    await client.query(`GRANT pss_app TO ${user}`);
  } finally {
    await client.end();
  }
}

/** Replaces user and password of a connection URL. */
export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
