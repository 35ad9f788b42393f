/**
 * Rules-engine benchmark: evaluates a realistic mix of requests (many recipient/purpose/answer
 * combinations, a share of them still needing answers) under every released ruleset in one run,
 * alternating between them in blocks so that both see the same machine, and prints per ruleset the
 * median and p99 time of one evaluation in microseconds (process.hrtime.bigint() per call) and the
 * ratio of each to the oldest ruleset.
 *
 *   npm run bench:rules            (BENCH_SECONDS=3 per ruleset by default)
 */
import {
  type AnswerValue,
  type AssessmentRequest,
  activeRuleset,
  assessmentRequestSchema,
  type CompiledRuleset,
  evaluate,
  getRuleset,
  INFORMATION_CATEGORIES,
  type InformationCategory,
  type Language,
  listRulesets,
  PROFESSIONS,
  PURPOSE_TYPES,
  RECIPIENT_TYPES,
} from '../src/engine/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WARMUP = 20_000;

/** Small deterministic PRNG (mulberry32) so every run measures the same mix. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261123);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const consent: Record<string, AnswerValue> = {
  'consent.given': true,
  'consent.givenBy': 'client',
  'consent.informed': true,
  'consent.specific': true,
  'consent.freelyGiven': true,
  'consent.form': 'written',
};
const conflict: Record<string, AnswerValue> = {
  'conflict.consentSought': true,
  'conflict.conscienceDistress': true,
  'conflict.noAlternative': true,
  'conflict.seriousHarm': true,
  'conflict.disclosurePreventsHarm': true,
};
type Template = [
  AssessmentRequest['recipient']['type'],
  AssessmentRequest['purpose']['type'],
  Record<string, AnswerValue>,
];
/** Typical requests (recipient, purpose, answers as professionals give them): complete, partial, empty. */
const TEMPLATES: Template[] = [
  ['police', 'other', { 'danger.acute': false, 'consent.given': false, 'conflict.seriousHarm': false }],
  ['police', 'preventing_serious_harm', { 'danger.acute': false, 'consent.given': false, ...conflict }],
  ['police', 'preventing_serious_harm', { 'danger.acute': true }],
  ['police', 'crime_investigation', { 'crime.kind': 'weapon', 'danger.acute': false }],
  ['police', 'crime_investigation', { 'crime.kind': 'cannabis_plantation', 'consent.given': false }],
  ['police', 'crime_investigation', { 'crime.kind': 'grave_crime', 'crime.privilegedPersonInvolved': false }],
  ['police', 'case_consultation', {}],
  ['municipality', 'eligibility_assessment', { 'consent.given': false, 'conflict.seriousHarm': false }],
  ['municipality', 'eligibility_assessment', { ...consent, 'legal.wmoMedicalRequest': true }],
  [
    'municipality',
    'eligibility_assessment',
    { ...consent, 'consent.freelyGiven': false, 'legal.wmoMedicalRequest': false },
  ],
  ['municipality', 'financial_audit', { 'legal.wmoFileCheck': true }],
  [
    'treating_professional',
    'continuity_of_care',
    { 'recipient.directlyInvolved': true, 'client.objects': false },
  ],
  ['treating_professional', 'handover', { 'recipient.directlyInvolved': true }],
  ['substitute', 'continuity_of_care', { 'client.objects': false }],
  ['successor_other_institution', 'handover', consent],
  ['representative', 'continuity_of_care', { 'client.objects': true, 'client.competentToObject': false }],
  ['representative', 'legal_proceedings', { 'info.thirdPartyStrictlyNeeded': true }],
  [
    'veilig_thuis',
    'child_safety',
    {
      'danger.acute': false,
      'report.suspicion': 'child_abuse',
      'report.meldcodeFollowed': true,
      'report.realRiskOfHarm': true,
      'report.clientInformed': false,
      'report.notInformedReason': 'safety',
    },
  ],
  [
    'veilig_thuis',
    'domestic_violence',
    { 'report.suspicion': 'domestic_violence', 'report.meldcodeFollowed': true },
  ],
  [
    'veilig_thuis',
    'domestic_violence',
    { 'report.suspicion': 'domestic_violence', 'report.requestedByRecipient': true },
  ],
  ['child_protection_board', 'child_safety', { 'report.requestedByRecipient': true }],
  ['family_guardian', 'supervision_order', { 'legal.supervisionOrder': true, 'request.byRecipient': true }],
  ['probation_service', 'probation_compliance', { 'legal.criminalTitle': true }],
  ['public_health_service', 'infectious_disease_notification', { 'legal.notifiableDisease': true }],
  ['tax_authority', 'tax', consent],
  ['lawyer', 'legal_proceedings', { 'consent.given': false }],
  ['insurer_or_funder', 'financial_audit', { ...consent, 'consent.form': 'oral', 'consent.recorded': true }],
  ['informal_carer', 'continuity_of_care', { 'consent.given': false, 'conflict.seriousHarm': false }],
  ['safety_house', 'case_consultation', { 'request.basedOnCovenant': true, 'consent.given': false }],
  [
    'other_professional',
    'child_safety',
    { 'danger.acute': false, 'consultation.safetyAtStake': true, ...conflict },
  ],
  ['general_practitioner', 'continuity_of_care', { ...consent, 'consent.validUntil': '2026-01-01' }],
];
const AGES = ['under_12', '12_to_15', '16_to_17', 'adult', 'adult', 'adult'] as const;
const CAPACITIES = ['capable', 'capable', 'capable', 'incapable', 'unknown'] as const;

function categories(): InformationCategory[] {
  const n = 1 + Math.floor(rand() * 5);
  const set = new Set<InformationCategory>();
  while (set.size < n) set.add(pick(INFORMATION_CATEGORIES));
  return [...set];
}

const requests: AssessmentRequest[] = [];
const languages: Language[] = [];
for (let i = 0; i < 2_000; i++) {
  // Most requests follow a typical template; one in four is an arbitrary combination.
  const [recipient, purpose, answers] =
    rand() < 0.75
      ? pick(TEMPLATES)
      : ([pick(RECIPIENT_TYPES), pick(PURPOSE_TYPES), pick(TEMPLATES)[2]] as Template);
  const raw = {
    caseRef: `bench-${i}`,
    client: {
      ref: `c-${i}`,
      ageGroup: pick(AGES),
      decisionCapacity: pick(CAPACITIES),
      deceased: rand() < 0.03,
    },
    professional: { ref: 'p-1', profession: pick(PROFESSIONS), employedByMunicipality: rand() < 0.2 },
    recipient: rand() < 0.3 ? { type: recipient, name: 'Ontvanger' } : { type: recipient },
    purpose: rand() < 0.3 ? { type: purpose, description: 'Toelichting op het verzoek' } : { type: purpose },
    requestedInformation: categories(),
    answers,
  };
  requests.push(assessmentRequestSchema.parse(raw));
  languages.push(rand() < 0.8 ? 'nl' : 'en');
}

const rulesets: CompiledRuleset[] = listRulesets().map((r) => getRuleset(r.hash)!);
const BLOCK = 1024;

interface Run {
  ruleset: CompiledRuleset;
  samples: number[];
  decisions: Record<string, number>;
}
const runs: Run[] = rulesets.map((ruleset) => ({ ruleset, samples: [], decisions: {} }));
for (const run of runs)
  for (let i = 0; i < WARMUP; i++) {
    const k = i % requests.length;
    evaluate(requests[k]!, { language: languages[k]!, referenceDate: '2026-11-23' }, run.ruleset);
  }

let sink = 0;
const deadline = process.hrtime.bigint() + BigInt(Math.round(SECONDS * runs.length * 1e9));
for (let block = 0; process.hrtime.bigint() < deadline; block++) {
  // Alternate whole blocks between the rulesets: both see the same load on a shared machine.
  const run = runs[block % runs.length]!;
  for (let j = 0; j < BLOCK; j++) {
    const k = (block * BLOCK + j) % requests.length;
    const options = { language: languages[k]!, referenceDate: '2026-11-23' };
    const start = process.hrtime.bigint();
    const result = evaluate(requests[k]!, options, run.ruleset);
    const end = process.hrtime.bigint();
    run.samples.push(Number(end - start) / 1000);
    sink += result.dossierNote.length;
    run.decisions[result.decision] = (run.decisions[result.decision] ?? 0) + 1;
  }
}

const at = (samples: number[], q: number) =>
  samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
const lines: string[] = [
  `${requests.length} distinct requests, ${SECONDS}s per ruleset, alternating blocks of ${BLOCK}`,
];
const base = runs[0]!;
for (const run of runs) run.samples.sort((a, b) => a - b);
for (const run of runs) {
  const { samples } = run;
  const mix = Object.entries(run.decisions)
    .map(([d, n]) => `${d} ${((100 * n) / samples.length).toFixed(0)}%`)
    .join(', ');
  const active = run.ruleset.hash === activeRuleset.hash ? ' (active)' : '';
  lines.push(
    `ruleset ${run.ruleset.version}${active} (${run.ruleset.hash.slice(0, 12)}…): ${samples.length} evaluations   mix: ${mix}`,
    `  median: ${at(samples, 0.5).toFixed(2)} µs   p90: ${at(samples, 0.9).toFixed(2)} µs   p99: ${at(samples, 0.99).toFixed(2)} µs   max: ${samples[samples.length - 1]!.toFixed(0)} µs`,
    `  ratio to ${base.ruleset.version}: median ${(at(samples, 0.5) / at(base.samples, 0.5)).toFixed(2)}   p99 ${(at(samples, 0.99) / at(base.samples, 0.99)).toFixed(2)}`,
  );
}
const activeRun = runs.find((r) => r.ruleset.hash === activeRuleset.hash)!;
lines.push(
  `target (active ruleset): median ≤ 20 µs, p99 ≤ 100 µs → ${at(activeRun.samples, 0.5) <= 20 && at(activeRun.samples, 0.99) <= 100 ? 'met' : 'MISSED'}   (checksum ${sink})`,
  '',
);
process.stdout.write(lines.join('\n'));
