/**
 * Recomputes a tenant's integrity chain from its first entry: every sequence number present and
 * in order (no gaps), every entry naming its predecessor's hash, every hash matching its content,
 * every envelope matching the columns it is stored with, and every index row (the tables used to
 * find records) agreeing with the entry it indexes. Reports the first broken link.
 *
 * Speed matters (a chain holds millions of entries): the hashes are recomputed here, not trusted
 * to the database, but an envelope is checked by comparing its canonical tail with the one its
 * columns and index row imply (see envelopeTail) rather than by parsing the record; records are
 * parsed only to explain a disagreement. The next batch is read while this one is checked.
 */
import { chainHash, ENVELOPE_HEAD, type Envelope, envelopeTail, GENESIS_HASH } from '../audit/chain.js';
import type { AuditChainRepository, ChainRow } from '../repositories/audit-chain-repository.js';

export interface BrokenLink {
  sequence: number;
  reason: string;
}

export interface VerificationReport {
  tenantId: string;
  /**
   * `full`: from the first entry. `incremental`: from the position a full verification of this
   * process reached at `fullVerificationAt` (everything before it was verified then).
   */
  scope: 'full' | 'incremental';
  /** When the chain up to this run's starting point was last verified from its first entry. */
  fullVerificationAt: string;
  intact: boolean;
  recordsChecked: number;
  headSequence: number;
  headHash: string | null;
  firstBrokenLink: BrokenLink | null;
  /** What each registered chain check (e.g. signed checkpoints) checked. */
  checks: Array<{ name: string; checked: number }>;
  verifiedAt: string;
  durationMs: number;
}

/** An index row as its chain entry must state it. */
export interface IndexedRow {
  sequence: number;
  entityId: string;
  recordedAt: Date;
  index: Record<string, unknown>;
}

/** The index rows of one entry type in a range of sequence numbers. */
export type IndexSource = (tenantId: string, from: number, to: number) => Promise<IndexedRow[]>;

/**
 * A check over the whole chain that runs alongside verification (signed checkpoints): each run
 * sees every entry whose link and hash were verified, in chain order, and reports the first
 * disagreement; `finish` is called when the whole chain verified, with its head.
 */
export interface ChainCheck {
  name: string;
  /** `incremental`: the run sees only the entries after a position verified earlier. */
  start(tenantId: string, options: { incremental: boolean }): Promise<ChainCheckRun>;
}

export interface ChainCheckRun {
  check(entries: ChainRow[]): BrokenLink | null;
  finish(head: { sequence: number; hash: string | null }): BrokenLink | null;
  /** How many items the check covered (e.g. checkpoints). */
  checked(): number;
}

const BATCH = 10_000;

/**
 * How old a full verification may be before an export or a scheduled head checkpoint verifies the
 * chain from its first entry again; in between they verify only what was appended since.
 */
export const FULL_VERIFICATION_MAX_AGE_MS = 10 * 60_000;

interface VerifiedPosition {
  sequence: number;
  hash: string;
  /** When the chain was last verified in full, up to (at least) an earlier position. */
  fullAt: Date;
}

export class AuditVerifier {
  private readonly indexSources = new Map<string, IndexSource>();
  private readonly chainChecks: ChainCheck[] = [];
  /** How far each chain verified intact in this process (see verifyFresh). */
  private readonly verified = new Map<string, VerifiedPosition>();

  constructor(private readonly chain: AuditChainRepository) {}

  /** Entries of this type must have an index row that agrees with them. */
  registerIndex(entryType: string, source: IndexSource): void {
    this.indexSources.set(entryType, source);
  }

  registerChainCheck(check: ChainCheck): void {
    this.chainChecks.push(check);
  }

  /**
   * Verifies the chain, from its first entry or, with `after`, from the entry after a position
   * already verified (whose hash the next entry must name).
   */
  async verify(tenantId: string, options: { after?: VerifiedPosition } = {}): Promise<VerificationReport> {
    const started = performance.now();
    const startedAt = new Date();
    const after = options.after;
    let expected = (after?.sequence ?? 0) + 1;
    let previousHash = after?.hash ?? GENESIS_HASH;
    let broken: BrokenLink | null = null;
    const runs = await Promise.all(
      this.chainChecks.map(async (c) => ({
        name: c.name,
        run: await c.start(tenantId, { incremental: after !== undefined }),
      })),
    );

    let next = this.readBatch(tenantId, after?.sequence ?? 0);
    for (;;) {
      const { rows, indexes } = await next;
      if (rows.length === 0) break;
      const last = rows[rows.length - 1]!.sequence;
      if (rows.length === BATCH) next = this.readBatch(tenantId, last);
      for (const row of rows) {
        const problem = this.checkEntry(row, tenantId, expected, previousHash, indexes);
        if (problem) {
          broken = { sequence: expected, reason: problem };
          break;
        }
        previousHash = row.hash;
        expected += 1;
      }
      if (!broken) {
        // Index rows that no entry of their type accounts for (pointing at another kind of entry).
        for (const [sequence, { entryType }] of indexes) {
          broken = earlier(broken, {
            sequence,
            reason: `an index row of a ${entryType} entry points at another kind of entry`,
          });
        }
      }
      const verified = broken ? rows.filter((r) => r.sequence < broken!.sequence) : rows;
      for (const { run } of runs) broken = earlier(broken, run.check(verified));
      if (broken || rows.length < BATCH) break;
    }
    if (!broken) {
      const head = { sequence: expected - 1, hash: expected > 1 ? previousHash : null };
      for (const { run } of runs) broken = earlier(broken, run.finish(head));
    }
    const checked = broken ? broken.sequence - 1 : expected - 1;
    const fullAt = after ? after.fullAt : startedAt;
    if (broken) this.verified.delete(tenantId);
    else if (expected > 1)
      this.verified.set(tenantId, { sequence: expected - 1, hash: previousHash, fullAt });

    return {
      tenantId,
      scope: after ? 'incremental' : 'full',
      fullVerificationAt: fullAt.toISOString(),
      intact: broken === null,
      recordsChecked: checked - (after?.sequence ?? 0),
      headSequence: broken ? checked : expected - 1,
      headHash: broken ? null : expected > 1 ? previousHash : null,
      firstBrokenLink: broken,
      checks: runs.map(({ name, run }) => ({ name, checked: run.checked() })),
      verifiedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
    };
  }

  /**
   * Verifies incrementally when this process verified the chain in full less than `maxAgeMs` ago
   * (from where that left off), and in full otherwise. Tampering with entries before that point
   * is found by the next full run; signed checkpoints pin what the chain was meanwhile.
   */
  async verifyFresh(tenantId: string, maxAgeMs: number): Promise<VerificationReport> {
    const known = this.verified.get(tenantId);
    const fresh = known && Date.now() - known.fullAt.getTime() <= maxAgeMs;
    return fresh ? this.verify(tenantId, { after: known }) : this.verify(tenantId);
  }

  /** A batch of entries after `after`, and the index rows in its range (keyed by sequence). */
  private async readBatch(tenantId: string, after: number) {
    const rows = await this.chain.readRange(tenantId, after, BATCH);
    const indexes = new Map<number, { entryType: string; row: IndexedRow }>();
    if (rows.length > 0) {
      const from = rows[0]!.sequence;
      const to = rows[rows.length - 1]!.sequence;
      const found = await Promise.all(
        [...this.indexSources].map(async ([entryType, source]) => ({
          entryType,
          rows: await source(tenantId, from, to),
        })),
      );
      for (const { entryType, rows: indexRows } of found) {
        for (const row of indexRows) indexes.set(row.sequence, { entryType, row });
      }
    }
    return { rows, indexes };
  }

  private checkEntry(
    row: ChainRow,
    tenantId: string,
    expected: number,
    previousHash: string,
    indexes: Map<number, { entryType: string; row: IndexedRow }>,
  ): string | null {
    if (row.sequence !== expected)
      return `entry ${expected} is missing (the next entry found is ${row.sequence})`;
    if (row.previousHash !== previousHash) return 'the entry does not name the hash of the entry before it';
    if (chainHash(row.previousHash, row.content) !== row.hash)
      return 'the entry content does not match its hash';

    const indexed = this.indexSources.has(row.entryType);
    const found = indexes.get(row.sequence);
    if (found) indexes.delete(row.sequence);
    if (indexed && (!found || found.entryType !== row.entryType))
      return 'the index row of this entry is missing';
    if (found && found.entryType !== row.entryType) return 'an index row points at an entry of another kind';
    if (
      found &&
      (found.row.entityId !== row.entityId || found.row.recordedAt.getTime() !== row.recordedAt.getTime())
    ) {
      return 'the index row names another record or time than the entry';
    }
    const tail = envelopeTail({
      tenantId,
      sequence: row.sequence,
      entryType: row.entryType,
      entityId: row.entityId,
      recordedAt: row.recordedAt.toISOString(),
      ...(found ? { index: found.row.index } : {}),
    });
    if (row.content.startsWith(ENVELOPE_HEAD) && row.content.endsWith(tail)) return null;
    return explainMismatch(row, tenantId, found?.row.index);
  }
}

/** Only on the failure path: parse the record to say what disagrees. */
function explainMismatch(
  row: ChainRow,
  tenantId: string,
  index: Record<string, unknown> | undefined,
): string {
  let envelope: Partial<Envelope>;
  try {
    envelope = JSON.parse(row.content) as Partial<Envelope>;
  } catch {
    return 'the entry content is not valid JSON';
  }
  if (
    envelope.tenantId !== tenantId ||
    envelope.sequence !== row.sequence ||
    envelope.entryType !== row.entryType ||
    envelope.entityId !== row.entityId ||
    envelope.recordedAt !== row.recordedAt.toISOString()
  ) {
    return 'the stored columns of the entry disagree with its hashed content';
  }
  if (index) {
    const stated = envelope.index ?? {};
    const fields = Object.keys({ ...index, ...stated }).filter(
      (key) => JSON.stringify(index[key]) !== JSON.stringify(stated[key]),
    );
    if (fields.length > 0) return `the index row disagrees with the record on: ${fields.sort().join(', ')}`;
  }
  return 'the entry content is not in canonical form';
}

function earlier(a: BrokenLink | null, b: BrokenLink | null): BrokenLink | null {
  return a && (!b || a.sequence <= b.sequence) ? a : b;
}
