import { describe, expect, it } from 'vitest';
import {
  activeRuleset,
  assessmentRequestSchema,
  createAssessmentRequestSchema,
  isCalendarDate,
} from '../../src/engine/index.js';
import { apiV1Example } from '../support/requests.js';

const valid = apiV1Example;

const rejects = (mutate: (r: ReturnType<typeof valid> & Record<string, unknown>) => void) => {
  const r = valid() as ReturnType<typeof valid> & Record<string, unknown>;
  mutate(r);
  return assessmentRequestSchema.safeParse(r).success === false;
};

describe('assessment request schema', () => {
  it('accepts the api-v1 example and fills defaults', () => {
    expect(assessmentRequestSchema.parse(valid())).toEqual(valid());
    const r = valid() as Record<string, unknown> & ReturnType<typeof valid>;
    const { deceased: _d, ...client } = r.client;
    const { employedByMunicipality: _e, ...professional } = r.professional;
    const { answers: _a, ...rest } = r;
    const parsed = assessmentRequestSchema.parse({ ...rest, client, professional });
    expect(parsed.client.deceased).toBe(false);
    expect(parsed.professional.employedByMunicipality).toBe(false);
    expect(parsed.answers).toEqual({});
  });

  it('rejects unknown keys at every level (strict objects)', () => {
    expect(rejects((r) => Object.assign(r, { extra: 1 }))).toBe(true);
    expect(rejects((r) => Object.assign(r.client, { name: 'Jan' }))).toBe(true);
    expect(rejects((r) => Object.assign(r.recipient, { email: 'x@y' }))).toBe(true);
  });

  it('rejects unknown answer ids and answers of the wrong type', () => {
    expect(rejects((r) => Object.assign(r.answers, { 'consent.gven': true }))).toBe(true);
    expect(rejects((r) => Object.assign(r.answers, { 'consent.given': 'yes' }))).toBe(true);
    expect(rejects((r) => Object.assign(r.answers, { 'consent.givenBy': 'mother' }))).toBe(true);
    expect(rejects((r) => Object.assign(r.answers, { 'crime.kind': 'weapon' }))).toBe(false);
    expect(rejects((r) => Object.assign(r.answers, { 'consent.validUntil': '2026-02-29' }))).toBe(true);
    expect(rejects((r) => Object.assign(r.answers, { 'consent.validUntil': '2028-02-29' }))).toBe(false);
    expect(rejects((r) => Object.assign(r.answers, { 'consent.validUntil': '2026-13-01' }))).toBe(true);
    expect(rejects((r) => Object.assign(r.answers, { 'consent.validUntil': '2026-1-01' }))).toBe(true);
  });

  it('checks lengths, vocabulary values and requested categories', () => {
    expect(rejects((r) => (r.caseRef = ''))).toBe(true);
    expect(rejects((r) => (r.client.ref = 'x'.repeat(101)))).toBe(true);
    expect(rejects((r) => (r.professional.ref = 'x'.repeat(100)))).toBe(false);
    expect(rejects((r) => (r.recipient.name = 'x'.repeat(501)))).toBe(true);
    expect(rejects((r) => (r.purpose.description = 'x'.repeat(500)))).toBe(false);
    expect(rejects((r) => (r.recipient.type = 'neighbour'))).toBe(true);
    expect(rejects((r) => (r.client.ageGroup = '18_plus'))).toBe(true);
    expect(rejects((r) => (r.requestedInformation = []))).toBe(true);
    expect(rejects((r) => (r.requestedInformation = ['diagnosis', 'diagnosis']))).toBe(true);
    expect(rejects((r) => (r.requestedInformation = ['dna']))).toBe(true);
  });

  it('is built from the ruleset: every catalogue question is an accepted answer key', () => {
    const schema = createAssessmentRequestSchema(activeRuleset);
    for (const q of activeRuleset.data.questions) {
      const value = q.type === 'boolean' ? true : q.type === 'enum' ? q.options![0]!.value : '2026-11-23';
      const r = { ...valid(), answers: { [q.id]: value } };
      expect(schema.safeParse(r).success, q.id).toBe(true);
    }
  });

  it('recognises real calendar dates', () => {
    expect(['2024-02-29', '2000-02-29', '2026-12-31'].every(isCalendarDate)).toBe(true);
    expect(['1900-02-29', '2026-04-31', '2026-00-10', '26-01-01'].some(isCalendarDate)).toBe(false);
  });

  it.each([
    ['2026-01-31', true],
    // In a leap year too, only February gains a day.
    ['2024-01-31', true],
    ['2024-04-31', false],
    ['2026-03-30', true],
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2026-01-00', false],
    ['2026-13-01', false],
    ['2026-01-011', false],
    ['x2026-01-01', false],
    [' 2026-01-01', false],
  ])('isCalendarDate(%s) is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});
