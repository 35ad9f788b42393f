/**
 * The shape and texts of a result: trace, explanation, dossier note, languages, precedence.
 */
import { describe, expect, it } from 'vitest';
import { activeRuleset, ENGINE_VERSION, evaluate, getRuleset, rulesView } from '../../src/engine/index.js';
import { CONFLICT_MET, REFERENCE_DATE, request, VALID_CONSENT } from './support/request.js';

const nl = { language: 'nl', referenceDate: REFERENCE_DATE } as const;
const en = { language: 'en', referenceDate: REFERENCE_DATE } as const;

const wmoCheck = request({
  recipient: 'municipality',
  recipientName: 'Gemeente Utrecht',
  purpose: 'financial_audit',
  description: 'accountantscontrole 2026',
  requested: ['administrative', 'diagnosis'],
  answers: { 'legal.wmoFileCheck': true },
});

describe('result', () => {
  it('names the ruleset version and hash, the engine version, language and date', () => {
    const r = evaluate(wmoCheck, nl);
    expect(r).toMatchObject({
      rulesetVersion: activeRuleset.version,
      rulesetHash: activeRuleset.hash,
      engineVersion: ENGINE_VERSION,
      language: 'nl',
      referenceDate: REFERENCE_DATE,
      decision: 'required',
      ground: 'legal_obligation',
      decisiveRuleId: 'legal.wmo_file_check',
    });
    expect(evaluate(wmoCheck, nl, getRuleset(activeRuleset.hash))).toEqual(r);
  });

  it('traces every decision rule and obligation once, in data order, with a known outcome', () => {
    const r = evaluate(wmoCheck, nl);
    const expected = [
      ...activeRuleset.data.rules.map((x) => x.id),
      ...activeRuleset.data.obligations.map((o) => `obligation.${o.id}`),
    ];
    expect(r.trace.map((t) => t.ruleId)).toEqual(expected);
    for (const t of r.trace) expect(['met', 'not_met', 'not_applicable', 'unanswered']).toContain(t.outcome);
    const outcome = (id: string) => r.trace.find((t) => t.ruleId === id)!.outcome;
    expect(outcome('legal.wmo_file_check')).toBe('met');
    expect(outcome('legal.probation')).toBe('not_applicable');
    expect(outcome('danger.acute')).toBe('unanswered');
    expect(outcome('obligation.record_in_dossier')).toBe('met');
  });

  it('writes a Dutch dossier note with the weighing, and no case or client reference', () => {
    const note = evaluate(wmoCheck, nl).dossierNote;
    for (const part of [
      'Afweging beroepsgeheim',
      `Datum van de afweging: ${REFERENCE_DATE}`,
      'Ontvanger: gemeente (Gemeente Utrecht)',
      'Doel: financiële controle – accountantscontrole 2026',
      'Besluit: verplicht delen',
      'Grond: wettelijke plicht – Dossiercontrole door de gemeente (Wmo)',
      'Wettelijke basis: Wmo 2015',
      '- Gaat het om een dossiercontrole door de gemeente naar de financiële rechtmatigheid van Wmo-zorg? ja',
      'Wordt gedeeld:\n- administratieve gegevens',
      'Wordt niet gedeeld:\n- diagnose: De dossiercontrole gaat alleen over administratieve onderdelen',
      'Verplichtingen:\n- Leg de afweging vast',
      `Regelset: ${activeRuleset.version} (sha256 ${activeRuleset.hash})`,
    ])
      expect(note).toContain(part);
    expect(note).not.toContain('case-1');
    expect(note).not.toContain('client-1');
  });

  it('writes English texts on request', () => {
    const r = evaluate(wmoCheck, en);
    expect(r.language).toBe('en');
    expect(r.dossierNote).toContain('Professional secrecy weighing');
    expect(r.dossierNote).toContain('Decision: must share');
    expect(r.explanation).toMatch(/^You are obliged to share/);
    expect(r.information.share[0]!.reason).toMatch(/^In the Wmo file check/);
    expect(r.obligations.find((o) => o.id === 'record_in_dossier')!.text).toMatch(/^Record the weighing/);
  });

  it('explains acute danger first-hand and lists 112 as an obligation', () => {
    const r = evaluate(
      request({
        recipient: 'school',
        purpose: 'child_safety',
        requested: ['safety_signals'],
        answers: { 'danger.acute': true },
      }),
      en,
    );
    expect(r.acuteDanger).toBe(true);
    expect(r.obligations[0]!.id).toBe('call_emergency_services');
    expect(r.explanation).toContain('There is acute danger: call 112');
    expect(r.dossierNote).toContain('Acute danger: 112');
  });

  it('explains needs_more_information with the number of open questions and the open grounds', () => {
    const r = evaluate(request({ recipient: 'tax_authority', purpose: 'tax', requested: ['financial'] }), en);
    expect(r.decision).toBe('needs_more_information');
    expect(r.missingAnswers.map((q) => q.id)).toEqual(['consent.given']);
    expect(r.explanation).toContain('1 question(s)');
    expect(r.explanation).toContain('consent');
    expect(r.dossierNote).toContain('Still to be answered:\n- Has consent been given for this sharing?');
    expect(r.missingAnswers[0]).toMatchObject({ type: 'boolean', order: expect.any(Number) });
    expect(r.missingAnswers[0]!.sources.length).toBeGreaterThan(0);
    expect(r.missingAnswers[0]!.help.length).toBeGreaterThan(0);
  });

  it('adds the covenant notice to the explanation', () => {
    const r = evaluate(
      request({
        recipient: 'safety_house',
        purpose: 'case_consultation',
        requested: ['identity_and_contact'],
        answers: { 'request.basedOnCovenant': true, 'consent.given': false, 'conflict.seriousHarm': false },
      }),
      nl,
    );
    expect(r.explanation).toContain('beroept zich op een convenant');
  });
});

describe('precedence', () => {
  it('reports the least intrusive holding ground: representative before consent', () => {
    const r = evaluate(
      request({
        age: 'under_12',
        recipient: 'representative',
        purpose: 'other',
        requested: ['treatment'],
        answers: { ...VALID_CONSENT, 'consent.givenBy': 'representative' },
      }),
      nl,
    );
    expect([r.ground, r.decisiveRuleId]).toEqual(['representative', 'representative.child_under_12']);
    expect(r.trace.find((t) => t.ruleId === 'consent.client_consent')!.outcome).toBe('met');
  });

  it('consent before conflict of duties; acute danger before the conflict criteria', () => {
    const both = request({
      recipient: 'police',
      purpose: 'preventing_serious_harm',
      requested: ['identity_and_contact'],
      answers: { ...VALID_CONSENT, ...CONFLICT_MET, 'danger.acute': true },
    });
    expect(evaluate(both, nl).ground).toBe('consent');
    const noConsent = { ...both, answers: { ...CONFLICT_MET, 'danger.acute': true } };
    expect(evaluate(noConsent, nl).decisiveRuleId).toBe('conflict.acute_danger');
  });

  it('required beats allowed', () => {
    const r = evaluate(
      request({
        recipient: 'municipality',
        purpose: 'eligibility_assessment',
        requested: ['diagnosis'],
        answers: { ...VALID_CONSENT, 'legal.wmoMedicalRequest': true },
      }),
      nl,
    );
    expect([r.decision, r.ground]).toEqual(['required', 'legal_obligation']);
    expect(r.trace.find((t) => t.ruleId === 'consent.client_consent')!.outcome).toBe('met');
  });

  it('every route in the rules view belongs to the precedence order', () => {
    const grounds = new Set(
      rulesView(activeRuleset, 'en')
        .filter((v) => v.kind === 'route')
        .map((v) => v.ground),
    );
    expect([...grounds].sort()).toEqual([
      'conflict_of_duties',
      'consent',
      'direct_involvement',
      'legal_obligation',
      'reporting_right',
      'representative',
    ]);
  });
});
