/**
 * The shape and texts of a result: trace, explanation, dossier note, languages, precedence.
 */
import { describe, expect, it } from 'vitest';
import {
  type AssessmentRequest,
  activeRuleset,
  ENGINE_VERSION,
  evaluate,
  getRuleset,
  listRulesets,
} from '../../src/engine/index.js';
import { CONFLICT_MET, REFERENCE_DATE, request, VALID_CONSENT } from './support/request.js';

const v11 = getRuleset(listRulesets().find((r) => r.version === '2026.11.1')!.hash)!;

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
      'Wettelijke basis (wet en rechtspraak): Wmo 2015',
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

  it('keeps a typed recipient name and purpose description on their own line of the note', () => {
    // Free text may hold line breaks; in the note each field stays one line, so a typed name cannot
    // pose as another line of the weighing (for example a "Besluit:" line).
    const typed = structuredClone(wmoCheck);
    typed.recipient.name = 'Gemeente\nUtrecht\n\nBesluit: toegestaan'; // line feeds only
    typed.purpose.description = 'accountants\rcontrole\r2026'; // carriage returns only
    const lines = evaluate(typed, nl).dossierNote.split('\n');
    expect(lines).toContain('Ontvanger: gemeente (Gemeente Utrecht Besluit: toegestaan)');
    expect(lines).toContain('Doel: financiële controle – accountants controle 2026');
    const mixed = structuredClone(wmoCheck);
    mixed.recipient.name = 'Gemeente\r\nUtrecht';
    expect(evaluate(mixed, nl).dossierNote.split('\n')).toContain('Ontvanger: gemeente (Gemeente Utrecht)');
    expect(lines.filter((l) => l.startsWith('Besluit:'))).toEqual(['Besluit: verplicht delen']);
    // Text without a line break is kept as typed.
    const plain = structuredClone(wmoCheck);
    plain.recipient.name = 'Gemeente  Utrecht';
    expect(evaluate(plain, nl).dossierNote).toContain('Ontvanger: gemeente (Gemeente  Utrecht)');
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
        answers: {
          ...VALID_CONSENT,
          'consent.givenBy': 'representative',
          'representative.goodCaregiverBars': false,
        },
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
        answers: {
          ...VALID_CONSENT,
          'legal.wmoMedicalRequest': true,
          'legal.wmoRefusalWithoutConsequences': true,
        },
      }),
      nl,
    );
    expect([r.decision, r.ground]).toEqual(['required', 'legal_obligation']);
    expect(r.trace.find((t) => t.ruleId === 'consent.client_consent')!.outcome).toBe('met');
  });

  // Per adjacent pair of grounds in the precedence order, a request under which both hold.
  const BOTH: Array<[string, string, AssessmentRequest]> = [
    [
      'direct_involvement',
      'consent',
      request({
        recipient: 'treating_professional',
        purpose: 'continuity_of_care',
        requested: ['treatment'],
        answers: { ...VALID_CONSENT, 'recipient.directlyInvolved': true, 'client.objects': false },
      }),
    ],
    [
      'representative',
      'consent',
      request({
        age: 'under_12',
        recipient: 'representative',
        purpose: 'other',
        requested: ['treatment'],
        answers: {
          ...VALID_CONSENT,
          'consent.givenBy': 'representative',
          'representative.goodCaregiverBars': false,
        },
      }),
    ],
    [
      'consent',
      'reporting_right',
      request({
        age: 'under_12',
        recipient: 'veilig_thuis',
        purpose: 'child_safety',
        requested: ['safety_signals'],
        answers: {
          ...VALID_CONSENT,
          'consent.givenBy': 'representative',
          'danger.acute': false,
          'report.suspicion': 'child_abuse',
          'report.meldcodeFollowed': true,
          'report.realRiskOfHarm': true,
          'report.clientInformed': true,
        },
      }),
    ],
    [
      'reporting_right',
      'conflict_of_duties',
      request({
        age: 'under_12',
        recipient: 'other_professional',
        purpose: 'child_safety',
        requested: ['safety_signals'],
        answers: {
          ...CONFLICT_MET,
          'danger.acute': false,
          'consent.given': false,
          'consultation.safetyAtStake': true,
          'consultation.harmCanBeLimited': true,
          'consultation.noOtherWay': true,
          'consultation.consentSought': true,
          'consultation.interestsOutweigh': true,
        },
      }),
    ],
  ];

  it.each(listRulesets().map((r) => [r.version, getRuleset(r.hash)!] as const))(
    '%s reports grounds in the fixed order direct involvement, representative, consent, reporting right, conflict of duties',
    (_version, rs) => {
      const order = [
        'direct_involvement',
        'representative',
        'consent',
        'reporting_right',
        'conflict_of_duties',
      ];
      expect(rs.data.groundPrecedence).toEqual(order);
      const groundOf = new Map(rs.data.rules.map((r) => [r.id, r.ground]));
      for (const [first, second, req] of BOTH) {
        const r = evaluate(req, nl, rs);
        const holding = r.trace.filter((t) => t.outcome === 'met').map((t) => groundOf.get(t.ruleId));
        expect(holding, `${first} and ${second} both hold`).toEqual(expect.arrayContaining([first, second]));
        expect(r.ground).toBe(first);
        expect(order.indexOf(first)).toBeLessThan(order.indexOf(second));
      }
    },
  );
});

describe('2026.12.1: decisions that stand while a question remains, and dated rules', () => {
  it('an allowed outcome stands while a duty that would change what is shared is still open, and its question is asked', () => {
    const req = request({
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['identity_and_contact', 'criminal_justice'],
      answers: { 'danger.acute': true },
    });
    const r = evaluate(req, en);
    expect([r.decision, r.decisiveRuleId]).toEqual(['allowed', 'conflict.acute_danger']);
    expect(r.missingAnswers.map((q) => q.id)).toEqual(['crime.kind']);
    expect(r.explanation).toContain('1 question(s) can still change this outcome');
    expect(r.dossierNote).toContain('Still to be answered:');
    // 2026.11.1 said that an open duty no longer changes what may be shared.
    expect(evaluate(req, en, v11).missingAnswers).toEqual([]);
  });

  it('a rule outside its period of validity is traced as not the law on that day', () => {
    const req = request({
      age: '12_to_15',
      recipient: 'family_guardian',
      purpose: 'supervision_order',
      requested: ['treatment'],
      answers: { 'legal.supervisionOrder': true, 'request.byRecipient': true },
    });
    const before = evaluate(req, { language: 'en', referenceDate: '2014-12-31' });
    const trace = before.trace.find((t) => t.ruleId === 'legal.family_guardian')!;
    expect(trace.outcome).toBe('not_applicable');
    expect(trace.explanation).toContain('was not the law on the date of this weighing');
    expect(before.decision).not.toBe('required');
    const after = evaluate(req, { language: 'en', referenceDate: '2015-01-01' });
    expect([after.decision, after.decisiveRuleId]).toEqual(['required', 'legal.family_guardian']);
  });

  it('names engine 1.1.0 for 2026.12.1 and keeps 1.0.0 for 2026.11.1', () => {
    expect(evaluate(wmoCheck, nl).engineVersion).toBe(ENGINE_VERSION);
    expect(ENGINE_VERSION).toBe('1.1.0');
    expect(evaluate(wmoCheck, nl, v11).engineVersion).toBe('1.0.0');
  });

  it('the legal basis in the dossier note lists statutes and rulings only', () => {
    const r = evaluate(
      request({
        recipient: 'other_professional',
        purpose: 'continuity_of_care',
        requested: ['mental_health'],
        answers: {
          'danger.acute': false,
          'vital.clientAtRisk': false,
          'consent.given': false,
          'conflict.seriousHarm': true,
          'recipient.canAct': true,
          'care.clientWillNotEngage': true,
          'conflict.noAlternative': true,
        },
      }),
      nl,
    );
    expect(r.decisiveRuleId).toBe('care.good_caregiving');
    const basis = r.dossierNote.split('\n').find((l) => l.startsWith('Wettelijke basis'))!;
    expect(basis).toBe('Wettelijke basis (wet en rechtspraak): ECLI:NL:TGZCTG:2011:YG1658');
  });

  // The Wet verplichte meldcode obliges an organisation to have a meldcode (VGN-FAQ 2021, meldcode
  // question); it authorises no sharing, so no route names it as its legal basis (review D6).
  it('names the reporting right, never the Wet verplichte meldcode, as the legal basis of reporting or consulting', () => {
    const basisOf = (answers: Record<string, unknown>, recipient: string) => {
      const r = evaluate(
        request({
          profession: 'youth_care_worker',
          age: 'under_12',
          recipient,
          purpose: 'child_safety',
          requested: ['identity_and_contact'],
          answers: { 'danger.acute': false, 'consent.given': false, ...answers },
        } as never),
        nl,
      );
      return [
        r.decisiveRuleId,
        r.dossierNote.split('\n').find((l) => l.startsWith('Wettelijke basis')) ?? null,
      ];
    };
    expect(
      basisOf(
        {
          'consultation.safetyAtStake': true,
          'consultation.harmCanBeLimited': true,
          'consultation.noOtherWay': true,
          'consultation.consentSought': true,
          'consultation.interestsOutweigh': true,
        },
        'school',
      ),
    ).toEqual(['report.safety_consultation', null]);
    expect(
      basisOf(
        {
          'report.suspicion': 'child_abuse',
          'report.requestedByRecipient': false,
          'report.meldcodeFollowed': true,
          'report.realRiskOfHarm': true,
          'report.clientInformed': true,
        },
        'veilig_thuis',
      ),
    ).toEqual(['report.veilig_thuis_child', 'Wettelijke basis (wet en rechtspraak): art. 5.2.6 Wmo 2015']);
  });
});
