/**
 * The registry's verdict and the engine's decision cannot disagree: for any registered consent and
 * any weighing, the engine's consent route — with the answers the registry derives — is met
 * exactly when the registry says the consent fits, not met when it does not, and open when the
 * registry says it is undetermined. And whatever the consent, the derived answers are valid
 * answers of the active ruleset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capacityOnTheDay, type RegisteredConsent, useConsent } from '../../src/consent/index.js';
import {
  type AnswerValue,
  activeRuleset,
  createAssessmentRequestSchema,
  evaluate,
} from '../../src/engine/index.js';
import { labelsOf } from '../../src/services/consent-view.js';
import { REFERENCE_DAY, requestFor, termsArb, weighingFor } from '../support/consent-arbitraries.js';

const ASKED = new Set(activeRuleset.data.questions.map((q) => q.id));
const LABELS = labelsOf(activeRuleset, 'nl');
const schema = createAssessmentRequestSchema(activeRuleset);

/** A seed whose sample holds all three verdicts (checked by the assertion below). */
const SEED_REACHING_EVERY_VERDICT = 1;

const caseArb = termsArb.chain((terms) => fc.tuple(fc.constant(terms), weighingFor(terms), fc.boolean()));

describe('the consent registry and the rules engine agree', () => {
  it('the consent route is met, not met or open exactly as the registry matches', () => {
    const seen = new Set<string>();
    const agreement = fc.property(caseArb, ([terms, spec, withdrawn]) => {
      const consent: RegisteredConsent = {
        id: 'c',
        terms,
        entry: { sequence: 3, hash: 'a'.repeat(64) },
        withdrawal: withdrawn
          ? { sequence: 4, hash: 'b'.repeat(64), withdrawnAt: '2026-11-22T10:00:00.000Z' }
          : null,
      };
      const request = requestFor(spec);
      const use = useConsent(
        consent,
        {
          referenceDate: REFERENCE_DAY,
          client: {
            ageGroup: spec.ageGroup,
            capacity: capacityOnTheDay(spec.decisionCapacity, request.answers),
            deceased: spec.deceased,
          },
          recipient: request.recipient,
          purpose: spec.purpose,
          requested: spec.requested,
        },
        { asked: ASKED, language: 'nl', labels: LABELS },
      );
      // Whether the client could refuse the municipality without consequences for the support is a
      // fact of the request, not of the consent (the registry does not hold it; ruleset 2026.12.1
      // asks it for any consent to the municipality): answered here so that the consent route
      // turns on the registry's verdict alone.
      const freeToRefuse: Record<string, AnswerValue> =
        spec.recipientType === 'municipality' ? { 'legal.wmoRefusalWithoutConsequences': true } : {};
      const withAnswers = {
        ...request,
        answers: { ...request.answers, ...freeToRefuse, ...use.derivedAnswers },
      };
      expect(schema.safeParse(withAnswers).success).toBe(true);
      const result = evaluate(withAnswers, { language: 'nl', referenceDate: REFERENCE_DAY });
      const route =
        spec.recipientType === 'successor_other_institution'
          ? 'consent.successor_other_institution'
          : 'consent.client_consent';
      const outcome = result.trace.find((t) => t.ruleId === route)?.outcome;
      seen.add(use.match);
      expect(outcome).toBe({ matched: 'met', not_matched: 'not_met', undetermined: 'unanswered' }[use.match]);
      if (use.match === 'matched') expect(use.reasons).toEqual([]);
      else expect(use.reasons.length).toBeGreaterThan(0);
    });
    // A new sample every run, and one fixed sample known to reach every verdict: 'undetermined'
    // (only an unknown capacity left open) is rare enough that a random sample can miss it.
    fc.assert(agreement, { numRuns: 2_000 });
    fc.assert(agreement, { numRuns: 2_000, seed: SEED_REACHING_EVERY_VERDICT });
    // Not vacuous: every verdict occurred.
    expect([...seen].sort()).toEqual(['matched', 'not_matched', 'undetermined']);
    // A bound for a machine shared by many processes, not a performance claim (~2 s alone).
  }, 120_000);
});
