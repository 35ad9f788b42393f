/**
 * npm run bench:request-path [-- --iterations 20000]
 *
 * The pure work of a weighing request in process, before and after each change to the request
 * path, alternating in one run (µs per request, medians of 5 rounds):
 *
 * - validating the request body: the zod schema as written vs compiled (zod 4.6 `z.compile`, what
 *   the app now installs as Fastify's validator compiler);
 * - the response of a dry run: the zod serializer (encode through the response schema, then
 *   JSON.stringify) vs JSON.stringify alone (what the route now sends; see
 *   test/unit/response-shapes.test.ts for why that is safe);
 * - the full form vs the compact form (`Prefer: return=minimal`), with its size in bytes.
 */
import { z } from 'zod';
import { activeRuleset, evaluate } from '../src/engine/index.js';
import {
  AssessmentEvaluation,
  AssessmentRequestBody,
  toAssessmentRequest,
} from '../src/http/schemas/assessment.js';
import { compactResult } from '../src/services/assessments.js';
import { REQUEST_MIX } from './support/requests.js';

const args = process.argv.slice(2);
const at = args.indexOf('--iterations');
const iterations = at >= 0 ? Number(args[at + 1]) : 20_000;
const out = (line = '') => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const bodies = REQUEST_MIX.map((b) => JSON.parse(JSON.stringify(b)) as unknown);
const results = REQUEST_MIX.map((b) =>
  evaluate(
    toAssessmentRequest(AssessmentRequestBody.parse(b)),
    { language: 'nl', referenceDate: '2026-12-01' },
    activeRuleset,
  ),
);
const compiled = z.compile(AssessmentRequestBody);
let sink = 0;

const cases: Record<string, (i: number) => void> = {
  'validate request: zod runtime': (i) => {
    sink += AssessmentRequestBody.safeParse(bodies[i % bodies.length]).success ? 1 : 0;
  },
  'validate request: compiled': (i) => {
    sink += compiled.safeParse(bodies[i % bodies.length]).success ? 1 : 0;
  },
  'dry-run response: encode + stringify': (i) => {
    sink += JSON.stringify(z.encode(AssessmentEvaluation, results[i % results.length]!)).length;
  },
  'dry-run response: stringify': (i) => {
    sink += JSON.stringify(results[i % results.length]).length;
  },
  'compact response: stringify': (i) => {
    sink += JSON.stringify(compactResult(results[i % results.length]!)).length;
  },
};

const rounds: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < 5; round++) {
  for (const [name, run] of Object.entries(cases)) {
    const n = round === 0 ? Math.ceil(iterations / 4) : iterations; // the first round warms up
    const started = performance.now();
    for (let i = 0; i < n; i++) run(i);
    if (round > 0) rounds[name]!.push(((performance.now() - started) * 1000) / n);
  }
}
out(
  `bench:request-path — ${iterations} iterations per case and round, medians of 4 rounds (after a warm-up)`,
);
for (const [name, values] of Object.entries(rounds))
  out(`${name.padEnd(40)} ${median(values).toFixed(1).padStart(7)} µs`);
const size = (values: unknown[]) =>
  Math.round(values.reduce<number>((n, v) => n + JSON.stringify(v).length, 0) / values.length);
out(
  `response size, mean over the request mix: full ${size(results)} bytes, compact ${size(results.map(compactResult))} bytes`,
);
const r = (a: string, b: string) => (median(rounds[a]!) / median(rounds[b]!)).toFixed(2);
out(`compiled / runtime validation: ${r('validate request: compiled', 'validate request: zod runtime')}`);
out(
  `stringify / encode + stringify: ${r('dry-run response: stringify', 'dry-run response: encode + stringify')}`,
);
out(`compact / full stringify: ${r('compact response: stringify', 'dry-run response: stringify')}`);
if (sink === 0) out('(nothing measured)');
