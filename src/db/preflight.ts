/**
 * Checks before start-up touches a database, so that a mistake of the person starting the service
 * ends in one sentence naming what to fix (StartupError), never in a driver's stack trace or a
 * tool's output. Messages name the host, port, database and user of a URL, never its password.
 */
import pg from 'pg';
import { StartupError } from '../errors.js';

/** `user@host:port/database`: a URL as it may be shown (no password). */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
    return `${user}${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}`;
  } catch {
    return '(an unparsable URL)';
  }
}

/** What a connection failure means for the person starting the service, in words. */
export function explainConnectionFailure(variable: string, url: string, error: unknown): string {
  const where = describeDatabaseUrl(url);
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot reach the database at ${where}: nothing accepts connections there. Is PostgreSQL running, and is ${variable} right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot reach the database at ${where}: the host name does not resolve. Check the host in ${variable}.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `Cannot reach the database at ${where}: no answer in time. Check the host and port in ${variable} and any firewall between.`;
    case '28P01':
    case '28000':
      return `The database at ${where} refused the login: wrong user or password in ${variable} (or PGPASSWORD).`;
    case '3D000':
      return `The database named in ${variable} does not exist on ${where}. Create it, or correct the name.`;
    case '57P03':
      return `The database at ${where} is starting up or shutting down. Retry in a moment.`;
  }
  if (error instanceof Error && /timeout/i.test(error.message)) {
    return `Cannot reach the database at ${where}: no answer in time. Check the host and port in ${variable}.`;
  }
  return `Cannot use the database at ${where} (${typeof code === 'string' ? `error ${code}` : 'connection failed'}). Check ${variable}.`;
}

/** Connects once and disconnects; throws a StartupError saying what is wrong. */
export async function probeDatabase(variable: string, url: string, timeoutMs = 5_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A failed connection may also emit 'error' after connect() rejected.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(explainConnectionFailure(variable, url, error), { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
