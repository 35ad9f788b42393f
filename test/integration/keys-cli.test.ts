/**
 * `npm run keys` as an operator runs it (a process of its own, on the test database): an unknown
 * organisation is refused unless --new-tenant, names obey the API's rules, listings cannot be
 * rewritten by control characters in stored names, a second revocation says so, expiry can be set,
 * and an unreachable database is a message naming what to set, never a stack or a password.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestApp,
  TEST_PSEUDONYMISATION_SECRET,
  TEST_SIGNING_KEY,
  type TestApp,
} from '../support/service.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let t: TestApp;

function keys(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/keys.ts', ...args],
      {
        cwd: ROOT,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          DATABASE_URL: t.db.appUrl,
          PSEUDONYMISATION_SECRET: TEST_PSEUDONYMISATION_SECRET,
          SIGNING_KEY: TEST_SIGNING_KEY,
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  t = await startTestApp();
  await t.createKey('Gemeente Utrecht', ['admin']);
});
afterAll(() => t.close());

describe('npm run keys -- create', () => {
  it('refuses an organisation that does not exist (a typo), creating nothing', async () => {
    const before = await t.db.rowCounts();
    const res = await keys(['create', '--tenant', 'Gemeente Utrect', '--name', 'casussysteem']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('There is no organisation named "Gemeente Utrect"');
    expect(res.stderr).toContain('--new-tenant');
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(await t.db.rowCounts()).toEqual(before);
  });

  it('creates it with --new-tenant, and a key for an existing one without', async () => {
    const made = await keys([
      'create',
      '--tenant',
      'Wijkteam Oost',
      '--name',
      'casussysteem',
      '--new-tenant',
    ]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('created organisation Wijkteam Oost');
    expect(made.stdout).toMatch(/key: {10}pss_/);
    const existing = await keys(['create', '--tenant', 'Gemeente Utrecht', '--name', 'tweede systeem']);
    expect(existing.code, existing.stderr).toBe(0);
    expect(existing.stdout).not.toContain('created organisation');
  });

  it('sets an expiry with --expires, and refuses one in the past', async () => {
    const at = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const res = await keys([
      'create',
      '--tenant',
      'Gemeente Utrecht',
      '--name',
      'tijdelijk',
      '--expires',
      at,
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`expires:      ${at}`);
    const past = await keys([
      'create',
      '--tenant',
      'Gemeente Utrecht',
      '--name',
      'te laat',
      '--expires',
      '2020-01-01T00:00:00Z',
    ]);
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('--expires must be at least a minute in the future');
  });

  it('refuses control and bidi characters and BSNs in names, never echoing them', async () => {
    for (const [option, value] of [
      ['--name', 'casus\u001b[8msysteem'],
      ['--name', 'systeem \u202eekaf'],
      ['--name', 'voor 111 222 333'],
      ['--tenant', 'Gemeente\u0007 Utrecht'],
    ] as const) {
      const args = ['create', '--tenant', 'Gemeente Utrecht', '--name', 'x'];
      args[args.indexOf(option) + 1] = value;
      const res = await keys(args);
      expect(res.code, value).toBe(2);
      expect(res.stderr).toMatch(/control character|bidirectional|BSN/);
      expect(res.stderr).not.toContain(value);
    }
  });
});

describe('npm run keys -- list', () => {
  it('escapes control and bidi characters of names stored before they were refused', async () => {
    const tenant = await t.backend.tenants.ensure('Gemeente Utrecht');
    // An older row, as an earlier version let it in: an ANSI escape that would hide its own line.
    await t.db.asAttacker((c) =>
      c.query(
        `INSERT INTO api_keys (id, tenant_id, key_id, secret_hash, name, scopes, created_at)
         VALUES (gen_random_uuid(), $1, 'legacyansi000', decode(repeat('00', 32), 'hex'), $2, '{read}', now())`,
        [tenant.id, 'verborgen\u001b[8m\u202e'],
      ),
    );
    const res = await keys(['list', '--tenant', 'Gemeente Utrecht']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).not.toContain('\u001b');
    expect(res.stdout).not.toContain('\u202e');
    expect(res.stdout).toContain('verborgen\\u{001b}[8m\\u{202e}');
  });
});

describe('npm run keys -- revoke', () => {
  it('says "already revoked" the second time, and records one revocation', async () => {
    const created = await t.createKey('Gemeente Utrecht', ['read']);
    const first = await keys(['revoke', created.apiKeyId, '--tenant', 'Gemeente Utrecht']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^revoked /);
    const second = await keys(['revoke', created.apiKeyId, '--tenant', 'Gemeente Utrecht']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already revoked');
    const { rows } = await t.db.query(
      `SELECT 1 FROM audit_chain WHERE entry_type = 'api_key.revoked' AND entity_id = $1`,
      [created.apiKeyId],
    );
    expect(rows).toHaveLength(1);
  });
});

describe('the database the tools use', () => {
  it('unreachable at DATABASE_URL: a message naming host and port, no password, no stack', async () => {
    const res = await keys(['list'], {
      DATABASE_URL: 'postgres://svc:password-not-to-print@127.0.0.1:9/none',
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Cannot reach the database at 127.0.0.1:9 (DATABASE_URL)');
    expect(res.stderr).not.toContain('password-not-to-print');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('without DATABASE_URL: the embedded one of DATA_DIR on EMBEDDED_PG_PORT, never a new one made here', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pss-cli-'));
    const none = await keys(['list'], { DATABASE_URL: '', DATA_DIR: empty });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`There is no embedded database in DATA_DIR=${empty}`);
    expect(readdirSync(empty)).toEqual([]);
    // A data directory that has a cluster which does not answer on that port (and cannot start:
    // here it is not a real one): the message names the port and directory to set.
    const stale = mkdtempSync(join(tmpdir(), 'pss-cli-'));
    mkdirSync(join(stale, 'postgres'));
    writeFileSync(join(stale, 'postgres', 'PG_VERSION'), '18\n');
    writeFileSync(join(stale, 'secrets.json'), JSON.stringify({ postgresPassword: 'x', appDbPassword: 'y' }));
    const res = await keys(['list'], { DATABASE_URL: '', DATA_DIR: stale, EMBEDDED_PG_PORT: '54999' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`DATA_DIR=${stale} does not answer on port 54999 (EMBEDDED_PG_PORT)`);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
