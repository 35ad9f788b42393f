/**
 * The Idempotency-Key header on POST routes (draft-ietf-httpapi-idempotency-key-header): wraps a
 * handler that records something so a retried request never records it twice.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ReplayRecordError } from '../errors.js';
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

/** An answer to send: the status, the JSON body, and the headers that belong to the record. */
export interface IdempotentAnswer {
  status: number;
  /** The JSON text, or its UTF-8 bytes (sent as they are). */
  body: string | Buffer;
  location?: string | undefined;
  /** Content-Language of the texts in the body (a replay answers in the language first asked). */
  language?: string | undefined;
  /** The record and its chain position, logged if the client has gone before the answer. */
  record?: { id: string; sequence: number } | undefined;
}

/** Records the work; `key` is passed on so the completion is stored in the same transaction. */
export type IdempotentWork = (
  idempotency: { key: string; fingerprint: string } | undefined,
) => Promise<IdempotentAnswer>;

/**
 * Rebuilds the answer of the first request from the chain entry of the record it created (the
 * stored completion only names it), checking that the entry is that request's record; throws
 * ReplayMismatchError when it is not.
 */
export type IdempotentReplay = (sequence: number) => Promise<IdempotentAnswer>;

/** The completion of an Idempotency-Key does not match the chain: it was edited, or is corrupt. */
export class ReplayMismatchError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ReplayMismatchError';
  }
}

export async function respondIdempotently(
  request: FastifyRequest,
  reply: FastifyReply,
  service: IdempotencyService,
  tenantId: string,
  work: IdempotentWork,
  replay: IdempotentReplay,
): Promise<FastifyReply> {
  const key = request.headers['idempotency-key'];
  const send = (answer: IdempotentAnswer) => {
    if (answer.location) reply.header('Location', answer.location);
    if (answer.language) reply.header('Content-Language', answer.language);
    // Committed, but nobody will read the answer: operations can reconcile from this line.
    if (answer.record && (request.raw.socket?.destroyed ?? true)) {
      request.log.warn(
        { recordId: answer.record.id, sequence: answer.record.sequence },
        'recorded, but the client disconnected before the answer',
      );
    }
    return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body);
  };
  if (typeof key !== 'string') return send(await work(undefined));
  const fingerprint = requestFingerprint({
    method: request.method,
    route: request.routeOptions.url,
    params: request.params ?? null,
    query: request.query ?? null,
    body: request.body ?? null,
  });
  const decision = await service.begin(tenantId, key, fingerprint);
  switch (decision.kind) {
    case 'replay': {
      const rebuilt =
        decision.sequence === null
          ? Promise.reject(new ReplayMismatchError('the completed key names no record'))
          : replay(decision.sequence);
      const answer = await rebuilt.catch((error: unknown) => {
        if (!(error instanceof ReplayMismatchError || error instanceof ReplayRecordError)) throw error;
        // Never replay what the chain does not confirm. Ids and positions only in the log.
        request.log.error(
          { tenantId, sequence: decision.sequence, reason: error.reason },
          'an Idempotency-Key completion does not match the integrity chain; not replayed',
        );
        throw new HttpProblem(
          500,
          'The stored outcome of this Idempotency-Key does not match the integrity chain, so it is not ' +
            'replayed, and nothing was recorded again. Quote the instance id when reporting this.',
        );
      });
      reply.header('Idempotent-Replayed', 'true');
      return send({ ...answer, status: decision.status });
    }
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
    return send(await work({ key, fingerprint }));
  } catch (error) {
    await service.abandon(tenantId, key);
    throw error;
  }
}
