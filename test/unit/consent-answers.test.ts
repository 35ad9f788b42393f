/**
 * The one mapping from consent facts to question ids covers every consent question the active
 * ruleset asks: a ruleset that adds a consent question fails here until the mapping derives it (a
 * weighing with consentId may not answer consent questions itself, so it could never be answered).
 */
import { describe, expect, it } from 'vitest';
import {
  CONSENT_ANSWER_MAP,
  capacityOnTheDay,
  consentAnswers,
  isConsentQuestion,
} from '../../src/consent/index.js';
import { activeRuleset } from '../../src/engine/index.js';

describe('consent answers', () => {
  it('derive every consent question of the active ruleset', () => {
    const asked = activeRuleset.data.questions.map((q) => q.id).filter(isConsentQuestion);
    expect(asked.length).toBeGreaterThan(0);
    const mapped = new Set(Object.keys(CONSENT_ANSWER_MAP));
    expect(asked.filter((id) => !mapped.has(id))).toEqual([]);
  });

  it('leave out questions the ruleset does not ask, and facts that are not stated', () => {
    const facts = {
      given: true,
      givenBy: 'client' as const,
      form: 'written' as const,
      validUntil: '2027-01-01',
    };
    expect(consentAnswers(facts, new Set(['consent.given', 'consent.form', 'consent.informed']))).toEqual({
      'consent.given': true,
      'consent.form': 'written',
    });
    expect(consentAnswers({ given: false }, new Set(Object.keys(CONSENT_ANSWER_MAP)))).toEqual({
      'consent.given': false,
    });
  });

  it('read the capacity a weighing states, or its answer when the capacity is unknown', () => {
    expect(capacityOnTheDay('capable', { 'client.incapableOnThisMatter': true })).toBe('capable');
    expect(capacityOnTheDay('unknown', {})).toBe('unknown');
    expect(capacityOnTheDay('unknown', { 'client.incapableOnThisMatter': true })).toBe('incapable');
    expect(capacityOnTheDay('unknown', { 'client.incapableOnThisMatter': false })).toBe('capable');
  });
});
