/**
 * Ctrl-C in a terminal sends SIGINT to the whole foreground process group. `npm start` must then
 * close the pool first and stop its embedded PostgreSQL last, so no connection is cut under it
 * ("terminating connection" warnings with stacks), exit 0, and leave no server running.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

it('Ctrl-C stops the service and then its embedded PostgreSQL, without connection warnings', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pss-ctrl-c-'));
  chmodSync(dataDir, 0o755);
  const port = 41000 + Math.floor(Math.random() * 8000);
  const pgPort = 59100 + Math.floor(Math.random() * 800);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // A process group of its own, as a terminal gives a foreground job.
    detached: true,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => {
    output += c;
  });
  child.stderr.on('data', (c) => {
    output += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = async () => {
    if (child.exitCode !== null) throw new Error(`the service exited early (${child.exitCode})`);
    return (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status === 200;
  };
  // First start: initdb and migrations, slow on a busy machine. On failure, say what it printed.
  await waitFor(ready, 150_000).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${output.slice(-2000)}`);
  });
  // Open several pool connections, so there is something to cut.
  await Promise.all(Array.from({ length: 8 }, () => fetch(`http://127.0.0.1:${port}/health/ready`)));

  process.kill(-child.pid!, 'SIGINT');
  expect(await exited).toBe(0);
  expect(output).toContain('"msg":"stopped"');
  expect(output).not.toMatch(/"level":"(warn|error)"/);
  expect(output).not.toContain('57P01');
  // The embedded server is gone: its port accepts nothing.
  await waitFor(async () => {
    const { default: net } = await import('node:net');
    return new Promise<boolean>((resolve) => {
      const socket = net.connect(pgPort, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });
  }, 20_000);
}, 240_000);

it('a port in use is named, with the variable that moves it, and no stack', async () => {
  const { createTestDatabase } = await import('../support/database.js');
  const { default: net } = await import('node:net');
  const { spawnSync } = await import('node:child_process');
  const db = await createTestDatabase();
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'pss-port-')),
        DATABASE_URL: db.appUrl,
        MIGRATION_DATABASE_URL: db.superuserUrl,
        PORT: String(port),
      },
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(1);
    expect(output).toContain(
      `Port ${port} on 127.0.0.1 is in use by another program; set PORT to a free port.`,
    );
    expect(output).not.toMatch(/^\s+at /m);
  } finally {
    blocker.close();
    await db.drop();
  }
}, 90_000);
