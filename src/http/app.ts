/**
 * The HTTP application: Fastify with zod validation and serialisation, RFC 9457 errors, request
 * ids, the API-Version header, OpenAPI 3.1 and the docs UI. Routes are thin: they validate, call a
 * service and shape the response. Nothing here talks to the database directly.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/errors.js';
import { API_PREFIX, API_VERSION } from './api-version.js';
import { installAuthentication } from './auth.js';
import { loggerOptions } from './logging.js';
import { openApiOptions } from './openapi.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, titleFor } from './problem.js';
import {
  DEFAULT_PROTECTION,
  type LoadGauge,
  type ProtectionOptions,
  registerKeyLimits,
  registerLoadShedding,
  registerProtection,
} from './protection.js';
import { healthRoutes } from './routes/health.js';
import { v1Routes } from './routes/v1/index.js';
import type { AppServices } from './services.js';
import { findUnstorableText } from './storable-text.js';
import { registerTraceContext, responseTraceparent } from './trace-context.js';
import { validationProblem } from './validation.js';

export interface AppOptions {
  services: AppServices;
  logLevel?: string;
  /** A pino destination stream, e.g. to capture logs in tests. */
  logStream?: NodeJS.WritableStream;
  bodyLimit?: number;
  trustProxy?: boolean;
  requestTimeoutMs?: number;
  protection?: Partial<ProtectionOptions>;
  /** Load shedding: saturation of the database pool and audit queues. */
  load?: LoadGauge;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger: FastifyServerOptions['logger'] = options.logStream
    ? { ...loggerOptions(options.logLevel ?? 'info'), stream: options.logStream }
    : loggerOptions(options.logLevel ?? 'info');

  const app = Fastify({
    logger,
    // One line per request, written by the onResponse hook below with only what may be logged.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    // A caller's own correlation id is kept when it is a plain token; anything else is replaced,
    // so log lines cannot be forged or stuffed through the header.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: options.bodyLimit ?? 65_536,
    trustProxy: options.trustProxy ?? false,
    // Requests arriving on open connections while shutting down get our own problem+json 503 with
    // Retry-After (below), not Fastify's plain one.
    return503OnClosing: false,
    // Slow clients cannot hold sockets open indefinitely.
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    routerOptions: { ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, maxParamLength: 200 },
    // Errors raised before routing. Fastify's own answers are not problem+json, and those for a
    // badly encoded or over-long path quote the path, which can hold a case reference.
    frameworkErrors: (error, request, reply) => {
      const problem =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new HttpProblem(414, 'A path segment is longer than this service accepts.')
          : error.code === 'FST_ERR_BAD_URL'
            ? new HttpProblem(400, 'The request path is not a valid URL (check its percent-encoding).')
            : new HttpProblem(
                500,
                'An unexpected error occurred. Quote the instance id when reporting this.',
              );
      // The app's onSend hook does not run here: its headers are set by hand.
      const plain = (reply as FastifyReply)
        .header('API-Version', API_VERSION)
        .header('X-Request-Id', request.id)
        .header('traceparent', responseTraceparent(request.raw));
      void plain.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.toProblem(request.id));
    },
    clientErrorHandler: answerClientError,
  }).withTypeProvider<ZodTypeProvider>();

  // First, so that every hook, route and log line of a request has its trace context.
  registerTraceContext(app);

  // JSON only: any other body media type is answered with 415 instead of being parsed as text.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) return;
    const invalidParams = findUnstorableText(request.body);
    if (invalidParams.length > 0) {
      throw new HttpProblem(
        400,
        `The request is invalid: ${invalidParams.map((p) => `${p.name} ${p.reason}`).join('; ')}.`,
        {
          title: 'Invalid request',
          invalidParams,
        },
      );
    }
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('Connection', 'close');
    throw new HttpProblem(
      503,
      'The service is shutting down. Retry in a moment (another instance may answer).',
      {
        headers: { 'Retry-After': '2' },
      },
    );
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('API-Version', API_VERSION);
    reply.header('X-Request-Id', request.id);
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        req: request,
        res: reply,
        tenantId: request.principal?.tenantId,
        responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    for (const [name, value] of Object.entries(problem.options.headers ?? {})) reply.header(name, value);
    return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.toProblem(request.id));
  });

  app.setNotFoundHandler(async (request, reply) => {
    const problem = new HttpProblem(404, `There is no ${request.method} route at this path.`);
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem.toProblem(request.id));
  });

  const protection = { ...DEFAULT_PROTECTION, ...options.protection };
  await registerProtection(app, protection);

  await app.register(swagger, openApiOptions());
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Everything is served from this service: no validator badge, no external hosts.
    uiConfig: { validatorUrl: null, deepLinking: true },
    staticCSP: true,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { readiness: options.services.readiness });
  await app.register(
    async (v1) => {
      registerLoadShedding(v1, options.load);
      installAuthentication(v1, options.services.authenticator);
      await registerKeyLimits(v1, protection);
      await v1.register(v1Routes, { services: options.services });
    },
    { prefix: API_PREFIX },
  );

  return app;
}

/**
 * Requests the HTTP parser refuses (headers too large, malformed, too slow to arrive) never reach
 * Fastify: they are answered on the socket, as problem+json like every other error, and closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          'The request line and headers are larger than this service accepts.',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request did not arrive in time.']
        : [400, 'Bad Request', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `API-Version: ${API_VERSION}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function toProblem(error: FastifyError): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (hasZodFastifySchemaValidationErrors(error))
    return validationProblem(error.validationContext, error.validation);
  if (error.name === 'CapacityError') {
    return new HttpProblem(
      503,
      'The service is at capacity. Nothing was recorded; retry after a few seconds.',
      {
        headers: { 'Retry-After': '2' },
      },
    );
  }
  if (isDatabaseUnavailable(error)) {
    return new HttpProblem(
      503,
      'The database is temporarily unavailable. Retry later, with the same Idempotency-Key for a POST.',
      {
        headers: { 'Retry-After': '5' },
      },
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'Send the request body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'The request body is larger than this service accepts.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem(400, 'The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpProblem(400, 'The Content-Length header does not match the body.');
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status === 400 && error instanceof SyntaxError) {
    // The parser's message quotes part of the body; say what is wrong without it.
    return new HttpProblem(400, 'The request body is not valid JSON.');
  }
  if (status === 400 && /prototype|constructor/i.test(error.message)) {
    return new HttpProblem(
      400,
      'The request body contains a forbidden key (__proto__ or constructor.prototype).',
    );
  }
  if (status >= 400 && status < 500) {
    return new HttpProblem(status, `The request cannot be processed (${titleFor(status).toLowerCase()}).`);
  }
  return new HttpProblem(500, 'An unexpected error occurred. Quote the instance id when reporting this.');
}
