/**
 * Classifies database failures. An unreachable, restarting or overloaded database is a temporary
 * condition for the caller (503 with Retry-After, "try again"), not a server bug (500).
 */
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
// SQLSTATE classes/codes that mean "the server cannot serve you right now".
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '53400',
  '57014',
  '55P03',
  '40001',
  '40P01',
]);
// Prisma: cannot reach server, connection closed, pool timeout, transaction API timeouts.
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'P2028']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
  'the database system is shutting down',
  'the database system is starting up',
  'terminating connection',
  'Transaction already closed',
  'Unable to start a transaction in the given time',
  'Query read timeout',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (typeof current !== 'object') return false;
    const candidate = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      name?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    const code = typeof candidate.code === 'string' ? candidate.code : undefined;
    if (
      code &&
      (UNAVAILABLE_NODE_CODES.has(code) ||
        UNAVAILABLE_SQLSTATES.has(code) ||
        UNAVAILABLE_PRISMA_CODES.has(code))
    ) {
      return true;
    }
    if (code?.startsWith('08')) return true; // SQLSTATE class 08: connection exception
    if (candidate.name === 'PrismaClientInitializationError') return true;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    if (UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
    // Prisma with a driver adapter wraps the driver's error (e.g. P2039 around SQLSTATE 57014, a
    // statement timeout) in meta.driverAdapterError rather than in cause.
    current = candidate.cause ?? candidate.meta?.driverAdapterError;
  }
  return false;
}
