/**
 * LDV records as an OTLP trace export request (opentelemetry-proto, collector/trace/v1
 * ExportTraceServiceRequest) in the OTLP/HTTP JSON encoding (OTLP specification, "JSON Protobuf
 * Encoding"): trace and span ids as hex strings, not base64; enums as integers; 64-bit integers
 * (the nanosecond times) as decimal strings; field names in lowerCamelCase.
 *
 *   { "resourceSpans": [ { "resource": { "attributes": [ {"key": "service.name", "value": {"stringValue": "…"}} ] },
 *       "scopeSpans": [ { "scope": {"name": "…", "version": "…"},
 *         "spans": [ { "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174",
 *                      "name": "afweging-beroepsgeheim-vastleggen", "kind": 2,
 *                      "startTimeUnixNano": "1544712660000000000", "endTimeUnixNano": "1544712661000000000",
 *                      "attributes": [ … ], "status": {"code": 1} } ] } ] } ] }
 */
import { attributesOf, type LdvRecord, resourceOf } from './record.js';

export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  status: { code: number };
}

export interface ExportTraceServiceRequest {
  resourceSpans: Array<{
    resource: { attributes: KeyValue[] };
    scopeSpans: Array<{ scope: { name: string; version: string }; spans: OtlpSpan[] }>;
  }>;
}

/** Span.SpanKind */
export const SPAN_KIND_INTERNAL = 1;
export const SPAN_KIND_SERVER = 2;
/** Status.StatusCode */
export const STATUS_CODE = { Unset: 0, Ok: 1, Error: 2 } as const;

export function anyValue(value: unknown): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number')
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (value && typeof value === 'object') return { kvlistValue: { values: keyValues(value) } };
  return { stringValue: String(value) };
}

export function keyValues(object: object): KeyValue[] {
  return Object.entries(object)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([key, v]) => ({ key, value: anyValue(v) }));
}

const nanos = (at: Date) => (BigInt(at.getTime()) * 1_000_000n).toString();

/**
 * The action a request performed is the server span; the per-client records under it (children
 * of our own span, not of the caller's) are internal spans.
 */
function kindOf(record: LdvRecord): number {
  return record.parentSpanId === null || record.parentSpanId === record.foreignSpanId
    ? SPAN_KIND_SERVER
    : SPAN_KIND_INTERNAL;
}

export function toSpan(record: LdvRecord): OtlpSpan {
  return {
    traceId: record.traceId,
    spanId: record.spanId,
    ...(record.parentSpanId !== null ? { parentSpanId: record.parentSpanId } : {}),
    name: record.name,
    kind: kindOf(record),
    startTimeUnixNano: nanos(record.startTime),
    endTimeUnixNano: nanos(record.endTime),
    attributes: keyValues(attributesOf(record)),
    status: { code: STATUS_CODE[record.status] },
  };
}

/** One resource per organisation and service version, in the order the records came. */
export function encodeTraces(
  records: LdvRecord[],
  scope: { name: string; version: string },
): ExportTraceServiceRequest {
  const groups = new Map<string, { resource: Record<string, unknown>; spans: OtlpSpan[] }>();
  for (const record of records) {
    const resource = resourceOf(record);
    const key = JSON.stringify(resource);
    let group = groups.get(key);
    if (!group) {
      group = { resource, spans: [] };
      groups.set(key, group);
    }
    group.spans.push(toSpan(record));
  }
  return {
    resourceSpans: [...groups.values()].map((g) => ({
      resource: { attributes: keyValues(g.resource) },
      scopeSpans: [{ scope, spans: g.spans }],
    })),
  };
}
