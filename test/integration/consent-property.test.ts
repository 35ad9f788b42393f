/**
 * Property, on the real service: a weighing that references a registered consent decides exactly
 * as the same weighing carrying, explicitly, the answers the registry derived — the same decision,
 * ground, deciding rule, information to share and withhold, questions still open, obligations,
 * explanation and trace (apart from the registry's own first trace entry), both as a dry run and
 * as a recorded weighing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsentTerms, isConsentQuestion } from '../../src/consent/index.js';
import { answersArb } from '../engine/support/arbitraries.js';
import { termsArb, type WeighingSpec, weighingFor } from '../support/consent-arbitraries.js';
import { sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

const RUNS = Number(process.env.CONSENT_PROPERTY_RUNS ?? 25);

let t: TestApp;
let key: string;
// biome-ignore lint/suspicious/noExplicitAny: the test compares JSON bodies
type Json = Record<string, any>;
const auth = () => ({ Authorization: `Bearer ${key}` });
const day = (offset: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(
    new Date(Date.now() + offset * 86_400_000),
  );

beforeAll(async () => {
  t = await startTestApp({
    env: {
      RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    },
  });
  ({ key } = await t.createKey('Wijkteam Eigenschap'));
});
afterAll(() => t.close());

/** Consents the registry accepts: the right person at the time, a term within the maximum. */
const registrable = termsArb
  .filter(
    (terms) =>
      (terms.grantor.type === 'client' &&
        terms.client.ageGroup !== 'under_12' &&
        terms.client.decisionCapacity !== 'incapable') ||
      (terms.grantor.type === 'representative' &&
        (terms.client.ageGroup === 'under_12' || terms.client.decisionCapacity !== 'capable')),
  )
  .chain((terms) =>
    fc
      .tuple(fc.constantFrom(-30, 0, 1), fc.constantFrom(0, 1, 60))
      .filter(([from, until]) => from <= until)
      .map(([from, until]) => ({ ...terms, validFrom: day(from), validUntil: day(until) })),
  );

const otherAnswers = answersArb.map((answers) =>
  Object.fromEntries(Object.entries(answers).filter(([id]) => !isConsentQuestion(id))),
);

/** A fitting consent, one outside its purpose, and one that turns on an unknown capacity. */
const base: ConsentTerms = {
  client: { ageGroup: 'adult', decisionCapacity: 'capable' },
  grantor: { type: 'client' },
  recipient: { type: 'lawyer' },
  purposes: ['legal_proceedings'],
  categories: ['treatment'],
  form: 'written',
  informed: true,
  freelyGiven: true,
  validFrom: day(-1),
  validUntil: day(60),
};
const spec: WeighingSpec = {
  ageGroup: 'adult',
  decisionCapacity: 'capable',
  deceased: false,
  recipientType: 'lawyer',
  purpose: 'legal_proceedings',
  requested: ['treatment'],
};
const EXAMPLES: Array<[[ConsentTerms, WeighingSpec, Record<string, boolean | string>]]> = [
  [[base, spec, {}]],
  [[base, { ...spec, purpose: 'tax' }, {}]],
  [
    [
      {
        ...base,
        client: { ageGroup: 'adult', decisionCapacity: 'incapable' },
        grantor: { type: 'representative', role: 'mentor' },
      },
      { ...spec, decisionCapacity: 'unknown' },
      {},
    ],
  ],
];

/** What a weighing decided, without the registry's own trace entry and note line. */
function decided(body: Json, withRegistry: boolean): Json {
  return {
    decision: body.decision,
    ground: body.ground,
    decisiveRuleId: body.decisiveRuleId,
    acuteDanger: body.acuteDanger,
    information: body.information,
    missingAnswers: body.missingAnswers,
    obligations: body.obligations,
    explanation: body.explanation,
    trace: withRegistry ? body.trace.slice(1) : body.trace,
  };
}

describe('a weighing that references a consent', () => {
  it('decides exactly as one that carries the derived answers explicitly', async () => {
    const verdicts = new Set<string>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        registrable.chain((terms) => fc.tuple(fc.constant(terms), weighingFor(terms), otherAnswers)),
        async ([terms, spec, answers]) => {
          n++;
          const clientRef = `c-prop-${n}`;
          const { client, ...rest } = terms;
          const consent = await t.http
            .post('/v1/consents')
            .set(auth())
            .send({ ...rest, client: { ...client, ref: clientRef } });
          expect(consent.status, consent.text).toBe(201);
          const request = sharingRequest({
            caseRef: `PROP-${n}`,
            client: {
              ref: clientRef,
              ageGroup: spec.ageGroup,
              decisionCapacity: spec.decisionCapacity,
              deceased: spec.deceased,
            },
            recipient: spec.recipientName
              ? { type: spec.recipientType, name: spec.recipientName }
              : { type: spec.recipientType },
            purpose: { type: spec.purpose },
            requestedInformation: spec.requested,
            answers,
          });
          for (const path of ['/v1/assessments?dryRun=true', '/v1/assessments']) {
            const referencing = await t.http
              .post(path)
              .set(auth())
              .send({ ...request, consentId: consent.body.id });
            expect(referencing.status, referencing.text).toBeLessThan(300);
            const derived = referencing.body.consent.derivedAnswers as Json;
            verdicts.add(referencing.body.consent.match);
            const explicit = await t.http
              .post(path)
              .set(auth())
              .send({ ...request, answers: { ...answers, ...derived } });
            expect(explicit.status, explicit.text).toBeLessThan(300);
            expect(decided(referencing.body, true)).toEqual(decided(explicit.body, false));
            expect(referencing.body.trace[0].ruleId).toBe('consent.registry');
            expect(referencing.body.dossierNote.startsWith(explicit.body.dossierNote)).toBe(true);
          }
        },
      ),
      { numRuns: RUNS, examples: EXAMPLES },
    );
    // Not vacuous: every verdict was weighed both ways (the examples guarantee it; random runs add).
    expect([...verdicts].sort()).toEqual(['matched', 'not_matched', 'undetermined']);
  });
});
