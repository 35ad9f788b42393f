/**
 * Reads weighings for bulk export from a server-side cursor (pg-query-stream), so an export of any
 * size holds only one batch of rows in memory. Rows are fetched when the consumer asks for more:
 * a slow reader slows the query down instead of filling memory (backpressure).
 *
 * Exports use their own small pool (Database.createPool): the number of exports running at once
 * is bounded by it, and a long export never takes a connection from the request path. Each export
 * is one read-only REPEATABLE READ transaction: one consistent snapshot from first row to last.
 */
import { pipeline, type Readable, Transform } from 'node:stream';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { Database } from '../db/database.js';
import { ExportCapacityError } from '../errors.js';
import type { AssessmentRow } from './assessment-repository.js';

/** One exported weighing: its summary, never the answers, free text, dossier note or client. */
export type ExportRecord = Omit<AssessmentRow, 'tenantId' | 'clientRefHash' | 'apiKeyId'> & {
  hash: string;
  kind?: 'assessment';
};

/** A chain entry as exported: what a formatter needs to read and cite it. */
export interface ExportedEntry {
  sequence: number;
  hash: string;
  previousHash: string;
  recordedAt: Date;
  content: string;
}

/**
 * A consent registered or withdrawn in the range: the registration entry, and for a withdrawal
 * also the withdrawal entry. The formatter decides what of it is exported (never the client).
 */
export interface ConsentEventRecord {
  kind: 'consent_recorded' | 'consent_withdrawn';
  /** The entry's entity: the consent's id, or the withdrawal's. */
  id: string;
  recordedAt: Date;
  sequence: number;
  hash: string;
  registration: ExportedEntry;
  withdrawal: ExportedEntry | null;
}

/** What a bulk export streams, in chain order. */
export type ExportItem = ExportRecord | ConsentEventRecord;

interface DbRow {
  kind: 'assessment' | 'consent_recorded' | 'consent_withdrawn';
  id: string;
  recorded_at: Date;
  case_ref: string;
  professional_ref: string;
  recipient_type: string;
  purpose_type: string;
  decision: string;
  ground: string;
  shared_categories: string[];
  withheld_categories: string[];
  ruleset_version: string;
  ruleset_hash: string;
  sequence: string;
  hash: string;
  previous_hash: string;
  content: string | null;
  registration_sequence: string | null;
  registration_hash: string | null;
  registration_previous_hash: string | null;
  registration_recorded_at: Date | null;
  registration_content: string | null;
}

// A recording-time range is a contiguous stretch of the chain (recorded_at never decreases along
// it), so it is first turned into a sequence range (BOUNDS: a few index lookups). Each branch is
// then an index range scan on its (tenant_id, sequence) key, ordered by it (the branch's own ORDER
// BY is what lets the planner merge), and PostgreSQL merges the three without sorting the range: the first rows go out at once, however
// large the range. Weighings carry their index columns; consent events their chain entries (read
// by the formatter, which exports no client and no free text), a withdrawal also the consent's
// registration entry. Every column is typed in every branch, so the UNION ALL is flattened.
const BOUNDS = `
  SELECT LEAST(${['assessments', 'consents', 'consent_withdrawals']
    .map(
      (t) => `(SELECT min(sequence) FROM ${t} WHERE tenant_id = $1 AND recorded_at =
                (SELECT min(recorded_at) FROM ${t} WHERE tenant_id = $1 AND recorded_at >= $2 AND recorded_at < $3))`,
    )
    .join(', ')}) AS first,
         GREATEST(${['assessments', 'consents', 'consent_withdrawals']
           .map(
             (t) => `(SELECT max(sequence) FROM ${t} WHERE tenant_id = $1 AND recorded_at =
                (SELECT max(recorded_at) FROM ${t} WHERE tenant_id = $1 AND recorded_at >= $2 AND recorded_at < $3))`,
           )
           .join(', ')}) AS last`;

/**
 * The chain entry of an index row, looked up by its primary key for each row. OFFSET 0 keeps the
 * planner from turning it into a join of two whole ranges: without fresh statistics it could pick
 * a nested loop over two scans (quadratic), while this is one index lookup per row, in order.
 */
const entry = (alias: string, columns = 'hash, previous_hash, content') =>
  `SELECT ${columns} FROM audit_chain
    WHERE tenant_id = ${alias}.tenant_id AND sequence = ${alias}.sequence OFFSET 0`;

const SQL = `
  (SELECT 'assessment'::text AS kind, a.id, a.recorded_at, a.case_ref, a.professional_ref, a.recipient_type,
         a.purpose_type, a.decision, a.ground, a.shared_categories, a.withheld_categories, a.ruleset_version,
         a.ruleset_hash, a.sequence, c.hash, c.previous_hash, NULL::text AS content,
         NULL::bigint AS registration_sequence, NULL::text AS registration_hash,
         NULL::text AS registration_previous_hash, NULL::timestamptz AS registration_recorded_at,
         NULL::text AS registration_content
    FROM assessments a
   CROSS JOIN LATERAL (${entry('a', 'hash, previous_hash')}) c
   WHERE a.tenant_id = $1 AND a.sequence BETWEEN $4 AND $5 AND a.recorded_at >= $2 AND a.recorded_at < $3
   ORDER BY a.sequence)
  UNION ALL
  (SELECT 'consent_recorded'::text, k.id, k.recorded_at, NULL::text, NULL::text, k.recipient_type, NULL::text,
         NULL::text, NULL::text, NULL::text[], NULL::text[], NULL::text, NULL::bpchar, k.sequence, c.hash,
         c.previous_hash, c.content, NULL::bigint, NULL::text, NULL::text, NULL::timestamptz, NULL::text
    FROM consents k
   CROSS JOIN LATERAL (${entry('k')}) c
   WHERE k.tenant_id = $1 AND k.sequence BETWEEN $4 AND $5 AND k.recorded_at >= $2 AND k.recorded_at < $3
   ORDER BY k.sequence)
  UNION ALL
  (SELECT 'consent_withdrawn'::text, w.id, w.recorded_at, NULL::text, NULL::text, NULL::text, NULL::text,
         NULL::text, NULL::text, NULL::text[], NULL::text[], NULL::text, NULL::bpchar, w.sequence, c.hash,
         c.previous_hash, c.content, k.sequence, kc.hash::text, kc.previous_hash::text, k.recorded_at, kc.content
    FROM consent_withdrawals w
   CROSS JOIN LATERAL (${entry('w')}) c
   CROSS JOIN LATERAL (SELECT k.tenant_id, k.sequence, k.recorded_at FROM consents k
                        WHERE k.tenant_id = w.tenant_id AND k.id = w.consent_id OFFSET 0) k
   CROSS JOIN LATERAL (${entry('k')}) kc
   WHERE w.tenant_id = $1 AND w.sequence BETWEEN $4 AND $5 AND w.recorded_at >= $2 AND w.recorded_at < $3
   ORDER BY w.sequence)
  ORDER BY sequence`;

function toItem(r: DbRow): ExportItem {
  if (r.kind === 'assessment') return toRecord(r);
  const entry: ExportedEntry = {
    sequence: Number(r.sequence),
    hash: r.hash,
    previousHash: r.previous_hash,
    recordedAt: r.recorded_at,
    content: r.content ?? '',
  };
  const registration: ExportedEntry =
    r.kind === 'consent_recorded'
      ? entry
      : {
          sequence: Number(r.registration_sequence),
          hash: r.registration_hash ?? '',
          previousHash: r.registration_previous_hash ?? '',
          recordedAt: r.registration_recorded_at ?? r.recorded_at,
          content: r.registration_content ?? '',
        };
  return {
    kind: r.kind,
    id: r.id,
    recordedAt: r.recorded_at,
    sequence: entry.sequence,
    hash: r.hash,
    registration,
    withdrawal: r.kind === 'consent_withdrawn' ? entry : null,
  };
}

// The clients of the same rows (for the processing log), read in the same snapshot: of the
// weighings, and of the consents registered or withdrawn in the range.
const SUBJECTS_SQL = `
  SELECT a.client_ref_hash
    FROM assessments a
   WHERE a.tenant_id = $1 AND a.recorded_at >= $2 AND a.recorded_at < $3
  UNION
  SELECT k.client_ref_hash
    FROM consents k
   WHERE k.tenant_id = $1 AND k.recorded_at >= $2 AND k.recorded_at < $3
  UNION
  SELECT k.client_ref_hash
    FROM consent_withdrawals w
    JOIN consents k ON k.tenant_id = w.tenant_id AND k.id = w.consent_id
   WHERE w.tenant_id = $1 AND w.recorded_at >= $2 AND w.recorded_at < $3`;

const toRecord = (r: DbRow): ExportRecord => ({
  id: r.id,
  recordedAt: r.recorded_at,
  caseRef: r.case_ref,
  professionalRef: r.professional_ref,
  recipientType: r.recipient_type,
  purposeType: r.purpose_type,
  decision: r.decision,
  ground: r.ground,
  sharedCategories: r.shared_categories,
  withheldCategories: r.withheld_categories,
  rulesetVersion: r.ruleset_version,
  rulesetHash: r.ruleset_hash,
  sequence: Number(r.sequence),
  hash: r.hash,
});

// Kept importable from here; the class lives with the other domain errors.
export { ExportCapacityError };

export class ExportRepository {
  private readonly pool: pg.Pool;
  private active = 0;

  constructor(
    db: Database,
    private readonly options: {
      maxConcurrent: number;
      timeoutMs: number;
      stallTimeoutMs?: number;
      batchSize?: number;
    },
  ) {
    this.pool = db.createPool({
      max: options.maxConcurrent,
      statementTimeoutMs: options.timeoutMs,
      // Between two fetches the session idles in its transaction: a reader that stops reading for
      // this long loses the export (and its connection) instead of holding it.
      idleInTransactionTimeoutMs: options.stallTimeoutMs ?? 60_000,
      applicationName: 'beroepsgeheim-export',
    });
  }

  /**
   * Streams the weighings and consent events recorded in [from, to) in chain order, as
   * ExportItem objects. The
   * connection goes back to the pool when the stream ends; when it fails or is destroyed early
   * (the client went away) the connection is discarded. Refuses at once when every export
   * connection is busy rather than queueing.
   *
   * Before the first row, `beforeRows` gets the client pseudonyms of exactly the rows the stream
   * will hold (the same snapshot); if it fails, nothing is streamed and its error is thrown.
   */
  async streamAssessments(
    tenantId: string,
    from: Date,
    to: Date,
    beforeRows: (clientRefHashes: string[]) => Promise<void> = async () => undefined,
  ): Promise<Readable> {
    if (this.active >= this.options.maxConcurrent) throw new ExportCapacityError();
    this.active += 1;
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      this.active -= 1;
      throw error;
    }
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      this.active -= 1;
      if (error) client.release(error);
      else
        client.query('COMMIT').then(
          () => client.release(),
          (e: Error) => client.release(e),
        );
    };
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The snapshot is taken by this first query; the cursor below reads the same one.
      const subjects = await client.query<{ client_ref_hash: string }>(SUBJECTS_SQL, [tenantId, from, to]);
      await beforeRows(subjects.rows.map((r) => r.client_ref_hash));
    } catch (error) {
      release(error as Error);
      throw error;
    }
    const batchSize = this.options.batchSize ?? 500;
    let bounds: { first: string | null; last: string | null };
    try {
      bounds = (
        await client.query<{ first: string | null; last: string | null }>(BOUNDS, [tenantId, from, to])
      ).rows[0]!;
    } catch (error) {
      release(error as Error);
      throw error;
    }
    // An empty range still opens the cursor (it returns nothing), so every export ends the same way.
    const rows = client.query(
      new QueryStream(SQL, [tenantId, from, to, bounds.first ?? 1, bounds.last ?? 0], {
        batchSize,
        highWaterMark: batchSize,
      }),
    );
    const records = new Transform({
      objectMode: true,
      transform: (row: DbRow, _encoding, callback) => callback(null, toItem(row)),
    });
    // Fails (and destroys both) when either side errors or the consumer destroys `records` early.
    pipeline(rows, records, (error) => {
      if (error) return release(error);
      // The last rows arrive before the server has closed the cursor; commit once it has.
      const cursor = rows.cursor as { state: string; once(event: 'end', listener: () => void): void };
      if (cursor.state === 'done') release();
      else cursor.once('end', () => release());
    });
    return records;
  }
}
