/**
 * npm run keys -- create --tenant <organisation> --name <what for> [--scopes assess,read,audit,admin]
 *                        [--caller-system <http(s) URL of the calling application>]
 * npm run keys -- list [--tenant <organisation>]
 * npm run keys -- revoke <key uuid> --tenant <organisation>
 *
 * Key changes made here are recorded in the organisation's integrity chain like those made over
 * the API (actor: cli).
 */
import { isCallerSystem, SCOPES, type Scope } from '../auth/principal.js';
import { fail, openCliContext, parseArgs } from './context.js';

const USAGE = `usage:
  npm run keys -- create --tenant <organisation> --name <purpose> [--scopes ${SCOPES.join(',')}]
                         [--caller-system <http(s) URL naming the calling application>]
  npm run keys -- list [--tenant <organisation>]
  npm run keys -- revoke <key id (uuid)> --tenant <organisation>`;

const { positional, options } = parseArgs(process.argv.slice(2));
const command = positional[0];
if (!command || !['create', 'list', 'revoke'].includes(command)) fail(USAGE);

const text = (name: string): string | undefined =>
  typeof options[name] === 'string' ? (options[name] as string) : undefined;
const out = (line: string) => process.stdout.write(`${line}\n`);

const context = await openCliContext();
try {
  const { backend } = context;
  if (command === 'create') {
    const tenantName = text('tenant') ?? fail(`--tenant is required\n${USAGE}`);
    const name = text('name') ?? fail(`--name is required\n${USAGE}`);
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
    const tenant = await backend.tenants.ensure(tenantName);
    const created = await backend.apiKeys.create(
      tenant.id,
      { name, scopes: scopes as Scope[], callerSystem: callerSystem ?? null },
      { operator: 'cli' },
    );
    out(`organisation: ${tenant.name} (${tenant.id})`);
    out(`key id:       ${created.id} (${created.keyId})`);
    out(`scopes:       ${created.scopes.join(', ')}`);
    if (created.callerSystem) out(`caller:       ${created.callerSystem}`);
    out(`key:          ${created.key}`);
    out('Store the key now: only its hash is kept.');
  } else if (command === 'list') {
    const tenantName = text('tenant');
    const tenants = tenantName
      ? [await backend.tenants.findByName(tenantName)]
      : await backend.tenants.list();
    for (const tenant of tenants) {
      if (!tenant) fail(`no organisation named "${tenantName}"`);
      out(`${tenant.name} (${tenant.id})`);
      for (const key of await backend.apiKeys.list(tenant.id)) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
        out(
          `  ${key.id}  ${key.keyId.padEnd(22)}  ${key.scopes.join(',').padEnd(24)}  ${state.padEnd(32)}  ${key.name}`,
        );
      }
    }
  } else {
    const id = positional[1] ?? fail(`the key id is required\n${USAGE}`);
    const tenantName = text('tenant') ?? fail(`--tenant is required\n${USAGE}`);
    const tenant =
      (await backend.tenants.findByName(tenantName)) ?? fail(`no organisation named "${tenantName}"`);
    if (!/^[0-9a-f-]{36}$/.test(id)) fail('the key id is the uuid shown by `list`');
    const revoked = await backend.apiKeys.revoke(tenant.id, id, { operator: 'cli' });
    if (!revoked) fail(`no key ${id} for ${tenant.name}`);
    out(`revoked ${revoked.id} (${revoked.keyId}) at ${revoked.revokedAt?.toISOString()}`);
  }
} finally {
  await context.close();
}
