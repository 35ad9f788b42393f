/**
 * Start-up failures that a person starting the service can fix end in one sentence that says what
 * and how, with no stack trace, no internal tool's name and no secret (issue: start-up failures
 * must explain themselves). Each case starts the real entry point as a process.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPem } from '../../src/audit/signing.js';
import { assertPostgresCanReach, firstUnreachable } from '../../src/db/embedded.js';
import { migrationOutput } from '../../src/db/migrations.js';
import { TEST_API_CONTACT_ENV } from '../support/contact.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'Geheim-wachtwoord-42';

function start(script: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    encoding: 'utf8',
    // Generous: each start compiles TypeScript, and machines here are shared. The assertions are
    // about what the process says, not how fast.
    timeout: 120_000,
    env: { PATH: process.env.PATH, DATA_DIR: mkdtempSync(join(tmpdir(), 'pss-fail-')), ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const expectExplained = (output: string) => {
  expect(output).not.toMatch(/^\s+at /m); // no stack trace
  expect(output).not.toMatch(/dbmate/i);
  expect(output).not.toContain(PASSWORD);
  expect(output).not.toContain('Geheim');
};

describe('start-up failures explain themselves', { timeout: 300_000 }, () => {
  it('PORT=abc says what is expected', () => {
    const { status, output } = start('src/main.ts', { PORT: 'abc' });
    expect(status).toBe(78);
    expect(output).toContain('PORT: must be a whole number from 0 to 65535');
    expectExplained(output);
  });

  it.each(['development', 'production'])(
    'an unreachable DATABASE_URL (%s) names host and port, never the password',
    (nodeEnv) => {
      for (const bootstrap of [{}, { AUTH_BOOTSTRAP_KEY: 'k'.repeat(40) }] as Array<Record<string, string>>) {
        const { status, output } = start('src/main.ts', {
          NODE_ENV: nodeEnv,
          DATABASE_URL: `postgres://svc:${PASSWORD}@127.0.0.1:9/beroepsgeheim`,
          PSEUDONYMISATION_SECRET: 'p'.repeat(40),
          SIGNING_KEY: generateSigningKeyPem(),
          PORT: '0',
          ...TEST_API_CONTACT_ENV,
          ...bootstrap,
        });
        // The same answer with or without a bootstrap key, and never "ready".
        expect(status, output).toBe(1);
        expect(output).toContain(
          'Cannot reach the database at svc@127.0.0.1:9/beroepsgeheim: nothing accepts connections there.',
        );
        expect(output).not.toContain('service ready');
        expectExplained(output);
      }
    },
  );

  it('a password with / in DATABASE_URL is refused naming the fix, without any of its characters', () => {
    const { status, output } = start('src/main.ts', {
      DATABASE_URL: 'postgres://svc:Geh/eim@db.example:5432/x',
    });
    expect(status).toBe(78);
    expect(output).toContain('DATABASE_URL: is not a valid URL: percent-encode a password');
    expectExplained(output);
  });

  it('db:migrate refuses such a URL, and reports an unreachable server in a sentence', () => {
    const bad = start('src/cli/migrate.ts', { MIGRATION_DATABASE_URL: 'postgres://owner:Geh/eim@db:5432/x' });
    expect(bad.status).toBe(78);
    expect(bad.output).toContain('MIGRATION_DATABASE_URL: is not a valid URL');
    expectExplained(bad.output);
    const away = start('src/cli/migrate.ts', {
      MIGRATION_DATABASE_URL: `postgres://owner:${PASSWORD}@127.0.0.1:9/beroepsgeheim`,
    });
    expect(away.status).toBe(1);
    expect(away.output.trim()).toBe(
      'Cannot reach the database at owner@127.0.0.1:9/beroepsgeheim: nothing accepts connections there. Is PostgreSQL running, and is MIGRATION_DATABASE_URL right?',
    );
    expectExplained(away.output);
  });

  it("the migration tool's complaints lose the URL, the password and the tool's name", () => {
    const url = `postgres://owner:${encodeURIComponent('Geh/eim#1')}@db:5432/x`;
    const text = migrationOutput(`Error: dbmate: invalid port "Geh" after host ${url}\nGeh/eim#1`, url);
    expect(text).not.toContain('Geh/eim#1');
    expect(text).not.toContain(url);
    expect(text).not.toMatch(/dbmate/i);
  });
});

describe('a checkout the postgres user cannot enter', { timeout: 300_000 }, () => {
  const stranger = { uid: 54_321, gid: 54_321 };

  it('finds the first directory in the way', () => {
    const closed = mkdtempSync(join(tmpdir(), 'pss-700-')); // mode 700, as mktemp -d makes it
    const data = join(closed, 'a', 'data');
    mkdirSync(data, { recursive: true });
    chmodSync(join(closed, 'a'), 0o755);
    expect(firstUnreachable(data, stranger)).toBe(closed);
    chmodSync(closed, 0o711);
    expect(firstUnreachable(data, stranger)).toBeUndefined();
    // The owner itself passes a 700 directory.
    chmodSync(closed, 0o700);
    expect(firstUnreachable(data, { uid: process.getuid?.() ?? 0, gid: 0 })).toBeUndefined();
  });

  it('names the directory and the fix (DATA_DIR) before anything starts', () => {
    const closed = mkdtempSync(join(tmpdir(), 'pss-700-'));
    expect(() => assertPostgresCanReach(join(closed, 'postgres'), stranger)).toThrow(
      new RegExp(`cannot enter ${closed} \\(mode 700.*Set DATA_DIR to a directory it can reach`),
    );
  });

  it.runIf(process.getuid?.() === 0)(
    'as root, npm start in such a directory stops with that sentence and leaves no password file',
    () => {
      // A temporary directory of its own, so other processes' files do not count.
      const temporary = mkdtempSync(join(tmpdir(), 'pss-tmp-'));
      const closed = mkdtempSync(join(tmpdir(), 'pss-700-'));
      const { status, output } = start('src/main.ts', {
        DATA_DIR: join(closed, 'data'),
        PORT: '0',
        TMPDIR: temporary,
      });
      expect(status).toBe(1);
      expect(output).toContain(`cannot enter ${closed} (mode 700`);
      expect(output).toContain('Set DATA_DIR');
      expectExplained(output);
      expect(readdirSync(temporary).filter((n) => n.startsWith('pg-password-'))).toEqual([]);
    },
  );
});
