/**
 * In production the service starts only with every secret supplied (docs/security.md) and with the
 * API contact its document publishes (README, "Configuration"): without the pseudonymisation secret
 * the process refuses to start — before it touches a database — naming the variable and echoing no
 * value, and no code path falls back to a generated secret; without a contact it refuses likewise.
 * test/unit/config.test.ts covers the configuration schema itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPem } from '../../src/audit/signing.js';
import { parseEnv } from '../../src/config/env.js';
import { resolvePseudonymisationSecret, resolveSigningKey } from '../../src/config/secrets.js';
import { TEST_API_CONTACT_ENV } from '../support/contact.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DB_PASSWORD = 'db-password-that-must-not-be-printed';

// Spawning the entry point through tsx takes seconds on a busy machine: the limit is generous, the
// assertions are about the outcome.
describe('a production start without the pseudonymisation secret', { timeout: 60_000 }, () => {
  it('is refused by the process with exit code 78, naming the variable and no value', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pss-startup-'));
    const signingKey = generateSigningKeyPem();
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        // Nothing listens here: the process must stop before it ever connects.
        DATABASE_URL: `postgres://svc:${DB_PASSWORD}@127.0.0.1:9/none`,
        SIGNING_KEY: signingKey,
        PSEUDONYMISATION_SECRET: '',
        DATA_DIR: dataDir,
        PORT: '0',
        ...TEST_API_CONTACT_ENV,
      },
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(78);
    expect(output).toContain('PSEUDONYMISATION_SECRET: is required when NODE_ENV=production');
    expect(output).not.toContain('SIGNING_KEY');
    expect(output).not.toContain(DB_PASSWORD);
    expect(output).not.toContain(signingKey.split('\n')[1]!);
    // Nothing was generated in its place.
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
    // Starting a process under tsx takes seconds on a busy machine (the spawn is bounded at 30 s).
  }, 60_000);

  it('is refused by the schema when only that secret is missing, or too short', () => {
    const base = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      SIGNING_KEY: generateSigningKeyPem(),
      ...TEST_API_CONTACT_ENV,
    };
    expect(() => parseEnv(base)).toThrow(/PSEUDONYMISATION_SECRET: is required when NODE_ENV=production/);
    expect(() => parseEnv({ ...base, PSEUDONYMISATION_SECRET: 'too-short-secret' })).toThrow(
      /PSEUDONYMISATION_SECRET: must be at least 32 characters/,
    );
  });

  it('is never papered over by a generated secret, even if the schema were bypassed', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pss-startup-'));
    const env = { ...parseEnv({ DATA_DIR: dataDir }), NODE_ENV: 'production' as const };
    expect(() => resolvePseudonymisationSecret(env)).toThrow(/PSEUDONYMISATION_SECRET is required/);
    expect(() => resolveSigningKey(env)).toThrow(/SIGNING_KEY is required/);
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
    // In development the same call generates and keeps one: the production check is what differs.
    expect(resolvePseudonymisationSecret({ ...env, NODE_ENV: 'development' })).toHaveLength(43);
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(true);
  });
});

describe('a production start without an API contact', { timeout: 60_000 }, () => {
  it('is refused with exit code 78, naming the three variables, without a stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: `postgres://svc:${DB_PASSWORD}@127.0.0.1:9/none`,
        SIGNING_KEY: generateSigningKeyPem(),
        PSEUDONYMISATION_SECRET: 'p'.repeat(40),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'pss-startup-')),
        PORT: '0',
      },
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(78);
    for (const name of ['API_CONTACT_NAME', 'API_CONTACT_EMAIL', 'API_CONTACT_URL'])
      expect(output).toContain(`${name}: is required when NODE_ENV=production`);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain(DB_PASSWORD);
  }, 60_000);
});
