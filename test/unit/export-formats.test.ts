import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type CsvDelimiter,
  csvField,
  formatter,
  looksLikeFormula,
  UTF8_BOM,
} from '../../src/export/formats.js';
import type { ExportRecord } from '../../src/repositories/export-repository.js';

const record = (overrides: Partial<ExportRecord> = {}): ExportRecord => ({
  id: '6f1c1f7e-2a4b-4c1e-9f00-000000000001',
  recordedAt: new Date('2026-11-23T12:00:00Z'),
  caseRef: 'WT-1',
  professionalRef: 'p-1',
  recipientType: 'municipality',
  purposeType: 'continuity_of_care',
  decision: 'allowed',
  ground: 'consent',
  sharedCategories: ['attendance'],
  withheldCategories: ['diagnosis', 'treatment'],
  rulesetVersion: '2026.11.1',
  rulesetHash: 'a'.repeat(64),
  sequence: 7,
  hash: 'b'.repeat(64),
  ...overrides,
});

const run = async (format: 'ndjson' | 'csv' | 'fhir', records: ExportRecord[], delimiter?: CsvDelimiter) => {
  let out = '';
  const stream = Readable.from(records).pipe(
    formatter(format, { tenantId: 't', organisationName: 'Org', serviceVersion: '0.1.0' }, delimiter),
  );
  for await (const chunk of stream) out += chunk;
  return out;
};

describe('csvField', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+31 6', `"'+31 6"`],
    ['-5', `"'-5"`],
    ['@cmd', `"'@cmd"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ['a "b", c', '"a ""b"", c"'],
    ['gewoon', '"gewoon"'],
    ['a=b', '"a=b"'],
    ['', '""'],
    ['  ', '"  "'],
  ])('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  // Spreadsheets skip these before deciding a cell is a formula; so must the guard.
  const SKIPPED = {
    space: ' ',
    'no-break space': '\u00A0',
    'ideographic space': '\u3000',
    'zero-width space': '\u200B',
    'byte order mark': '\uFEFF',
    'word joiner': '\u2060',
    'left-to-right mark': '\u200E',
    'line feed': '\n',
    'em space': '\u2003',
  };
  const TRIGGERS = ['=', '+', '-', '@'];

  it.each(Object.entries(SKIPPED).flatMap(([name, ch]) => TRIGGERS.map((t) => [name, ch, t] as const)))(
    'a leading %s before %s is still a formula',
    (_name, ch, trigger) => {
      for (const prefix of [ch, ch.repeat(3), ` ${ch}`]) {
        const value = `${prefix}${trigger}HYPERLINK("http://x")`;
        expect(looksLikeFormula(value)).toBe(true);
        expect(csvField(value)).toBe(`"'${value.replaceAll('"', '""')}"`);
      }
    },
  );

  it('leaves text whose first visible character is not a trigger alone', () => {
    for (const value of ['WT-2026-0042', ' a=b', '\u00A0x-1', 'jan@example.nl', '\u200B1+1']) {
      expect(looksLikeFormula(value), JSON.stringify(value)).toBe(false);
    }
  });
});

describe('formats', () => {
  it('csv: a UTF-8 BOM, the header, one CRLF row per record, categories joined with ;', async () => {
    const text = await run('csv', [record(), record({ caseRef: '=evil()' })]);
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      '"id","recordedAt","caseRef","professionalRef","recipientType","purposeType","decision","ground",' +
        '"sharedCategories","withheldCategories","rulesetVersion","rulesetHash","sequence","hash",' +
        '"recordType","consentId","purposes","categories","grantor","form","validFrom","validUntil","withdrawnAt"',
    );
    expect(lines[1]).toContain('"assessment","","","","","","","",""');
    expect(lines[1]).toContain('"diagnosis;treatment"');
    expect(lines[2]).toContain(`"'=evil()"`);
    expect(lines).toHaveLength(4);
  });

  it('csv with delimiter=semicolon separates fields with ; (every field still quoted)', async () => {
    const text = await run('csv', [record({ caseRef: 'WT;1' })], 'semicolon');
    const [header, row] = text.slice(1).split('\r\n');
    expect(header).toMatch(/^"id";"recordedAt";"caseRef";/);
    // 14 weighing columns and the 9 of consent events.
    expect(header!.split('";"')).toHaveLength(23);
    expect(row).toContain(';"WT;1";');
    expect(row).toContain('"diagnosis;treatment"');
    expect(row).not.toContain('","');
  });

  it('csv of nothing is the header alone; ndjson of nothing is empty', async () => {
    expect((await run('csv', [])).split('\r\n')).toHaveLength(2);
    expect(await run('ndjson', [])).toBe('');
  });

  it('fhir: an R5 AuditEvent per line with a PurposeOfUse code where one fits', async () => {
    const [line] = (await run('fhir', [record()])).trimEnd().split('\n');
    const event = JSON.parse(line!);
    expect(event.resourceType).toBe('AuditEvent');
    expect(event.authorization[0].coding.map((c: { code: string }) => c.code)).toEqual([
      'continuity_of_care',
      'TREAT',
    ]);
    expect(event.agent[0].policy).toEqual([`urn:beroepsgeheim:ruleset:2026.11.1:sha256:${'a'.repeat(64)}`]);
  });
});
