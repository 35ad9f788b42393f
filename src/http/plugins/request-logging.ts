/**
 * Request ids and the one log line per request. The line holds only what may be logged (method,
 * route pattern, status, organisation id, duration: see ../logging.ts); bodies, query strings and
 * headers never. Every response carries `API-Version` and `X-Request-Id`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, RawRequestDefaultExpression } from 'fastify';
import { tokenHoldsBsn } from '../../lib/bsn.js';
import { API_VERSION } from '../api-version.js';
import { HttpProblem } from '../problem.js';
import { BSN_REASON } from '../schemas/text.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * A caller's own correlation id is kept when it is a plain token holding no BSN; anything else is
 * replaced, so log lines cannot be forged or stuffed through the header, nor carry a BSN.
 */
export function requestId(req: RawRequestDefaultExpression): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) && !tokenHoldsBsn(incoming)
    ? incoming
    : randomUUID();
}

export function installRequestLogging(app: FastifyInstance): void {
  // The request id is logged with every line of the request: one holding a BSN is refused (and
  // was replaced by a random id above, so it is not logged either).
  app.addHook('onRequest', async (request) => {
    const incoming = request.headers['x-request-id'];
    if (typeof incoming === 'string' && tokenHoldsBsn(incoming)) {
      throw new HttpProblem(422, `The request is invalid: header.X-Request-Id ${BSN_REASON}.`, {
        invalidParams: [{ name: 'header.X-Request-Id', code: 'contains_bsn', reason: BSN_REASON }],
      });
    }
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
}
