/**
 * W3C Trace Context over HTTP (src/lib/trace-context.ts has the header grammar). Every request
 * continues the caller's trace when it sends a valid `traceparent` (and `tracestate`), and starts a
 * new one otherwise, without an error: a bad header is the caller's tracing problem, not a reason
 * to refuse a request. The request gets a span of its own (this service's action), which
 *
 * - every log line of the request carries, as `trace_id` and `span_id` (child logger bindings,
 *   set when Fastify creates the request's logger, so no line of the request is without them);
 * - the response carries back in `traceparent` (same trace id, this action's span id);
 * - the services record with the weighing and follow-up entries in the chain and in the LDV
 *   processing log (ProcessingContext below).
 *
 * The tracestate is validated and kept with the request only: it is never logged or stored (it is
 * opaque caller data), and the service makes no further calls it would be passed on to.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatTraceparent, type RequestTrace, traceForRequest } from '../lib/trace-context.js';
import type { ProcessingContext } from '../services/processing-log.js';
import { requirePrincipal } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's trace context (never null once the request is routed). */
    trace: RequestTrace;
    /** When the request arrived: the start time of the action in the processing log. */
    receivedAt: Date;
  }
}

const traces = new WeakMap<IncomingMessage, RequestTrace & { receivedAt: Date }>();

const header = (raw: IncomingMessage, name: string): string | undefined => {
  const value = raw.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/** The trace of a raw request, created once (the logger factory and the hooks share it). */
function traceOf(raw: IncomingMessage): RequestTrace & { receivedAt: Date } {
  let trace = traces.get(raw);
  if (!trace) {
    trace = {
      ...traceForRequest(header(raw, 'traceparent'), header(raw, 'tracestate')),
      receivedAt: new Date(),
    };
    traces.set(raw, trace);
  }
  return trace;
}

/** The `traceparent` a response to this raw request carries. */
export function responseTraceparent(raw: IncomingMessage): string {
  const trace = traceOf(raw);
  return formatTraceparent(trace.traceId, trace.spanId, trace.flags);
}

/** Installs trace context on the whole app. Call before any route is added. */
export function registerTraceContext(app: FastifyInstance): void {
  app.setChildLoggerFactory((logger, bindings, options, raw) => {
    const trace = traceOf(raw as IncomingMessage);
    return logger.child({ ...bindings, trace_id: trace.traceId, span_id: trace.spanId }, options);
  });
  app.decorateRequest('trace', null as unknown as RequestTrace);
  app.decorateRequest('receivedAt', null as unknown as Date);
  app.addHook('onRequest', async (request) => {
    const { receivedAt, ...trace } = traceOf(request.raw);
    request.trace = trace;
    request.receivedAt = receivedAt;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('traceparent', responseTraceparent(request.raw));
    return payload;
  });
}

/** The processing context of an authenticated request, for the services that log processing. */
export function processingOf(request: FastifyRequest): ProcessingContext {
  const principal = requirePrincipal(request);
  const { trace } = request;
  return {
    tenantId: principal.tenantId,
    traceId: trace.traceId,
    spanId: trace.spanId,
    parentSpanId: trace.parentSpanId,
    // LDV: metadata received through W3C Trace Context is recorded as the foreign operation; the
    // calling application is named when its key says which one it is.
    foreign:
      trace.parentSpanId === null
        ? null
        : { spanId: trace.parentSpanId, processor: principal.callerSystem ?? null },
    startedAt: request.receivedAt,
  };
}
