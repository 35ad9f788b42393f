/**
 * Process entry point: parse the configuration (an invalid value stops start-up with a message
 * naming the variable), start the service, and shut down gracefully on SIGTERM/SIGINT.
 */
import pino from 'pino';
import { ConfigError, parseEnv } from './config/env.js';
import { StartupError } from './errors.js';
import { loggerOptions } from './http/logging.js';
import { startService } from './server.js';

/**
 * On a terminal in development, log lines are made readable (pino-pretty, a development
 * dependency); piped or redirected, and always in production, they stay JSON, one object a line,
 * for log shippers. The same redaction applies either way: it happens before formatting.
 */
async function developmentLogStream(nodeEnv: string): Promise<NodeJS.WritableStream | undefined> {
  if (nodeEnv === 'production' || !process.stdout.isTTY || process.env.LOG_FORMAT === 'json')
    return undefined;
  try {
    const { default: pretty } = await import('pino-pretty');
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
  } catch {
    return undefined; // not installed (npm ci --omit=dev): JSON it is
  }
}

let env: ReturnType<typeof parseEnv>;
try {
  env = parseEnv();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const logStream = await developmentLogStream(env.NODE_ENV);
const logger = logStream ? pino(loggerOptions(env.LOG_LEVEL), logStream) : pino(loggerOptions(env.LOG_LEVEL));
const startedAt = Date.now();

try {
  const service = await startService(env, logger, logStream);
  logger.info({ url: service.url, ms: Date.now() - startedAt, env: env.NODE_ENV }, 'service ready');
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    service.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
} catch (error) {
  if (error instanceof StartupError) {
    // A mistake the person starting the service can fix: the sentence, not a stack trace.
    logger.fatal({ detail: error.message }, 'start-up failed');
    console.error(error.message);
  } else {
    logger.fatal(
      { err: error, detail: error instanceof Error ? error.message : undefined },
      'start-up failed',
    );
  }
  process.exit(1);
}
