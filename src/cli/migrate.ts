/**
 * npm run db:migrate
 *
 * Applies the SQL migrations to MIGRATION_DATABASE_URL (an owner role), or to DATABASE_URL when
 * that is unset. With APP_DB_USER and APP_DB_PASSWORD it also ensures the service's login role: a
 * member of pss_app, which may only read and append to audit tables. Production never migrates
 * implicitly; this command is the deliberate step (docker compose runs it as a one-shot service).
 */
import { z } from 'zod';
import { postgresUrl } from '../config/env.js';
import { applyMigrations, ensureAppRole, shippedMigrationVersions } from '../db/migrations.js';
import { describeDatabaseUrl, probeDatabase } from '../db/preflight.js';
import { StartupError } from '../errors.js';

const env = z
  .object({
    MIGRATION_DATABASE_URL: postgresUrl.optional(),
    DATABASE_URL: postgresUrl.optional(),
    APP_DB_USER: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase SQL identifier')
      .optional(),
    APP_DB_PASSWORD: z.string().min(16, 'must be at least 16 characters').optional(),
  })
  .safeParse(process.env);
if (!env.success) {
  for (const issue of env.error.issues) process.stderr.write(`${issue.path.join('.')}: ${issue.message}\n`);
  process.exit(78);
}
const url = env.data.MIGRATION_DATABASE_URL ?? env.data.DATABASE_URL;
if (!url) {
  process.stderr.write(
    'Set MIGRATION_DATABASE_URL (or DATABASE_URL). Without a database URL `npm start` migrates its embedded database itself.\n',
  );
  process.exit(78);
}
if (Boolean(env.data.APP_DB_USER) !== Boolean(env.data.APP_DB_PASSWORD)) {
  process.stderr.write('Set both APP_DB_USER and APP_DB_PASSWORD to create the service role.\n');
  process.exit(78);
}
const variable = env.data.MIGRATION_DATABASE_URL ? 'MIGRATION_DATABASE_URL' : 'DATABASE_URL';
try {
  await probeDatabase(variable, url);
  await applyMigrations(url);
  process.stdout.write(`migrations applied: ${shippedMigrationVersions().join(', ')}\n`);
  if (env.data.APP_DB_USER && env.data.APP_DB_PASSWORD) {
    await ensureAppRole(url, env.data.APP_DB_USER, env.data.APP_DB_PASSWORD);
    process.stdout.write(`login role ${env.data.APP_DB_USER} ensured (member of pss_app)\n`);
  }
} catch (error) {
  // A user's mistake or an unreachable server: one sentence, no stack, no secret.
  const message =
    error instanceof StartupError ||
    (error instanceof Error && error.message.startsWith('Applying the migrations'))
      ? error.message
      : `Migrating ${describeDatabaseUrl(url)} failed (${error instanceof Error ? error.name : 'error'}${
          typeof (error as { code?: unknown }).code === 'string' ? ` ${(error as { code: string }).code}` : ''
        }).`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
