/**
 * "Only the questions that matter" (schema 2, src/engine/evaluate.ts): a question whose every
 * answer leaves its rule with the same value is not asked, and a route that every way of answering
 * its open questions decides the same is decided. The released rule data hardly ever contains such
 * a question, so these tests build one: a released ruleset with one route's condition widened by a
 * condition on another question that holds whatever it is answered (yes, or no). A weighing with
 * that data must ask, decide and share exactly as with the released data, and never ask the added
 * question. The engine gives up the search beyond a bound (MAX_COMBINATIONS ways of answering the
 * route's other open questions) and then asks the question after all: the last test pins that.
 */
import { describe, expect, it } from 'vitest';
import {
  type AnswerValue,
  compileRuleset,
  evaluate,
  getRuleset,
  listRulesets,
} from '../../src/engine/index.js';
import type { RulesetDataV2 } from '../../src/engine/schema.js';
import { REFERENCE_DATE, request } from './support/request.js';

const released = getRuleset(listRulesets().find((r) => r.version === '2026.12.1')!.hash)!;
/** A question the widened route does not otherwise name, unanswered in the requests below. */
const IDLE = 'consent.informed';

/**
 * The released data with `ruleId`'s condition joined by one on `idle` that cannot change it:
 * `and`, a condition that holds whatever `idle` is answered; `or`, one that never holds.
 */
function widened(ruleId: string, join: 'and' | 'or' = 'and', idle = IDLE) {
  const data = structuredClone(released.data) as RulesetDataV2;
  const rule = data.rules.find((r) => r.id === ruleId)!;
  expect(rule.kind).toBe('route');
  expect(JSON.stringify(rule.when)).not.toContain(idle);
  const yes = { answer: idle, is: true };
  const no = { answer: idle, is: false };
  (rule as { when: unknown }).when =
    join === 'and' ? { all: [rule.when, { any: [yes, no] }] } : { any: [rule.when, { all: [yes, no] }] };
  return compileRuleset(data);
}

type Spec = Parameters<typeof request>[0];
const weigh = (
  ruleset: typeof released,
  answers: Record<string, AnswerValue>,
  recipient: Spec['recipient'] = 'general_practitioner',
  purpose: Spec['purpose'] = 'preventing_serious_harm',
) =>
  evaluate(
    request({
      recipient,
      purpose,
      requested: ['identity_and_contact', 'medication', 'diagnosis'],
      answers,
    }),
    { language: 'en', referenceDate: REFERENCE_DATE },
    ruleset,
  );
const outcome = (r: ReturnType<typeof weigh>) => ({
  decision: r.decision,
  ground: r.ground,
  rule: r.decisiveRuleId ?? null,
  asked: r.missingAnswers.map((q) => q.id),
  share: r.information.share.map((i) => i.category),
  withhold: r.information.withhold.map((i) => i.category),
});

describe('only the questions that matter, on a route widened by a condition that cannot matter', () => {
  // Vital interest of the client (Werkinstructie §C): reached for a doctor once consent is refused
  // and there is no acute danger; three questions of its own.
  const vital = { and: widened('vital_interest.client', 'and'), or: widened('vital_interest.client', 'or') };
  const base = { 'consent.given': false, 'danger.acute': false };

  const states: Array<[string, Record<string, AnswerValue>]> = [
    ['the route’s first question open', {}],
    ['its other two open', { 'vital.clientAtRisk': true }],
    ['one of them answered yes', { 'vital.clientAtRisk': true, 'recipient.canAct': true }],
    ['one of them answered no', { 'vital.clientAtRisk': true, 'recipient.canAct': false }],
    ['the other answered yes', { 'vital.clientAtRisk': true, 'vital.clientCannotConsent': true }],
    ['the other answered no', { 'vital.clientAtRisk': true, 'vital.clientCannotConsent': false }],
    [
      'all answered yes',
      { 'vital.clientAtRisk': true, 'recipient.canAct': true, 'vital.clientCannotConsent': true },
    ],
    [
      'all answered, one no',
      { 'vital.clientAtRisk': true, 'recipient.canAct': true, 'vital.clientCannotConsent': false },
    ],
    ['no risk', { 'vital.clientAtRisk': false }],
  ];
  it.each((['and', 'or'] as const).flatMap((join) => states.map(([label, more]) => ({ join, label, more }))))(
    'joined by “$join”, $label: asks, decides and shares as the released data, never the added question',
    ({ join, more }) => {
      const answers = { ...base, ...more };
      const mine = outcome(weigh(vital[join], answers));
      expect(mine).toEqual(outcome(weigh(released, answers)));
      expect(mine.asked).not.toContain(IDLE);
    },
  );

  it('asks the route’s open questions, and decides it once they are answered', () => {
    const open = outcome(weigh(vital.and, { ...base, 'vital.clientAtRisk': true }));
    expect(open.decision).toBe('needs_more_information');
    expect(open.asked).toEqual(['recipient.canAct', 'vital.clientCannotConsent']);
    const decided = outcome(
      weigh(vital.and, {
        ...base,
        'vital.clientAtRisk': true,
        'recipient.canAct': true,
        'vital.clientCannotConsent': true,
      }),
    );
    expect(decided).toMatchObject({
      decision: 'allowed',
      ground: 'conflict_of_duties',
      rule: 'vital_interest.client',
      asked: [],
    });
  });

  it('asks the added question after all when the route has more ways of being answered than it tries', () => {
    // Consent has more open questions than MAX_COMBINATIONS ways of answering them: whether the
    // added question can matter is not searched, so it is asked (an undecided weighing always says
    // what to answer next, and asking one question too many is safe).
    const idle = 'vital.clientAtRisk';
    const consent = widened('consent.client_consent', 'and', idle);
    // The child protection board asking for continuity of care: consent is the first open route.
    const ask = (rs: typeof released) =>
      outcome(weigh(rs, {}, 'child_protection_board', 'continuity_of_care'));
    const mine = ask(consent);
    const theirs = ask(released);
    expect(theirs.asked.length).toBeGreaterThan(0);
    expect(theirs.asked).not.toContain(idle);
    expect(mine.asked).toContain(idle);
    expect(mine.asked.filter((id) => id !== idle)).toEqual(theirs.asked);
  });
});
