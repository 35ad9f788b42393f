/**
 * What a person reads cites documents, never seed files: also for a weighing recorded under
 * 2026.11.1, whose result names its sources by internal key and whose digest covers exactly that.
 * Readable citations are added when the record is read (GET of a record, the PDF dossier); the
 * result as recorded, and its digest, stay as they were.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  getRuleset,
  listRulesets,
  readableCitation,
  SEED_FILE_RE,
  withReadableCitations,
} from '../../src/engine/index.js';
import { canonicalJson } from '../../src/lib/canonical-json.js';
import { type AssessmentDetail, forReading } from '../../src/services/assessments.js';
import { request } from '../engine/support/request.js';

const v11 = getRuleset(listRulesets().find((r) => r.version === '2026.11.1')!.hash)!;
const digest = (x: unknown) => createHash('sha256').update(canonicalJson(x)).digest('hex');

/** A weighing as 2026.11.1 returned and recorded it: valid consent to the tax authority. */
const result = evaluate(
  request({
    recipient: 'tax_authority',
    purpose: 'tax',
    requested: ['financial', 'diagnosis'],
    answers: {
      'consent.given': true,
      'consent.givenBy': 'client',
      'consent.informed': true,
      'consent.specific': true,
      'consent.freelyGiven': true,
      'consent.form': 'written',
    },
  }),
  { language: 'nl', referenceDate: '2026-11-23' },
  v11,
);
const recordedDigest = digest(result);
const detail = {
  ...structuredClone(result),
  id: '00000000-0000-4000-8000-000000000001',
  recordedAt: '2026-11-23T10:00:00.000Z',
  caseRef: 'WT-OUD-1',
  serviceVersion: '0.1.0',
  integrity: { sequence: 7, hash: 'a'.repeat(64), previousHash: 'b'.repeat(64) },
  request: {
    caseRef: 'WT-OUD-1',
    client: { refPseudonym: 'c'.repeat(64), ageGroup: 'adult', decisionCapacity: 'capable', deceased: false },
    professional: { ref: 'p-1', profession: 'social_worker', employedByMunicipality: false },
    recipient: { type: 'tax_authority' },
    purpose: { type: 'tax' },
    requestedInformation: ['financial', 'diagnosis'],
    answers: {},
  },
  recordedBy: { apiKeyId: '00000000-0000-4000-8000-000000000002' },
  resultDigest: recordedDigest,
  textsReproduced: true,
  events: [],
} as AssessmentDetail;

describe('readable citations for a weighing recorded under 2026.11.1', () => {
  it('its recorded result names seed files, which its digest covers', () => {
    expect(JSON.stringify(result)).toMatch(SEED_FILE_RE);
    expect(digest(result)).toBe(recordedDigest);
  });

  it('reading it shows document, section and statute instead, and says so; the record itself is untouched', () => {
    const shown = forReading(detail);
    expect(shown.citationsAddedOnReading).toBe(true);
    expect(JSON.stringify(shown)).not.toMatch(SEED_FILE_RE);
    const consent = shown.trace.find((t) => t.ruleId === 'consent.client_consent')!;
    expect(consent.sources).toContain('KNMG-Wegwijzer 2014, §1 Toestemming van de patiënt');
    expect(consent.sources).toContain(
      'VGN-FAQ 2021, vraag ‘Welke gegevens worden wel of niet doorgeven aan de belastingdienst?’',
    );
    expect(consent.citations![0]).toMatchObject({
      document: 'KNMG-Wegwijzer 2014',
      section: '§1 Toestemming van de patiënt',
    });
    const statute = shown.trace.flatMap((t) => t.citations!).find((c) => c.statute === 'art. 7:457 lid 2 BW');
    expect(statute).toEqual({ statute: 'art. 7:457 lid 2 BW', text: 'art. 7:457 lid 2 BW' });
    // What the digest covers is unchanged.
    const {
      id: _i,
      recordedAt: _r,
      caseRef: _c,
      serviceVersion: _s,
      integrity: _g,
      request: _q,
      recordedBy: _b,
      resultDigest: _d,
      textsReproduced: _t,
      events: _e,
      ...recorded
    } = detail;
    expect(digest(recorded)).toBe(recordedDigest);
  });

  it('converts every part that cites, and keeps as they are the parts that cite readably or not at all', () => {
    const shown = withReadableCitations(result);
    // Shared and withheld categories, obligations and questions too, not only the trace.
    for (const part of ['share', 'withhold'] as const) {
      expect(shown.information[part].map((i) => i.category)).toEqual(
        result.information[part].map((i) => i.category),
      );
      for (const item of shown.information[part]) expect(item.citations!.length).toBe(item.sources.length);
    }
    expect(shown.information.share.length + shown.information.withhold.length).toBe(2);
    expect(shown.obligations.map((o) => o.id)).toEqual(result.obligations.map((o) => o.id));
    // A 2026.11.1 result beside an entry that already cites readably (the consent registry's) and
    // one that cites nothing: the result is converted, those two entries are left exactly as they are.
    const registry = {
      ruleId: 'consent.registry',
      outcome: 'met' as const,
      explanation: 'Toestemming uit het register.',
      sources: ['Werkinstructie medisch beroepsgeheim, §A Toestemming'],
      citations: [
        {
          document: 'Werkinstructie medisch beroepsgeheim',
          section: '§A Toestemming',
          text: 'Werkinstructie medisch beroepsgeheim, §A Toestemming',
        },
      ],
    };
    const silent = { ruleId: 'note.only', outcome: 'met' as const, explanation: 'Zonder bron.', sources: [] };
    const mixed = withReadableCitations({
      ...result,
      trace: [registry, silent, ...result.trace],
    } as typeof result);
    expect(mixed.trace[0]).toBe(registry);
    expect(mixed.trace[1]).toBe(silent);
    expect(JSON.stringify(mixed)).not.toMatch(SEED_FILE_RE);
  });

  it('a result that already carries citations is shown as it is', () => {
    const active = evaluate(request({ recipient: 'police', purpose: 'other', requested: ['diagnosis'] }), {
      language: 'nl',
      referenceDate: '2026-11-23',
    });
    expect(withReadableCitations(active)).toBe(active);
    expect(forReading({ ...detail, ...active } as AssessmentDetail).citationsAddedOnReading).toBeUndefined();
    // Also with an entry added beside the engine's that cites readably without structure (the
    // consent registry's): nothing is converted, so GET shows exactly what POST answered.
    const withRegistry = {
      ...active,
      trace: [
        {
          ruleId: 'consent.registry',
          outcome: 'met' as const,
          explanation: 'Toestemming uit het register.',
          sources: ['Werkinstructie medisch beroepsgeheim, §A Toestemming'],
        },
        ...active.trace,
      ],
    };
    expect(withReadableCitations(withRegistry)).toBe(withRegistry);
  });

  it('a string that is not an internal key is kept as the citation text', () => {
    expect(readableCitation('Wvggz')).toEqual({ statute: 'Wvggz', text: 'Wvggz' });
    expect(readableCitation('iets anders')).toEqual({ text: 'iets anders' });
    expect(readableCitation('002_2d5ae8171832921f.txt §Uitwisselen van informatie').text).toBe(
      'Protocol meldrecht, ‘Uitwisselen van informatie’',
    );
    expect(readableCitation('000_6cbe88231b9698a9.txt §4 Meldrechten (voetnoot 17)').text).toBe(
      'KNMG-Wegwijzer 2014, §4 Meldrechten, voetnoot 17',
    );
  });
  // The PDF and JSON dossiers of such a weighing (format 3, built by the dossier service from the
  // record): test/integration/legacy-records.test.ts.
});
