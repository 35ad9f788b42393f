/**
 * Appends entries to a tenant's integrity chain, together with the rows that make them findable,
 * in one transaction per batch.
 *
 * Appends to one chain must be serialised (each entry names its predecessor's hash), so a commit
 * per record would cap throughput at one disk flush per record. Instead, appends that arrive while
 * a transaction is in flight wait and are written together in the next one: a group commit. Every
 * caller still gets its answer only after the transaction holding its entry has committed. Across
 * processes a per-tenant advisory lock orders the batches, and the database itself refuses an
 * entry that does not extend the chain exactly (see the audit-trail migration).
 */
import { randomUUID } from 'node:crypto';
import { chainHash, envelopeContent, GENESIS_HASH } from '../audit/chain.js';
import type { Database, Tx } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import type { AuditChainRepository, ChainRow } from '../repositories/audit-chain-repository.js';

export interface PlacedEntry {
  tenantId: string;
  sequence: number;
  entryType: string;
  entityId: string;
  recordedAt: Date;
  content: string;
  previousHash: string;
  hash: string;
}

export interface AppendRequest<P = unknown> {
  entryType: string;
  /** Id of the record the entry is about; generated when omitted. */
  entityId?: string;
  /** The entry's data, hashed into the chain. Must be JSON: no undefined, Dates or BigInts. */
  data: unknown;
  /** Handed to the projector of this entry type, with the placed entry. */
  payload?: P;
}

/** Writes the rows that index one entry type, inside the batch's transaction. */
export type Projector<P> = (tx: Tx, items: Array<{ placed: PlacedEntry; payload: P }>) => Promise<void>;

interface Pending {
  request: AppendRequest;
  entityId: string;
  resolve: (placed: PlacedEntry) => void;
  reject: (error: unknown) => void;
}

interface TenantQueue {
  pending: Pending[];
  running: boolean;
}

/** The queue for one organisation's chain is full: the caller should retry later (503). */
export class CapacityError extends Error {
  constructor() {
    super('the audit trail is at capacity');
    this.name = 'CapacityError';
  }
}

export class AuditTrail {
  private readonly queues = new Map<string, TenantQueue>();
  private readonly projectors = new Map<string, Projector<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly chain: AuditChainRepository,
    private readonly options: { maxBatch?: number; maxQueue?: number } = {},
  ) {}

  /** Entries waiting to be written, over all organisations (a measure of load). */
  pendingCount(): number {
    let total = 0;
    for (const queue of this.queues.values()) total += queue.pending.length;
    return total;
  }

  registerProjector<P>(entryType: string, projector: Projector<P>): void {
    this.projectors.set(entryType, projector as Projector<unknown>);
  }

  append<P>(tenantId: string, request: AppendRequest<P>): Promise<PlacedEntry> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(tenantId);
      if (!queue) {
        queue = { pending: [], running: false };
        this.queues.set(tenantId, queue);
      }
      if (queue.pending.length >= (this.options.maxQueue ?? Number.POSITIVE_INFINITY)) {
        reject(new CapacityError());
        return;
      }
      queue.pending.push({ request, entityId: request.entityId ?? randomUUID(), resolve, reject });
      if (!queue.running) void this.drain(tenantId, queue);
    });
  }

  private async drain(tenantId: string, queue: TenantQueue): Promise<void> {
    queue.running = true;
    try {
      while (queue.pending.length > 0) {
        const batch = queue.pending.splice(0, this.options.maxBatch ?? 64);
        try {
          const placed = await this.writeBatch(tenantId, batch);
          for (const [i, item] of batch.entries()) item.resolve(placed[i]!);
        } catch (error) {
          if (batch.length === 1 || isDatabaseUnavailable(error)) {
            for (const item of batch) item.reject(error);
            continue;
          }
          // One bad entry must not fail the others: retry each alone so only it is refused.
          for (const item of batch) {
            try {
              const [placed] = await this.writeBatch(tenantId, [item]);
              item.resolve(placed!);
            } catch (single) {
              item.reject(single);
            }
          }
        }
      }
    } finally {
      queue.running = false;
      if (queue.pending.length === 0) this.queues.delete(tenantId);
      else void this.drain(tenantId, queue);
    }
  }

  private writeBatch(tenantId: string, batch: Pending[]): Promise<PlacedEntry[]> {
    return this.db.transaction(async (tx) => {
      await this.chain.lockTenantChain(tx, tenantId);
      const head = await this.chain.head(tx, tenantId);
      // Time comes from the database clock and never runs backwards along the chain.
      const recordedAt =
        head.recordedAt && head.recordedAt.getTime() > head.now.getTime() ? head.recordedAt : head.now;
      let previousHash = head.sequence === 0 ? GENESIS_HASH : head.hash;
      let sequence = head.sequence;
      const rows: ChainRow[] = [];
      for (const item of batch) {
        sequence += 1;
        const content = envelopeContent({
          tenantId,
          sequence,
          entryType: item.request.entryType,
          entityId: item.entityId,
          recordedAt: recordedAt.toISOString(),
          data: item.request.data,
        });
        const hash = chainHash(previousHash, content);
        rows.push({
          tenantId,
          sequence,
          entryType: item.request.entryType,
          entityId: item.entityId,
          recordedAt,
          content,
          previousHash,
          hash,
        });
        previousHash = hash;
      }
      await this.chain.insertMany(tx, rows);

      const byType = new Map<string, Array<{ placed: PlacedEntry; payload: unknown }>>();
      rows.forEach((placed, i) => {
        const list = byType.get(placed.entryType) ?? [];
        list.push({ placed, payload: batch[i]!.request.payload });
        byType.set(placed.entryType, list);
      });
      for (const [entryType, items] of byType) {
        const projector = this.projectors.get(entryType);
        if (projector) await projector(tx, items);
      }
      return rows;
    });
  }
}
