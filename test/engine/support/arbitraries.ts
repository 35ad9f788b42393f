/**
 * fast-check arbitraries for assessment requests, built from the vocabulary and from a ruleset's
 * question catalogue (so every question of that ruleset, with the value type of its question, can
 * appear). Defaults to the active ruleset.
 */
import fc from 'fast-check';
import {
  AGE_GROUPS,
  type AnswerValue,
  type AssessmentRequest,
  activeRuleset,
  type CompiledRuleset,
  DECISION_CAPACITIES,
  INFORMATION_CATEGORIES,
  PROFESSIONS,
  PURPOSE_TYPES,
  type QuestionView,
  RECIPIENT_TYPES,
  type RecipientType,
} from '../../../src/engine/index.js';
import { CONFLICT_MET } from './request.js';

/** Every question of a ruleset, in decision-tree order (without computing catalogue relevance). */
export const questionsOf = (rs: CompiledRuleset): readonly QuestionView[] =>
  rs.internal.questions.map((q) => q.views[1]);
export const QUESTIONS: readonly QuestionView[] = questionsOf(activeRuleset);

/** Dates around the reference date 2026-11-23, including both sides of it and leap days. */
export const DATES = [
  '2024-02-29',
  '2026-01-01',
  '2026-11-22',
  '2026-11-23',
  '2026-11-24',
  '2027-06-30',
  '2099-12-31',
];

/** Every value a question can take (a date: one before and one not before the reference date). */
export function valuesOf(q: QuestionView): AnswerValue[] {
  if (q.type === 'boolean') return [true, false];
  if (q.type === 'enum') return [...q.options!];
  return ['2026-11-22', '2026-11-23'];
}

function answerFor(q: QuestionView): fc.Arbitrary<AnswerValue> {
  if (q.type === 'boolean') return fc.boolean();
  if (q.type === 'enum') return fc.constantFrom(...q.options!);
  return fc.constantFrom(...DATES);
}

/** Any subset of the questions, each with a value of its type. */
export const answersArbFor = (rs: CompiledRuleset) =>
  fc.record(Object.fromEntries(questionsOf(rs).map((q) => [q.id, answerFor(q)])), {
    requiredKeys: [],
  }) as fc.Arbitrary<Record<string, AnswerValue>>;

/** Answers that lean towards grounds holding: valid consent parts, all conflict criteria, etc. */
const leaningArbFor = (rs: CompiledRuleset) => {
  const known = new Set(questionsOf(rs).map((q) => q.id));
  const leaning: Record<string, fc.Arbitrary<AnswerValue>> = {
    ...Object.fromEntries(Object.keys(CONFLICT_MET).map((id) => [id, fc.constant(true)])),
    'consent.given': fc.boolean(),
    'consent.informed': fc.constant(true),
    'consent.specific': fc.constant(true),
    'consent.freelyGiven': fc.constant(true),
    'consent.form': fc.constant('written'),
    'legal.wmoRefusalWithoutConsequences': fc.constant(true),
    'consultation.harmCanBeLimited': fc.constant(true),
    'consultation.noOtherWay': fc.constant(true),
    'consultation.consentSought': fc.constant(true),
    'consultation.interestsOutweigh': fc.constant(true),
  };
  return fc.record(Object.fromEntries(Object.entries(leaning).filter(([id]) => known.has(id))), {
    requiredKeys: [],
  }) as fc.Arbitrary<Record<string, AnswerValue>>;
};

export const mixedAnswersArbFor = (rs: CompiledRuleset) =>
  fc
    .tuple(answersArbFor(rs), leaningArbFor(rs), fc.boolean())
    .map(([random, leaning, lean]) => (lean ? { ...random, ...leaning } : random));

export const answersArb = answersArbFor(activeRuleset);
export const mixedAnswersArb = mixedAnswersArbFor(activeRuleset);

const text = (max: number) => fc.string({ minLength: 1, maxLength: max });

export function requestArb(
  recipients: readonly RecipientType[] = RECIPIENT_TYPES,
  answers: fc.Arbitrary<Record<string, AnswerValue>> = mixedAnswersArb,
): fc.Arbitrary<AssessmentRequest> {
  return fc.record({
    caseRef: text(100),
    client: fc.record({
      ref: text(100),
      ageGroup: fc.constantFrom(...AGE_GROUPS),
      decisionCapacity: fc.constantFrom(...DECISION_CAPACITIES),
      deceased: fc.boolean(),
    }),
    professional: fc.record({
      ref: text(100),
      profession: fc.constantFrom(...PROFESSIONS),
      employedByMunicipality: fc.boolean(),
    }),
    recipient: fc.record(
      { type: fc.constantFrom(...recipients), name: fc.string({ maxLength: 500 }) },
      { requiredKeys: ['type'] },
    ),
    purpose: fc.record(
      { type: fc.constantFrom(...PURPOSE_TYPES), description: fc.string({ maxLength: 500 }) },
      { requiredKeys: ['type'] },
    ),
    requestedInformation: fc.uniqueArray(fc.constantFrom(...INFORMATION_CATEGORIES), {
      minLength: 1,
      maxLength: 15,
    }),
    answers,
  });
}

/** Requests whose answers are drawn from one ruleset's questions. */
export const requestArbFor = (rs: CompiledRuleset, recipients: readonly RecipientType[] = RECIPIENT_TYPES) =>
  requestArb(recipients, mixedAnswersArbFor(rs));
