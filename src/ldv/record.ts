/**
 * One record of the LDV processing log (Logius, Logboek Dataverwerkingen 1.0, "Component:
 * Logboek", interface): one action (span) of one processing, about zero or one data subject.
 *
 *   field            here
 *   trace_id         traceId          16 bytes, lowercase hex (the W3C trace id)
 *   span_id          spanId           8 bytes, lowercase hex
 *   parent_span_id   parentSpanId     the calling action in the same trace, if any
 *   name             name             a processing kind (processing-kinds.ts)
 *   status           status           Unset | Ok | Error
 *   start_time       startTime        ms
 *   end_time         endTime          ms
 *   resource         resourceAttributes, plus service.name and service.version
 *   attributes       the dpl.core.* attributes below, plus extension attributes
 *
 * The record holds identifiers and codes only: no reference of the caller in clear, no name, no
 * free text, and not the professional (LDV leaves users out of log lines; who acted is in the
 * integrity chain, which the trace and span ids join).
 */

export type LdvStatus = 'Unset' | 'Ok' | 'Error';

/** The attribute names of the core standard, namespace `dpl.core`. */
export const CORE = {
  processingActivityId: 'dpl.core.processing_activity_id',
  dataSubjectId: 'dpl.core.data_subject_id',
  dataSubjectIdType: 'dpl.core.data_subject_id_type',
  foreignSpanId: 'dpl.core.foreign_operation.span_id',
  foreignProcessor: 'dpl.core.foreign_operation.processor',
} as const;

export const SERVICE_NAME = 'beroepsgeheim-service';
/** Resource attribute naming the organisation whose log a record belongs to (our own key). */
export const TENANT_RESOURCE_ATTRIBUTE = 'beroepsgeheim.tenant_id';

export interface LdvRecord {
  /** The organisation whose processing log this is. */
  tenantId: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  status: LdvStatus;
  startTime: Date;
  endTime: Date;
  processingActivityId: string;
  /** The client pseudonym (64 hex), or null for an action over several clients. */
  dataSubjectId: string | null;
  dataSubjectIdType: string | null;
  /** The caller's operation, when another application's traceparent came in. */
  foreignSpanId: string | null;
  /** The calling application, when known from its API key. */
  foreignProcessor: string | null;
  serviceVersion: string;
  /** Extension attributes (`dpl.nen7513.*`), when enabled. */
  attributes: Record<string, unknown> | null;
  /** Extension resource attributes (`nen7513.*`), when enabled. */
  resourceAttributes: Record<string, unknown> | null;
}

export type LdvAttributes = Record<string, unknown> & {
  'dpl.core.processing_activity_id': string;
  'dpl.core.data_subject_id'?: string;
  'dpl.core.data_subject_id_type'?: string;
  'dpl.core.foreign_operation.span_id'?: string;
  'dpl.core.foreign_operation.processor'?: string;
};

/** Every attribute of a record, core first, as the LDV interface names them. */
export function attributesOf(record: LdvRecord): LdvAttributes {
  return {
    [CORE.processingActivityId]: record.processingActivityId,
    ...(record.dataSubjectId !== null
      ? {
          [CORE.dataSubjectId]: record.dataSubjectId,
          [CORE.dataSubjectIdType]: record.dataSubjectIdType ?? '',
        }
      : {}),
    ...(record.foreignSpanId !== null ? { [CORE.foreignSpanId]: record.foreignSpanId } : {}),
    ...(record.foreignProcessor !== null ? { [CORE.foreignProcessor]: record.foreignProcessor } : {}),
    ...(record.attributes ?? {}),
  };
}

export function resourceOf(record: LdvRecord): Record<string, unknown> {
  return {
    'service.name': SERVICE_NAME,
    'service.version': record.serviceVersion,
    [TENANT_RESOURCE_ATTRIBUTE]: record.tenantId,
    ...(record.resourceAttributes ?? {}),
  };
}

/**
 * A record as the LDV "lezen" extension returns a processing (schema ProcessingActivity of its
 * OpenAPI document, version 1.1): camelCase fields, times in milliseconds since the epoch, the
 * attributes keyed by their dotted names.
 */
export interface LezenProcessing {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  status: LdvStatus;
  name: string;
  startTime: number;
  endTime: number;
  resource: { attributes: Record<string, unknown> };
  attributes: LdvAttributes;
}

export function toLezen(record: LdvRecord): LezenProcessing {
  return {
    traceId: record.traceId,
    spanId: record.spanId,
    ...(record.parentSpanId !== null ? { parentSpanId: record.parentSpanId } : {}),
    status: record.status,
    name: record.name,
    startTime: record.startTime.getTime(),
    endTime: record.endTime.getTime(),
    resource: { attributes: resourceOf(record) },
    attributes: attributesOf(record),
  };
}
