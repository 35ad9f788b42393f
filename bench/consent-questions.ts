/**
 * How many questions a weighing asks when it references a matching registered consent, against
 * the same requests without it.
 *
 *   npx tsx bench/consent-questions.ts [--scenarios 2000] [--seed 20261206]
 *
 * Each scenario is a sharing request, a registered consent that fits it on the day of the
 * weighing (the registry says `matched`), and what the professional knows: an answer to every
 * question of the active ruleset (drawn at random), with the consent questions answered as the
 * consent says. A professional walks the questionnaire as a case system would with dry runs: ask
 * the engine, answer the first question it still needs, ask again, until it decides. Without the
 * consent the walk starts with no answers; with it, with the answers the registry derives (what
 * the service does for `consentId`). The script prints the mean (and median, p90) number of
 * questions answered in each walk, and the number the first answer lists as still needed.
 *
 * Deterministic for a seed: the same scenarios every run. Pure (engine and consent rules only):
 * the service does exactly this merge before it evaluates (test/integration/consent-property.test.ts).
 */
import fc from 'fast-check';
import { capacityOnTheDay, matchConsent, useConsent } from '../src/consent/index.js';
import {
  type AnswerValue,
  type AssessmentRequest,
  activeRuleset,
  evaluate,
  questionCatalogue,
} from '../src/engine/index.js';
import { labelsOf } from '../src/services/consent-view.js';
import { REFERENCE_DAY, requestFor, termsArb, weighingFor } from '../test/support/consent-arbitraries.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SCENARIOS = arg('scenarios', 2_000);
const SEED = arg('seed', 20_261_206);

const questions = questionCatalogue(activeRuleset, { language: 'en' });
const ASKED = new Set(questions.map((q) => q.id));
const LABELS = labelsOf(activeRuleset, 'en');
const DAYS = ['2026-01-01', '2026-11-23', '2027-06-30'];

/** What the professional knows: an answer to every question. */
const knowledgeArb = fc.record(
  Object.fromEntries(
    questions.map((q) => [
      q.id,
      q.type === 'boolean'
        ? fc.boolean()
        : q.type === 'enum'
          ? fc.constantFrom(...(q.options ?? []))
          : fc.constantFrom(...DAYS),
    ]),
  ) as Record<string, fc.Arbitrary<AnswerValue>>,
);

const scenarioArb = termsArb.chain((terms) => fc.tuple(fc.constant(terms), weighingFor(terms), knowledgeArb));

/** Answers the first question the engine still needs until it decides; how many were asked. */
function walk(
  request: AssessmentRequest,
  knowledge: Record<string, AnswerValue>,
  start: Record<string, AnswerValue>,
) {
  const answers = { ...start };
  let asked = 0;
  let firstMissing = -1;
  for (let step = 0; step <= questions.length; step++) {
    const result = evaluate({ ...request, answers }, { language: 'en', referenceDate: REFERENCE_DAY });
    if (firstMissing < 0) firstMissing = result.missingAnswers.length;
    if (result.decision !== 'needs_more_information') return { asked, firstMissing, result };
    const next = result.missingAnswers.find((q) => !(q.id in answers));
    if (!next) throw new Error('the engine asks a question that is already answered');
    answers[next.id] = knowledge[next.id]!;
    asked++;
  }
  throw new Error('the walk did not end');
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return {
    mean,
    median: sorted[Math.floor(sorted.length / 2)]!,
    p90: sorted[Math.floor(sorted.length * 0.9)]!,
  };
};

const without: number[] = [];
const withConsent: number[] = [];
const firstWithout: number[] = [];
const firstWith: number[] = [];
let sameDecision = 0;
const differing = new Map<string, number>();
let drawn = 0;
let batch = 0;
while (without.length < SCENARIOS) {
  const samples = fc.sample(scenarioArb, { seed: SEED + batch++, numRuns: 2_000 });
  for (const [terms, spec, knowledge] of samples) {
    if (without.length >= SCENARIOS) break;
    drawn++;
    // The walk starts from no answers at all (the capacity answer is part of the knowledge).
    const request: AssessmentRequest = { ...requestFor(spec), answers: {} };
    const consent = { id: 'c', terms, entry: { sequence: 1, hash: '0'.repeat(64) }, withdrawal: null };
    const weighing = {
      referenceDate: REFERENCE_DAY,
      client: {
        ageGroup: spec.ageGroup,
        capacity: capacityOnTheDay(spec.decisionCapacity, knowledge),
        deceased: spec.deceased,
      },
      recipient: request.recipient,
      purpose: spec.purpose,
      requested: spec.requested,
    };
    // Only consents that fit: the question is what a matching consent saves.
    if (matchConsent(consent, weighing).status !== 'matched') continue;
    const use = useConsent(consent, weighing, { asked: ASKED, language: 'en', labels: LABELS });
    // The professional knows the consent as registered.
    const known = { ...knowledge, ...use.derivedAnswers };
    const a = walk(request, known, {});
    const b = walk(request, known, use.derivedAnswers);
    without.push(a.asked);
    withConsent.push(b.asked);
    firstWithout.push(a.firstMissing);
    firstWith.push(b.firstMissing);
    if (a.result.decision === b.result.decision && a.result.ground === b.result.ground) sameDecision++;
    else {
      const k = `${a.result.decision}/${a.result.ground} -> ${b.result.decision}/${b.result.ground}`;
      differing.set(k, (differing.get(k) ?? 0) + 1);
    }
  }
}

const fmt = (s: ReturnType<typeof stats>) => `mean ${s.mean.toFixed(2)}, median ${s.median}, p90 ${s.p90}`;
const w = stats(without);
const c = stats(withConsent);
process.stdout.write(
  `ruleset ${activeRuleset.version} (${activeRuleset.hash.slice(0, 12)}…), seed ${SEED}: ` +
    `${SCENARIOS} requests with a matching registered consent (of ${drawn} drawn)\n` +
    `questions answered until the engine decides:\n` +
    `  without the consent:        ${fmt(w)}\n` +
    `  with consentId:             ${fmt(c)}\n` +
    `  ratio with / without:       ${(c.mean / w.mean).toFixed(3)} (${(w.mean - c.mean).toFixed(2)} fewer per weighing)\n` +
    `questions the first answer lists as still needed:\n` +
    `  without the consent:        ${fmt(stats(firstWithout))}\n` +
    `  with consentId:             ${fmt(stats(firstWith))}\n` +
    `same decision and ground at the end of both walks: ${sameDecision} of ${SCENARIOS}\n` +
    [...differing]
      .sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `  ${n} x without -> with: ${k}\n`)
      .join(''),
);
