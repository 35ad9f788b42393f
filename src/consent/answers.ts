/**
 * The one place that knows the question ids of consent: it turns the consent facts of a weighing
 * (match.ts) into the answers the active ruleset asks, and reads the facts a weighing states about
 * the client's capacity. A ruleset that adds or renames a consent question changes this file (and
 * test/unit/consent-answers.test.ts fails until it does).
 */
import type { AnswerValue } from '../engine/types.js';
import type { DecisionCapacity } from '../engine/vocabulary.js';
import type { DerivedConsentFacts } from './match.js';

/** Questions about consent: a weighing that references a registered consent may not answer them. */
export const CONSENT_QUESTION_PREFIX = 'consent.';

export const isConsentQuestion = (id: string) => id.startsWith(CONSENT_QUESTION_PREFIX);

/**
 * Each api-v1 consent question and the fact that answers it. A fact that is not stated leaves its
 * question unanswered.
 */
export const CONSENT_ANSWER_MAP: Readonly<
  Record<string, (facts: DerivedConsentFacts) => AnswerValue | undefined>
> = {
  'consent.given': (f) => f.given,
  'consent.givenBy': (f) => f.givenBy,
  'consent.form': (f) => f.form,
  'consent.informed': (f) => f.informed,
  'consent.specific': (f) => f.specific,
  'consent.freelyGiven': (f) => f.freelyGiven,
  'consent.recorded': (f) => f.recorded,
  'consent.validUntil': (f) => f.validUntil,
  // 2026.12.1 asks whether written consent states an end date; a registered consent that has one says so.
  'consent.timeLimited': (f) => (f.validUntil === undefined ? undefined : true),
};

/**
 * The answers a registered consent gives, for exactly the consent questions the ruleset asks
 * (`asked`: its question ids). Questions the ruleset does not have are left out.
 */
export function consentAnswers(
  facts: DerivedConsentFacts,
  asked: ReadonlySet<string>,
): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const [id, fact] of Object.entries(CONSENT_ANSWER_MAP)) {
    if (!asked.has(id)) continue;
    const value = fact(facts);
    if (value !== undefined) answers[id] = value;
  }
  return answers;
}

/**
 * The client's capacity on this matter as the weighing states it: its `decisionCapacity`, or,
 * when that is `unknown`, the professional's answer to whether the client is incapable on this
 * matter (the question the engine asks in that case).
 */
export function capacityOnTheDay(
  decisionCapacity: DecisionCapacity,
  answers: Readonly<Record<string, AnswerValue>>,
): DecisionCapacity {
  if (decisionCapacity !== 'unknown') return decisionCapacity;
  const incapable = answers['client.incapableOnThisMatter'];
  return incapable === true ? 'incapable' : incapable === false ? 'capable' : 'unknown';
}
