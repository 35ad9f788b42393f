/**
 * npm run keys -- create --tenant <organisation> --name <what for> [--scopes assess,read,audit,admin]
 *                        [--caller-system <http(s) URL of the calling application>]
 *                        [--expires <date-time>] [--new-tenant]
 * npm run keys -- list [--tenant <organisation>]
 * npm run keys -- revoke <key uuid> --tenant <organisation>
 *
 * Key changes made here are recorded in the organisation's integrity chain like those made over
 * the API (actor: cli). The tools use the database the service uses: DATABASE_URL, or the embedded
 * one of DATA_DIR on EMBEDDED_PG_PORT (set them as for the service).
 */
import { isCallerSystem, SCOPES, type Scope } from '../auth/principal.js';
import { textProblem } from '../http/schemas/text.js';
import { ApiKeyRequestError } from '../services/api-keys.js';
import { CliError, fail, openCliContext, parseArgs, runCli } from './context.js';
import { printable } from './terminal.js';

const USAGE = `usage:
  npm run keys -- create --tenant <organisation> --name <purpose> [--scopes ${SCOPES.join(',')}]
                         [--caller-system <http(s) URL naming the calling application>]
                         [--expires <date-time, e.g. 2027-06-30T00:00:00Z>] [--new-tenant]
  npm run keys -- list [--tenant <organisation>]
  npm run keys -- revoke <key id (uuid)> --tenant <organisation>
(the database is the service's: set DATABASE_URL, or DATA_DIR and EMBEDDED_PG_PORT, as for npm start)`;

const { positional, options } = parseArgs(process.argv.slice(2));
const command = positional[0];
if (!command || !['create', 'list', 'revoke'].includes(command)) fail(USAGE);

const text = (name: string): string | undefined =>
  typeof options[name] === 'string' ? (options[name] as string) : undefined;
const out = (line: string) => process.stdout.write(`${line}\n`);

/** A name typed here obeys the same rules as over the API (no BSN, control or bidi characters). */
function checkedName(option: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > max) fail(`--${option} must be 1 to ${max} characters`);
  const problem = textProblem('name', trimmed);
  if (problem) fail(`--${option} ${problem.reason}`);
  return trimmed;
}

await runCli(async () => {
  const context = await openCliContext();
  try {
    const { backend } = context;
    if (command === 'create') {
      const tenantName = checkedName('tenant', text('tenant') ?? fail(`--tenant is required\n${USAGE}`), 200);
      const name = checkedName('name', text('name') ?? fail(`--name is required\n${USAGE}`), 200);
      const scopes = (text('scopes') ?? 'assess,read').split(',').map((s) => s.trim());
      const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
      if (unknown.length > 0 || scopes.length === 0)
        fail(`--scopes must be a comma-separated subset of ${SCOPES.join(',')}`);
      const callerSystem = text('caller-system');
      if (
        (options['caller-system'] !== undefined && callerSystem === undefined) ||
        (callerSystem !== undefined && !isCallerSystem(callerSystem))
      )
        fail('--caller-system must be an http(s) URL of at most 500 characters');
      if (callerSystem !== undefined) {
        const problem = textProblem('reference', callerSystem);
        if (problem) fail(`--caller-system ${problem.reason}`);
      }
      const expires = text('expires');
      const expiresAt = expires === undefined ? undefined : new Date(expires);
      if (expiresAt && Number.isNaN(expiresAt.getTime())) {
        fail('--expires must be a date-time such as 2027-06-30T00:00:00Z');
      }
      // A typo must not create an organisation: only when asked for.
      const existing = await backend.tenants.findByName(tenantName);
      if (!existing && options['new-tenant'] !== true) {
        throw new CliError(
          `There is no organisation named "${printable(tenantName)}". Check the name (npm run keys -- list), ` +
            'or add --new-tenant to create it.',
        );
      }
      const tenant = existing ?? (await backend.tenants.ensure(tenantName));
      const created = await backend.apiKeys
        .create(
          tenant.id,
          { name, scopes: scopes as Scope[], callerSystem: callerSystem ?? null, expiresAt },
          { operator: 'cli' },
        )
        .catch((error: unknown) => {
          if (error instanceof ApiKeyRequestError) throw new CliError(`--expires ${error.reason}`);
          throw error;
        });
      if (!existing) out(`created organisation ${printable(tenant.name)}`);
      out(`organisation: ${printable(tenant.name)} (${tenant.id})`);
      out(`key id:       ${created.id} (${created.keyId})`);
      out(`scopes:       ${created.scopes.join(', ')}`);
      if (created.callerSystem) out(`caller:       ${printable(created.callerSystem)}`);
      out(`expires:      ${created.expiresAt?.toISOString() ?? 'never (until revoked)'}`);
      out(`key:          ${created.key}`);
      out('Store the key now: only its hash is kept.');
    } else if (command === 'list') {
      const tenantName = text('tenant');
      const tenants = tenantName
        ? [await backend.tenants.findByName(tenantName)]
        : await backend.tenants.list();
      for (const tenant of tenants) {
        if (!tenant) throw new CliError(`There is no organisation named "${printable(tenantName ?? '')}".`);
        out(`${printable(tenant.name)} (${tenant.id})`);
        const now = Date.now();
        for (const key of await backend.apiKeys.list(tenant.id)) {
          const state = key.revokedAt
            ? `revoked ${key.revokedAt.toISOString()}`
            : key.expiresAt && key.expiresAt.getTime() <= now
              ? `expired ${key.expiresAt.toISOString()}`
              : key.expiresAt
                ? `active until ${key.expiresAt.toISOString()}`
                : 'active';
          out(
            `  ${key.id}  ${key.keyId.padEnd(22)}  ${key.scopes.join(',').padEnd(24)}  ${state.padEnd(38)}  ${printable(key.name)}`,
          );
        }
      }
    } else {
      const id = positional[1] ?? fail(`the key id is required\n${USAGE}`);
      const tenantName = text('tenant') ?? fail(`--tenant is required\n${USAGE}`);
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
        fail('the key id is the uuid shown by `list`');
      }
      const tenant =
        (await backend.tenants.findByName(tenantName)) ??
        fail(`There is no organisation named "${printable(tenantName)}".`, 1);
      const key = (await backend.apiKeys.list(tenant.id)).find((k) => k.id === id);
      if (!key) throw new CliError(`${printable(tenant.name)} has no key ${id}.`);
      if (key.revokedAt) {
        out(
          `already revoked: ${key.id} (${key.keyId}) was revoked at ${key.revokedAt.toISOString()}; nothing changed`,
        );
        return;
      }
      const revoked = await backend.apiKeys.revoke(tenant.id, id, { operator: 'cli' });
      out(`revoked ${revoked!.id} (${revoked!.keyId}) at ${revoked!.revokedAt?.toISOString()}`);
      if (key.isBootstrap) {
        out('This was the bootstrap key: set a new AUTH_BOOTSTRAP_KEY before the service starts again.');
      }
    }
  } finally {
    await context.close();
  }
});
