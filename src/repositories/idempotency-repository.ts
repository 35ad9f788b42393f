/**
 * Idempotency-Key bookkeeping. A key is reserved (in_flight) before work starts and completed in
 * the same transaction that records the work, naming that record's chain entry, so a replayed
 * response always describes a committed record and is rebuilt from the chain (this table is
 * mutable; the chain is not).
 */
import type { Database, SqlStatement } from '../db/database.js';

export type Reservation =
  | { outcome: 'reserved' }
  | { outcome: 'in_flight'; fingerprint: string }
  | { outcome: 'completed'; fingerprint: string; status: number; sequence: number | null };

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** An in-flight reservation older than this was abandoned (process died mid-request). */
export const ABANDONED_AFTER_MS = 60_000;

export class IdempotencyRepository {
  constructor(private readonly db: Database) {}

  async reserve(tenantId: string, key: string, fingerprint: string): Promise<Reservation> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.db.prisma.idempotencyKey.createMany({
        data: [{ tenantId, idempotencyKey: key, requestFingerprint: fingerprint, state: 'in_flight' }],
        skipDuplicates: true,
      });
      if (inserted.count === 1) return { outcome: 'reserved' };
      const existing = await this.db.prisma.idempotencyKey.findUnique({
        where: { tenantId_idempotencyKey: { tenantId, idempotencyKey: key } },
      });
      if (!existing) continue; // released in between: try again
      const age = Date.now() - existing.createdAt.getTime();
      const stale =
        age > IDEMPOTENCY_WINDOW_MS || (existing.state === 'in_flight' && age > ABANDONED_AFTER_MS);
      if (stale) {
        // Expired, or abandoned by a process that died: the key may be used afresh.
        await this.db.prisma.idempotencyKey.deleteMany({
          where: { tenantId, idempotencyKey: key, createdAt: existing.createdAt },
        });
        continue;
      }
      if (existing.state === 'completed') {
        return {
          outcome: 'completed',
          fingerprint: existing.requestFingerprint,
          status: existing.responseStatus ?? 200,
          sequence:
            existing.responseSequence !== null
              ? Number(existing.responseSequence)
              : legacySequence(existing.responseBody),
        };
      }
      return { outcome: 'in_flight', fingerprint: existing.requestFingerprint };
    }
    throw new Error('idempotency key could not be reserved');
  }

  /** Run in the audit-trail batch that records the work: the key names the record's entry. */
  completeStatement(tenantId: string, key: string, status: number, sequence: number): SqlStatement {
    return {
      text: `UPDATE idempotency_keys SET state = 'completed', response_status = $3, response_sequence = $4,
                    response_body = NULL, completed_at = now()
              WHERE tenant_id = $1 AND idempotency_key = $2`,
      values: [tenantId, key, status, sequence],
    };
  }

  /** Frees a reservation whose work failed, so a retry can proceed at once. */
  async release(tenantId: string, key: string): Promise<void> {
    await this.db.prisma.idempotencyKey.deleteMany({
      where: { tenantId, idempotencyKey: key, state: 'in_flight' },
    });
  }

  async purgeExpired(now = new Date()): Promise<number> {
    const result = await this.db.prisma.idempotencyKey.deleteMany({
      where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS) } },
    });
    return result.count;
  }
}

/**
 * Keys completed before replays were rebuilt from the chain stored the response body; only the
 * chain position it names is read from it (the response itself is rebuilt and checked).
 */
function legacySequence(body: string | null): number | null {
  if (!body) return null;
  try {
    const sequence = (JSON.parse(body) as { integrity?: { sequence?: unknown } }).integrity?.sequence;
    return typeof sequence === 'number' && Number.isSafeInteger(sequence) && sequence > 0 ? sequence : null;
  } catch {
    return null;
  }
}
