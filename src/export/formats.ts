/**
 * Bulk export formats: each is a Transform from ExportRecord objects to text, so an export streams
 * from the database cursor to the socket a batch at a time (docs/exports.md).
 */
import { Transform } from 'node:stream';
import type { ExportRecord } from '../repositories/export-repository.js';
import { type FhirContext, toAuditEvent } from './fhir-audit-event.js';

export const EXPORT_FORMATS = ['ndjson', 'csv', 'fhir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
  fhir: 'application/fhir+ndjson',
};

/** The summary exported in ndjson and csv, in this column order. */
export function summaryOf(record: ExportRecord) {
  return {
    id: record.id,
    recordedAt: record.recordedAt.toISOString(),
    caseRef: record.caseRef,
    professionalRef: record.professionalRef,
    recipientType: record.recipientType,
    purposeType: record.purposeType,
    decision: record.decision,
    ground: record.ground,
    sharedCategories: record.sharedCategories,
    withheldCategories: record.withheldCategories,
    rulesetVersion: record.rulesetVersion,
    rulesetHash: record.rulesetHash,
    sequence: record.sequence,
    hash: record.hash,
  };
}

const CSV_COLUMNS = Object.keys(summaryOf({ recordedAt: new Date(0) } as ExportRecord)) as Array<
  keyof ReturnType<typeof summaryOf>
>;

/** A cell a spreadsheet would read as a formula starts with one of these (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): always quoted, quotes doubled. A value a spreadsheet would evaluate as
 * a formula is prefixed with an apostrophe, so it is shown as text.
 */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvLine(values: string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvRow(record: ExportRecord): string {
  const summary = summaryOf(record);
  return csvLine(
    CSV_COLUMNS.map((column) => {
      const value = summary[column];
      return Array.isArray(value) ? value.join(';') : String(value);
    }),
  );
}

export function formatter(format: ExportFormat, fhir: FhirContext): Transform {
  const line: (record: ExportRecord) => string =
    format === 'csv'
      ? csvRow
      : format === 'fhir'
        ? (record) => `${JSON.stringify(toAuditEvent(record, fhir))}\n`
        : (record) => `${JSON.stringify(summaryOf(record))}\n`;
  const transform = new Transform({
    writableObjectMode: true,
    transform: (record: ExportRecord, _encoding, callback) => callback(null, line(record)),
  });
  if (format === 'csv') transform.push(csvLine(CSV_COLUMNS));
  return transform;
}
