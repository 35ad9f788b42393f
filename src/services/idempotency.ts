/**
 * Idempotency-Key semantics for POST requests: the same key with the same request within 24 hours
 * replays the original response without recording anything again; the same key with another
 * request is refused (422); a retry while the first is still being processed is refused (409).
 * Keys are scoped per organisation.
 */
import { createHash } from 'node:crypto';
import { chainHash } from '../audit/chain.js';
import type { SqlStatement } from '../db/database.js';
import { ReplayRecordError } from '../errors.js';
import { canonicalJson } from '../lib/canonical-json.js';
import type { AuditChainRepository, ChainRow } from '../repositories/audit-chain-repository.js';
import { ABANDONED_AFTER_MS, type IdempotencyRepository } from '../repositories/idempotency-repository.js';
import type { PlacedEntry } from './audit-trail.js';

/** An Idempotency-Key completed with the entry it describes. */
export interface Completion {
  key: string;
}

/**
 * The statements that complete Idempotency-Keys, naming the chain entries the requests created,
 * run in the audit-trail batch that records those entries (so a replay never answers for something
 * not recorded). No response is stored: a replay is rebuilt from the entry and checked against it,
 * since this table is mutable and the chain is not.
 */
export function completionStatements(
  keys: Pick<IdempotencyRepository, 'completeStatement'>,
  items: Array<{ placed: PlacedEntry; payload: { row: { tenantId: string }; idempotency?: Completion } }>,
): SqlStatement[] {
  return items.flatMap(({ placed, payload }) =>
    payload.idempotency
      ? [keys.completeStatement(payload.row.tenantId, payload.idempotency.key, 201, placed.sequence)]
      : [],
  );
}

/**
 * The chain entry a completed Idempotency-Key names, of `entryType`, with its hash recomputed:
 * what a replayed answer is rebuilt from. Throws ReplayRecordError when the chain does not confirm it.
 */
export async function confirmedEntry(
  chain: Pick<AuditChainRepository, 'findBySequence'>,
  tenantId: string,
  sequence: number,
  entryType: string,
): Promise<ChainRow> {
  const entry = await chain.findBySequence(tenantId, sequence);
  if (!entry) throw new ReplayRecordError('the entry it names is not in the chain');
  if (entry.entryType !== entryType) throw new ReplayRecordError('the entry it names is of another kind');
  if (chainHash(entry.previousHash, entry.content) !== entry.hash) {
    throw new ReplayRecordError('the entry it names does not match its hash');
  }
  return entry;
}

/** What makes two requests "the same" for an Idempotency-Key: method, route, parameters, body. */
export function requestFingerprint(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

export type IdempotencyDecision =
  | { kind: 'proceed' }
  /** `sequence`: the chain entry of the record the first request created (null: not known). */
  | { kind: 'replay'; status: number; sequence: number | null }
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
          ? { kind: 'replay', status: reservation.status, sequence: reservation.sequence }
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
