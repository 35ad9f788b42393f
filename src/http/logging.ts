/**
 * Logging: pino JSON lines, a request id on every line logged for a request, and no personal data.
 * Request and response bodies are never logged; the URL is logged as its route pattern (the
 * concrete path and query string can hold case or client references); headers are not logged at
 * all; error messages are logged only for errors whose text this code base wrote. Redaction is the
 * second line of defence for anything that slips through a future change.
 */
import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';
import { HttpProblem } from './problem.js';

export const REDACT_PATHS = [
  'req.headers',
  'res.headers',
  'headers',
  'authorization',
  'body',
  'req.body',
  'query',
  'req.query',
  'params',
  'caseRef',
  'clientRef',
  'client',
  'professional',
  'professionalRef',
  'answers',
  'text',
  'note',
  'description',
  'dossierNote',
  'motivation',
  'displayName',
  'registration',
  'request',
  'result',
  '*.caseRef',
  '*.clientRef',
  '*.client',
  '*.answers',
  '*.text',
  '*.description',
  '*.dossierNote',
  '*.motivation',
  '*.displayName',
  '*.registration',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'beroepsgeheim-service' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        route: request.routeOptions?.url ?? '(unmatched)',
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      err: safeError,
    },
  };
}

/**
 * Error messages from the database driver can quote the offending value ("invalid input syntax
 * for type uuid: ..." or a key's value in a constraint violation), so only the type, code and the
 * stack frames are logged, never a foreign message.
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const ours = error instanceof HttpProblem || error.name === 'ConfigError';
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(ours ? { message: error.message } : {}),
    stack: frames.slice(0, 12).join('\n'),
    ...(error.cause ? { cause: safeError(error.cause) } : {}),
  };
}
