/**
 * Property-based tests over generated requests (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AssessmentRequest,
  type AssessmentResult,
  activeRuleset,
  assessmentRequestSchema,
  evaluate,
  type RecipientType,
  rulesView,
} from '../../src/engine/index.js';
import { mixedAnswersArb, requestArb } from './support/arbitraries.js';
import { CONFLICT_CRITERIA, CONFLICT_MET, REFERENCE_DATE } from './support/request.js';

const RUNS = { numRuns: 400 };
const nl = (r: AssessmentRequest) => evaluate(r, { language: 'nl', referenceDate: REFERENCE_DATE });
const ROUTES = new Set(
  rulesView(activeRuleset, 'en')
    .filter((r) => r.kind === 'route')
    .map((r) => r.id),
);
const outcome = (result: AssessmentResult, ruleId: string) =>
  result.trace.find((t) => t.ruleId === ruleId)?.outcome;

/** Recipients outside the treatment, listed in the issue. */
const OUTSIDE: RecipientType[] = [
  'police',
  'public_prosecutor',
  'municipality',
  'school_attendance_officer',
  'school',
  'housing_corporation',
  'tax_authority',
  'insurer_or_funder',
  'employer',
  'informal_carer',
  'lawyer',
];

describe('engine properties', () => {
  it('generated requests pass the request schema and the engine never throws on them', () => {
    fc.assert(
      fc.property(requestArb(), (req) => {
        const parsed = assessmentRequestSchema.safeParse(req);
        expect(parsed.success).toBe(true);
        expect(() => nl(parsed.data!)).not.toThrow();
        expect(() => evaluate(parsed.data!, { language: 'en', referenceDate: '2030-01-01' })).not.toThrow();
      }),
      RUNS,
    );
  });

  it('every required/allowed outcome names its deciding rule, which cites at least one source', () => {
    fc.assert(
      fc.property(requestArb(), (req) => {
        const result = nl(req);
        if (result.decision === 'required' || result.decision === 'allowed') {
          expect(result.ground).not.toBe('none');
          const decisive = result.trace.find((t) => t.ruleId === result.decisiveRuleId);
          expect(decisive?.outcome).toBe('met');
          expect(decisive?.sources.length).toBeGreaterThan(0);
        } else {
          expect(result.ground).toBe('none');
          expect(result.decisiveRuleId).toBeNull();
          expect(result.information.share).toEqual([]);
        }
        for (const item of [...result.information.share, ...result.information.withhold]) {
          expect(item.sources.length).toBeGreaterThan(0);
          expect(item.reason.length).toBeGreaterThan(0);
        }
        for (const o of result.obligations) expect(o.sources.length).toBeGreaterThan(0);
        for (const t of result.trace) expect(t.sources.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('needs_more_information exactly when questions are missing; not_allowed only when every route is excluded', () => {
    fc.assert(
      fc.property(requestArb(), (req) => {
        const result = nl(req);
        expect(result.missingAnswers.length > 0).toBe(result.decision === 'needs_more_information');
        for (const q of result.missingAnswers) expect(req.answers[q.id]).toBeUndefined();
        const orders = result.missingAnswers.map((q) => q.order!);
        expect(orders).toEqual([...orders].sort((a, b) => a - b));
        const routeOutcomes = result.trace.filter((t) => ROUTES.has(t.ruleId)).map((t) => t.outcome);
        if (result.decision === 'not_allowed') {
          expect(routeOutcomes.every((o) => o === 'not_met' || o === 'not_applicable')).toBe(true);
        }
        if (result.decision === 'needs_more_information') {
          expect(routeOutcomes).toContain('unanswered');
          expect(routeOutcomes).not.toContain('met');
        }
      }),
      RUNS,
    );
  });

  it('answering a missing question never leaves the result unchanged in every respect', () => {
    fc.assert(
      fc.property(requestArb(), fc.boolean(), (req, value) => {
        const before = nl(req);
        const first = before.missingAnswers[0];
        if (!first) return;
        const answer =
          first.type === 'boolean' ? value : first.type === 'enum' ? first.options![0]! : REFERENCE_DATE;
        const after = nl({ ...req, answers: { ...req.answers, [first.id]: answer } });
        expect(after.missingAnswers.map((q) => q.id)).not.toContain(first.id);
      }),
      RUNS,
    );
  });

  it('flipping any conflict-of-duties criterion from true to false never leaves the conflict route holding', () => {
    const base = requestArb(
      undefined,
      mixedAnswersArb.map((a) => ({ ...a, ...CONFLICT_MET })),
    );
    fc.assert(
      fc.property(base, fc.constantFrom(...CONFLICT_CRITERIA), (req, criterion) => {
        const flipped = nl({ ...req, answers: { ...req.answers, [criterion]: false } });
        expect(outcome(flipped, 'conflict.criteria')).not.toBe('met');
        expect(flipped.decisiveRuleId).not.toBe('conflict.criteria');
        // The other conflict routes (acute danger, weapon handover) do not rest on these criteria.
        const otherConflictRoute =
          req.answers['danger.acute'] === true || req.answers['crime.kind'] === 'weapon';
        if (!otherConflictRoute) expect(flipped.ground).not.toBe('conflict_of_duties');
      }),
      RUNS,
    );
  });

  it('the conflict-of-duties criteria really can decide: with all five true it holds for some requests', () => {
    const base = requestArb(
      ['police'],
      mixedAnswersArb.map((a) => ({ ...a, ...CONFLICT_MET })),
    );
    const holding = fc.sample(base, 300).filter((r) => nl(r).decisiveRuleId === 'conflict.criteria');
    expect(holding.length).toBeGreaterThan(0);
  });

  it('recipients outside the treatment are allowed only on valid consent, conflict of duties or acute danger', () => {
    fc.assert(
      fc.property(requestArb(OUTSIDE), (req) => {
        const result = nl(req);
        if (result.decision === 'required') {
          expect(outcome(result, result.decisiveRuleId!)).toBe('met');
          expect(result.ground).toBe('legal_obligation');
        }
        if (result.decision !== 'allowed') return;
        expect(['consent', 'conflict_of_duties']).toContain(result.ground);
        if (result.ground === 'consent') {
          expect(outcome(result, 'consent.valid')).toBe('met');
          expect(req.answers['consent.given']).toBe(true);
        } else if (result.decisiveRuleId === 'conflict.criteria') {
          for (const c of CONFLICT_CRITERIA) expect(req.answers[c]).toBe(true);
        } else if (result.decisiveRuleId === 'conflict.acute_danger') {
          expect(req.answers['danger.acute']).toBe(true);
        } else {
          expect(result.decisiveRuleId).toBe('police.weapon');
          expect(req.answers['crime.kind']).toBe('weapon');
          expect(result.information.share.map((i) => i.category)).not.toContain('identity_and_contact');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('the full record is never shared under conflict of duties, nor to recipients outside the treatment', () => {
    fc.assert(
      fc.property(
        requestArb().map((r) => ({
          ...r,
          requestedInformation: r.requestedInformation.includes('full_record')
            ? r.requestedInformation
            : [...r.requestedInformation.slice(0, 14), 'full_record' as const],
        })),
        (req) => {
          const result = nl(req);
          const shared = result.information.share.map((i) => i.category);
          if (result.ground === 'conflict_of_duties' || OUTSIDE.includes(req.recipient.type))
            expect(shared).not.toContain('full_record');
        },
      ),
      RUNS,
    );
  });

  it('each requested category is shared or withheld exactly once, with a rule id', () => {
    fc.assert(
      fc.property(requestArb(), (req) => {
        const result = nl(req);
        const all = [...result.information.share, ...result.information.withhold];
        expect(all.map((i) => i.category).sort()).toEqual([...req.requestedInformation].sort());
        for (const item of all) expect(item.ruleId).toMatch(/^min\./);
      }),
      RUNS,
    );
  });

  it('is deterministic: the same request gives byte-identical JSON, whatever was evaluated in between', () => {
    fc.assert(
      fc.property(requestArb(), requestArb(), (req, other) => {
        const first = JSON.stringify(nl(req));
        nl(other);
        evaluate(other, { language: 'en', referenceDate: '2020-02-29' });
        expect(JSON.stringify(nl(structuredClone(req)))).toBe(first);
      }),
      RUNS,
    );
  });

  it('Dutch and English results decide the same, in different words', () => {
    fc.assert(
      fc.property(requestArb(), (req) => {
        const a = nl(req);
        const b = evaluate(req, { language: 'en', referenceDate: REFERENCE_DATE });
        expect(b.language).toBe('en');
        expect([b.decision, b.ground, b.decisiveRuleId, b.acuteDanger]).toEqual([
          a.decision,
          a.ground,
          a.decisiveRuleId,
          a.acuteDanger,
        ]);
        expect(b.missingAnswers.map((q) => q.id)).toEqual(a.missingAnswers.map((q) => q.id));
        expect(b.obligations.map((o) => o.id)).toEqual(a.obligations.map((o) => o.id));
        expect(b.trace.map((t) => [t.ruleId, t.outcome])).toEqual(a.trace.map((t) => [t.ruleId, t.outcome]));
        expect(b.explanation).not.toBe(a.explanation);
        expect(b.dossierNote).not.toBe(a.dossierNote);
      }),
      { numRuns: 100 },
    );
  });

  it('the dossier note never contains the case or client reference', () => {
    fc.assert(
      fc.property(requestArb(), (req) => {
        const r = {
          ...req,
          caseRef: 'CASEREF-XYZ-1',
          client: { ...req.client, ref: 'CLIENTREF-XYZ-2' },
          recipient: { type: req.recipient.type },
          purpose: { type: req.purpose.type },
        };
        const note = nl(r).dossierNote;
        expect(note).not.toContain('CASEREF-XYZ-1');
        expect(note).not.toContain('CLIENTREF-XYZ-2');
        expect(note).toContain(activeRuleset.hash);
        expect(note).toContain(REFERENCE_DATE);
      }),
      { numRuns: 100 },
    );
  });
});
