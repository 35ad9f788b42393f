/**
 * Idempotency-Key semantics for POST requests: the same key with the same request within 24 hours
 * replays the original response without recording anything again; the same key with another
 * request is refused (422); a retry while the first is still being processed is refused (409).
 * Keys are scoped per organisation.
 */
import { createHash } from 'node:crypto';
import type { SqlStatement } from '../db/database.js';
import { canonicalJson } from '../lib/canonical-json.js';
import { ABANDONED_AFTER_MS, type IdempotencyRepository } from '../repositories/idempotency-repository.js';
import type { PlacedEntry } from './audit-trail.js';

/** An Idempotency-Key whose stored response is written with the entry it describes. */
export interface Completion {
  key: string;
  respond: (placed: PlacedEntry) => string;
}

/**
 * The statements that store the 201 responses of Idempotency-Keys, run in the audit-trail batch
 * that records the entries they describe (so a replay never answers for something not recorded).
 */
export function completionStatements(
  keys: Pick<IdempotencyRepository, 'completeStatement'>,
  items: Array<{ placed: PlacedEntry; payload: { row: { tenantId: string }; idempotency?: Completion } }>,
): SqlStatement[] {
  return items.flatMap(({ placed, payload }) =>
    payload.idempotency
      ? [
          keys.completeStatement(
            payload.row.tenantId,
            payload.idempotency.key,
            201,
            payload.idempotency.respond(placed),
          ),
        ]
      : [],
  );
}

/** What makes two requests "the same" for an Idempotency-Key: method, route, parameters, body. */
export function requestFingerprint(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

export type IdempotencyDecision =
  | { kind: 'proceed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'conflict_in_flight' }
  | { kind: 'mismatch' };

/** The most keys remembered as abandoned-but-unreleased (a long outage must not grow memory). */
const MAX_UNRELEASED = 10_000;

export class IdempotencyService {
  /**
   * Keys this process reserved whose work failed while the database could not be told (the
   * release failed too, typically because the database was away), with when. Without this, a
   * client retrying with the same key once the database is back gets 409 until the reservation
   * counts as abandoned (ABANDONED_AFTER_MS). An entry is trusted for half that time only, so it
   * can never be mistaken for a reservation another request has since taken over.
   */
  private readonly unreleased = new Map<string, number>();

  constructor(private readonly keys: IdempotencyRepository) {}

  async begin(tenantId: string, key: string, fingerprint: string): Promise<IdempotencyDecision> {
    const id = `${tenantId}\u0000${key}`;
    const abandonedAt = this.unreleased.get(id);
    if (abandonedAt !== undefined) {
      this.unreleased.delete(id);
      if (Date.now() - abandonedAt < ABANDONED_AFTER_MS / 2) {
        // Nobody is working on it: this process's work for it failed. Free it, then reserve anew.
        await this.keys.release(tenantId, key).catch((error: unknown) => {
          this.unreleased.set(id, abandonedAt);
          throw error;
        });
      }
    }
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
    const abandonedAt = Date.now();
    await this.keys.release(tenantId, key).catch(() => {
      this.unreleased.set(`${tenantId}\u0000${key}`, abandonedAt);
      for (const [old] of this.unreleased) {
        if (this.unreleased.size <= MAX_UNRELEASED) break;
        this.unreleased.delete(old);
      }
    });
  }

  purgeExpired(): Promise<number> {
    return this.keys.purgeExpired();
  }
}
