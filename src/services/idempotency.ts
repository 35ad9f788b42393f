/**
 * Idempotency-Key semantics for POST requests: the same key with the same request within 24 hours
 * replays the original response without recording anything again; the same key with another
 * request is refused (422); a retry while the first is still being processed is refused (409).
 * Keys are scoped per organisation.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/canonical-json.js';
import type { IdempotencyRepository } from '../repositories/idempotency-repository.js';

/** What makes two requests "the same" for an Idempotency-Key: method, route, parameters, body. */
export function requestFingerprint(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

export type IdempotencyDecision =
  | { kind: 'proceed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'conflict_in_flight' }
  | { kind: 'mismatch' };

export class IdempotencyService {
  constructor(private readonly keys: IdempotencyRepository) {}

  async begin(tenantId: string, key: string, fingerprint: string): Promise<IdempotencyDecision> {
    const reservation = await this.keys.reserve(tenantId, key, fingerprint);
    switch (reservation.outcome) {
      case 'reserved':
        return { kind: 'proceed' };
      case 'completed':
        return reservation.fingerprint === fingerprint
          ? { kind: 'replay', status: reservation.status, body: reservation.body }
          : { kind: 'mismatch' };
      case 'in_flight':
        return reservation.fingerprint === fingerprint
          ? { kind: 'conflict_in_flight' }
          : { kind: 'mismatch' };
    }
  }

  /** The work failed: free the key so the caller can retry at once. Best effort. */
  async abandon(tenantId: string, key: string): Promise<void> {
    await this.keys.release(tenantId, key).catch(() => undefined);
  }

  purgeExpired(): Promise<number> {
    return this.keys.purgeExpired();
  }
}
