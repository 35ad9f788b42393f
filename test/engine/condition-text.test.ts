/**
 * The words GET /v1/rules shows a legal reader for each condition (catalogue.ts conditionText),
 * form by form in both languages, and how a rule's view is put together from its data. These are
 * what a lawyer checks a rule against; the generated docs/rules.md repeats them.
 */
import { describe, expect, it } from 'vitest';
import { conditionText } from '../../src/engine/catalogue.js';
import { activeRuleset, rulesView } from '../../src/engine/index.js';
import type { Condition } from '../../src/engine/schema.js';

const rs = activeRuleset;
const question = rs.data.questions.find((q) => q.id === 'danger.acute')!;
const nlQ = `[danger.acute] "${question.text.nl}"`;
const enQ = `[danger.acute] "${question.text.en}"`;
/** Rule data of schemaVersion 2 may carry a period of validity. */
interface Dated {
  validFrom?: string;
  validUntil?: string;
}
const text = (cond: Condition | undefined) => [conditionText(cond, rs, 'nl'), conditionText(cond, rs, 'en')];

describe('a condition in words', () => {
  const a: Condition = { answer: 'danger.acute', is: true };
  it.each<[string, Condition | undefined, string, string]>([
    ['no condition', undefined, 'altijd', 'always'],
    ['always', { always: true }, 'altijd', 'always'],
    ['an answer', a, `${nlQ} = true`, `${enQ} = true`],
    [
      'an answer with its default',
      { answer: 'danger.acute', is: true, ifUnanswered: false },
      `${nlQ} = true (zonder antwoord: onwaar)`,
      `${enQ} = true (if unanswered: false)`,
    ],
    [
      'an answer that holds when unanswered',
      { answer: 'danger.acute', is: false, ifUnanswered: true },
      `${nlQ} = false (zonder antwoord: waar)`,
      `${enQ} = false (if unanswered: true)`,
    ],
    [
      'one of several answers',
      { answer: 'danger.acute', in: ['x', 'y'] },
      `${nlQ} ∈ {x, y}`,
      `${enQ} ∈ {x, y}`,
    ],
    [
      'a date on or after the weighing',
      { answer: 'danger.acute', onOrAfterReferenceDate: true },
      `${nlQ} ≥ datum van de weging`,
      `${enQ} ≥ date of the weighing`,
    ],
    ['an answered question', { answered: 'danger.acute' }, `${nlQ} is beantwoord`, `${enQ} is answered`],
    [
      'an unknown question id, shown as the id',
      { answered: 'no.such' },
      'no.such is beantwoord',
      'no.such is answered',
    ],
    [
      'another rule',
      { rule: 'consent.client_consent' },
      'regel consent.client_consent geldt',
      'rule consent.client_consent holds',
    ],
    [
      'an open rule',
      { unresolved: 'consent.client_consent' },
      'regel consent.client_consent nog open',
      'rule consent.client_consent still open',
    ],
    ['not', { not: a }, `NIET ${nlQ} = true`, `NOT ${enQ} = true`],
    ['all', { all: [a, { always: true }] }, `(${nlQ} = true EN altijd)`, `(${enQ} = true AND always)`],
    [
      'in order',
      { seq: [a, { always: true }] },
      `(${nlQ} = true EN DAN altijd)`,
      `(${enQ} = true AND THEN always)`,
    ],
    ['any', { any: [a, { always: true }] }, `(${nlQ} = true OF altijd)`, `(${enQ} = true OR always)`],
    ['one part alone needs no brackets', { all: [a] }, `${nlQ} = true`, `${enQ} = true`],
    [
      'a fact among values',
      { recipientType: ['police', 'lawyer'] } as unknown as Condition,
      'recipientType ∈ {police, lawyer}',
      'recipientType ∈ {police, lawyer}',
    ],
    ['a fact of one value', { deceased: true } as unknown as Condition, 'deceased = true', 'deceased = true'],
  ])('%s', (_what, cond, nl, en) => {
    expect(text(cond)).toEqual([nl, en]);
  });
});

describe('a rule’s view', () => {
  for (const language of ['nl', 'en'] as const) {
    it(`is built from its data (${language})`, () => {
      const views = new Map(rulesView(rs, language).map((v) => [v.id, v]));
      for (const rule of rs.data.rules as ReadonlyArray<(typeof rs.data.rules)[number] & Dated>) {
        const v = views.get(rule.id)!;
        expect(v.kind).toBe(rule.kind);
        expect(v.conditionText).toBe(
          rule.applies
            ? `${conditionText(rule.applies, rs, language)} ${language === 'en' ? 'AND' : 'EN'} ${conditionText(rule.when, rs, language)}`
            : conditionText(rule.when, rs, language),
        );
        expect(v.applies).toEqual(rule.applies);
        expect(v.when).toEqual(rule.when);
        expect(v.ground).toBe(rule.ground);
        expect(v.decision).toBe(
          rule.ground === undefined ? undefined : rule.ground === 'legal_obligation' ? 'required' : 'allowed',
        );
        expect('validFrom' in v).toBe(rule.validFrom !== undefined);
        expect('validUntil' in v).toBe(rule.validUntil !== undefined);
        expect(v.validFrom).toBe(rule.validFrom);
        expect(v.validUntil).toBe(rule.validUntil);
      }
      for (const o of rs.data.obligations) {
        expect(views.get(`obligation.${o.id}`)).toMatchObject({
          kind: 'obligation',
          title: o.id,
          description: o.text[language],
          conditionText: conditionText(o.when, rs, language),
        });
      }
      expect((rs.data.rules as Dated[]).some((r) => r.validFrom !== undefined)).toBe(true);
    });
  }
});
