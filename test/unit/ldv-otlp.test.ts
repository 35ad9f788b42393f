/**
 * LDV records as OTLP/HTTP JSON (src/ldv/otlp.ts): the encoding rules of the OTLP specification
 * (hex ids, nanoseconds as decimal strings, integer enums), and a cross-check against an
 * independent implementation: OpenTelemetry JS's own JSON trace serializer, given the same spans.
 */

import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import { encodeTraces, SPAN_KIND_INTERNAL, SPAN_KIND_SERVER, toSpan } from '../../src/ldv/otlp.js';
import { attributesOf, type LdvRecord, resourceOf, toLezen } from '../../src/ldv/record.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

function record(overrides: Partial<LdvRecord> = {}): LdvRecord {
  return {
    tenantId: TENANT,
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: 'eee19b7ec3c1b174',
    parentSpanId: '00f067aa0ba902b7',
    name: 'afweging-beroepsgeheim-vastleggen',
    status: 'Ok',
    startTime: new Date('2026-12-07T10:00:00.123Z'),
    endTime: new Date('2026-12-07T10:00:00.456Z'),
    processingActivityId: 'https://register.example.nl/va/afweging-beroepsgeheim-vastleggen/v1',
    dataSubjectId: 'a'.repeat(64),
    dataSubjectIdType:
      'https://register.example.nl/va/betrokkene-id-type/clientref-pseudoniem-hmac-sha256/v1',
    foreignSpanId: '00f067aa0ba902b7',
    foreignProcessor: 'https://casussysteem.example.nl',
    serviceVersion: '0.1.0',
    attributes: null,
    resourceAttributes: null,
    ...overrides,
  };
}

describe('OTLP/HTTP JSON encoding of LDV records', () => {
  it('writes ids as lowercase hex, times as nanosecond strings and enums as integers', () => {
    const span = toSpan(record());
    expect(span).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: '00f067aa0ba902b7',
      kind: SPAN_KIND_SERVER,
      startTimeUnixNano: '1796637600123000000',
      endTimeUnixNano: '1796637600456000000',
      status: { code: 1 },
    });
    expect(span.attributes).toContainEqual({
      key: 'dpl.core.data_subject_id',
      value: { stringValue: 'a'.repeat(64) },
    });
  });

  it('makes the per-client records under an action internal spans, and a trace root has no parent', () => {
    expect(toSpan(record({ parentSpanId: 'eee19b7ec3c1b174', spanId: '1111111111111111' })).kind).toBe(
      SPAN_KIND_INTERNAL,
    );
    const root = toSpan(record({ parentSpanId: null, foreignSpanId: null, foreignProcessor: null }));
    expect(root.kind).toBe(SPAN_KIND_SERVER);
    expect(root).not.toHaveProperty('parentSpanId');
    expect(root.attributes.map((a) => a.key)).not.toContain('dpl.core.foreign_operation.span_id');
  });

  it('groups spans by organisation', () => {
    const request = encodeTraces(
      [record(), record({ tenantId: OTHER }), record({ spanId: '2222222222222222' })],
      {
        name: 'test',
        version: '1',
      },
    );
    expect(request.resourceSpans).toHaveLength(2);
    expect(request.resourceSpans[0]!.scopeSpans[0]!.spans).toHaveLength(2);
  });

  it('equals what OpenTelemetry JS serialises for the same spans', () => {
    const records = [
      record(),
      record({ spanId: '3333333333333333', parentSpanId: 'eee19b7ec3c1b174', name: 'afwegingen-exporteren' }),
      record({
        tenantId: OTHER,
        parentSpanId: null,
        foreignSpanId: null,
        foreignProcessor: null,
        attributes: {
          'dpl.nen7513.participants': [
            { participantObjectTypeCode: '1', participantObjectID: 'b'.repeat(64) },
          ],
        },
        resourceAttributes: { 'nen7513.AuditSourceId': 'beroepsgeheim-service' },
      }),
    ];
    const scope = { name: 'beroepsgeheim-service/ldv', version: '0.1.0' };
    const ours = encodeTraces(records, scope);
    // The same spans, handed to the OpenTelemetry SDK's serializer as its ReadableSpan.
    const resources = new Map<string, ReturnType<typeof resourceFromAttributes>>();
    const hrTime = (at: Date): [number, number] => [
      Math.floor(at.getTime() / 1000),
      (at.getTime() % 1000) * 1e6,
    ];
    const spans = records.map((r) => {
      const key = JSON.stringify(resourceOf(r));
      if (!resources.has(key)) resources.set(key, resourceFromAttributes(resourceOf(r) as never));
      return {
        name: r.name,
        kind: toSpan(r).kind - 1,
        spanContext: () => ({ traceId: r.traceId, spanId: r.spanId, traceFlags: 1 }),
        parentSpanContext: r.parentSpanId
          ? { traceId: r.traceId, spanId: r.parentSpanId, traceFlags: 1, isRemote: true }
          : undefined,
        startTime: hrTime(r.startTime),
        endTime: hrTime(r.endTime),
        status: { code: 1 },
        attributes: attributesOf(r),
        links: [],
        events: [],
        duration: [0, 0],
        ended: true,
        resource: resources.get(key)!,
        instrumentationScope: scope,
        droppedAttributesCount: 0,
        droppedEventsCount: 0,
        droppedLinksCount: 0,
      };
    });
    const theirs = JSON.parse(
      new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans as never)),
    ) as typeof ours;
    // Int64 may be a JSON number or string (proto3 JSON); compare the parts both write.
    const normalise = (request: typeof ours) =>
      JSON.parse(
        JSON.stringify(
          request.resourceSpans.map((rs) => ({
            resource: rs.resource.attributes,
            scopeSpans: rs.scopeSpans.map((ss) => ({
              scope: { name: ss.scope.name, version: ss.scope.version },
              spans: ss.spans.map((s) => ({
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId,
                name: s.name,
                kind: s.kind,
                startTimeUnixNano: String(s.startTimeUnixNano),
                endTimeUnixNano: String(s.endTimeUnixNano),
                attributes: s.attributes,
                status: s.status.code,
              })),
            })),
          })),
        ),
      );
    expect(normalise(ours)).toEqual(normalise(theirs));
  });
});

describe('the lezen form of a record', () => {
  it('has the fields of the extension, times in milliseconds, and no empty optional fields', () => {
    const lezen = toLezen(record({ parentSpanId: null, foreignSpanId: null, foreignProcessor: null }));
    expect(lezen).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: 'eee19b7ec3c1b174',
      status: 'Ok',
      name: 'afweging-beroepsgeheim-vastleggen',
      startTime: Date.parse('2026-12-07T10:00:00.123Z'),
      endTime: Date.parse('2026-12-07T10:00:00.456Z'),
      resource: {
        attributes: {
          'service.name': 'beroepsgeheim-service',
          'service.version': '0.1.0',
          'beroepsgeheim.tenant_id': TENANT,
        },
      },
      attributes: {
        'dpl.core.processing_activity_id':
          'https://register.example.nl/va/afweging-beroepsgeheim-vastleggen/v1',
        'dpl.core.data_subject_id': 'a'.repeat(64),
        'dpl.core.data_subject_id_type':
          'https://register.example.nl/va/betrokkene-id-type/clientref-pseudoniem-hmac-sha256/v1',
      },
    });
  });
});
