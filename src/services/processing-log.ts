/**
 * The LDV processing log as a small service that every processing of client data calls
 * (docs/ldv.md). It builds the records of one action and writes them in one of two ways:
 *
 * - with a chain entry (a weighing, a follow-up event): `statement` gives the INSERT that the
 *   entry's projector adds to the audit trail's batch, so record and entry commit together or not
 *   at all, and the caller is answered only after that commit;
 * - without one (reads, exports, dry runs): `write` commits the records before the service
 *   answers. If it fails, the processing's result is not sent (fail closed): the error reaches the
 *   route like any database error (503 when the database is unavailable).
 *
 * A new kind of processing hooks in by adding a kind to src/ldv/processing-kinds.ts and calling
 * `records` with the request's ProcessingContext and the data subjects, then `statement` (from its
 * projector) or `write` (before answering).
 */
import type { Pseudonymiser } from '../audit/pseudonym.js';
import type { SqlStatement } from '../db/database.js';
import type { ProcessingKind } from '../ldv/processing-kinds.js';
import { PROCESSING_KINDS } from '../ldv/processing-kinds.js';
import type { LdvRecord } from '../ldv/record.js';
import { newSpanId } from '../lib/trace-context.js';
import type {
  ProcessingLogFilter,
  ProcessingLogRepository,
  StoredLdvRecord,
} from '../repositories/processing-log-repository.js';
import { SERVICE_VERSION } from '../version.js';

/** The request a processing belongs to: whose log, which trace, and who called. */
export interface ProcessingContext {
  /** The calling organisation, whose log gets the action's record. */
  tenantId: string;
  traceId: string;
  /** The action's span: the span id the response's traceparent carries. */
  spanId: string;
  /** The caller's operation when its traceparent came in (the action's parent in the trace). */
  parentSpanId: string | null;
  /** dpl.core.foreign_operation: the calling application, when a traceparent came in. */
  foreign: { spanId: string; processor: string | null } | null;
  /** When the request arrived (start_time). */
  startedAt: Date;
}

/** A data subject of an action: a client pseudonym, in the log of the organisation it belongs to. */
export interface DataSubject {
  dataSubjectId: string;
  /** Whose client it is (whose log the record goes to); the caller's organisation when omitted. */
  tenantId?: string;
  /** Another kind for this subject's record (e.g. a disclosure to the caller, in the owner's log). */
  kind?: ProcessingKind;
}

export interface ProcessingLogConfig {
  activityUris: Record<ProcessingKind, string>;
  /** dpl.core.data_subject_id_type: names the pseudonym scheme. */
  subjectIdType: string;
  /** The NEN 7513 extension (a draft of Logius): emitted only when configured. */
  nen7513: { auditSourceId: string } | null;
}

/** NEN 7513 / DICOM audit codes (HL7 code systems audit-entity-type, object-role, security-source-type). */
const PERSON = '1';
const PATIENT = '1';
const APPLICATION_SERVER = '4';

export class ProcessingLog {
  constructor(
    private readonly repo: ProcessingLogRepository,
    private readonly config: ProcessingLogConfig,
    private readonly pseudonymiser: Pseudonymiser,
  ) {}

  get subjectIdType(): string {
    return this.config.subjectIdType;
  }

  activityUri(kind: ProcessingKind): string {
    return this.config.activityUris[kind];
  }

  /**
   * The records of one action of `kind`. An action about one client gets one record carrying the
   * action's own span. An action about several gets a record of its own without a data subject
   * and, under it, one record per client with a span of its own (LDV: one record per data
   * subject, each a child of the action). No subjects: no client data was processed, no record.
   * `endTime` is provisional for records that accompany a chain entry (see `statement`).
   */
  records(
    kind: ProcessingKind,
    processing: ProcessingContext,
    subjects: DataSubject[],
    endTime = new Date(),
  ): LdvRecord[] {
    const spec = PROCESSING_KINDS[kind];
    if (spec.subjects === 'one') {
      if (subjects.length !== 1)
        throw new Error(`${kind} concerns exactly one client (got ${subjects.length})`);
      const subject = subjects[0]!;
      return [
        this.record(subject.kind ?? kind, processing, subject.tenantId ?? processing.tenantId, endTime, {
          spanId: processing.spanId,
          parentSpanId: processing.parentSpanId,
          dataSubjectId: subject.dataSubjectId,
        }),
      ];
    }
    if (subjects.length === 0) return [];
    const action = this.record(kind, processing, processing.tenantId, endTime, {
      spanId: processing.spanId,
      parentSpanId: processing.parentSpanId,
      dataSubjectId: null,
    });
    const seen = new Set<string>();
    const children: LdvRecord[] = [];
    for (const subject of subjects) {
      const tenantId = subject.tenantId ?? processing.tenantId;
      const subjectKind = subject.kind ?? kind;
      const key = `${tenantId}/${subjectKind}/${subject.dataSubjectId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      children.push(
        this.record(subjectKind, processing, tenantId, endTime, {
          spanId: newSpanId(),
          parentSpanId: processing.spanId,
          dataSubjectId: subject.dataSubjectId,
        }),
      );
    }
    return [action, ...children];
  }

  /**
   * The INSERT of records that accompany a chain entry, for the entry's projector (which sets
   * their end time to the entry's recording time).
   */
  statement(records: LdvRecord[]): SqlStatement {
    return this.repo.insertStatement(
      records.map((r) => (r.endTime < r.startTime ? { ...r, endTime: r.startTime } : r)),
    );
  }

  /**
   * The statements for a batch of chain entries whose payloads carry LDV records (for the
   * entries' projector): a record exists exactly when its entry does, and ends when it is placed.
   */
  entryStatements(
    items: Array<{ placed: { recordedAt: Date }; payload: { processing: LdvRecord[] } }>,
  ): SqlStatement[] {
    const records = items.flatMap(({ placed, payload }) =>
      payload.processing.map((r) => ({ ...r, endTime: placed.recordedAt })),
    );
    return records.length > 0 ? [this.statement(records)] : [];
  }

  /** Commits records of a processing without a chain entry; the caller answers only after this. */
  async write(records: LdvRecord[]): Promise<void> {
    await this.repo.insert(records);
  }

  /**
   * One organisation's records, oldest first (at most `limit`). A data subject is asked for by the
   * caller's client reference (pseudonymised here, as it was when recorded) or by the pseudonym
   * the records hold.
   */
  async read(
    tenantId: string,
    query: Omit<ProcessingLogFilter, 'dataSubjectId'> & {
      dataSubjectRef?: string | undefined;
      dataSubjectId?: string | undefined;
    },
    limit: number,
  ): Promise<StoredLdvRecord[]> {
    const { dataSubjectRef, dataSubjectId, ...rest } = query;
    const filter: ProcessingLogFilter = { ...rest };
    if (dataSubjectRef !== undefined)
      filter.dataSubjectId = this.pseudonymiser.clientRef(tenantId, dataSubjectRef);
    if (dataSubjectId !== undefined) {
      // Both given and different: nothing can match.
      if (filter.dataSubjectId !== undefined && filter.dataSubjectId !== dataSubjectId) return [];
      filter.dataSubjectId = dataSubjectId;
    }
    return this.repo.find(tenantId, filter, limit);
  }

  private record(
    kind: ProcessingKind,
    processing: ProcessingContext,
    tenantId: string,
    endTime: Date,
    span: { spanId: string; parentSpanId: string | null; dataSubjectId: string | null },
  ): LdvRecord {
    const nen = this.config.nen7513;
    return {
      tenantId,
      traceId: processing.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      name: kind,
      // The processing was carried out; what it decided (even not_allowed) is not an error.
      status: 'Ok',
      startTime: processing.startedAt,
      endTime: endTime < processing.startedAt ? processing.startedAt : endTime,
      processingActivityId: this.config.activityUris[kind],
      dataSubjectId: span.dataSubjectId,
      dataSubjectIdType: span.dataSubjectId === null ? null : this.config.subjectIdType,
      foreignSpanId: processing.foreign?.spanId ?? null,
      foreignProcessor: processing.foreign?.processor ?? null,
      serviceVersion: SERVICE_VERSION,
      attributes:
        nen && span.dataSubjectId !== null
          ? {
              'dpl.nen7513.participants': [
                {
                  participantObjectTypeCode: PERSON,
                  participantObjectTypeCodeRole: PATIENT,
                  participantObjectDataLifeCycle: PROCESSING_KINDS[kind].lifecycle,
                  participantObjectIDTypeCode: this.config.subjectIdType,
                  participantObjectID: span.dataSubjectId,
                },
              ],
              // The extension also names these two on their own (its note on ParticipantObjectID).
              'dpl.nen7513.participantObjectId': span.dataSubjectId,
              'dpl.nen7513.participantObjectIdType': this.config.subjectIdType,
            }
          : null,
      resourceAttributes: nen
        ? {
            'nen7513.AuditEnterpriseSiteID': tenantId,
            'nen7513.AuditSourceId': nen.auditSourceId,
            'nen7513.AuditSourceTypeCode': APPLICATION_SERVER,
          }
        : null,
    };
  }
}
