/**
 * Request ids and the one log line per request. The line holds only what may be logged (method,
 * route pattern, status, organisation id, duration: see ../logging.ts); bodies, query strings and
 * headers never. Every response carries `API-Version` and `X-Request-Id`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, RawRequestDefaultExpression } from 'fastify';
import { API_VERSION } from '../api-version.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * A caller's own correlation id is kept when it is a plain token; anything else is replaced, so
 * log lines cannot be forged or stuffed through the header.
 */
export function requestId(req: RawRequestDefaultExpression): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function installRequestLogging(app: FastifyInstance): void {
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
}
