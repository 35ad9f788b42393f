/**
 * Appends entries to a tenant's integrity chain, together with the rows that make them findable,
 * in one transaction per batch.
 *
 * Appends to one chain must be serialised (each entry names its predecessor's hash), so a commit
 * per record would cap throughput at one disk flush per record. Instead, appends that arrive while
 * a transaction is under way wait and are written together in the next one: a group commit. There
 * is no batch window: an append that finds its organisation idle is written at once, alone, so at
 * low load a weighing waits for one transaction only. Every caller gets its answer only after the
 * transaction holding its entry has committed.
 *
 * Appends are serialised by a row lock on the organisation's head row (audit_chain_lock_head) and
 * placed at head + 1: no advisory lock, no database sequence, nothing outside that organisation's
 * own rows (docs/scaling.md). The chain's hashes are computed here, so after placing a batch this
 * process knows the head the chain will have once that batch commits. The next batch is built on
 * that expected head and sent at once, as one round trip (BEGIN, head lock, inserts, projections,
 * COMMIT, pipelined on the append pool), on a second connection: in the database it waits for the
 * head row, so batches commit strictly in order while their round trips overlap. The database has
 * the last word: it refuses any entry that is not at head + 1 or does not extend the committed
 * chain exactly (see the audit-trail and chain-heads migrations). When that happens (another
 * process appended meanwhile, or the batch before failed) the expected head is dropped and the
 * batch is retried on the head read under the lock.
 *
 * Projectors (registerProjector) add the rows that belong with an entry type: index rows, key
 * rows, stored Idempotency-Key responses. They return statements, not a callback with a
 * connection, so each batch stays one round trip; the statements run in the batch's transaction
 * after the chain rows, and must touch only rows of the batch's organisation.
 */
import { randomUUID } from 'node:crypto';
import { chainHash, envelopeContent, GENESIS_HASH } from '../audit/chain.js';
import type { Database, SqlStatement } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { CapacityError, FutureHeadError } from '../errors.js';
import type { AuditChainRepository, ChainRow } from '../repositories/audit-chain-repository.js';

/** An entry as placed in the chain: exactly the row written for it. */
export type PlacedEntry = ChainRow;

export interface AppendRequest<P = unknown> {
  entryType: string;
  /** Id of the record the entry is about; generated when omitted. */
  entityId?: string;
  /** The entry's data, hashed into the chain. Must be JSON: no undefined, Dates or BigInts. */
  data: unknown;
  /** The values of the index row this entry gets (see Envelope.index); hashed with the entry. */
  index?: Record<string, unknown>;
  /** Handed to the projector of this entry type, with the placed entry. */
  payload?: P;
}

/**
 * The statements that write the rows indexing one entry type, run in the batch's transaction
 * after the chain rows. Statements, not a callback with a connection: the whole batch is sent in
 * one round trip.
 */
export type Projector<P> = (items: Array<{ placed: PlacedEntry; payload: P }>) => SqlStatement[];

interface Pending {
  request: AppendRequest;
  entityId: string;
  resolve: (placed: PlacedEntry) => void;
  reject: (error: unknown) => void;
}

interface ChainHead {
  sequence: number;
  hash: string;
  recordedAt: Date | null;
}

interface TenantQueue {
  pending: Pending[];
  /** Batches of this organisation under way (at most `lanes`). */
  running: number;
  /** The head the chain will have once every batch sent so far has committed; null: unknown. */
  expected: ChainHead | null;
  /**
   * Batches sent to be written on the head read under the lock that have not read it yet. While
   * one has not, the head after the batches sent so far is not known here: a batch built on
   * `expected` would take positions that one is about to take.
   */
  unplaced: number;
}

/** The queue for one organisation's chain is full: the caller should retry later (503). */
// Kept importable from here; the class lives with the other domain errors.
// Kept importable from here; the class lives with the other domain errors.
export { CapacityError, FutureHeadError };

/** How far ahead of this process's clock the head may be dated (other machines' clocks differ). */
const MAX_HEAD_AHEAD_MS = 60_000;

export interface AuditTrailOptions {
  /** Most entries in one transaction. */
  maxBatch?: number;
  /** Most entries waiting for one organisation's chain before appends are refused (503). */
  maxQueue?: number;
  /** Batches of one organisation under way at once (each on its own connection). */
  lanes?: number;
  /**
   * Write a lone entry on the head remembered from this process's last batch (one round trip)
   * rather than reading it under the lock first (two). Default true; false only to measure it.
   */
  rememberIdleHeads?: boolean;
}

/** Organisations whose head is remembered while they are idle (the least recently used go first). */
const REMEMBERED_HEADS = 10_000;
/** Most idle starts that skip a remembered head after it was found stale (doubling from 1). */
const MAX_DOUBT = 64;

export class AuditTrail {
  private readonly queues = new Map<string, TenantQueue>();
  private readonly projectors = new Map<string, Projector<unknown>>();
  /**
   * The head each idle organisation's chain had after this process's last batch. A lone weighing
   * at low load is then written on it in one round trip, instead of first reading the head under
   * the lock (two). If another process appended meanwhile, the database refuses the batch and it
   * is written again on the locked head: correct, but a round trip lost.
   */
  private readonly idleHeads = new Map<string, ChainHead>();
  /**
   * Organisations whose expected head was recently found stale (another process appends to them
   * too): the next `skip` batches read the head under the lock instead, a number that doubles with
   * each further stale head and is forgotten after a batch written on a head this process expected.
   */
  private readonly doubts = new Map<string, { skip: number; backoff: number }>();

  constructor(
    private readonly db: Database,
    private readonly chain: AuditChainRepository,
    private readonly options: AuditTrailOptions = {},
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

  /** The entry types the services write (each registers its projector); a test holds them to the database's list. */
  registeredEntryTypes(): string[] {
    return [...this.projectors.keys()];
  }

  append<P>(tenantId: string, request: AppendRequest<P>): Promise<PlacedEntry> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(tenantId);
      if (!queue) {
        queue = { pending: [], running: 0, expected: this.rememberedHead(tenantId), unplaced: 0 };
        this.queues.set(tenantId, queue);
      }
      if (queue.pending.length >= (this.options.maxQueue ?? Number.POSITIVE_INFINITY)) {
        reject(new CapacityError());
        return;
      }
      queue.pending.push({ request, entityId: request.entityId ?? randomUUID(), resolve, reject });
      if (queue.running < (this.options.lanes ?? 2)) void this.drain(tenantId, queue);
    });
  }

  private async drain(tenantId: string, queue: TenantQueue): Promise<void> {
    queue.running += 1;
    try {
      while (queue.pending.length > 0) {
        const batch = queue.pending.splice(0, this.options.maxBatch ?? 64);
        try {
          const placed = await this.writeBatch(tenantId, queue, batch);
          for (const [i, item] of batch.entries()) item.resolve(placed[i]!);
        } catch (error) {
          if (batch.length === 1 || isDatabaseUnavailable(error)) {
            for (const item of batch) item.reject(error);
            continue;
          }
          // One bad entry must not fail the others: retry each alone so only it is refused.
          for (const item of batch) {
            try {
              const [placed] = await this.writeBatch(tenantId, queue, [item]);
              item.resolve(placed!);
            } catch (single) {
              item.reject(single);
            }
          }
        }
      }
    } finally {
      queue.running -= 1;
      if (queue.pending.length > 0) void this.drain(tenantId, queue);
      else if (queue.running === 0) {
        this.queues.delete(tenantId);
        if (queue.expected) this.rememberHead(tenantId, queue.expected);
      }
    }
  }

  private rememberHead(tenantId: string, head: ChainHead): void {
    if (this.options.rememberIdleHeads === false) return;
    this.idleHeads.delete(tenantId);
    this.idleHeads.set(tenantId, head);
    if (this.idleHeads.size > REMEMBERED_HEADS) {
      this.idleHeads.delete(this.idleHeads.keys().next().value!);
    }
  }

  private rememberedHead(tenantId: string): ChainHead | null {
    const head = this.idleHeads.get(tenantId) ?? null;
    this.idleHeads.delete(tenantId);
    return head;
  }

  /**
   * Whether to write the next batch on the head this process expects. Not while in doubt: after a
   * batch was refused because the head had moved (another process appends to this organisation
   * too), the next 1, 2, 4 … 64 batches read the head under the lock instead, so that two busy
   * instances do not keep building on each other's stale heads (every refused batch is work the
   * database did for nothing).
   */
  private guessHead(tenantId: string): boolean {
    const doubt = this.doubts.get(tenantId);
    if (!doubt || doubt.skip === 0) return true;
    doubt.skip -= 1;
    return false;
  }

  /** A batch built on the head this process expected was refused: the head was stale. */
  private doubt(tenantId: string): void {
    const doubt = this.doubts.get(tenantId);
    const backoff = Math.min(MAX_DOUBT, doubt ? doubt.backoff * 2 : 1);
    this.doubts.delete(tenantId);
    this.doubts.set(tenantId, { skip: backoff, backoff });
    if (this.doubts.size > REMEMBERED_HEADS) this.doubts.delete(this.doubts.keys().next().value!);
  }

  /**
   * Writes a batch on the expected head in one round trip; if the database refuses it (the head
   * was not what this process expected), reads the real head under the lock and writes again.
   */
  private async writeBatch(tenantId: string, queue: TenantQueue, batch: Pending[]): Promise<PlacedEntry[]> {
    const expected = queue.expected;
    if (expected && queue.unplaced === 0 && this.guessHead(tenantId)) {
      const rows = this.place(tenantId, expected, batch);
      queue.expected = headOf(rows);
      try {
        await this.db.pipelinedTransaction(
          [
            this.chain.lockStatement(tenantId),
            this.chain.insertStatement(rows),
            ...this.projections(rows, batch),
          ],
          this.db.appendPool,
        );
        this.doubts.delete(tenantId);
        return rows;
      } catch (error) {
        // Whatever was built on this batch's head is void as well.
        queue.expected = null;
        if (isDatabaseUnavailable(error)) throw error;
        this.doubt(tenantId);
      }
    }
    return this.writeOnCommittedHead(tenantId, queue, batch);
  }

  private async writeOnCommittedHead(
    tenantId: string,
    queue: TenantQueue,
    batch: Pending[],
  ): Promise<PlacedEntry[]> {
    queue.unplaced += 1;
    let placed = false;
    try {
      return await this.db.sqlTransaction(async (tx) => {
        const head = await this.chain.lockHead(tx, tenantId);
        queue.unplaced -= 1;
        placed = true;
        const rows = this.place(tenantId, head, batch);
        // The next batch may be built on the head this one leaves, unless another batch is waiting
        // for the lock: that one will come first.
        queue.expected = queue.unplaced === 0 ? headOf(rows) : null;
        const statements = [this.chain.insertStatement(rows), ...this.projections(rows, batch)];
        // Sent at once (the append pool pipelines); the first failure aborts the transaction.
        const results = statements.map((s) => tx.query(s));
        for (const result of results) result.catch(() => undefined);
        for (const result of results) await result;
        return rows;
      }, this.db.appendPool);
    } catch (error) {
      if (!placed) queue.unplaced -= 1;
      queue.expected = null;
      throw error;
    }
  }

  /** Assigns sequence numbers, time and hashes on top of `head`. */
  private place(tenantId: string, head: ChainHead, batch: Pending[]): ChainRow[] {
    // Time never runs backwards along the chain, whatever the clocks of several processes say.
    const now = Date.now();
    if (head.recordedAt && head.recordedAt.getTime() > now + MAX_HEAD_AHEAD_MS) throw new FutureHeadError();
    const recordedAt = new Date(
      head.recordedAt && head.recordedAt.getTime() > now ? head.recordedAt.getTime() : now,
    );
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
        ...(item.request.index ? { index: item.request.index } : {}),
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
    return rows;
  }

  private projections(rows: ChainRow[], batch: Pending[]): SqlStatement[] {
    const byType = new Map<string, Array<{ placed: PlacedEntry; payload: unknown }>>();
    for (const [i, placed] of rows.entries()) {
      const list = byType.get(placed.entryType) ?? [];
      list.push({ placed, payload: batch[i]!.request.payload });
      byType.set(placed.entryType, list);
    }
    const statements: SqlStatement[] = [];
    for (const [entryType, items] of byType) {
      const projector = this.projectors.get(entryType);
      if (projector) statements.push(...projector(items));
    }
    return statements;
  }
}

function headOf(rows: ChainRow[]): ChainHead {
  const last = rows[rows.length - 1]!;
  return { sequence: last.sequence, hash: last.hash, recordedAt: last.recordedAt };
}
