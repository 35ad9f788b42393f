/**
 * Errors to RFC 9457 problems, in one place. Domain errors (src/errors.ts) are mapped by class;
 * Fastify's own errors by code; a database outage becomes 503; anything else is a 500 that says
 * nothing about its cause. Also the answers for unmatched routes (404, or 405 with `Allow` when
 * the path exists with other methods), for errors raised before routing, and for requests the
 * HTTP parser refuses.
 */
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../../db/errors.js';
import {
  CapacityError,
  ConflictError,
  CosignatureThresholdError,
  EventAgainstAdviceError,
  ExportCapacityError,
  FutureHeadError,
  InvalidFieldError,
  NotFoundError,
  UnprocessableFieldError,
} from '../../errors.js';
import { API_VERSION } from '../api-version.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, titleFor } from '../problem.js';
import { responseTraceparent } from '../trace-context.js';
import { validationProblem } from '../validation.js';

const UNEXPECTED = 'An unexpected error occurred. Quote the instance id when reporting this.';

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: HttpProblem,
): FastifyReply {
  for (const [name, value] of Object.entries(problem.options.headers ?? {})) reply.header(name, value);
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.toProblem(request.id));
}

/** The one mapping from a thrown error to the problem the caller sees. */
export function toProblem(error: FastifyError | Error): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof NotFoundError) {
    return new HttpProblem(404, `This ${error.what} does not exist or is not visible to you.`);
  }
  if (error instanceof InvalidFieldError) {
    const name = `${error.location}.${error.field}`;
    return new HttpProblem(400, `The request is invalid: ${name} ${error.reason}.`, {
      invalidParams: [{ name, code: error.code, reason: error.reason }],
    });
  }
  if (error instanceof UnprocessableFieldError) {
    const name = `${error.location}.${error.field}`;
    return new HttpProblem(422, `The request cannot be processed: ${name} ${error.reason}.`, {
      invalidParams: [{ name, code: error.code, reason: error.reason }],
    });
  }
  if (error instanceof ConflictError) return new HttpProblem(409, error.detail);
  if (error instanceof EventAgainstAdviceError) {
    const named = error.categories.length > 0 ? `: ${error.categories.join(', ')}` : '';
    const reason = error.nothingAdvised
      ? `the weighing did not allow sharing${named}; record it as shared_despite_advice with a motivation`
      : `names categories the weighing did not say to share${named}; record sharing them as shared_despite_advice with a motivation`;
    return new HttpProblem(422, `The event is inconsistent with the weighing: body.categories ${reason}.`, {
      title: 'Event inconsistent with the weighing',
      invalidParams: [{ name: 'body.categories', code: 'against_advice', reason }],
    });
  }
  if (error instanceof FutureHeadError) {
    return new HttpProblem(
      503,
      "Nothing was recorded: the last entry of your organisation's integrity chain is dated in the future, " +
        'which the service did not write. The operator must investigate (npm run audit:verify).',
    );
  }
  if (error instanceof ExportCapacityError) {
    return new HttpProblem(503, 'Too many exports are running. Retry in a minute.', {
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    });
  }
  if (error instanceof CosignatureThresholdError) {
    return new HttpProblem(
      503,
      `No checkpoint covering this weighing carries the ${error.required} witness cosignature(s) required ` +
        `yet (found ${error.found}): the witnesses may be unreachable. Retry later.`,
      { headers: { 'Retry-After': '30' } },
    );
  }
  if (error instanceof CapacityError) {
    return new HttpProblem(
      503,
      'The service is at capacity. Nothing was recorded; retry after a few seconds.',
      { headers: { 'Retry-After': String(error.retryAfterSeconds) } },
    );
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    return validationProblem(error.validationContext, error.validation);
  }
  if (isDatabaseUnavailable(error)) {
    return new HttpProblem(
      503,
      'The database is temporarily unavailable. Retry later, with the same Idempotency-Key for a POST.',
      { headers: { 'Retry-After': '5' } },
    );
  }
  const code = (error as FastifyError).code;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'Send the request body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'The request body is larger than this service accepts.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem(400, 'The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpProblem(400, 'The Content-Length header does not match the body.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpProblem(400, 'The request body is not valid JSON.');
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpProblem(status, `The request cannot be processed (${titleFor(status).toLowerCase()}).`);
  }
  return new HttpProblem(500, UNEXPECTED);
}

/** Route patterns and their methods, to tell 405 from 404. */
class RouteTable {
  private readonly routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];

  add(url: string, methods: string[]): void {
    const source = url
      .split('/')
      .map((segment) =>
        segment.startsWith(':') || segment === '*' ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    const pattern = new RegExp(`^${source}$`);
    const existing = this.routes.find((r) => r.pattern.source === pattern.source);
    const set = existing?.methods ?? new Set<string>();
    for (const method of methods) set.add(method.toUpperCase());
    if (!existing) this.routes.push({ pattern, methods: set });
  }

  /** The methods a concrete path answers to; empty when no route has that path. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes)
      if (route.pattern.test(path)) for (const m of route.methods) methods.add(m);
    return [...methods].sort();
  }
}

export function installErrorHandling(app: FastifyInstance): void {
  const routes = new RouteTable();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.add(route.url, methods);
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, problem);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '/';
    const allowed = routes.allowed(path).filter((m) => m !== request.method);
    if (allowed.length > 0) {
      // RFC 9110 §15.5.6: the path exists, the method does not; say which ones do.
      return sendProblem(
        request,
        reply,
        new HttpProblem(405, `This path does not answer ${request.method}; use ${allowed.join(', ')}.`, {
          headers: { Allow: allowed.join(', ') },
        }),
      );
    }
    return sendProblem(
      request,
      reply,
      new HttpProblem(404, `There is no ${request.method} route at this path.`),
    );
  });
}

/**
 * Errors raised before routing. Fastify's own answers are not problem+json, and those for a badly
 * encoded or over-long path quote the path, which can hold a case reference.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new HttpProblem(414, 'A path segment is longer than this service accepts.')
      : error.code === 'FST_ERR_BAD_URL'
        ? new HttpProblem(400, 'The request path is not a valid URL (check its percent-encoding).')
        : new HttpProblem(500, UNEXPECTED);
  // The app's onSend hook does not run here: its headers are set by hand.
  reply
    .header('API-Version', API_VERSION)
    .header('X-Request-Id', request.id)
    .header('traceparent', responseTraceparent(request.raw));
  void sendProblem(request, reply, problem);
}

/**
 * Requests the HTTP parser refuses (headers too large, malformed, too slow to arrive) never reach
 * Fastify: they are answered on the socket, as problem+json like every other error, and closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request line and headers are larger than this service accepts.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request did not arrive in time.']
        : [400, 'The request is not valid HTTP.'];
  const title = titleFor(status);
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `API-Version: ${API_VERSION}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
