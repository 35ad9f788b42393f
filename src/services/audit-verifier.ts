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
import type { AuditChainRepository, ChainRow, StoredEntry } from '../repositories/audit-chain-repository.js';

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

/** The lowest sequence after `after` named by an index row whose entry does not exist, or null. */
export type StrayIndexProbe = (tenantId: string, after: number) => Promise<number | null>;

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

/** Entries per read (by default): ~7.5 KB each, and the next batch is read while one is checked. */
const BATCH = 5_000;

/** Index rows by the sequence they name; `several`: sequences named by more than one row. */
interface IndexMap {
  rows: Map<number, { entryType: string; row: IndexedRow }>;
  several: Set<number>;
}
interface Batch {
  rows: StoredEntry[];
  indexes: Promise<IndexMap>;
}
const HEAD_BYTES = Buffer.from(ENVELOPE_HEAD, 'utf8');
/**
 * Work done between two yields to the event loop. Counted in time, not entries: 250 entries took up
 * to ~100 ms on a busy machine, long enough to delay every other request behind a verification.
 */
const YIELD_AFTER_MS = 5;

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
  private readonly strayProbes: StrayIndexProbe[] = [];
  private readonly chainChecks: ChainCheck[] = [];
  private readonly fullRunListeners: Array<(report: VerificationReport) => Promise<void>> = [];
  /** How far each chain verified intact in this process (see verifyFresh). */
  private readonly verified = new Map<string, VerifiedPosition>();

  private readonly batchSize: number;

  constructor(
    private readonly chain: AuditChainRepository,
    options: { batchSize?: number } = {},
  ) {
    this.batchSize = options.batchSize ?? BATCH;
  }

  /** Entries of this type must have an index row that agrees with them. */
  registerIndex(entryType: string, source: IndexSource): void {
    this.indexSources.set(entryType, source);
  }

  /**
   * A probe for index rows past a position that name no entry at all: rows beyond the end of the
   * chain are not met while reading it, yet would list weighings that were never made.
   */
  registerStrayIndexProbe(probe: StrayIndexProbe): void {
    this.strayProbes.push(probe);
  }

  registerChainCheck(check: ChainCheck): void {
    this.chainChecks.push(check);
  }

  /**
   * Called with the report of every full verification (from the first entry) before it is
   * returned: a dossier says when the whole chain was last verified (services/dossier.ts).
   */
  onFullVerification(listener: (report: VerificationReport) => Promise<void>): void {
    this.fullRunListeners.push(listener);
  }

  /**
   * Verifies the chain, from its first entry or, with `after`, from the entry after a position
   * already verified (whose hash the next entry must name). With `signal`, the run stops (throwing
   * its reason) soon after it is aborted: between batches and at every yield. With `pauseMs`, it
   * pauses that long (asked anew at each pause, when a function) after every few milliseconds of work, leaving the rest of the process's CPU
   * to requests (verifications asked for over the API run so; the CLI runs flat out).
   */
  async verify(
    tenantId: string,
    options: { after?: VerifiedPosition; signal?: AbortSignal; pauseMs?: number | (() => number) } = {},
  ): Promise<VerificationReport> {
    const pauseOption = options.pauseMs ?? 0;
    const pauseNow = typeof pauseOption === 'function' ? pauseOption : () => pauseOption;
    const signal = options.signal;
    signal?.throwIfAborted();
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
    let yielded = performance.now();
    for (;;) {
      const batch = await next;
      signal?.throwIfAborted();
      const rows = batch.rows;
      if (rows.length === 0) break;
      const last = rows[rows.length - 1]!.sequence;
      if (rows.length === this.batchSize) next = this.readBatch(tenantId, last);
      const indexes = await batch.indexes;
      for (const [i, row] of rows.entries()) {
        // Let the next batch's bytes be taken in now and then, so the database keeps sending while
        // this one is checked (and requests keep being served meanwhile).
        if (i % 16 === 15 && performance.now() - yielded >= YIELD_AFTER_MS) {
          const pause = pauseNow();
          await new Promise((resolve) => (pause > 0 ? setTimeout(resolve, pause) : setImmediate(resolve)));
          signal?.throwIfAborted();
          yielded = performance.now();
        }
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
        for (const [sequence, { entryType }] of indexes.rows) {
          broken = earlier(broken, {
            sequence,
            reason: `an index row of a ${entryType} entry points at another kind of entry`,
          });
        }
      }
      const verified = broken ? rows.filter((r) => r.sequence < broken!.sequence) : rows;
      for (const { run } of runs) broken = earlier(broken, run.check(verified));
      if (broken || rows.length < this.batchSize) break;
    }
    if (!broken) {
      const head = { sequence: expected - 1, hash: expected > 1 ? previousHash : null };
      for (const probe of this.strayProbes) {
        const stray = await probe(tenantId, head.sequence);
        if (stray !== null) {
          broken = earlier(broken, {
            sequence: head.sequence + 1,
            reason: `an index row names entry ${stray}, which is not in the chain`,
          });
        }
      }
      for (const { run } of runs) broken = earlier(broken, run.finish(head));
    }
    const checked = broken ? broken.sequence - 1 : expected - 1;
    const fullAt = after ? after.fullAt : startedAt;
    if (broken) this.verified.delete(tenantId);
    else if (expected > 1)
      this.verified.set(tenantId, { sequence: expected - 1, hash: previousHash, fullAt });

    const report: VerificationReport = {
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
    if (!after) for (const listener of this.fullRunListeners) await listener(report);
    return report;
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

  /**
   * A batch of entries after `after`, and (to be awaited separately) the index rows of its range,
   * keyed by sequence. The index rows are asked for while the entries are read, for the range an
   * unbroken chain gives them (after + 1 … after + batch size). A batch reaching further has a gap,
   * and verification stops at the gap before any entry beyond that range is checked. Both promises
   * are marked handled: a run that stops at a broken link leaves them unawaited.
   */
  private readBatch(tenantId: string, after: number): Promise<Batch> {
    const early = handled(this.readIndexes(tenantId, after + 1, after + this.batchSize));
    return handled(
      this.chain.readRangeBytes(tenantId, after, this.batchSize).then((rows) => ({
        rows,
        indexes: handled(this.indexesOf(tenantId, after, rows, early)),
      })),
    );
  }

  /** The index rows of the entries read, from those asked for early (read again if one is missing). */
  private async indexesOf(
    tenantId: string,
    after: number,
    rows: StoredEntry[],
    early: Promise<IndexMap>,
  ): Promise<IndexMap> {
    let byEntry = await early;
    // An entry committed after the index rows were read (its index row is written in the same
    // transaction) has its row now: read the range again rather than report it missing.
    if (rows.some((r) => this.indexSources.has(r.entryType) && !byEntry.rows.has(r.sequence))) {
      byEntry = await this.readIndexes(tenantId, after + 1, after + this.batchSize);
    }
    // Only the rows of entries read (a shorter last batch ends before the range does).
    const to = rows.length > 0 ? rows[rows.length - 1]!.sequence : after;
    for (const sequence of byEntry.rows.keys()) if (sequence > to) byEntry.rows.delete(sequence);
    return byEntry;
  }

  private async readIndexes(tenantId: string, from: number, to: number): Promise<IndexMap> {
    const found = await Promise.all(
      [...this.indexSources].map(async ([entryType, source]) => ({
        entryType,
        rows: await source(tenantId, from, to),
      })),
    );
    const indexes: IndexMap = { rows: new Map(), several: new Set() };
    for (const { entryType, rows } of found) {
      for (const row of rows) {
        if (indexes.rows.has(row.sequence)) indexes.several.add(row.sequence);
        indexes.rows.set(row.sequence, { entryType, row });
      }
    }
    return indexes;
  }

  private checkEntry(
    row: StoredEntry,
    tenantId: string,
    expected: number,
    previousHash: string,
    indexes: IndexMap,
  ): string | null {
    if (row.sequence !== expected)
      return `entry ${expected} is missing (the next entry found is ${row.sequence})`;
    if (row.previousHash !== previousHash) return 'the entry does not name the hash of the entry before it';
    // Over the stored bytes: the same UTF-8 that hashing the decoded string would encode.
    if (chainHash(row.previousHash, row.bytes) !== row.hash)
      return 'the entry content does not match its hash';

    const indexed = this.indexSources.has(row.entryType);
    // A second row naming the same entry would make a record findable twice, or as another.
    if (indexes.several.has(row.sequence)) return 'more than one index row names this entry';
    const found = indexes.rows.get(row.sequence);
    if (found) indexes.rows.delete(row.sequence);
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
    // Compared as text, decoding only the bytes the tail must occupy (no copy of the record).
    const bytes = row.bytes;
    const tailLength = Buffer.byteLength(tail, 'utf8');
    if (
      bytes.length >= HEAD_BYTES.length + tailLength &&
      bytes.compare(HEAD_BYTES, 0, HEAD_BYTES.length, 0, HEAD_BYTES.length) === 0 &&
      bytes.toString('utf8', bytes.length - tailLength) === tail
    ) {
      return null;
    }
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

/** Marks a promise as handled (a run that stops early leaves prefetches unawaited) and returns it. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function earlier(a: BrokenLink | null, b: BrokenLink | null): BrokenLink | null {
  return a && (!b || a.sequence <= b.sequence) ? a : b;
}
