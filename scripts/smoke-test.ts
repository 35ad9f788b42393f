/**
 * Production smoke test (run by .ci/run after `npm run build`): the Docker quick start without
 * Docker. `npm run env:docker` writes a .env; the environment docker-compose.yml gives its migrate
 * and api services is read from that file and the compose file (scripts/compose-env.ts), and the
 * built server is started with exactly that environment, as the container starts it
 * (`npm run start:prod`, NODE_ENV=production), against a real PostgreSQL set up as the postgres
 * image sets it up (owner role from POSTGRES_PASSWORD) and migrated by `npm run db:migrate:prod`.
 * Only the network differs: the database host `db:5432` becomes the embedded server's port, and
 * the API listens on a free loopback port. It must become ready, refuse an unauthenticated
 * request, answer the bootstrap key from the .env, publish the API contact given to env:docker,
 * create a first key with the keys CLI as the README says to inside the container, and exit 0 on
 * SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { readDotEnv, serviceEnvironment } from './compose-env.js';

const log = (line: string) => process.stdout.write(`[smoke] ${line}\n`);

/** env:docker's contact flags, in the order of `info.contact` (name, email, url). */
const CONTACT_FLAGS: Array<[string, string]> = [
  ['--contact-name', "Team API-beheer, Gemeente 's-Hertogenbosch"],
  ['--contact-email', 'api-beheer@gemeente.example'],
  ['--contact-url', 'https://gemeente.example/api-beheer'],
];

// The container runs these scripts' commands directly (see Dockerfile); so does this test, taking
// them from package.json so that what is tested is what the image runs.
const scripts = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;
const commandOf = (script: string): [string, string[]] => {
  const [command, ...args] = scripts[script]!.split(' ');
  return [command === 'node' ? process.execPath : command!, args];
};

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** Compose's network, here: the database service `db` is the embedded server on this machine. */
const onThisMachine = (env: Record<string, string>, pgPort: number) =>
  Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, value.replace('@db:5432/', `@127.0.0.1:${pgPort}/`)]),
  );

async function waitForReady(base: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/health/ready`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

const root = mkdtempSync(join(tmpdir(), 'pss-smoke-'));
chmodSync(root, 0o755);
const superPassword = randomBytes(12).toString('hex');
const pgPort = 56000 + Math.floor(Math.random() * 3000);
const db = await startEmbeddedPostgres({ dataDir: join(root, 'pg'), port: pgPort, password: superPassword });
let server: ChildProcess | undefined;
let failed = false;
try {
  const envFile = join(root, '.env');
  const made = await run(
    process.execPath,
    ['scripts/make-env.mjs', '--output', envFile, ...CONTACT_FLAGS.flat()],
    { PATH: process.env.PATH },
  );
  if (made.code !== 0) throw new Error(`env:docker exited with ${made.code}`);
  const vars = readDotEnv(readFileSync(envFile, 'utf8'));
  const compose = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8');
  log(`.env written by env:docker: ${Object.keys(vars).join(', ')}`);

  // What the postgres image does with POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB.
  const admin = new pg.Client({ connectionString: db.superuserUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(
      `CREATE ROLE pss_owner LOGIN SUPERUSER PASSWORD ${admin.escapeLiteral(vars.POSTGRES_PASSWORD!)}`,
    );
    await admin.query('CREATE DATABASE beroepsgeheim OWNER pss_owner');
  } finally {
    await admin.end();
  }

  const migrateEnv = onThisMachine(serviceEnvironment(compose, 'migrate', vars), pgPort);
  const migrated = await run(...commandOf('db:migrate:prod'), { PATH: process.env.PATH, ...migrateEnv });
  process.stdout.write(migrated.stdout);
  if (migrated.code !== 0) throw new Error(`db:migrate:prod exited with ${migrated.code}`);

  const port = 40000 + Math.floor(Math.random() * 10000);
  const base = `http://127.0.0.1:${port}`;
  const apiEnv = {
    ...onThisMachine(serviceEnvironment(compose, 'api', vars), pgPort),
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  server = spawn(...commandOf('start:prod'), {
    env: { PATH: process.env.PATH, ...apiEnv, LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  const readyMs = await waitForReady(base, server, 30_000);
  log(`ready after ${readyMs} ms, started with the api service's environment from docker-compose.yml`);

  const unauthenticated = await fetch(`${base}/v1/audit/verify`);
  if (unauthenticated.status !== 401)
    throw new Error(`unauthenticated request got ${unauthenticated.status}`);
  const verify = await fetch(`${base}/v1/audit/verify`, {
    headers: { Authorization: `Bearer ${vars.AUTH_BOOTSTRAP_KEY}` },
  });
  const body = (await verify.json()) as { intact?: boolean };
  if (verify.status !== 200 || body.intact !== true)
    throw new Error(`authenticated request got ${verify.status}`);
  if (verify.headers.get('api-version') === null) throw new Error('API-Version header missing');
  log('the bootstrap key from .env answered 200, no key 401');

  // The contact given to env:docker is the one the published document names.
  const openapi = (await (await fetch(`${base}/v1/openapi.json`)).json()) as { info?: { contact?: unknown } };
  const expected = Object.fromEntries(
    CONTACT_FLAGS.map(([flag, value]) => [flag.slice('--contact-'.length), value]),
  );
  if (JSON.stringify(openapi.info?.contact) !== JSON.stringify(expected))
    throw new Error(`the OpenAPI document names ${JSON.stringify(openapi.info?.contact)} as contact`);
  log('the OpenAPI document names the contact given to env:docker');

  // README: the first key of a calling system, created inside the container with the keys CLI.
  const [keysCommand, keysArgs] = commandOf('keys:prod');
  const keys = await run(
    keysCommand,
    [...keysArgs, 'create', '--tenant', 'bootstrap', '--name', 'smoke wijkteam', '--scopes', 'read'],
    { PATH: process.env.PATH, ...apiEnv },
  );
  const key = /pss_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/.exec(keys.stdout)?.[0];
  if (keys.code !== 0 || !key) throw new Error(`keys:prod create exited with ${keys.code} and no key`);
  const withNewKey = await fetch(`${base}/v1/assessments`, { headers: { Authorization: `Bearer ${key}` } });
  if (withNewKey.status !== 200) throw new Error(`the new key got ${withNewKey.status}`);
  log('a key made with the keys CLI answered 200');

  const exited = new Promise<number | null>((resolve) => server!.on('exit', (code) => resolve(code)));
  server.kill('SIGTERM');
  const code = await Promise.race([
    exited,
    new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000)),
  ]);
  if (code !== 0) throw new Error(`server exit after SIGTERM: ${code}`);
  log('SIGTERM: clean exit 0');
} catch (error) {
  failed = true;
  process.stderr.write(`[smoke] FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  server?.kill('SIGKILL');
} finally {
  await db.stop();
  rmSync(root, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
