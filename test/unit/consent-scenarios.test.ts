/**
 * Scenario table of the consent registry's matching: a registered consent, a weighing on a day,
 * and what must come out — whether the consent fits, every reason why not, and what the rules
 * engine then decides with the answers the registry gives. Each case cites the passage it rests on.
 *
 * The engine column is the agreement check: the consent route of the ruleset (consent of the
 * client, or the successor at another institution) is met exactly when the consent fits, not met
 * when it does not, and open when the match is undetermined.
 */
import { describe, expect, it } from 'vitest';
import {
  type ConsentTerms,
  capacityOnTheDay,
  matchConsent,
  type ReasonCode,
  type RegisteredConsent,
  useConsent,
  type WeighingFacts,
} from '../../src/consent/index.js';
import { type AssessmentRequest, activeRuleset, evaluate } from '../../src/engine/index.js';
import { labelsOf } from '../../src/services/consent-view.js';
import { type RequestSpec, request } from '../engine/support/request.js';

const DAY = '2026-11-23';
const SOURCE = {
  instruction: 'Werkinstructie medisch beroepsgeheim, §A Toestemming',
  wegwijzer: 'KNMG-Wegwijzer 2014, §1 Toestemming van de patiënt',
  rvs: 'RVS-studie 2017, §3.2 (“Toestemming cliënt is geen vrijbrief”)',
  vgnWho: 'VGN-FAQ 2021, “Welke informatie mag gedeeld worden en met wie?”',
  vgnSuccessor: 'VGN-FAQ 2021, “Mogen gegevens worden verstrekt aan een nieuwe, andere Arts…?” (a)',
  avg: 'art. 7 lid 3 AVG; VGN-FAQ 2021, “Cliënt wil niet dat er informatie wordt gedeeld…”',
};

/** A written, specific, informed and free consent of a capable adult for their lawyer. */
const BASE: ConsentTerms = {
  client: { ageGroup: 'adult', decisionCapacity: 'capable' },
  grantor: { type: 'client' },
  recipient: { type: 'lawyer' },
  purposes: ['legal_proceedings'],
  categories: ['treatment'],
  form: 'written',
  informed: true,
  freelyGiven: true,
  validFrom: '2026-11-01',
  validUntil: '2027-03-31',
};
const BASE_REQUEST: RequestSpec = {
  recipient: 'lawyer',
  purpose: 'legal_proceedings',
  requested: ['treatment'],
};

interface Case {
  name: string;
  source: string;
  terms?: Partial<ConsentTerms>;
  withdrawnAt?: string;
  given?: Partial<RequestSpec>;
  expect: {
    status: 'matched' | 'not_matched' | 'undetermined';
    reasons?: ReasonCode[];
    /** The decision and ground the engine reaches with the registry's answers (when it matters). */
    decision?: string;
    ground?: string;
    missing?: string[];
  };
}

const representativeOf = (
  ageGroup: ConsentTerms['client']['ageGroup'],
  decisionCapacity: ConsentTerms['client']['decisionCapacity'],
  role: 'parent' | 'curator' | 'mentor' = 'parent',
): Partial<ConsentTerms> => ({
  client: { ageGroup, decisionCapacity },
  grantor: { type: 'representative', role },
});

const cases: Case[] = [
  {
    name: 'a fitting consent: the engine allows on consent',
    source: SOURCE.instruction,
    expect: { status: 'matched', decision: 'allowed', ground: 'consent' },
  },
  // Time: the last day counts, the day after does not; a consent not yet in force is no consent.
  {
    name: 'on the day of expiry the consent still counts',
    source: SOURCE.instruction,
    terms: { validUntil: DAY },
    expect: { status: 'matched', decision: 'allowed', ground: 'consent' },
  },
  {
    name: 'the day after expiry it does not',
    source: SOURCE.instruction,
    terms: { validUntil: '2026-11-22' },
    expect: { status: 'not_matched', reasons: ['expired'] },
  },
  {
    name: 'before its first day it does not count yet',
    source: SOURCE.instruction,
    terms: { validFrom: '2026-11-24' },
    expect: { status: 'not_matched', reasons: ['not_yet_valid'] },
  },
  {
    name: 'on its first day it counts',
    source: SOURCE.instruction,
    terms: { validFrom: DAY },
    expect: { status: 'matched', decision: 'allowed' },
  },
  {
    name: 'a registered withdrawal ends it (withdrawn a minute before the weighing)',
    source: SOURCE.avg,
    withdrawnAt: '2026-11-23T09:59:00.000Z',
    expect: { status: 'not_matched', reasons: ['withdrawn'] },
  },
  // Specific: recipient, purpose, information.
  {
    name: 'another recipient type',
    source: SOURCE.wegwijzer,
    given: { recipient: 'municipality' },
    expect: { status: 'not_matched', reasons: ['other_recipient'] },
  },
  {
    name: 'the named organisation, with more detail after its name',
    source: SOURCE.wegwijzer,
    terms: { recipient: { type: 'lawyer', organisation: 'Advocatenkantoor De Vries' } },
    given: { recipientName: 'advocatenkantoor de  vries, mr. Jansen' },
    expect: { status: 'matched', decision: 'allowed' },
  },
  {
    name: 'another organisation whose name starts the same',
    source: SOURCE.wegwijzer,
    terms: { recipient: { type: 'lawyer', organisation: 'Advocatenkantoor De Vries' } },
    given: { recipientName: 'Advocatenkantoor De Vriesland' },
    expect: { status: 'not_matched', reasons: ['other_recipient'] },
  },
  {
    name: 'a consent for a named organisation, a request that names none',
    source: SOURCE.wegwijzer,
    terms: { recipient: { type: 'lawyer', organisation: 'Advocatenkantoor De Vries' } },
    expect: { status: 'not_matched', reasons: ['recipient_not_named'] },
  },
  {
    name: 'a purpose outside the consent',
    source: SOURCE.wegwijzer,
    given: { purpose: 'tax' },
    expect: { status: 'not_matched', reasons: ['purpose_out_of_scope'] },
  },
  {
    name: 'a category outside the consent',
    source: SOURCE.instruction,
    given: { requested: ['treatment', 'diagnosis'] },
    expect: { status: 'not_matched', reasons: ['category_out_of_scope'] },
  },
  {
    name: 'the whole record is covered only when listed, even if every other category is',
    source: SOURCE.instruction,
    terms: { categories: ['treatment', 'diagnosis'] },
    given: { requested: ['full_record'] },
    expect: { status: 'not_matched', reasons: ['category_out_of_scope'] },
  },
  // Blanket consent is no consent ("toestemming is geen vrijbrief").
  {
    name: 'a blanket scope: every kind of information',
    source: SOURCE.rvs,
    terms: {
      categories: [
        'identity_and_contact',
        'care_relationship',
        'attendance',
        'diagnosis',
        'treatment',
        'medication',
        'mental_health',
        'addiction',
        'safety_signals',
        'social_circumstances',
        'financial',
        'criminal_justice',
        'third_party_information',
        'administrative',
      ],
    },
    expect: { status: 'not_matched', reasons: ['blanket_scope'] },
  },
  {
    name: 'a blanket scope: the whole record for the municipality, signed once',
    source: SOURCE.rvs,
    terms: {
      recipient: { type: 'municipality' },
      purposes: ['eligibility_assessment'],
      categories: ['full_record'],
    },
    given: { recipient: 'municipality', purpose: 'eligibility_assessment', requested: ['full_record'] },
    expect: { status: 'not_matched', reasons: ['blanket_scope'] },
  },
  {
    name: 'a blanket scope: any recipient',
    source: SOURCE.rvs,
    terms: { recipient: { type: 'other' } },
    given: { recipient: 'other' },
    expect: { status: 'not_matched', reasons: ['blanket_scope'] },
  },
  // The successor at another institution needs written consent.
  {
    name: 'successor at another institution, oral (recorded) consent',
    source: SOURCE.vgnSuccessor,
    terms: {
      recipient: { type: 'successor_other_institution' },
      purposes: ['handover'],
      categories: ['full_record'],
      form: 'oral',
      recorded: true,
    },
    given: { recipient: 'successor_other_institution', purpose: 'handover', requested: ['full_record'] },
    expect: { status: 'not_matched', reasons: ['written_required'] },
  },
  {
    name: 'successor at another institution, written consent for the whole record',
    source: SOURCE.vgnSuccessor,
    terms: {
      recipient: { type: 'successor_other_institution' },
      purposes: ['handover'],
      categories: ['full_record'],
    },
    given: { recipient: 'successor_other_institution', purpose: 'handover', requested: ['full_record'] },
    expect: { status: 'matched', decision: 'allowed', ground: 'consent' },
  },
  // Form and quality.
  {
    name: 'oral and not recorded',
    source: SOURCE.instruction,
    terms: { form: 'oral', recorded: false },
    expect: { status: 'not_matched', reasons: ['oral_not_recorded'] },
  },
  {
    name: 'oral and recorded in the client record',
    source: SOURCE.instruction,
    terms: { form: 'oral', recorded: true },
    expect: { status: 'matched', decision: 'allowed' },
  },
  {
    name: 'the client could not oversee what it consented to',
    source: SOURCE.instruction,
    terms: { informed: false },
    expect: { status: 'not_matched', reasons: ['not_informed'] },
  },
  {
    name: 'consent under pressure',
    source: SOURCE.rvs,
    terms: { freelyGiven: false },
    expect: { status: 'not_matched', reasons: ['not_freely_given'] },
  },
  // Who decides, on the day of the weighing: the age boundaries 12 and 16.
  {
    name: 'parent consented for a child under 12, still under 12',
    source: SOURCE.vgnWho,
    terms: representativeOf('under_12', 'unknown'),
    given: { age: 'under_12', capacity: 'unknown' },
    expect: { status: 'matched', decision: 'allowed' },
  },
  {
    name: 'parent consented for a child under 12 who has turned 12 and can decide',
    source: SOURCE.vgnWho,
    terms: representativeOf('under_12', 'unknown'),
    given: { age: '12_to_15', capacity: 'capable' },
    expect: { status: 'not_matched', reasons: ['wrong_grantor'] },
  },
  {
    name: 'parent consented for a child under 12 who has turned 12 but cannot decide',
    source: SOURCE.vgnWho,
    terms: representativeOf('under_12', 'unknown'),
    given: { age: '12_to_15', capacity: 'incapable' },
    expect: { status: 'matched', decision: 'allowed' },
  },
  {
    name: 'a child of 12 to 15 consented itself and has turned 16',
    source: SOURCE.vgnWho,
    terms: { client: { ageGroup: '12_to_15', decisionCapacity: 'capable' } },
    given: { age: '16_to_17', capacity: 'capable' },
    expect: { status: 'matched', decision: 'allowed' },
  },
  {
    name: 'parent consented for an incapable child of 12 to 15 who has turned 16 and can decide',
    source: SOURCE.vgnWho,
    terms: representativeOf('12_to_15', 'incapable'),
    given: { age: '16_to_17', capacity: 'capable' },
    expect: { status: 'not_matched', reasons: ['wrong_grantor'] },
  },
  {
    name: 'a child under 12 cannot consent itself',
    source: SOURCE.vgnWho,
    terms: { client: { ageGroup: 'under_12', decisionCapacity: 'unknown' } },
    given: { age: 'under_12', capacity: 'unknown' },
    expect: { status: 'not_matched', reasons: ['wrong_grantor'] },
  },
  // Capacity: an incapable adult and a representative.
  {
    name: 'curator consented for an adult incapable on the matter',
    source: SOURCE.vgnWho,
    terms: representativeOf('adult', 'incapable', 'curator'),
    given: { capacity: 'incapable' },
    expect: { status: 'matched', decision: 'allowed', ground: 'consent' },
  },
  {
    name: 'curator consented, but the client has regained capacity',
    source: SOURCE.vgnWho,
    terms: representativeOf('adult', 'incapable', 'curator'),
    given: { capacity: 'capable' },
    expect: { status: 'not_matched', reasons: ['wrong_grantor'] },
  },
  {
    name: 'the client consented itself but is now incapable on the matter',
    source: SOURCE.vgnWho,
    given: { capacity: 'incapable' },
    expect: { status: 'not_matched', reasons: ['wrong_grantor'] },
  },
  {
    name: 'mentor consented, capacity on the day unknown: the engine asks it',
    source: SOURCE.vgnWho,
    terms: representativeOf('adult', 'incapable', 'mentor'),
    given: { capacity: 'unknown' },
    expect: {
      status: 'undetermined',
      reasons: ['capacity_unknown'],
      decision: 'needs_more_information',
      missing: ['client.incapableOnThisMatter'],
    },
  },
  {
    name: 'mentor consented, capacity unknown but answered incapable on this matter',
    source: SOURCE.vgnWho,
    terms: representativeOf('adult', 'incapable', 'mentor'),
    given: { capacity: 'unknown', answers: { 'client.incapableOnThisMatter': true } },
    expect: { status: 'matched', decision: 'allowed' },
  },
  {
    name: 'a representative acts no more after the client’s death',
    source: SOURCE.vgnWho,
    terms: representativeOf('adult', 'incapable', 'curator'),
    given: { capacity: 'incapable', deceased: true },
    expect: { status: 'not_matched', reasons: ['wrong_grantor'] },
  },
  // Several reasons at once are all reported.
  {
    name: 'expired, another purpose and oral without record: every reason is given',
    source: SOURCE.instruction,
    terms: { validUntil: '2026-11-01', form: 'oral', recorded: false },
    given: { purpose: 'tax' },
    expect: {
      status: 'not_matched',
      reasons: ['expired', 'purpose_out_of_scope', 'oral_not_recorded'],
    },
  },
];

const ASKED = new Set(activeRuleset.data.questions.map((q) => q.id));

function run(c: Case) {
  const terms = { ...BASE, ...c.terms };
  const consent: RegisteredConsent = {
    id: '0b6e1f1e-6d2c-4c1e-9f0a-5a1f3c2b7d10',
    terms,
    entry: { sequence: 7, hash: 'a'.repeat(64) },
    withdrawal: c.withdrawnAt ? { sequence: 9, hash: 'b'.repeat(64), withdrawnAt: c.withdrawnAt } : null,
  };
  const spec = { ...BASE_REQUEST, ...c.given };
  const req: AssessmentRequest = request(spec);
  const weighing: WeighingFacts = {
    referenceDate: DAY,
    client: {
      ageGroup: req.client.ageGroup,
      capacity: capacityOnTheDay(req.client.decisionCapacity, req.answers),
      deceased: req.client.deceased,
    },
    recipient: req.recipient,
    purpose: req.purpose.type,
    requested: req.requestedInformation,
  };
  const use = useConsent(consent, weighing, {
    asked: ASKED,
    language: 'nl',
    labels: labelsOf(activeRuleset, 'nl'),
  });
  const result = evaluate(
    { ...req, answers: { ...req.answers, ...use.derivedAnswers } },
    { language: 'nl', referenceDate: DAY },
  );
  return { use, result, match: matchConsent(consent, weighing), spec };
}

describe('consent registry: matching a registered consent against a weighing', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(c.source.length).toBeGreaterThan(10);
    const { use, result, match, spec } = run(c);
    expect(use.match).toBe(c.expect.status);
    expect(match.status).toBe(c.expect.status);
    if (c.expect.status !== 'matched') expect(use.reasons.map((r) => r.code)).toEqual(c.expect.reasons);
    else expect(use.reasons).toEqual([]);
    for (const reason of use.reasons) {
      expect(reason.explanation.length).toBeGreaterThan(20);
      expect(reason.sources.length).toBeGreaterThan(0);
      // Readable citations, never file names.
      for (const source of reason.sources) expect(source).not.toMatch(/\.txt/);
    }
    if (c.expect.decision) expect(result.decision).toBe(c.expect.decision);
    if (c.expect.ground) expect(result.ground).toBe(c.expect.ground);
    if (c.expect.missing) expect(result.missingAnswers.map((q) => q.id)).toEqual(c.expect.missing);

    // The engine agrees with the registry.
    const route =
      spec.recipient === 'successor_other_institution'
        ? 'consent.successor_other_institution'
        : 'consent.client_consent';
    const outcome = result.trace.find((t) => t.ruleId === route)?.outcome;
    expect(outcome).toBe(
      c.expect.status === 'matched' ? 'met' : c.expect.status === 'not_matched' ? 'not_met' : 'unanswered',
    );
    // The trace entry names the consent and its chain entry.
    expect(use.traceEntry.explanation).toContain('0b6e1f1e-6d2c-4c1e-9f0a-5a1f3c2b7d10');
    expect(use.traceEntry.explanation).toContain('a'.repeat(64));
  });

  it('a consent not in force on the day states only that there is no consent', () => {
    const notYet = run({
      name: '',
      source: '',
      terms: { validFrom: '2026-12-01' },
      expect: { status: 'not_matched' },
    });
    expect(notYet.use.derivedAnswers).toEqual({ 'consent.given': false });
    const withdrawn = run({ name: '', source: '', withdrawnAt: DAY, expect: { status: 'not_matched' } });
    expect(withdrawn.use.derivedAnswers).toEqual({ 'consent.given': false });
  });

  it('an expired consent states its end date, so the engine’s own expiry rule judges it', () => {
    const { use, result } = run({
      name: '',
      source: '',
      terms: { validUntil: '2026-11-22' },
      expect: { status: 'not_matched' },
    });
    expect(use.derivedAnswers).toMatchObject({ 'consent.given': true, 'consent.validUntil': '2026-11-22' });
    expect(result.trace.find((t) => t.ruleId === 'consent.not_expired')?.outcome).toBe('not_met');
  });

  it('texts exist in English too, with the same sources', () => {
    const c = cases.find((x) =>
      x.name.startsWith('parent consented for a child under 12 who has turned 12 and'),
    )!;
    const consent: RegisteredConsent = {
      id: 'c',
      terms: { ...BASE, ...c.terms },
      entry: { sequence: 1, hash: 'f'.repeat(64) },
      withdrawal: null,
    };
    const weighing: WeighingFacts = {
      referenceDate: DAY,
      client: { ageGroup: '12_to_15', capacity: 'capable', deceased: false },
      recipient: { type: 'lawyer' },
      purpose: 'legal_proceedings',
      requested: ['treatment'],
    };
    const en = useConsent(consent, weighing, {
      asked: ASKED,
      language: 'en',
      labels: labelsOf(activeRuleset, 'en'),
    });
    expect(en.reasons[0]!.explanation).toMatch(/turned 12|12 or older/);
    expect(en.traceEntry.explanation).toMatch(/^Consent c from the consent registry/);
  });
});
