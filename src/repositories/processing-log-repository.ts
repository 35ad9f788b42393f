/**
 * The LDV processing log (docs/ldv.md). Append and read only: no method updates or deletes a
 * record, and the database refuses it anyway (triggers; the service's role may only insert and
 * select).
 *
 * Records that accompany a chain entry are written by `insertStatement`, run in the audit trail's
 * batch transaction; the others by `insert`, in a transaction of their own that has committed when
 * it resolves. Both speak SQL to the driver: a bulk export can log tens of thousands of records at
 * once, which the ORM would send row by row.
 */
import type pg from 'pg';
import type { Database, SqlStatement } from '../db/database.js';
import type { LdvRecord, LdvStatus } from '../ldv/record.js';

export interface ProcessingLogFilter {
  traceId?: string;
  processingActivityId?: string;
  dataSubjectId?: string;
  /** Actions that started at or after this time. */
  from?: Date;
  /** Actions that started before this time. */
  to?: Date;
  /** Only records after this position (keyset cursor). */
  afterPosition?: number;
}

export interface StoredLdvRecord extends LdvRecord {
  position: number;
}

/** Records per INSERT statement (jsonb_to_recordset; a few hundred bytes each). */
const CHUNK = 2_000;

interface DbRow {
  position: string;
  tenant_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  status: string;
  start_time: Date;
  end_time: Date;
  processing_activity_id: string;
  data_subject_id: string | null;
  data_subject_id_type: string | null;
  foreign_span_id: string | null;
  foreign_processor: string | null;
  service_version: string;
  attributes: Record<string, unknown> | null;
  resource_attributes: Record<string, unknown> | null;
  xid: string;
}

const COLUMNS = `position, tenant_id, trace_id, span_id, parent_span_id, name, status, start_time, end_time,
  processing_activity_id, data_subject_id, data_subject_id_type, foreign_span_id, foreign_processor,
  service_version, attributes, resource_attributes, xid`;

const fromDb = (r: DbRow): StoredLdvRecord => ({
  position: Number(r.position),
  tenantId: r.tenant_id,
  traceId: r.trace_id,
  spanId: r.span_id,
  parentSpanId: r.parent_span_id,
  name: r.name,
  status: r.status as LdvStatus,
  startTime: r.start_time,
  endTime: r.end_time,
  processingActivityId: r.processing_activity_id,
  dataSubjectId: r.data_subject_id,
  dataSubjectIdType: r.data_subject_id_type,
  foreignSpanId: r.foreign_span_id,
  foreignProcessor: r.foreign_processor,
  serviceVersion: r.service_version,
  attributes: r.attributes,
  resourceAttributes: r.resource_attributes,
});

export class ProcessingLogRepository {
  constructor(private readonly db: Database) {}

  /** The records in one statement; run in the audit-trail batch whose entries they accompany. */
  insertStatement(records: LdvRecord[]): SqlStatement {
    return {
      text: `INSERT INTO processing_logs (tenant_id, trace_id, span_id, parent_span_id, name, status, start_time,
                                   end_time, processing_activity_id, data_subject_id, data_subject_id_type,
                                   foreign_span_id, foreign_processor, service_version, attributes,
                                   resource_attributes)
       SELECT r.tenant_id, r.trace_id, r.span_id, r.parent_span_id, r.name, r.status, r.start_time, r.end_time,
              r.processing_activity_id, r.data_subject_id, r.data_subject_id_type, r.foreign_span_id,
              r.foreign_processor, r.service_version, r.attributes, r.resource_attributes
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id uuid, trace_id text, span_id text, parent_span_id text,
              name text, status text, start_time timestamptz, end_time timestamptz, processing_activity_id text,
              data_subject_id text, data_subject_id_type text, foreign_span_id text, foreign_processor text,
              service_version text, attributes jsonb, resource_attributes jsonb)`,
      values: [
        JSON.stringify(
          records.map((r) => ({
            tenant_id: r.tenantId,
            trace_id: r.traceId,
            span_id: r.spanId,
            parent_span_id: r.parentSpanId,
            name: r.name,
            status: r.status,
            start_time: r.startTime.toISOString(),
            end_time: r.endTime.toISOString(),
            processing_activity_id: r.processingActivityId,
            data_subject_id: r.dataSubjectId,
            data_subject_id_type: r.dataSubjectIdType,
            foreign_span_id: r.foreignSpanId,
            foreign_processor: r.foreignProcessor,
            service_version: r.serviceVersion,
            attributes: r.attributes,
            resource_attributes: r.resourceAttributes,
          })),
        ),
      ],
    };
  }

  /** Writes the records in one transaction; resolves once it has committed. */
  async insert(records: LdvRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (records.length <= CHUNK) {
      await this.db.pipelinedTransaction([this.insertStatement(records)]);
      return;
    }
    const statements: SqlStatement[] = [];
    for (let i = 0; i < records.length; i += CHUNK) {
      statements.push(this.insertStatement(records.slice(i, i + CHUNK)));
    }
    await this.db.pipelinedTransaction(statements);
  }

  /** One organisation's records matching the filter, oldest first; at most `limit`. */
  async find(tenantId: string, filter: ProcessingLogFilter, limit: number): Promise<StoredLdvRecord[]> {
    const rows = await this.db.prisma.processingLog.findMany({
      where: {
        tenantId,
        ...(filter.traceId !== undefined ? { traceId: filter.traceId } : {}),
        ...(filter.processingActivityId !== undefined
          ? { processingActivityId: filter.processingActivityId }
          : {}),
        ...(filter.dataSubjectId !== undefined ? { dataSubjectId: filter.dataSubjectId } : {}),
        ...(filter.from || filter.to
          ? {
              startTime: {
                ...(filter.from ? { gte: filter.from } : {}),
                ...(filter.to ? { lt: filter.to } : {}),
              },
            }
          : {}),
        ...(filter.afterPosition !== undefined ? { position: { gt: BigInt(filter.afterPosition) } } : {}),
      },
      orderBy: { position: 'asc' },
      take: limit,
    });
    return rows.map((r) => ({
      position: Number(r.position),
      tenantId: r.tenantId,
      traceId: r.traceId,
      spanId: r.spanId,
      parentSpanId: r.parentSpanId,
      name: r.name,
      status: r.status as LdvStatus,
      startTime: r.startTime,
      endTime: r.endTime,
      processingActivityId: r.processingActivityId,
      dataSubjectId: r.dataSubjectId,
      dataSubjectIdType: r.dataSubjectIdType,
      foreignSpanId: r.foreignSpanId,
      foreignProcessor: r.foreignProcessor,
      serviceVersion: r.serviceVersion,
      attributes: r.attributes as Record<string, unknown> | null,
      resourceAttributes: r.resourceAttributes as Record<string, unknown> | null,
    }));
  }
}

/**
 * Reads the log for the optional OTLP export, in an order that never skips a record: by the id
 * of the transaction that wrote it, then position. Positions are handed out before commit, so a
 * record with a lower position can become visible after one with a higher position; a cursor on
 * position would pass it by. Instead each batch takes only records whose transaction is older
 * than every transaction still running (pg_snapshot_xmin): all of those have committed (or rolled
 * back), and any record that becomes visible later has a larger transaction id than the cursor.
 *
 * One exporter at a time over all instances: the cursor row is locked (SKIP LOCKED: another
 * instance exporting means nothing to do) for the duration of a batch, and moved only after the
 * collector has accepted it.
 */
export class ProcessingLogOutbox {
  private readonly pool: pg.Pool;

  constructor(db: Database, options: { sendTimeoutMs: number }) {
    this.pool = db.createPool({
      max: 1,
      statementTimeoutMs: 30_000,
      // The batch transaction waits for the collector's answer.
      idleInTransactionTimeoutMs: options.sendTimeoutMs + 10_000,
      applicationName: 'beroepsgeheim-ldv-export',
    });
  }

  /**
   * Hands the next batch (at most `limit` records) to `send`; moves the cursor past it once
   * `send` resolves. Resolves to the number of records sent: 0 when there is nothing new or
   * another instance is exporting. When `send` throws, the cursor stays and the error propagates.
   */
  async exportBatch(limit: number, send: (records: StoredLdvRecord[]) => Promise<void>): Promise<number> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const cursor = await client.query<{ last_xid: string; last_position: string }>(
        'SELECT last_xid, last_position FROM processing_log_export_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED',
      );
      const at = cursor.rows[0];
      if (!at) {
        await client.query('ROLLBACK');
        return 0;
      }
      const { rows } = await client.query<DbRow>(
        `SELECT ${COLUMNS} FROM processing_logs
          WHERE (xid, position) > ($1::bigint, $2::bigint)
            AND xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
          ORDER BY xid, position
          LIMIT $3`,
        [at.last_xid, at.last_position, limit],
      );
      if (rows.length === 0) {
        await client.query('ROLLBACK');
        return 0;
      }
      await send(rows.map(fromDb));
      const last = rows[rows.length - 1]!;
      await client.query(
        'UPDATE processing_log_export_cursor SET last_xid = $1, last_position = $2, updated_at = now() WHERE id = 1',
        [last.xid, last.position],
      );
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * How many of those the next batches may take now: records written by a transaction that is
   * still running, or that began after the oldest one still running (in the whole database
   * cluster), wait until it has ended.
   */
  async ready(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM processing_logs l, processing_log_export_cursor c
        WHERE c.id = 1 AND (l.xid, l.position) > (c.last_xid, c.last_position)
          AND l.xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** How many records the export has not sent yet (for monitoring and tests). */
  async pending(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM processing_logs l, processing_log_export_cursor c
        WHERE c.id = 1 AND (l.xid, l.position) > (c.last_xid, c.last_position)`,
    );
    return Number(rows[0]?.n ?? 0);
  }
}
