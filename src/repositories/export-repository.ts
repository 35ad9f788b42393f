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
export type ExportRecord = Omit<AssessmentRow, 'tenantId' | 'clientRefHash' | 'apiKeyId'> & { hash: string };

interface DbRow {
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
}

// recorded_at never decreases along a chain, so (recorded_at, sequence) is chain order and the
// range is an index range scan on assessments_recorded_idx, returned in order without a sort.
const SQL = `
  SELECT a.id, a.recorded_at, a.case_ref, a.professional_ref, a.recipient_type, a.purpose_type,
         a.decision, a.ground, a.shared_categories, a.withheld_categories, a.ruleset_version,
         a.ruleset_hash, a.sequence, c.hash
    FROM assessments a
    JOIN audit_chain c ON c.tenant_id = a.tenant_id AND c.sequence = a.sequence
   WHERE a.tenant_id = $1 AND a.recorded_at >= $2 AND a.recorded_at < $3
   ORDER BY a.recorded_at, a.sequence`;

// The clients of the same rows (for the processing log), read in the same snapshot.
const SUBJECTS_SQL = `
  SELECT DISTINCT a.client_ref_hash
    FROM assessments a
   WHERE a.tenant_id = $1 AND a.recorded_at >= $2 AND a.recorded_at < $3`;

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
   * Streams the weighings recorded in [from, to) in chain order, as ExportRecord objects. The
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
    const rows = client.query(
      new QueryStream(SQL, [tenantId, from, to], { batchSize, highWaterMark: batchSize }),
    );
    const records = new Transform({
      objectMode: true,
      transform: (row: DbRow, _encoding, callback) => callback(null, toRecord(row)),
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
