/**
 * The container must run exactly what CI's smoke test runs: the commands of the `start:prod` and
 * `db:migrate:prod` scripts, started directly so the process receives SIGTERM itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDotEnv, serviceEnvironment } from '../../scripts/compose-env.js';
import { Signer } from '../../src/audit/signing.js';
import { apiContact, parseEnv } from '../../src/config/env.js';
import { TEST_API_CONTACT } from '../support/contact.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const execForm = (json: string) => (JSON.parse(json) as string[]).join(' ');

describe('container and CI run the same commands', () => {
  it('the image starts the server with the start:prod command', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    expect(cmd).toBeDefined();
    expect(execForm(cmd!)).toBe(scripts['start:prod']);
  });

  it('the image builds with npm ci and npm run build', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/RUN npm run build/);
  });

  it('the compose migrate service runs the db:migrate:prod command', () => {
    const command = /migrate:[\s\S]*?command: (\[.*\])/.exec(read('docker-compose.yml'))?.[1];
    expect(command).toBeDefined();
    expect(execForm(command!)).toBe(scripts['db:migrate:prod']);
  });

  it('CI runs lint, typecheck, the tests and the smoke test of the built server', () => {
    const ci = read('.ci/run');
    for (const step of ['npm ci', 'npm run lint', 'npm run typecheck', 'npm test', 'npm run smoke'])
      expect(ci).toContain(step);
  });
});

describe('the Docker quick start', () => {
  const compose = read('docker-compose.yml');

  const contactFlags = (contact = TEST_API_CONTACT) => [
    '--contact-name',
    contact.name,
    '--contact-email',
    contact.email,
    '--contact-url',
    contact.url,
  ];
  const runMakeEnv = (file: string, flags: string[]) =>
    spawnSync(process.execPath, ['scripts/make-env.mjs', '--output', file, ...flags], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
    });
  const newEnvFile = () => join(mkdtempSync(join(tmpdir(), 'pss-env-')), '.env');
  const makeEnv = (contact = TEST_API_CONTACT) => {
    const file = newEnvFile();
    const result = runMakeEnv(file, contactFlags(contact));
    expect(result.status, result.stderr).toBe(0);
    return file;
  };

  it('env:docker writes a private .env whose values the production configuration accepts as Compose passes them', () => {
    const file = makeEnv();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const vars = readDotEnv(readFileSync(file, 'utf8'));
    for (const name of [
      'POSTGRES_PASSWORD',
      'APP_DB_PASSWORD',
      'PSEUDONYMISATION_SECRET',
      'AUTH_BOOTSTRAP_KEY',
    ])
      expect(vars[name], name).toMatch(/^[0-9a-f]{48,64}$/);
    const env = parseEnv(serviceEnvironment(compose, 'api', vars));
    expect(env.NODE_ENV).toBe('production');
    expect(env.AUTH_BOOTSTRAP_KEY).toBe(vars.AUTH_BOOTSTRAP_KEY);
    // The escaped PEM is one line in the file and a working key in the service.
    expect(vars.SIGNING_KEY).toMatch(
      /^-----BEGIN PRIVATE KEY-----\\n[A-Za-z0-9+/=]+\\n-----END PRIVATE KEY-----$/,
    );
    expect(new Signer(env.SIGNING_KEY!).sign('x')).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // No password inside a URL: any character is safe in it.
    expect(env.DATABASE_URL).not.toContain(vars.APP_DB_PASSWORD);
    expect(serviceEnvironment(compose, 'api', vars).PGPASSWORD).toBe(vars.APP_DB_PASSWORD);
    expect(serviceEnvironment(compose, 'migrate', vars).PGPASSWORD).toBe(vars.POSTGRES_PASSWORD);
    // The contact given to the script is the one the service publishes, apostrophe and all.
    expect(apiContact(env)).toEqual(TEST_API_CONTACT);
  });

  it('env:docker writes a contact with quotes or dollar signs as Compose reads it, literally', () => {
    for (const name of [
      'Team "API" van Gemeente Voorbeeld',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose's interpolation syntax, on purpose
      'Team $HOME ${USER}',
      "Gemeente 's-Hertogenbosch",
    ]) {
      const contact = { ...TEST_API_CONTACT, name };
      const vars = readDotEnv(readFileSync(makeEnv(contact), 'utf8'));
      expect(apiContact(parseEnv(serviceEnvironment(compose, 'api', vars)))).toEqual(contact);
    }
    // Both kinds of quote, a quote and a dollar, or a backslash: no literal form in a .env line.
    for (const name of [`Gemeente 's-Hertogenbosch "API"`, "Gemeente 's-Hertogenbosch $5", 'Team \\ API']) {
      const file = newEnvFile();
      const result = runMakeEnv(file, contactFlags({ ...TEST_API_CONTACT, name }));
      expect(result.status, name).toBe(1);
      expect(result.stderr).toContain('--contact-name');
      expect(existsSync(file)).toBe(false);
    }
  });

  it('env:docker asks for the API contact, which a production start requires, and writes nothing without it', () => {
    const file = newEnvFile();
    const result = runMakeEnv(file, ['--contact-name', 'Team API-beheer']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('The API contact is missing (--contact-email, --contact-url)');
    expect(result.stderr).toContain('npm run env:docker -- --contact-name');
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    ['--contact-email', 'postbus', 'API_CONTACT_EMAIL'],
    ['--contact-url', 'http://gemeente.example/api-beheer', 'API_CONTACT_URL'],
    ['--contact-url', 'https://localhost/api-beheer', 'API_CONTACT_URL'],
    ['--contact-name', 'Team\nAPI-beheer', 'API_CONTACT_NAME'],
  ])('env:docker refuses %s %j before writing anything', (flag, value, variable) => {
    const file = newEnvFile();
    const flags = contactFlags();
    flags[flags.indexOf(flag) + 1] = value;
    const result = runMakeEnv(file, flags);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${flag} (${variable}) must be`);
    expect(existsSync(file)).toBe(false);
  });

  it('env:docker refuses to overwrite an existing .env (its secrets are in use)', () => {
    const file = makeEnv();
    const before = readFileSync(file, 'utf8');
    const again = runMakeEnv(file, contactFlags());
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('Compose stops with a message naming a secret missing from .env', () => {
    expect(() => serviceEnvironment(compose, 'api', {})).toThrow(/APP_DB_PASSWORD.*npm run env:docker/);
  });

  it('Compose stops with a message naming the API contact missing from .env', () => {
    const vars = readDotEnv(readFileSync(makeEnv(), 'utf8'));
    for (const name of ['API_CONTACT_NAME', 'API_CONTACT_EMAIL', 'API_CONTACT_URL']) {
      expect(() => serviceEnvironment(compose, 'api', { ...vars, [name]: '' })).toThrow(
        new RegExp(`${name}.*npm run env:docker`),
      );
    }
  });

  it('builds the image once and shares it between migrate and api', () => {
    expect(compose.match(/^ {4}build:/gm)).toHaveLength(1);
    expect(compose.match(/^ {4}image: \*image$/gm)).toHaveLength(2);
    expect(compose).toMatch(/api:[\s\S]*?pull_policy: never/);
  });

  it('reports the container healthy only when it is ready', () => {
    expect(read('Dockerfile')).toMatch(/HEALTHCHECK[\s\S]*\/health\/ready/);
  });
});
