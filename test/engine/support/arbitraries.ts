/**
 * fast-check arbitraries for assessment requests, built from the vocabulary and from the question
 * catalogue (so every question of the ruleset, with the value type of its question, can appear).
 */
import fc from 'fast-check';
import {
  AGE_GROUPS,
  type AnswerValue,
  type AssessmentRequest,
  activeRuleset,
  DECISION_CAPACITIES,
  INFORMATION_CATEGORIES,
  PROFESSIONS,
  PURPOSE_TYPES,
  type QuestionView,
  questionCatalogue,
  RECIPIENT_TYPES,
  type RecipientType,
} from '../../../src/engine/index.js';
import { CONFLICT_MET } from './request.js';

export const QUESTIONS: readonly QuestionView[] = questionCatalogue(activeRuleset, { language: 'en' });

/** Dates around the reference date 2026-11-23, including both sides of it and leap days. */
const DATES = [
  '2024-02-29',
  '2026-01-01',
  '2026-11-22',
  '2026-11-23',
  '2026-11-24',
  '2027-06-30',
  '2099-12-31',
];

function answerFor(q: QuestionView): fc.Arbitrary<AnswerValue> {
  if (q.type === 'boolean') return fc.boolean();
  if (q.type === 'enum') return fc.constantFrom(...q.options!);
  return fc.constantFrom(...DATES);
}

/** Any subset of the questions, each with a value of its type. */
export const answersArb = fc.record(Object.fromEntries(QUESTIONS.map((q) => [q.id, answerFor(q)])), {
  requiredKeys: [],
}) as fc.Arbitrary<Record<string, AnswerValue>>;

/** Answers that lean towards grounds holding: valid consent parts, all conflict criteria, etc. */
const leaningArb = fc.record(
  {
    ...Object.fromEntries(Object.keys(CONFLICT_MET).map((id) => [id, fc.constant(true)])),
    'consent.given': fc.boolean(),
    'consent.informed': fc.constant(true),
    'consent.specific': fc.constant(true),
    'consent.freelyGiven': fc.constant(true),
    'consent.form': fc.constant('written'),
  },
  { requiredKeys: [] },
);

export const mixedAnswersArb = fc
  .tuple(answersArb, leaningArb, fc.boolean())
  .map(([random, leaning, lean]) => (lean ? { ...random, ...leaning } : random));

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
