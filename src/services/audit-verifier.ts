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
import { type RangeResult, RangeWorkers } from './parallel-verification.js';

export interface BrokenLink {
  sequence: number;
  reason: string;
}

export interface VerificationReport {
  tenantId: string;
  /**
   * Always `full`: from the first entry. (`incremental`, a run from where an earlier full run of
   * this process left off, stays in the public vocabulary; nothing runs one since dossiers are
   * proven by inclusion proofs.)
   */
  scope: 'full' | 'incremental';
  /** When this run, which verified the chain from its first entry, started. */
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
  /**
   * The entry types whose `content` this check reads. A parallel run delivers the content of only
   * these types to the coordinating thread; reading another entry's content there throws.
   */
  contentOf?: readonly string[];
  /**
   * This check reads each entry's RFC 9162 leaf hash (SHA-256 of 0x00 and the content). A parallel
   * run has the workers compute it and hands it over as `leafHash` on each entry (see
   * DeliveredEntry); a run in this thread gives the stored bytes (`bytes`) instead.
   */
  leafHashes?: boolean;
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

/**
 * Full verifications of long chains run over ranges in worker threads (parallel-verification.ts),
 * each with its own connection to `url`.
 */
export interface ParallelOptions {
  /** The service's database URL, for the workers' connections. */
  url: string;
  /** Worker threads per full verification; 0 verifies in this thread. */
  workers: number;
  /** Chains shorter than this are verified in this thread (starting workers costs more). */
  minEntries?: number;
  /** Entries per range (by default the batch size). */
  rangeSize?: number;
}

export interface VerifyOptions {
  /** Worker threads for this run (a full run of a long enough chain), instead of the configured number. */
  workers?: number;
  /** Stops the run (its workers too); the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Pause this long after every few milliseconds of work, asked anew at each pause when a function (see verify). */
  pauseMs?: number | (() => number);
  /** For tests and benchmarks: the configured minEntries and rangeSize of a parallel run, overridden. */
  minEntries?: number;
  rangeSize?: number;
}

/**
 * What the checks after the hash need of an entry: its columns, the length of its content, whether
 * the content begins as an envelope must, and the end of it from where the envelope's fields begin
 * (the whole content, when read in this thread).
 */
interface RecordView {
  sequence: number;
  entryType: string;
  entityId: string;
  recordedAt: Date;
  byteLength: number;
  headOk: boolean;
  suffix: Buffer;
}

const NEEDS_CONTENT = Symbol('needs the whole content');

/** Worker threads kept after a parallel run end after this long without another. */
const IDLE_WORKERS_MS = 60_000;

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

export class AuditVerifier {
  private readonly indexSources = new Map<string, IndexSource>();
  private readonly strayProbes: StrayIndexProbe[] = [];
  private readonly chainChecks: ChainCheck[] = [];
  private readonly fullRunListeners: Array<(report: VerificationReport) => Promise<void>> = [];

  private readonly batchSize: number;
  private readonly parallel: ParallelOptions | undefined;
  /** Worker threads kept between parallel runs, and how many runs use them now. */
  private kept: { workers: RangeWorkers; runs: number } | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly chain: AuditChainRepository,
    options: { batchSize?: number; parallel?: ParallelOptions } = {},
  ) {
    this.batchSize = options.batchSize ?? BATCH;
    this.parallel = options.parallel;
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
   * Verifies the chain from its first entry. With `signal`, the run stops (throwing its reason)
   * soon after it is aborted: between batches and at every yield. With `pauseMs`, it pauses that
   * long (asked anew at each pause, when a function) after every few milliseconds of work, leaving
   * the rest of the process's CPU to requests (verifications asked for over the API run so; the
   * CLI runs flat out).
   */
  async verify(tenantId: string, options: VerifyOptions = {}): Promise<VerificationReport> {
    const report = await this.verifyFromStart(tenantId, options);
    for (const listener of this.fullRunListeners) await listener(report);
    return report;
  }

  /** A full run, in worker threads when configured and the chain is long enough, else here. */
  private async verifyFromStart(tenantId: string, options: VerifyOptions): Promise<VerificationReport> {
    options.signal?.throwIfAborted();
    const workers = options.workers ?? this.parallel?.workers ?? 0;
    if (this.parallel && workers > 0) {
      const head = await this.chain.headSequence(tenantId);
      const parallel = {
        ...this.parallel,
        ...(options.minEntries !== undefined ? { minEntries: options.minEntries } : {}),
        ...(options.rangeSize !== undefined ? { rangeSize: options.rangeSize } : {}),
      };
      if (head > 0 && head >= (parallel.minEntries ?? 20_000)) {
        return this.verifyInParallel(tenantId, head, workers, parallel, options.signal, options.pauseMs);
      }
    }
    return this.verifyHere(tenantId, options);
  }

  /** Verification in this thread, batch after batch (the next read while one is checked). */
  private async verifyHere(tenantId: string, options: VerifyOptions): Promise<VerificationReport> {
    const pauseOption = options.pauseMs ?? 0;
    const pauseNow = typeof pauseOption === 'function' ? pauseOption : () => pauseOption;
    const signal = options.signal;
    const started = performance.now();
    const startedAt = new Date();
    let expected = 1;
    let previousHash = GENESIS_HASH;
    let broken: BrokenLink | null = null;
    const runs = await Promise.all(
      this.chainChecks.map(async (c) => ({
        name: c.name,
        run: await c.start(tenantId, { incremental: false }),
      })),
    );

    let next = this.readBatch(tenantId, 0);
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
    return this.finishRun(tenantId, { started, startedAt, expected, previousHash, broken, runs });
  }

  /** Stray index rows, the checks' last word, and the report. */
  private async finishRun(
    tenantId: string,
    run: {
      started: number;
      startedAt: Date;
      expected: number;
      previousHash: string;
      broken: BrokenLink | null;
      runs: Array<{ name: string; run: ChainCheckRun }>;
    },
  ): Promise<VerificationReport> {
    const { started, startedAt, expected, previousHash, runs } = run;
    let broken = run.broken;
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
    const report: VerificationReport = {
      tenantId,
      scope: 'full',
      fullVerificationAt: startedAt.toISOString(),
      intact: broken === null,
      recordsChecked: checked,
      headSequence: broken ? checked : expected - 1,
      headHash: broken ? null : expected > 1 ? previousHash : null,
      firstBrokenLink: broken,
      checks: runs.map(({ name, run }) => ({ name, checked: run.checked() })),
      verifiedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
    };
    return report;
  }

  /**
   * A full verification of the chain up to `head` (its last entry when the run starts) over ranges
   * in worker threads, which recompute hashes and check links and gaps inside their ranges (see
   * parallel-verification.ts). This thread checks the links between ranges and, in chain order,
   * everything that reads other tables: index rows, envelopes against columns, the chain checks.
   * It finds exactly what a verification in this thread finds, at the same entry.
   */
  private async verifyInParallel(
    tenantId: string,
    head: number,
    workerCount: number,
    parallel: ParallelOptions,
    signal: AbortSignal | undefined,
    pauseMs: VerifyOptions['pauseMs'],
  ): Promise<VerificationReport> {
    const pauseOption = pauseMs ?? 0;
    const pauseNow = typeof pauseOption === 'function' ? pauseOption : () => pauseOption;
    const started = performance.now();
    const startedAt = new Date();
    const runs = await Promise.all(
      this.chainChecks.map(async (c) => ({
        name: c.name,
        run: await c.start(tenantId, { incremental: false }),
      })),
    );
    const contentOf = [...new Set(this.chainChecks.flatMap((c) => c.contentOf ?? []))];
    const leafHashes = this.chainChecks.some((c) => c.leafHashes);
    const rangeSize = parallel.rangeSize ?? this.batchSize;
    const ranges = Math.ceil(head / rangeSize);
    const workers = this.acquireWorkers(workerCount, parallel.url);
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      // Their reads are cut off mid-range: these workers are not reused.
      void workers.close(true);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const window = 2 * workerCount;
    const asked: Array<{ result: Promise<RangeResult>; indexes: Promise<IndexMap> }> = [];
    const ask = (k: number) => {
      const after = k * rangeSize;
      const through = Math.min(head, after + rangeSize);
      asked[k] = {
        result: workers.request(k, { tenantId, after, through, contentOf, leafHashes }),
        indexes: handled(this.readIndexes(tenantId, after + 1, through)),
      };
    };
    let expected = 1;
    let previousHash = GENESIS_HASH;
    let broken: BrokenLink | null = null;
    try {
      for (let k = 0; k < Math.min(window, ranges); k++) ask(k);
      let yielded = performance.now();
      for (let k = 0; k < ranges && !broken; k++) {
        const result = await asked[k]!.result;
        const indexes = await asked[k]!.indexes;
        delete asked[k];
        if (k + window < ranges) ask(k + window);
        // The link into this range (unless its first entry is missing).
        const startsWithGap = result.problem?.kind === 'gap' && result.problem.sequence === expected;
        if (
          result.firstPreviousHash !== null &&
          !startsWithGap &&
          result.firstPreviousHash !== previousHash
        ) {
          broken = { sequence: expected, reason: 'the entry does not name the hash of the entry before it' };
          break;
        }
        const entries = rangeEntries(tenantId, expected, result);
        for (const [i, entry] of entries.entries()) {
          // As in one thread: yield after a few milliseconds, pausing when asked to. The workers
          // get at most `window` ranges ahead of this loop, so its pauses slow them down too.
          if (i % 16 === 15 && performance.now() - yielded >= YIELD_AFTER_MS) {
            const pause = pauseNow();
            await new Promise((resolve) => (pause > 0 ? setTimeout(resolve, pause) : setImmediate(resolve)));
            signal?.throwIfAborted();
            yielded = performance.now();
          }
          const checked = this.checkDelivered(entry.view, tenantId, indexes);
          const problem = checked instanceof Promise ? await checked : checked;
          if (problem) {
            broken = { sequence: entry.view.sequence, reason: problem };
            break;
          }
        }
        if (!broken && result.problem) {
          broken = await this.workerProblem(tenantId, result.problem);
          // A range cut short where the chain really ends (it cannot, below the head read at the
          // start, unless entries were removed meanwhile) ends the run like the end of the chain.
          if (broken === null) {
            const upTo = expected + result.count;
            for (const { run } of runs) broken = earlier(broken, run.check(entries.map((e) => e.row)));
            if (result.count > 0) previousHash = result.hashes.slice(-64);
            expected = upTo;
            break;
          }
        }
        if (!broken) {
          for (const [sequence, { entryType }] of indexes.rows) {
            broken = earlier(broken, {
              sequence,
              reason: `an index row of a ${entryType} entry points at another kind of entry`,
            });
          }
        }
        const verified = broken ? entries.filter((e) => e.row.sequence < broken!.sequence) : entries;
        for (const { run } of runs) broken = earlier(broken, run.check(verified.map((e) => e.row)));
        if (broken) break;
        if (result.count > 0) previousHash = result.hashes.slice(-64);
        expected += result.count;
      }
    } catch (error) {
      if (aborted) signal?.throwIfAborted();
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.releaseWorkers(workers);
    }
    signal?.throwIfAborted();
    return this.finishRun(tenantId, {
      started,
      startedAt,
      expected,
      previousHash,
      broken,
      runs,
    });
  }

  /**
   * Worker threads for a run: the ones kept from earlier runs when there are as many as asked for
   * and no other run uses them, new ones otherwise (a second run at the same time gets its own,
   * ended after it). Kept workers end after IDLE_WORKERS_MS without a run.
   */
  private acquireWorkers(count: number, url: string): RangeWorkers {
    clearTimeout(this.idleTimer);
    const kept = this.kept;
    if (kept?.workers.usable && kept.workers.size === count && kept.runs === 0) {
      kept.runs += 1;
      return kept.workers;
    }
    const workers = new RangeWorkers(count, { url });
    if (!kept || kept.runs === 0) {
      if (kept) void kept.workers.close();
      this.kept = { workers, runs: 1 };
    }
    return workers;
  }

  private releaseWorkers(workers: RangeWorkers): void {
    const kept = this.kept;
    if (kept?.workers !== workers) {
      void workers.close(!workers.usable);
      return;
    }
    kept.runs -= 1;
    if (!workers.usable) {
      this.kept = undefined;
      void workers.close(true);
      return;
    }
    if (kept.runs === 0) {
      this.idleTimer = setTimeout(() => void this.close(), IDLE_WORKERS_MS);
      this.idleTimer.unref();
    }
  }

  /** Ends the worker threads kept between runs (at shutdown; they also end on their own when idle). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const kept = this.kept;
    this.kept = undefined;
    if (kept) await kept.workers.close();
  }

  /** A worker's finding as the report states it. Null: the range ended where the chain ends. */
  private async workerProblem(
    tenantId: string,
    problem: NonNullable<RangeResult['problem']>,
  ): Promise<BrokenLink | null> {
    const { sequence } = problem;
    switch (problem.kind) {
      case 'link':
        return { sequence, reason: 'the entry does not name the hash of the entry before it' };
      case 'hash':
        return { sequence, reason: 'the entry content does not match its hash' };
      case 'gap': {
        const found = problem.found ?? (await this.chain.nextSequence(tenantId, sequence - 1));
        return found === null
          ? null
          : { sequence, reason: `entry ${sequence} is missing (the next entry found is ${found})` };
      }
    }
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
    const bytes = row.bytes;
    const view: RecordView = {
      sequence: row.sequence,
      entryType: row.entryType,
      entityId: row.entityId,
      recordedAt: row.recordedAt,
      byteLength: bytes.length,
      headOk:
        bytes.length >= HEAD_BYTES.length &&
        bytes.compare(HEAD_BYTES, 0, HEAD_BYTES.length, 0, HEAD_BYTES.length) === 0,
      suffix: bytes,
    };
    const problem = this.checkRecord(view, tenantId, indexes);
    // The whole content is at hand here, so NEEDS_CONTENT cannot occur.
    if (problem === null || problem === NEEDS_CONTENT) return null;
    return problem.explain ? explainMismatch(row, tenantId, problem.index) : problem.reason;
  }

  /**
   * checkRecord on an entry a worker delivered, reading the whole entry only where the end it sent
   * does not suffice (or to explain a disagreement): a promise only then.
   */
  private checkDelivered(
    view: RecordView,
    tenantId: string,
    indexes: IndexMap,
  ): string | null | Promise<string | null> {
    const found = indexes.rows.get(view.sequence);
    const problem = this.checkRecord(view, tenantId, indexes);
    if (problem === null) return null;
    if (problem !== NEEDS_CONTENT && !problem.explain) return problem.reason;
    return this.checkWithContent(view, tenantId, found, problem);
  }

  private async checkWithContent(
    view: RecordView,
    tenantId: string,
    found: { entryType: string; row: IndexedRow } | undefined,
    problem: typeof NEEDS_CONTENT | { explain: true; index: Record<string, unknown> | undefined },
  ): Promise<string | null> {
    const entry = await this.chain.findBySequence(tenantId, view.sequence);
    if (!entry) return `entry ${view.sequence} is missing`;
    const index = problem === NEEDS_CONTENT ? found?.row.index : problem.index;
    if (problem === NEEDS_CONTENT) {
      const bytes = Buffer.from(entry.content, 'utf8');
      const again = this.checkRecord({ ...view, byteLength: bytes.length, suffix: bytes }, tenantId, {
        rows: new Map(found ? [[view.sequence, found]] : []),
        several: new Set(),
      });
      if (again === null) return null;
    }
    return explainMismatch(entry, tenantId, index);
  }

  /**
   * The checks of an entry whose link and hash are right: its index row (present, one, of its
   * kind, naming the same record and time) and its envelope (the fields the columns and index row
   * imply, compared as the text the content must end with, without parsing the record).
   */
  private checkRecord(
    row: RecordView,
    tenantId: string,
    indexes: IndexMap,
  ):
    | { reason: string; explain?: false }
    | { explain: true; index: Record<string, unknown> | undefined }
    | typeof NEEDS_CONTENT
    | null {
    const indexed = this.indexSources.has(row.entryType);
    // A second row naming the same entry would make a record findable twice, or as another.
    if (indexes.several.has(row.sequence)) return { reason: 'more than one index row names this entry' };
    const found = indexes.rows.get(row.sequence);
    if (found) indexes.rows.delete(row.sequence);
    if (indexed && (!found || found.entryType !== row.entryType))
      return { reason: 'the index row of this entry is missing' };
    if (found && found.entryType !== row.entryType)
      return { reason: 'an index row points at an entry of another kind' };
    if (
      found &&
      (found.row.entityId !== row.entityId || found.row.recordedAt.getTime() !== row.recordedAt.getTime())
    ) {
      return { reason: 'the index row names another record or time than the entry' };
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
    const tailLength = Buffer.byteLength(tail, 'utf8');
    if (row.byteLength >= HEAD_BYTES.length + tailLength && row.headOk) {
      if (row.suffix.length < tailLength) {
        // The end a worker sent is shorter than this tail: read the whole entry.
        if (found) indexes.rows.set(row.sequence, found);
        return NEEDS_CONTENT;
      }
      if (row.suffix.toString('utf8', row.suffix.length - tailLength) === tail) return null;
    }
    return { explain: true, index: found?.row.index };
  }
}

/**
 * An entry as a worker delivered it, for the chain checks: its content only if its type was
 * asked for (see ChainCheck.contentOf).
 */
export class DeliveredEntry implements ChainRow {
  constructor(
    readonly tenantId: string,
    readonly sequence: number,
    readonly entryType: string,
    readonly entityId: string,
    readonly recordedAt: Date,
    readonly previousHash: string,
    readonly hash: string,
    private readonly delivered: string | undefined,
    /** The RFC 9162 leaf hash of the content, when a chain check asked for it (leafHashes). */
    readonly leafHash: Uint8Array | undefined,
  ) {}

  get content(): string {
    if (this.delivered === undefined) {
      throw new Error(
        `a chain check read the content of a ${this.entryType} entry without naming the type in its contentOf`,
      );
    }
    return this.delivered;
  }
}

/** The entries of a range as a worker delivered them: for the checks here, and for chain checks. */
function rangeEntries(
  tenantId: string,
  first: number,
  result: RangeResult,
): Array<{ view: RecordView; row: ChainRow }> {
  const contents = new Map(result.contents);
  const suffixes = Buffer.from(
    result.suffixes.buffer,
    result.suffixes.byteOffset,
    result.suffixes.byteLength,
  );
  const entries: Array<{ view: RecordView; row: ChainRow }> = [];
  for (let i = 0; i < result.count; i++) {
    const sequence = first + i;
    const recordedAt = new Date(result.recordedAt[i]!);
    const view: RecordView = {
      sequence,
      entryType: result.entryTypes[i]!,
      entityId: result.entityIds[i]!,
      recordedAt,
      byteLength: result.lengths[i]!,
      headOk: result.headOk[i] === 1,
      suffix: suffixes.subarray(i === 0 ? 0 : result.suffixEnds[i - 1]!, result.suffixEnds[i]!),
    };
    const row = new DeliveredEntry(
      tenantId,
      sequence,
      view.entryType,
      view.entityId,
      recordedAt,
      i === 0 ? (result.firstPreviousHash ?? '') : result.hashes.slice((i - 1) * 64, i * 64),
      result.hashes.slice(i * 64, (i + 1) * 64),
      contents.get(i),
      result.leafHashes ? result.leafHashes.subarray(i * 32, (i + 1) * 32) : undefined,
    );
    entries.push({ view, row });
  }
  return entries;
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
