/**
 * The one entry point: a sharing request in, a decision with its explanation out. Pure and
 * deterministic: no clock, no randomness, no I/O; the same request, options and ruleset give
 * byte-identical JSON. Texts, trace entries, question views and information items are precomputed
 * frozen objects shared between results, so a result must be treated as immutable.
 */
import { type CompiledRuleset, fill, inForce, langIndex } from './compile.js';
import { F, INVALID, T, U, UNKNOWN } from './conditions.js';
import { activeRuleset } from './registry.js';
import type {
  AssessmentRequest,
  AssessmentResult,
  EvaluationOptions,
  InformationItem,
  Obligation,
  QuestionView,
  TraceEntry,
} from './types.js';
import {
  AGE_GROUPS,
  DECISION_CAPACITIES,
  type Decision,
  GROUNDS,
  type Ground,
  INFORMATION_CATEGORIES,
  PROFESSIONS,
  PURPOSE_TYPES,
  RECIPIENT_TYPES,
} from './vocabulary.js';

const indexOf = (values: readonly string[]) => {
  const map = new Map(values.map((v, i) => [v, i]));
  return (v: unknown): number => map.get(v as string) ?? INVALID;
};
const recipientIndex = indexOf(RECIPIENT_TYPES);
const purposeIndex = indexOf(PURPOSE_TYPES);
const ageIndex = indexOf(AGE_GROUPS);
const capacityIndex = indexOf(DECISION_CAPACITIES);
const professionIndex = indexOf(PROFESSIONS);
const categoryIndex = indexOf(INFORMATION_CATEGORIES);
const DECISION_INDEX: Record<Decision, number> = {
  required: 0,
  allowed: 1,
  not_allowed: 2,
  needs_more_information: 3,
};
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
/** A day before any reference date: makes an "on or after the day of the weighing" date answer false. */
const LONG_AGO = '0000-01-01';

/**
 * Schema 2, "only the questions that matter": of the questions collected for one route (or one
 * minimisation rule), keeps those for which some value can change that rule's value. A question
 * every value of which leaves the rule with the same value, whatever the other collected questions
 * are answered, cannot change the outcome (for example whether the client objects, once good
 * caregiving is known to require sharing anyway). When that is not settled by trying the question's
 * own values, the values of the rule's other unanswered questions are tried too (at most
 * MAX_COMBINATIONS ways); a question still undecided then is kept.
 */
const MAX_COMBINATIONS = 1024;

/**
 * The value a rule has under every way of answering its open questions, or U when two ways differ
 * (or there are more than MAX_COMBINATIONS ways). The evaluation context is left as it was.
 */
function settledValue(
  I: CompiledRuleset['internal'],
  c: CompiledRuleset['internal']['ctx'],
  value: () => number,
  dependsOn: readonly number[],
): number {
  const answers = c.answers;
  const open = dependsOn
    .filter((q) => !I.questions[q]!.optional)
    .map((q) => I.questions[q]!.views[0])
    .filter((v) => answers[v.id] === undefined);
  const domains = open.map((v) => valuesOfQuestion(v, c.referenceDate));
  let combinations = 1;
  for (const d of domains) combinations *= d.length;
  if (open.length === 0 || combinations > MAX_COMBINATIONS) return U;
  const savedValues = c.ruleValue.slice();
  const savedApplies = c.ruleApplies.slice();
  // One scratch copy of the answers, overwritten per way of answering (conditions only read it).
  const scratch: Record<string, unknown> = { ...answers };
  c.answers = scratch;
  let settled = -1;
  // All first values and all last values first: most open rules differ between those two at once.
  for (let step = 0; step < combinations; step++) {
    const n = step === 0 ? 0 : step === 1 ? combinations - 1 : step - 1;
    let rest = n;
    for (let j = 0; j < open.length; j++) {
      const d = domains[j]!;
      scratch[open[j]!.id] = d[rest % d.length];
      rest = Math.floor(rest / d.length);
    }
    c.ruleValue.fill(-1);
    const k = value();
    if (k === U || (settled >= 0 && k !== settled)) {
      settled = U;
      break;
    }
    settled = k;
  }
  c.answers = answers;
  c.ruleValue.set(savedValues);
  c.ruleApplies.set(savedApplies);
  return settled;
}

function valuesOfQuestion(view: QuestionView, referenceDate: string): readonly unknown[] {
  return view.type === 'boolean'
    ? [true, false]
    : view.type === 'enum'
      ? view.options!
      : [referenceDate, LONG_AGO];
}

function keepPivotal(
  I: CompiledRuleset['internal'],
  c: CompiledRuleset['internal']['ctx'],
  missing: Uint8Array,
  value: () => number,
  dependsOn: readonly number[],
): void {
  const candidates: number[] = [];
  for (let q = 0; q < missing.length; q++) if (missing[q] === 1) candidates.push(q);
  if (candidates.length === 0) return;
  const savedValues = c.ruleValue.slice();
  const savedApplies = c.ruleApplies.slice();
  const answers = c.answers;
  const unanswered = dependsOn.filter(
    (q) => !I.questions[q]!.optional && answers[I.questions[q]!.id] === undefined,
  );
  const at = (q: number) => I.questions[q]!.views[0];
  const views = candidates.map(at);
  const domains = views.map((v) => valuesOfQuestion(v, c.referenceDate));
  // One scratch copy of the answers, overwritten per way of answering (conditions only read it);
  // a key set to undefined reads as unanswered.
  const scratch: Record<string, unknown> = { ...answers };
  c.answers = scratch;
  /** The rule's values for each value of candidate k, with what is in `scratch` besides. */
  const outcomes = (k: number): number[] =>
    domains[k]!.map((v) => {
      scratch[views[k]!.id] = v;
      c.ruleValue.fill(-1);
      return value();
    });
  const differ = (ks: number[]) => ks.some((k) => k !== ks[0]);
  candidates.forEach((q, k) => {
    const alone = outcomes(k);
    scratch[views[k]!.id] = undefined;
    if (differ(alone) && !alone.includes(U)) return; // definitely decides something
    if (!alone.includes(U)) {
      missing[q] = 0; // the same definite value whatever the answer
      return;
    }
    // Undecided alone: try the values of the rule's other unanswered questions as well.
    const others = unanswered.filter((o) => o !== q).map(at);
    const otherDomains = others.map((v) => valuesOfQuestion(v, c.referenceDate));
    let combinations = 1;
    for (const d of otherDomains) combinations *= d.length;
    if (combinations > MAX_COMBINATIONS) return;
    let matters = false;
    for (let n = 0; n < combinations && !matters; n++) {
      let rest = n;
      for (let j = 0; j < others.length; j++) {
        const d = otherDomains[j]!;
        scratch[others[j]!.id] = d[rest % d.length];
        rest = Math.floor(rest / d.length);
      }
      const ks = outcomes(k);
      matters = differ(ks) || ks.includes(U); // can matter (or cannot be ruled out)
    }
    scratch[views[k]!.id] = undefined;
    for (const o of others) scratch[o.id] = undefined;
    if (!matters) missing[q] = 0;
  });
  c.answers = answers;
  c.ruleValue.set(savedValues);
  c.ruleApplies.set(savedApplies);
}
const oneLine = (s: string) => (s.includes('\n') || s.includes('\r') ? s.replace(/[\r\n]+/g, ' ') : s);

/**
 * Weighs a sharing request. Never throws on a request that passed the request schema.
 * `options.referenceDate` (YYYY-MM-DD) is the day of the weighing; consent expiry is judged
 * against it.
 */
export function evaluate(
  request: AssessmentRequest,
  options: EvaluationOptions,
  ruleset: CompiledRuleset = activeRuleset,
): AssessmentResult {
  const I = ruleset.internal;
  const li = langIndex(options.language);
  const phrases = I.phrases[li];
  const labels = I.labels[li];
  const rules = I.rules;
  const c = I.ctx;

  c.recipient = recipientIndex(request.recipient?.type);
  c.purpose = purposeIndex(request.purpose?.type);
  c.ageGroup = ageIndex(request.client?.ageGroup);
  c.capacity = capacityIndex(request.client?.decisionCapacity);
  c.profession = professionIndex(request.professional?.profession);
  c.deceased = request.client?.deceased === true ? T : F;
  c.employed = request.professional?.employedByMunicipality === true ? T : F;
  const requested = Array.isArray(request.requestedInformation) ? request.requestedInformation : [];
  let mask = 0;
  for (const cat of requested) {
    const i = categoryIndex(cat);
    if (i >= 0) mask |= 1 << i;
  }
  c.requested = mask;
  c.answers = request.answers ?? EMPTY;
  c.referenceDate = options.referenceDate;
  c.partial = false;
  c.ruleValue.fill(-1);
  c.decision = UNKNOWN;
  c.ground = UNKNOWN;
  c.route = UNKNOWN;
  c.category = UNKNOWN;

  // 1. Every route and notice; helpers only as far as those need them (lazily, via references).
  for (let i = 0; i < rules.length; i++) if (rules[i]!.kind !== 'helper') I.ruleValue(c, i);
  // Schema 2: a route that three-valued logic leaves open, but that every way of answering its open
  // questions would decide the same, is decided (for example consent that is valid whether it was
  // given in writing or orally, once it is known to be recorded).
  if (I.schemaVersion === 2) {
    let anySettled = false;
    for (const i of I.allRoutes) {
      if (c.ruleValue[i] !== U) continue;
      const settled = settledValue(I, c, () => I.ruleValue(c, i), rules[i]!.questions);
      if (settled !== U) {
        c.ruleValue[i] = settled;
        anySettled = true;
      }
    }
    // The helpers of a settled route, so that the trace agrees with it.
    if (anySettled)
      for (let i = 0; i < rules.length; i++) {
        if (rules[i]!.kind !== 'helper' || c.ruleValue[i] !== U) continue;
        const settled = settledValue(I, c, () => I.ruleValue(c, i), rules[i]!.questions);
        if (settled !== U) c.ruleValue[i] = settled;
      }
  }

  // 2. The decision: a holding required-route, else the first holding allowed-route in ground
  // precedence, else open routes ask their questions, else nothing can hold.
  let route = -1;
  let decision: Decision;
  for (const i of I.requiredRoutes) {
    if (c.ruleValue[i] === T) {
      route = i;
      break;
    }
  }
  if (route < 0) {
    for (const i of I.allowedRoutes) {
      if (c.ruleValue[i] === T) {
        route = i;
        break;
      }
    }
  }
  const missingAnswers: QuestionView[] = [];
  const v2 = I.schemaVersion === 2;
  const missing = I.missing;
  let openGrounds = 0;
  if (route >= 0) {
    decision = rules[route]!.ground === 'legal_obligation' ? 'required' : 'allowed';
    // Schema 2: an allowed outcome stands, but a duty that could still apply changes the decision
    // (and often what is shared): ask the first open legal-obligation route's questions.
    if (v2 && decision === 'allowed') {
      missing.fill(0);
      for (const i of I.requiredRoutes) {
        if (c.ruleValue[i] !== U) continue;
        rules[i]!.collect(c, missing);
        keepPivotal(I, c, missing, () => I.ruleValue(c, i), rules[i]!.questions);
        if (missing.includes(1)) break;
      }
      for (let q = 0; q < missing.length; q++)
        if (missing[q] === 1) missingAnswers.push(I.questions[q]!.views[li]);
    }
  } else {
    missing.fill(0);
    for (const i of I.allRoutes) {
      if (c.ruleValue[i] === U) {
        openGrounds |= 1 << rules[i]!.groundIndex;
        // Schema 1 asks every open route's questions at once; schema 2 one route at a time, in
        // decision-tree (data) order.
        if (!v2) rules[i]!.collect(c, missing);
        else if (!missing.includes(1)) {
          rules[i]!.collect(c, missing);
          // Should three-valued logic leave a route open whose every answer gives the same value (a
          // condition that names a question twice), its questions are asked after all: an undecided
          // weighing always says what to answer next. The property tests find such conditions.
          const unfiltered = missing.slice();
          keepPivotal(I, c, missing, () => I.ruleValue(c, i), rules[i]!.questions);
          if (!missing.includes(1)) missing.set(unfiltered);
        }
      }
    }
    for (let q = 0; q < missing.length; q++)
      if (missing[q] === 1) missingAnswers.push(I.questions[q]!.views[li]);
    decision = openGrounds !== 0 ? 'needs_more_information' : 'not_allowed';
  }
  const ground: Ground = route >= 0 ? rules[route]!.ground! : 'none';
  c.decision = DECISION_INDEX[decision];
  c.ground = GROUNDS.indexOf(ground);
  c.route = route;
  const acuteDanger = c.ruleValue[I.acuteRule] === T;

  // 3. Obligations.
  const obligations: Obligation[] = [];
  const obligationValues = I.obligationValues;
  for (let k = 0; k < I.obligations.length; k++) {
    const o = I.obligations[k]!;
    const v = o.when(c);
    obligationValues[k] = v;
    if (v === T) obligations.push(o.views[li]);
  }

  // The trace: decision rules in data order (a helper nothing needed is reported as such), then
  // obligations.
  const trace: TraceEntry[] = [];
  for (let i = 0; i < rules.length; i++) {
    const v = c.ruleValue[i]!;
    const rule = rules[i]!;
    let outcome = v < 0 ? 4 : c.ruleApplies[i] === F ? 2 : v === T ? 0 : v === F ? 1 : 3;
    if (outcome === 2 && rule.validity && !inForce(rule.validity, options.referenceDate)) outcome = 5;
    trace.push(rule.trace[li][outcome]!);
  }
  for (let k = 0; k < I.obligations.length; k++) {
    const v = obligationValues[k];
    trace.push(I.obligations[k]!.trace[li][v === T ? 0 : v === F ? 1 : 3]!);
  }

  // 4. Minimisation: per requested category the first matching rule.
  const share: InformationItem[] = [];
  const withhold: InformationItem[] = [];
  // Schema 2: a category whose first applicable rule waits for an answer is withheld for now, and
  // (when the decision stands and no duty is still open) that answer is asked.
  const askMinimisation = v2 && route >= 0 && missingAnswers.length === 0;
  if (askMinimisation) missing.fill(0);
  for (const cat of requested) {
    const ci = categoryIndex(cat);
    if (ci < 0) continue;
    c.category = ci;
    for (const m of I.minimisation) {
      const v = m.when(c);
      if (v === T) {
        (m.share ? share : withhold).push(m.items[li][ci] as InformationItem);
        break;
      }
      if (v === U && v2) {
        withhold.push(m.pending[li][ci] as InformationItem);
        if (askMinimisation) {
          const own = new Uint8Array(missing.length);
          m.collect(c, own);
          const unfiltered = own.slice();
          keepPivotal(I, c, own, () => m.when(c), m.questions);
          if (!own.includes(1)) own.set(unfiltered);
          for (let q = 0; q < own.length; q++) if (own[q] === 1) missing[q] = 1;
        }
        break;
      }
    }
  }
  // Schema 2: once the decision and what is shared stand, an obligation whose condition waits for
  // an answer asks it: what the professional must do is part of the outcome (the VGN-FAQ's
  // cannabis plantation must be pointed out to the client even when danger justifies sharing).
  if (askMinimisation && !missing.includes(1)) {
    for (let k = 0; k < I.obligations.length; k++) {
      if (obligationValues[k] !== U) continue;
      const o = I.obligations[k]!;
      const own = new Uint8Array(missing.length);
      o.collect(c, own);
      keepPivotal(I, c, own, () => o.when(c), o.questions);
      for (let q = 0; q < own.length; q++) if (own[q] === 1) missing[q] = 1;
    }
  }
  if (askMinimisation)
    for (let q = 0; q < missing.length; q++)
      if (missing[q] === 1) missingAnswers.push(I.questions[q]!.views[li]);

  // 5. Explanation and dossier note.
  let explanation: string;
  if (route >= 0) {
    explanation = rules[route]!.explanation[li];
    if (missingAnswers.length > 0)
      explanation += ` ${fill(phrases.explanation.stillOpen, { count: String(missingAnswers.length) })}`;
  } else if (decision === 'needs_more_information') {
    const grounds: string[] = [];
    for (let g = 0; g < GROUNDS.length; g++) if (openGrounds & (1 << g)) grounds.push(labels.grounds[g]!);
    explanation = fill(phrases.explanation.needsMoreInformation, {
      count: String(missingAnswers.length),
      grounds: grounds.join(', '),
    });
  } else explanation = phrases.explanation.notAllowed;
  for (const i of I.explainRules)
    if (c.ruleValue[i] === T) explanation += ` ${rules[i]!.trace[li][0]!.explanation}`;

  const note = phrases.note;
  let text = `${note.heading}\n${note.date}: ${options.referenceDate}\n${note.recipient}: ${labels.recipients[c.recipient] ?? String(request.recipient?.type)}`;
  if (request.recipient?.name) text += ` (${oneLine(request.recipient.name)})`;
  text += `\n${note.purpose}: ${labels.purposes[c.purpose] ?? String(request.purpose?.type)}`;
  if (request.purpose?.description) text += ` – ${oneLine(request.purpose.description)}`;
  text += `\n${note.requested}: `;
  for (let k = 0; k < requested.length; k++) {
    if (k > 0) text += ', ';
    text += labels.categories[categoryIndex(requested[k])] ?? String(requested[k]);
  }
  text += `\n${note.decision}: ${labels.decisions[c.decision]}\n${note.ground}: ${labels.grounds[c.ground]}`;
  if (route >= 0) {
    text += ` – ${rules[route]!.title[li]}`;
    if (rules[route]!.legalBasis) text += `\n${note.legalBasis}: ${rules[route]!.legalBasis}`;
  }
  if (acuteDanger) text += `\n${note.acuteDanger}`;
  text += `\n${note.answers}:`;
  let answered = 0;
  const answerLine = (q: number) => {
    const question = I.questions[q]!;
    const value = c.answers[question.id];
    if (value === undefined) return;
    answered++;
    text += `\n- ${question.views[li].text} ${question.valueText[li](value)}`;
  };
  if (route >= 0) for (const q of rules[route]!.questions) answerLine(q);
  else for (let q = 0; q < I.questions.length; q++) answerLine(q);
  if (answered === 0) text += ` ${phrases.none}`;
  text += `\n${note.share}:`;
  if (share.length === 0) text += ` ${phrases.none}`;
  for (const item of share) text += `\n- ${labels.categories[categoryIndex(item.category)]}: ${item.reason}`;
  text += `\n${note.withhold}:`;
  if (withhold.length === 0) text += ` ${phrases.none}`;
  for (const item of withhold)
    text += `\n- ${labels.categories[categoryIndex(item.category)]}: ${item.reason}`;
  if (missingAnswers.length > 0) {
    text += `\n${note.missing}:`;
    for (const q of missingAnswers) text += `\n- ${q.text}`;
  }
  text += `\n${note.obligations}:`;
  if (obligations.length === 0) text += ` ${phrases.none}`;
  for (const o of obligations) text += `\n- ${o.text}`;
  text += `\n${note.ruleset}: ${ruleset.version} (sha256 ${ruleset.hash})`;
  c.answers = EMPTY; // do not keep the request alive in the reused context

  return {
    rulesetVersion: ruleset.version,
    rulesetHash: ruleset.hash,
    engineVersion: I.engineVersion,
    language: li === 1 ? 'en' : 'nl',
    referenceDate: options.referenceDate,
    decision,
    ground,
    decisiveRuleId: route >= 0 ? rules[route]!.id : null,
    acuteDanger,
    information: { share, withhold },
    missingAnswers,
    obligations,
    trace,
    explanation,
    dossierNote: text,
  };
}
