/**
 * Production smoke test (run by .ci/run after `npm run build`): the built server, started exactly
 * as the container starts it (`npm run start:prod`, NODE_ENV=production) against a real
 * PostgreSQL migrated by `npm run db:migrate:prod`, connecting as its least-privilege role. It must
 * become ready, answer an authenticated request, refuse an unauthenticated one, and exit 0 on
 * SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { withCredentials } from '../src/db/migrations.js';

const log = (line: string) => process.stdout.write(`[smoke] ${line}\n`);

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

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

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
  const ownerUrl = db.superuserUrl('postgres');
  const appPassword = randomBytes(16).toString('hex');
  const migrateCode = await run(...commandOf('db:migrate:prod'), {
    ...process.env,
    MIGRATION_DATABASE_URL: ownerUrl,
    APP_DB_USER: 'pss_smoke',
    APP_DB_PASSWORD: appPassword,
  });
  if (migrateCode !== 0) throw new Error(`db:migrate:prod exited with ${migrateCode}`);

  const port = 40000 + Math.floor(Math.random() * 10000);
  const bootstrapKey = randomBytes(24).toString('base64url');
  const base = `http://127.0.0.1:${port}`;
  server = spawn(...commandOf('start:prod'), {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: withCredentials(ownerUrl, 'pss_smoke', appPassword),
      PSEUDONYMISATION_SECRET: randomBytes(32).toString('base64url'),
      SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      AUTH_BOOTSTRAP_KEY: bootstrapKey,
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  const readyMs = await waitForReady(base, server, 30_000);
  log(`ready after ${readyMs} ms`);

  const unauthenticated = await fetch(`${base}/v1/audit/verify`);
  if (unauthenticated.status !== 401)
    throw new Error(`unauthenticated request got ${unauthenticated.status}`);
  const verify = await fetch(`${base}/v1/audit/verify`, {
    headers: { Authorization: `Bearer ${bootstrapKey}` },
  });
  const body = (await verify.json()) as { intact?: boolean };
  if (verify.status !== 200 || body.intact !== true)
    throw new Error(`authenticated request got ${verify.status}`);
  if (verify.headers.get('api-version') === null) throw new Error('API-Version header missing');
  log('authenticated request answered 200, unauthenticated 401');

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
