/**
 * The read API of the LDV processing log, after the "lezen" extension of Logboek Dataverwerkingen
 * (Logius): at least one of trace, processing activity or data subject is required, and each
 * processing is returned as that extension's ProcessingActivity (times in milliseconds since the
 * epoch, attributes under their dotted LDV names).
 */
import { z } from 'zod';
import { OpaqueRef } from './assessment.js';
import { Timestamp } from './common.js';
import { machineValue, storableText, withTextGuard } from './text.js';

const hex = (length: number) => new RegExp(`^[0-9a-f]{${length}}$`);

export const ProcessingLogQuery = z.strictObject({
  // Exempt like the traceparent header it comes from: 16 random bytes in hex, which now and then
  // hold nine digits passing the elfproef, and never text a person typed.
  traceId: machineValue(z.string().max(36), 'A W3C trace id (random hex, from traceparent).')
    .regex(
      /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/,
      'must be a trace id: 32 hex characters (as in traceparent) or the same 16 bytes written as a UUID',
    )
    .transform((v) => v.replace(/-/g, '').toLowerCase())
    .optional()
    .describe('The W3C trace id (as in traceparent); the UUID form of the same 16 bytes is accepted too.'),
  processingActivityId: withTextGuard(z.url().max(500), 'reference')
    .optional()
    .describe('dpl.core.processing_activity_id: the URI of a processing activity in your register.'),
  dataSubjectRef: OpaqueRef.optional().describe(
    'A client reference as your system sends it in client.ref; matched through its pseudonym.',
  ),
  dataSubjectId: storableText('token', { max: 64 })
    .regex(hex(64), 'must be a client pseudonym as the records hold it (64 lowercase hex characters)')
    .optional()
    .describe('dpl.core.data_subject_id: the client pseudonym as the records hold it.'),
  from: Timestamp.optional().describe('Actions that started at or after this time.'),
  to: Timestamp.optional().describe('Actions that started before this time.'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: storableText('token', { max: 32 })
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'is not a cursor returned by this API')
    .optional(),
});

const SpanId = z.string().regex(hex(16));

export const ProcessingActivitySchema = z
  .object({
    traceId: z.string().regex(hex(32)).describe("W3C trace id: joins the record with the caller's own logs."),
    spanId: SpanId.describe('The action (span) this record is about.'),
    parentSpanId: SpanId.optional().describe('The action that started this one, in the same trace.'),
    status: z.enum(['Unset', 'Ok', 'Error']),
    name: z.string().describe('The kind of processing (docs/ldv.md).'),
    startTime: z.number().int().describe('When the action started, in milliseconds since the epoch.'),
    endTime: z.number().int().describe('When the action ended, in milliseconds since the epoch.'),
    resource: z.object({ attributes: z.record(z.string(), z.unknown()) }),
    attributes: z
      .looseObject({
        'dpl.core.processing_activity_id': z.string(),
        'dpl.core.data_subject_id': z.string().optional(),
        'dpl.core.data_subject_id_type': z.string().optional(),
        'dpl.core.foreign_operation.span_id': SpanId.optional(),
        'dpl.core.foreign_operation.processor': z.string().optional(),
      })
      .describe('The dpl.core attributes, and the dpl.nen7513 extension attributes when enabled.'),
  })
  .meta({ id: 'ProcessingActivity', description: 'One record of the LDV processing log.' });

export const ProcessingLogList = z
  .object({
    processingActivities: z.array(ProcessingActivitySchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last.'),
  })
  .meta({ id: 'ProcessingLogList' });
