/**
 * Protection against abuse and overload (docs/security.md): security headers, closed CORS, rate
 * limits per client address and per API key, and load shedding. Under overload the service
 * answers 503 with Retry-After at once instead of queueing without bound; nothing is half-done.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from './problem.js';

export interface ProtectionOptions {
  corsOrigins: string[];
  ratePerIpPerMinute: number;
  ratePerKeyPerMinute: number;
  /** API keys that do not authenticate, per address, before that address gets 429 (see auth.ts). */
  authFailuresPerIpPerMinute: number;
  maxEventLoopDelayMs: number;
}

export const DEFAULT_PROTECTION: ProtectionOptions = {
  corsOrigins: [],
  ratePerIpPerMinute: 6_000,
  ratePerKeyPerMinute: 1_200,
  authFailuresPerIpPerMinute: 300,
  maxEventLoopDelayMs: 500,
};

/** Reports whether the database pool or the audit queues are saturated. */
export interface LoadGauge {
  saturated(): boolean;
}

const isHealthRoute = (request: FastifyRequest) => request.routeOptions.url?.startsWith('/health/') === true;

function tooMany(retryAfterSeconds: number) {
  return new HttpProblem(429, `Too many requests. Retry after ${retryAfterSeconds} seconds.`, {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

export async function registerProtection(app: FastifyInstance, options: ProtectionOptions): Promise<void> {
  await app.register(helmet, {
    // A JSON API: nothing may be framed, sniffed or loaded. Without helmet's defaults, so no
    // `upgrade-insecure-requests` over plain HTTP; plugins/content-security.ts sets the policy per
    // response (and the docs UI's own).
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
  });

  await app.register(cors, {
    // Closed unless origins are configured: the API is called system-to-system.
    origin: options.corsOrigins.length > 0 ? options.corsOrigins : false,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'Accept-Language',
      'X-Request-Id',
      'Prefer',
    ],
    exposedHeaders: [
      'API-Version',
      'X-Request-Id',
      'Location',
      'Retry-After',
      'Idempotent-Replayed',
      'Preference-Applied',
    ],
    maxAge: 600,
  });

  await app.register(underPressure, {
    // Delay, not utilisation: a fully busy event loop answering promptly is doing its job, and
    // shedding on utilisation fed itself (the 503s kept the loop busy, so it never recovered).
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    pressureHandler: (request: FastifyRequest, reply: FastifyReply) => {
      // Liveness must keep answering: an overloaded process is alive, not dead.
      if (request.routeOptions.url === '/health/live') return;
      // A plain object, not an Error: under overload every microsecond saved goes to real work.
      reply.code(503).header('Retry-After', '5').type(PROBLEM_CONTENT_TYPE).send({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'The service is overloaded. Retry after a few seconds.',
        instance: request.id,
      });
    },
  });

  // Per client address, before authentication, so floods of invalid keys are cut off cheaply. As
  // an application-wide onRequest hook it runs before the /v1 authentication hook: the plugin's
  // own per-route hooks run after every application hook, so a request refused by authentication
  // was never counted (35,000 requests with an invalid key got no 429).
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => tooMany(Math.ceil(context.ttl / 1000)),
  });
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: options.ratePerIpPerMinute,
      timeWindow: 60_000,
      allowList: (request: FastifyRequest) => isHealthRoute(request),
      errorResponseBuilder: (_request, context) => tooMany(Math.ceil(context.ttl / 1000)),
    }),
  );
}

/**
 * Load shedding for the database-bound /v1 routes, registered before authentication so that a
 * request turned away costs no database lookup at all.
 */
export function registerLoadShedding(v1: FastifyInstance, load: LoadGauge | undefined): void {
  if (!load) return;
  // Answered on the spot with a plain object: under overload most requests end here, and
  // building an Error (with its stack trace) for each would take time from those being served.
  v1.addHook('onRequest', async (request, reply) => {
    if (!load.saturated()) return;
    reply.code(503).header('Retry-After', '2').type(PROBLEM_CONTENT_TYPE).send({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The service is at capacity. Retry after a few seconds.',
      instance: request.id,
    });
    return reply;
  });
}

/** Per API key, after authentication (registered in the /v1 context, after the auth hook). */
export async function registerKeyLimits(v1: FastifyInstance, options: ProtectionOptions): Promise<void> {
  await v1.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: options.ratePerKeyPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => `key:${request.principal?.apiKeyId ?? request.ip}`,
    errorResponseBuilder: (_request, context) => tooMany(Math.ceil(context.ttl / 1000)),
  });
}
