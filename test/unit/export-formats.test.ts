import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { winAnsi } from '../../src/export/dossier-pdf.js';
import { csvField, formatter } from '../../src/export/formats.js';
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

const run = async (format: 'ndjson' | 'csv' | 'fhir', records: ExportRecord[]) => {
  let out = '';
  const stream = Readable.from(records).pipe(
    formatter(format, { tenantId: 't', organisationName: 'Org', serviceVersion: '0.1.0' }),
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
  ])('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('formats', () => {
  it('csv: header first, one CRLF row per record, categories joined with ;', async () => {
    const lines = (await run('csv', [record(), record({ caseRef: '=evil()' })])).split('\r\n');
    expect(lines[0]).toBe(
      '"id","recordedAt","caseRef","professionalRef","recipientType","purposeType","decision","ground",' +
        '"sharedCategories","withheldCategories","rulesetVersion","rulesetHash","sequence","hash"',
    );
    expect(lines[1]).toContain('"diagnosis;treatment"');
    expect(lines[2]).toContain(`"'=evil()"`);
    expect(lines).toHaveLength(4);
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

describe('winAnsi', () => {
  it('keeps Dutch letters and typographic punctuation, replaces what the standard fonts cannot show', () => {
    expect(winAnsi('Cliënt geïnformeerd – “ja” … € §')).toBe('Cliënt geïnformeerd – “ja” … € §');
    expect(winAnsi('leeftijd ≥ 16 → ok')).toBe('leeftijd >= 16 -> ok');
    expect(winAnsi('Łódź ǅ 😀')).toBe('Lódz Dz ?');
  });
});
