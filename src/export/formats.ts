/**
 * Bulk export formats: each is a Transform from exported items (weighings and consent-registry
 * events) to text, so an export streams from the database cursor to the socket a batch at a time
 * (docs/exports.md).
 */
import { Transform } from 'node:stream';
import type { ConsentEventRecord, ExportItem, ExportRecord } from '../repositories/export-repository.js';
import { type ConsentView, consentEventView } from '../services/consent-view.js';
import { type FhirContext, toAuditEvent } from './fhir-audit-event.js';
import { toFhirConsent } from './fhir-consent.js';

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

/**
 * A consent event in bulk: what was consented and its chain entry, never the client (not even
 * pseudonymised), the organisation's name, the motivation, the withdrawal note or the evidence
 * reference.
 */
export function consentSummaryOf(record: ConsentEventRecord, consent: ConsentView) {
  const withdrawal = record.kind === 'consent_withdrawn' ? consent.withdrawal : null;
  return {
    id: record.id,
    recordedAt: record.recordedAt.toISOString(),
    recordType: record.kind,
    consentId: consent.id,
    ...(withdrawal
      ? { withdrawnAt: withdrawal.withdrawnAt, withdrawnBy: withdrawal.withdrawnBy }
      : {
          recipientType: consent.recipient.type,
          purposes: consent.purposes,
          categories: consent.categories,
          grantor: consent.grantor,
          form: consent.form,
          ...(consent.form === 'oral' ? { recorded: consent.recorded === true } : {}),
          informed: consent.informed,
          freelyGiven: consent.freelyGiven,
          validFrom: consent.validFrom,
          validUntil: consent.validUntil,
        }),
    sequence: record.sequence,
    hash: record.hash,
  };
}

const ASSESSMENT_COLUMNS = Object.keys(summaryOf({ recordedAt: new Date(0) } as ExportRecord)) as Array<
  keyof ReturnType<typeof summaryOf>
>;
/** Appended after the weighing's columns; a weighing's row has only `recordType` of these. */
const CONSENT_COLUMNS = [
  'recordType',
  'consentId',
  'purposes',
  'categories',
  'grantor',
  'form',
  'validFrom',
  'validUntil',
  'withdrawnAt',
] as const;
const CSV_COLUMNS = [...ASSESSMENT_COLUMNS, ...CONSENT_COLUMNS];

const isConsentEvent = (item: ExportItem): item is ConsentEventRecord =>
  item.kind === 'consent_recorded' || item.kind === 'consent_withdrawn';
const consentOf = (record: ConsentEventRecord) => consentEventView(record.registration, record.withdrawal);

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

// Several categories (or purposes) share one cell, joined by `;` as they always were: every field
// is quoted, so this stays one cell under the semicolon separator too.
const cell = (value: unknown) =>
  value === undefined ? '' : Array.isArray(value) ? value.join(';') : String(value);

function csvRow(item: ExportItem, delimiter: CsvDelimiter): string {
  if (!isConsentEvent(item)) {
    const summary = summaryOf(item);
    return csvLine(
      [
        ...ASSESSMENT_COLUMNS.map((c) => cell(summary[c])),
        'assessment',
        ...CONSENT_COLUMNS.slice(1).map(() => ''),
      ],
      delimiter,
    );
  }
  const consent = consentOf(item);
  const grantor = consent.grantor.role
    ? `${consent.grantor.type}:${consent.grantor.role}`
    : consent.grantor.type;
  const values: Record<string, unknown> = {
    id: item.id,
    recordedAt: item.recordedAt.toISOString(),
    recipientType: consent.recipient.type,
    sequence: item.sequence,
    hash: item.hash,
    recordType: item.kind,
    consentId: consent.id,
    ...(item.kind === 'consent_recorded'
      ? {
          purposes: consent.purposes,
          categories: consent.categories,
          grantor,
          form: consent.form,
          validFrom: consent.validFrom,
          validUntil: consent.validUntil,
        }
      : { withdrawnAt: consent.withdrawal?.withdrawnAt }),
  };
  return csvLine(
    CSV_COLUMNS.map((c) => cell(values[c])),
    delimiter,
  );
}

function ndjsonLine(item: ExportItem): string {
  if (!isConsentEvent(item)) return `${JSON.stringify({ ...summaryOf(item), recordType: 'assessment' })}\n`;
  return `${JSON.stringify(consentSummaryOf(item, consentOf(item)))}\n`;
}

function fhirLine(item: ExportItem, fhir: FhirContext): string {
  if (!isConsentEvent(item)) return `${JSON.stringify(toAuditEvent(item, fhir))}\n`;
  const resource = toFhirConsent(consentOf(item), {
    tenantId: fhir.tenantId,
    organisationName: fhir.organisationName,
    form: 'minimal',
  });
  return `${JSON.stringify(resource)}\n`;
}

export function formatter(
  format: ExportFormat,
  fhir: FhirContext,
  delimiter: CsvDelimiter = 'comma',
): Transform {
  const line: (item: ExportItem) => string =
    format === 'csv'
      ? (item) => csvRow(item, delimiter)
      : format === 'fhir'
        ? (item) => fhirLine(item, fhir)
        : ndjsonLine;
  const transform = new Transform({
    writableObjectMode: true,
    transform: (item: ExportItem, _encoding, callback) => {
      let text: string;
      try {
        text = line(item);
      } catch (error) {
        // An entry that cannot be read ends the export as incomplete, never the process.
        callback(error as Error);
        return;
      }
      callback(null, text);
    },
  });
  if (format === 'csv') transform.push(UTF8_BOM + csvLine(CSV_COLUMNS, delimiter));
  return transform;
}
