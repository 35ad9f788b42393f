/**
 * How many questions a professional is asked before a decision, per released ruleset: every
 * scenario case of test/engine/scenarios/ (the boundary cases of boundaries.yaml apart) and every
 * request of the bench mix (bench/support/requests.ts) is played as a dialogue. The dialogue starts
 * with no answers; each round the professional answers every question the result asks, with the
 * case's own answer where it has one, else "no" (the last option of the question: false, `none`,
 * `oral`, …). A dialogue is decided at the first result that is not `needs_more_information`
 * (questions an `allowed` decision still asks afterwards are not counted).
 *
 *   npm run bench:questions
 *
 * Prints, per ruleset and per source of dialogues: the mean number of questions asked before a
 * decision, and the share of dialogues decided within two rounds (the first evaluation and one round
 * of answers).
 */
import {
  type AnswerValue,
  type AssessmentRequest,
  type CompiledRuleset,
  evaluate,
  getRuleset,
  listRulesets,
  type QuestionView,
} from '../src/engine/index.js';
import { loadScenarios, requestOf } from '../test/engine/support/scenarios.js';
import { REQUEST_MIX } from './support/requests.js';

const MAX_ROUNDS = 20;
const OPTIONS = { language: 'nl' as const, referenceDate: '2026-11-23' };

const no = (q: QuestionView): AnswerValue =>
  q.type === 'boolean' ? false : q.type === 'enum' ? q.options!.at(-1)! : '2026-11-22';

/** Plays one dialogue; returns the questions asked before a decision and the rounds it took. */
function dialogue(rs: CompiledRuleset, truth: AssessmentRequest): { questions: number; rounds: number } {
  let answers: Record<string, AnswerValue> = {};
  let questions = 0;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const result = evaluate({ ...truth, answers }, OPTIONS, rs);
    if (result.decision !== 'needs_more_information') return { questions, rounds: round };
    questions += result.missingAnswers.length;
    answers = { ...answers };
    for (const q of result.missingAnswers) answers[q.id] = truth.answers[q.id] ?? no(q);
  }
  return { questions, rounds: Number.POSITIVE_INFINITY };
}

const mixRequest = (raw: Record<string, unknown>): AssessmentRequest => {
  const r = raw as unknown as AssessmentRequest & {
    client: Partial<AssessmentRequest['client']>;
    professional: Partial<AssessmentRequest['professional']>;
  };
  return {
    ...r,
    client: { ...r.client, deceased: r.client.deceased ?? false } as AssessmentRequest['client'],
    professional: {
      ...r.professional,
      employedByMunicipality: r.professional.employedByMunicipality ?? false,
    } as AssessmentRequest['professional'],
    answers: r.answers ?? {},
  };
};

const sets: Array<[string, AssessmentRequest[]]> = [
  [
    'scenario tables',
    loadScenarios()
      .filter((c) => c.file !== 'boundaries.yaml')
      .map(requestOf),
  ],
  ['bench request mix', REQUEST_MIX.map(mixRequest)],
];

const lines: string[] = [];
for (const [name, requests] of sets) {
  lines.push(`${name} (${requests.length} dialogues):`);
  for (const { version, hash } of listRulesets()) {
    const rs = getRuleset(hash)!;
    const played = requests.map((r) => dialogue(rs, r));
    const mean = played.reduce((s, d) => s + d.questions, 0) / played.length;
    const withinTwo = played.filter((d) => d.rounds <= 2).length / played.length;
    const meanRounds = played.reduce((s, d) => s + Math.min(d.rounds, MAX_ROUNDS), 0) / played.length;
    lines.push(
      `  ${version}: mean questions before a decision ${mean.toFixed(2)}   decided within two rounds ${(100 * withinTwo).toFixed(0)}%   mean rounds ${meanRounds.toFixed(2)}`,
    );
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
