/**
 * The HTTP application: Fastify with zod validation and serialisation, and one module per HTTP
 * concern (plugins/): RFC 9457 errors, request ids and logging, the JSON body parser, shutdown,
 * content security, the OpenAPI document and docs UI. Routes are thin: they validate, call a
 * service and shape the response. Nothing here talks to the database directly.
 */
import Fastify, {
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
  type RouteOptions,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from './api-version.js';
import { installAuthentication } from './auth.js';
import { loggerOptions } from './logging.js';
import type { OpenApiContact } from './openapi.js';
import { installContentSecurity } from './plugins/content-security.js';
import { DOCS_PREFIX, installDocs } from './plugins/docs.js';
import { answerClientError, frameworkErrors, installErrorHandling } from './plugins/error-handler.js';
import { installJsonBodyParser } from './plugins/json-body.js';
import { installRequestLogging, requestId } from './plugins/request-logging.js';
import { installShutdownGate } from './plugins/shutdown.js';
import { HttpProblem } from './problem.js';
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
import { WITNESS_PREFIX, witnessRoutes } from './routes/witness.js';
import type { AppServices } from './services.js';
import { findUnstorableText } from './storable-text.js';
import { registerTraceContext } from './trace-context.js';

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
  /** The OpenAPI document's and docs UI's contact (API_CONTACT_*); unset: the placeholder. */
  contact?: OpenApiContact | undefined;
  /** Called for every route as it is added (tests inspect the routes' schemas with it). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger: FastifyServerOptions['logger'] = options.logStream
    ? { ...loggerOptions(options.logLevel ?? 'info'), stream: options.logStream }
    : loggerOptions(options.logLevel ?? 'info');

  const app = Fastify({
    logger,
    // One line per request, written by plugins/request-logging.ts with only what may be logged.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: requestId,
    bodyLimit: options.bodyLimit ?? 65_536,
    trustProxy: options.trustProxy ?? false,
    // Requests arriving on open connections while shutting down get our own problem+json 503 with
    // Retry-After (plugins/shutdown.ts), not Fastify's plain one.
    return503OnClosing: false,
    // Slow clients cannot hold sockets open indefinitely: the head and the whole request must
    // arrive within the timeout. Node checks it only every connectionsCheckingInterval (30 s by
    // default), which let a slow head run to ~49 s; checked every second, the documented limit holds.
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    http: {
      headersTimeout: options.requestTimeoutMs ?? 30_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      connectionsCheckingInterval: 1_000,
    },
    routerOptions: { ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, maxParamLength: 200 },
    frameworkErrors,
    clientErrorHandler: answerClientError,
  }).withTypeProvider<ZodTypeProvider>();

  // First, so that every hook, route and log line of a request has its trace context.
  registerTraceContext(app);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  // JSON only: any other body media type is answered with 415 instead of being parsed as text.
  app.removeContentTypeParser('text/plain');
  installJsonBodyParser(app);
  // Request schemas are compiled once per route (zod 4.6's compiled validators): a generated fast
  // path for valid input, the runtime parser for anything it rejects, so errors are the same.
  app.setValidatorCompiler((route) =>
    validatorCompiler({ ...route, schema: compileSchema(route.schema) } as Parameters<
      typeof validatorCompiler
    >[0]),
  );
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) return;
    const invalidParams = findUnstorableText(request.body);
    if (invalidParams.length > 0) {
      throw new HttpProblem(
        400,
        `The request is invalid: ${invalidParams.map((p) => `${p.name} ${p.reason}`).join('; ')}.`,
        { invalidParams },
      );
    }
  });

  installShutdownGate(app);
  installRequestLogging(app);

  const protection = { ...DEFAULT_PROTECTION, ...options.protection };
  await registerProtection(app, protection);

  installContentSecurity(app, DOCS_PREFIX);
  await installDocs(app, options.contact);

  await app.register(healthRoutes, { readiness: options.services.readiness });
  if (options.services.witness) {
    await app.register(witnessRoutes, { witness: options.services.witness, prefix: WITNESS_PREFIX });
  }
  await app.register(
    async (v1) => {
      registerLoadShedding(v1, options.load);
      installAuthentication(v1, options.services.authenticator, {
        perMinute: protection.authFailuresPerIpPerMinute,
      });
      await registerKeyLimits(v1, protection);
      await v1.register(v1Routes, { services: options.services });
    },
    { prefix: API_PREFIX },
  );

  return app;
}

/** A zod schema compiled (z.compile never throws: what it cannot compile keeps the runtime parser). */
function compileSchema<S>(schema: S): S {
  return schema instanceof z.ZodType ? (z.compile(schema) as S) : schema;
}
