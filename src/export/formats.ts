/**
 * Bulk export formats: each is a Transform from ExportRecord objects to text, so an export streams
 * from the database cursor to the socket a batch at a time (docs/exports.md).
 */
import { Transform } from 'node:stream';
import type { ExportRecord } from '../repositories/export-repository.js';
import { type FhirContext, toAuditEvent } from './fhir-audit-event.js';

export const EXPORT_FORMATS = ['ndjson', 'csv', 'fhir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** CSV separators: `semicolon` for spreadsheets set up for Dutch, where `,` is the decimal comma. */
export const CSV_DELIMITERS = ['comma', 'semicolon'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];
const SEPARATOR: Record<CsvDelimiter, string> = { comma: ',', semicolon: ';' };

/**
 * The byte order mark that opens every CSV export: without it Excel reads UTF-8 as Windows-1252
 * and garbles every accented letter ("cliënt").
 */
export const UTF8_BOM = '\uFEFF';

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

/**
 * A cell a spreadsheet would read as a formula (OWASP CSV injection): its first character, once
 * white space, control and format characters are skipped, is one of `= + - @`. Spreadsheets skip a
 * leading space, no-break space, ideographic space, zero-width space or byte order mark too, so
 * `" =1+1"` is as much a formula as `"=1+1"`. A cell starting with a tab or carriage return is
 * treated the same way.
 */
const FORMULA_START = /^[\p{White_Space}\p{Cc}\p{Cf}]*[=+\-@]|^[\t\r]/u;

export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value);
}

/**
 * One CSV field (RFC 4180): always quoted, quotes doubled. A value a spreadsheet would evaluate as
 * a formula is prefixed with an apostrophe, so it is shown as text.
 */
export function csvField(value: string): string {
  const safe = looksLikeFormula(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvLine(values: string[], delimiter: CsvDelimiter = 'comma'): string {
  return `${values.map(csvField).join(SEPARATOR[delimiter])}\r\n`;
}

function csvRow(record: ExportRecord, delimiter: CsvDelimiter): string {
  const summary = summaryOf(record);
  // Several categories share one cell, joined by `;` as they always were: every field is quoted,
  // so this stays one cell under the semicolon separator too.
  return csvLine(
    CSV_COLUMNS.map((column) => {
      const value = summary[column];
      return Array.isArray(value) ? value.join(';') : String(value);
    }),
    delimiter,
  );
}

export function formatter(
  format: ExportFormat,
  fhir: FhirContext,
  delimiter: CsvDelimiter = 'comma',
): Transform {
  const line: (record: ExportRecord) => string =
    format === 'csv'
      ? (record) => csvRow(record, delimiter)
      : format === 'fhir'
        ? (record) => `${JSON.stringify(toAuditEvent(record, fhir))}\n`
        : (record) => `${JSON.stringify(summaryOf(record))}\n`;
  const transform = new Transform({
    writableObjectMode: true,
    transform: (record: ExportRecord, _encoding, callback) => callback(null, line(record)),
  });
  if (format === 'csv') transform.push(UTF8_BOM + csvLine(CSV_COLUMNS, delimiter));
  return transform;
}
