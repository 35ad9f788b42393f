/**
 * The Idempotency-Key header on POST routes (draft-ietf-httpapi-idempotency-key-header): wraps a
 * handler that records something so a retried request never records it twice.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type IdempotencyService, requestFingerprint } from '../services/idempotency.js';
import { HttpProblem } from './problem.js';
import { storableText } from './schemas/text.js';

export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': storableText('token', { max: 255 })
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters')
    .optional()
    .describe(
      'Makes the POST safe to retry: the same key and body within 24 hours replay the original response.',
    ),
});

/** Records the work; `key` is passed on so the completion is stored in the same transaction. */
export type IdempotentWork = (
  idempotency: { key: string; fingerprint: string } | undefined,
) => Promise<{ status: number; body: string; location?: string }>;

export async function respondIdempotently(
  request: FastifyRequest,
  reply: FastifyReply,
  service: IdempotencyService,
  tenantId: string,
  work: IdempotentWork,
): Promise<FastifyReply> {
  const key = request.headers['idempotency-key'];
  const send = (status: number, body: string, location?: string) => {
    if (location) reply.header('Location', location);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  };
  if (typeof key !== 'string') {
    const done = await work(undefined);
    return send(done.status, done.body, done.location);
  }
  const fingerprint = requestFingerprint({
    method: request.method,
    route: request.routeOptions.url,
    params: request.params ?? null,
    query: request.query ?? null,
    body: request.body ?? null,
  });
  const decision = await service.begin(tenantId, key, fingerprint);
  switch (decision.kind) {
    case 'replay':
      reply.header('Idempotent-Replayed', 'true');
      return send(decision.status, decision.body);
    case 'mismatch':
      throw new HttpProblem(
        422,
        'This Idempotency-Key was used before with a different request. Use a new key for a new request.',
      );
    case 'conflict_in_flight':
      throw new HttpProblem(
        409,
        'A request with this Idempotency-Key is still being processed. Retry shortly.',
        {
          headers: { 'Retry-After': '1' },
        },
      );
    case 'proceed':
      break;
  }
  try {
    const done = await work({ key, fingerprint });
    return send(done.status, done.body, done.location);
  } catch (error) {
    await service.abandon(tenantId, key);
    throw error;
  }
}
