/**
 * Turns ruleset data into a CompiledRuleset: validates it (zod schema, then cross-references),
 * computes its content hash, compiles every condition into closures and precomputes every text the
 * engine returns, per language, as frozen objects. Nothing here runs per request.
 */
import { contentHash } from './canonical.js';
import { type Citation, type CitationData, legalBasisOf, renderCitation } from './citations.js';
import {
  type Collect,
  type CompileEnv,
  type Ctx,
  compileCondition,
  F,
  type Fn,
  type K,
  T,
  U,
  UNKNOWN,
} from './conditions.js';
import {
  type Condition,
  type RulesetData,
  RulesetDataSchemaV1,
  RulesetDataSchemaV2,
  type RulesetDataV1,
  STATUTE_SOURCE_RE,
} from './schema.js';
import type { Obligation, QuestionView, TraceEntry, TraceOutcome } from './types.js';
import { ENGINE_VERSION, LEGACY_ENGINE_VERSION } from './version.js';
import {
  DECISIONS,
  GROUNDS,
  type Ground,
  INFORMATION_CATEGORIES,
  type InformationCategory,
  type Language,
  PURPOSE_TYPES,
  RECIPIENT_TYPES,
} from './vocabulary.js';

export type Lang = 0 | 1;
export const langIndex = (language: Language): Lang => (language === 'en' ? 1 : 0);
type PerLang<T> = readonly [T, T];

export interface CompiledQuestion {
  readonly id: string;
  readonly index: number;
  readonly views: PerLang<QuestionView>;
  /** Formats an answer for the dossier note, per language (yes/no, option text, date). */
  readonly valueText: PerLang<(v: unknown) => string>;
  /**
   * Whether every condition that tests this question says what unanswered means (`ifUnanswered`),
   * like the optional end date of consent: it is never asked, and unanswered is a final answer.
   */
  readonly optional: boolean;
}

export interface CompiledRule {
  readonly id: string;
  readonly index: number;
  readonly kind: 'route' | 'helper' | 'notice';
  readonly ground: Ground | undefined;
  readonly groundIndex: number;
  readonly applies: Fn;
  readonly when: Fn;
  readonly collect: Collect;
  /** Question indices the rule depends on, following rule references, in decision-tree order. */
  readonly questions: readonly number[];
  /**
   * Trace entries per language, indexed: 0 met, 1 not_met, 2 not_applicable, 3 unanswered,
   * 4 not_applicable because no applicable rule needed this helper.
   */
  readonly trace: PerLang<readonly TraceEntry[]>;
  readonly title: PerLang<string>;
  /** For routes: the overall explanation when this route decides. */
  readonly explanation: PerLang<string>;
  /** Statutes (and, from schemaVersion 2, rulings) among the rule's sources, joined ('' when none). */
  readonly legalBasis: string;
  /** Period of validity (schemaVersion 2), or undefined when the rule has no dates. */
  readonly validity: Validity | undefined;
}

/** From/until (inclusive, YYYY-MM-DD); either may be absent. */
export interface Validity {
  readonly from: string | undefined;
  readonly until: string | undefined;
}

/** Whether a dated rule is law on the day of the weighing (YYYY-MM-DD compares as text). */
export const inForce = (v: Validity, day: string): boolean =>
  (v.from === undefined || day >= v.from) && (v.until === undefined || day <= v.until);

export interface CompiledObligation {
  readonly id: string;
  readonly when: Fn;
  /** The questions that can still decide `when` (schemaVersion 2: asked once the decision stands). */
  readonly collect: Collect;
  /** Question indices `when` depends on, following rule references. */
  readonly questions: readonly number[];
  readonly views: PerLang<Obligation>;
  readonly trace: PerLang<readonly TraceEntry[]>;
}

export interface InformationTemplate {
  readonly category: InformationCategory;
  readonly reason: string;
  readonly ruleId: string;
  readonly sources: readonly string[];
  readonly citations?: readonly Citation[];
}

export interface CompiledMinimisation {
  readonly id: string;
  readonly share: boolean;
  readonly when: Fn;
  /** The questions that can still decide `when` (schemaVersion 2: a category waits for them). */
  readonly collect: Collect;
  /** Question indices `when` depends on, following rule references. */
  readonly questions: readonly number[];
  /** Frozen items per language, indexed by category index. */
  readonly items: PerLang<readonly InformationTemplate[]>;
  /** Schema 2: withheld-for-now items while `when` waits for an answer, per language and category. */
  readonly pending: PerLang<readonly InformationTemplate[]>;
}

export interface RulesetInternal {
  /**
   * 1: the frozen 2026.11.1 interpretation (all open routes ask at once, sources as strings).
   * 2: one route at a time, structured citations, dated rules, minimisation that can wait for an
   * answer. The engine keeps interpreting schemaVersion 1 data exactly as it did.
   */
  readonly schemaVersion: 1 | 2;
  /** The engine version a result of this ruleset names (the interpretation it follows). */
  readonly engineVersion: string;
  readonly questions: readonly CompiledQuestion[];
  readonly questionIndex: ReadonlyMap<string, number>;
  readonly rules: readonly CompiledRule[];
  readonly requiredRoutes: readonly number[];
  /** Allowed-ground routes in reporting order: ground precedence, then data order. */
  readonly allowedRoutes: readonly number[];
  readonly allRoutes: readonly number[];
  /** Index of the rule whose being met means acute danger. */
  readonly acuteRule: number;
  /** Rules whose `met` text joins the overall explanation when met. */
  readonly explainRules: readonly number[];
  readonly obligations: readonly CompiledObligation[];
  readonly minimisation: readonly CompiledMinimisation[];
  readonly ruleValue: (c: Ctx, i: number) => K;
  /** Per question: relevance bitmap over (recipient × purpose) pairs (computed on first use). */
  readonly relevance: () => readonly Uint8Array[];
  readonly labels: PerLang<Labels>;
  readonly phrases: PerLang<FlatPhrases>;
  /** Scratch evaluation context (evaluation is synchronous, so one per ruleset suffices). */
  readonly ctx: Ctx;
  readonly missing: Uint8Array;
  readonly obligationValues: Int8Array;
  readonly catalogueCache: Map<string, readonly QuestionView[]>;
}

export interface Labels {
  readonly decisions: readonly string[];
  readonly grounds: readonly string[];
  readonly recipients: readonly string[];
  readonly purposes: readonly string[];
  readonly categories: readonly string[];
}

type V1Phrases = RulesetDataV1['phrases'];
export type FlatPhrases = {
  [K in keyof Omit<V1Phrases, 'explanation' | 'note'>]: string;
} & {
  explanation: { [K in keyof V1Phrases['explanation']]: string } & { stillOpen: string };
  note: { [K in keyof V1Phrases['note']]: string };
  /** Schema 2 only ('' for schema 1). */
  notInForce: string;
  pendingCategory: string;
};

export interface CompiledRuleset {
  /** Human version of the ruleset, e.g. 2026.11.1. */
  readonly version: string;
  /** sha256 hex of the canonical JSON (RFC 8785) of the rule data. */
  readonly hash: string;
  readonly released: string;
  /** The validated rule data (deeply frozen). */
  readonly data: RulesetData;
  /** Compiled form used by the engine; not part of the public contract. */
  readonly internal: RulesetInternal;
}

export class RulesetError extends Error {
  override name = 'RulesetError';
}

const PAIRS = RECIPIENT_TYPES.length * PURPOSE_TYPES.length;
export const pairIndex = (recipient: number, purpose: number) => recipient * PURPOSE_TYPES.length + purpose;

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function describeIssuePath(raw: unknown, path: readonly PropertyKey[]): string {
  const [collection, index, ...rest] = path;
  const where = rest.length ? ` at ${rest.map(String).join('.')}` : '';
  if (typeof collection === 'string' && typeof index === 'number' && raw && typeof raw === 'object') {
    const list = (raw as Record<string, unknown>)[collection];
    const item = Array.isArray(list) ? list[index] : undefined;
    const id = item && typeof item === 'object' ? (item as Record<string, unknown>).id : undefined;
    const kind =
      collection === 'questions'
        ? 'question'
        : collection === 'obligations'
          ? 'obligation'
          : collection === 'minimisation'
            ? 'minimisation rule'
            : 'rule';
    return `${kind} ${typeof id === 'string' ? `"${id}"` : `#${index}`} (${collection}[${index}])${where}`;
  }
  return path.length ? path.map(String).join('.') : '(root)';
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function validate(raw: unknown): RulesetData {
  const schema =
    raw && typeof raw === 'object' && (raw as { schemaVersion?: unknown }).schemaVersion === 2
      ? RulesetDataSchemaV2
      : RulesetDataSchemaV1;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data as RulesetData;
  const version =
    raw && typeof raw === 'object' && typeof (raw as { version?: unknown }).version === 'string'
      ? ` ${(raw as { version: string }).version}`
      : '';
  const lines = parsed.error.issues.slice(0, 10).map((issue) => {
    const offending = valueAt(raw, issue.path);
    const shown =
      issue.code === 'invalid_union' && offending !== undefined
        ? `: invalid condition ${JSON.stringify(offending)}`
        : `: ${issue.message}`;
    return `- ${describeIssuePath(raw, issue.path)}${shown}`;
  });
  throw new RulesetError(`Ruleset data${version} is invalid:\n${lines.join('\n')}`);
}

type Scope = 'applies' | 'when' | 'obligation' | 'minimisation';

const decisionRulesHas = (data: RulesetData, id: string) => data.rules.some((r) => r.id === id);

/** Cross-reference checks the schema cannot express; throws naming the rule and the problem. */
function checkReferences(data: RulesetData, unusedQuestions = false): void {
  const problems: string[] = [];
  const questions = new Map(data.questions.map((q) => [q.id, q]));
  const decisionRules = new Map(data.rules.map((r) => [r.id, r]));
  // Question ids and rule ids are separate namespaces; obligations appear as `obligation.<id>`.
  for (const list of [data.questions, [...data.rules, ...data.minimisation], data.obligations]) {
    const seen = new Set<string>();
    for (const item of list) {
      if (seen.has(item.id)) problems.push(`"${item.id}": duplicate id`);
      seen.add(item.id);
    }
  }
  for (const q of data.questions) {
    if ((q.type === 'enum') !== (q.options !== undefined && q.options.length > 0))
      problems.push(`question "${q.id}": enum questions, and only they, have options`);
  }
  if (!decisionRulesHas(data, data.acuteDangerRule))
    problems.push(`acuteDangerRule: unknown rule "${data.acuteDangerRule}"`);
  const last = data.minimisation[data.minimisation.length - 1];
  if (!last || !('always' in last.when))
    problems.push(
      'minimisation: the last rule must apply always ({ "always": true }) so every category gets a reason',
    );
  if (new Set(data.groundPrecedence).size !== data.groundPrecedence.length)
    problems.push('groundPrecedence: each allowed ground must appear once');

  const referenced = new Set<string>();
  const check = (owner: string, cond: Condition | undefined, scope: Scope, path: string) => {
    if (!cond) return;
    const bad = (msg: string) => problems.push(`${owner}: ${path}: ${msg}`);
    if ('all' in cond || 'any' in cond || 'seq' in cond) {
      const key = 'all' in cond ? 'all' : 'any' in cond ? 'any' : 'seq';
      const list = 'all' in cond ? cond.all : 'any' in cond ? cond.any : cond.seq;
      list.forEach((c, i) => {
        check(owner, c, scope, `${path}.${key}[${i}]`);
      });
      return;
    }
    if ('not' in cond) return check(owner, cond.not, scope, `${path}.not`);
    const factOnly = scope === 'applies';
    const outcomeLeaf = 'decision' in cond || 'ground' in cond || 'route' in cond || 'unresolved' in cond;
    if (
      factOnly &&
      ('answer' in cond || 'answered' in cond || 'rule' in cond || outcomeLeaf || 'category' in cond)
    )
      return bad('an "applies" condition may only test facts of the request');
    if (scope === 'when' && (outcomeLeaf || 'category' in cond))
      return bad('a decision rule cannot depend on the outcome');
    if (scope === 'obligation' && 'category' in cond) return bad('obligations cannot test a category');
    if ('rule' in cond || 'unresolved' in cond) {
      const id = 'rule' in cond ? cond.rule : cond.unresolved;
      if (!decisionRules.has(id)) bad(`unknown rule "${id}"`);
      return;
    }
    if ('route' in cond) {
      for (const id of cond.route)
        if (decisionRules.get(id)?.kind !== 'route') bad(`"${id}" is not a route rule`);
      return;
    }
    if ('answered' in cond) {
      if (!questions.has(cond.answered)) bad(`unknown question id "${cond.answered}"`);
      referenced.add(cond.answered);
      return;
    }
    if ('answer' in cond) {
      const q = questions.get(cond.answer);
      if (!q) return bad(`unknown question id "${cond.answer}"`);
      referenced.add(q.id);
      const options = q.options?.map((o) => o.value) ?? [];
      const fits = (v: unknown) =>
        q.type === 'boolean' ? typeof v === 'boolean' : q.type === 'enum' && options.includes(v as string);
      if ('is' in cond && !fits(cond.is))
        bad(`value ${JSON.stringify(cond.is)} does not fit ${q.type} question "${q.id}"`);
      if ('in' in cond && (q.type !== 'enum' || !cond.in.every(fits)))
        bad(`values ${JSON.stringify(cond.in)} do not fit question "${q.id}"`);
      if ('onOrAfterReferenceDate' in cond && q.type !== 'date') bad(`"${q.id}" is not a date question`);
    }
  };

  for (const r of data.rules) {
    const owner = `rule "${r.id}"`;
    if ((r.kind === 'route') !== (r.ground !== undefined))
      problems.push(`${owner}: route rules, and only they, name a ground`);
    check(owner, r.applies, 'applies', 'applies');
    check(owner, r.when, 'when', 'when');
  }
  for (const o of data.obligations) check(`obligation "${o.id}"`, o.when, 'obligation', 'when');
  for (const m of data.minimisation) check(`minimisation rule "${m.id}"`, m.when, 'minimisation', 'when');
  for (const q of data.questions)
    if (!referenced.has(q.id) && !unusedQuestions) problems.push(`question "${q.id}": no rule uses it`);
  if (data.schemaVersion === 2) {
    const dated: Array<{ id: string; validFrom?: string | undefined; validUntil?: string | undefined }> = [
      ...data.rules,
      ...data.obligations,
      ...data.minimisation,
    ];
    for (const item of dated)
      if (item.validFrom !== undefined && item.validUntil !== undefined && item.validFrom > item.validUntil)
        problems.push(`"${item.id}": validFrom ${item.validFrom} is after validUntil ${item.validUntil}`);
  }

  // Rule references must not form a cycle.
  const state = new Map<string, 1 | 2>();
  const refsOf = (cond: Condition | undefined, out: string[] = []): string[] => {
    if (!cond) return out;
    if ('all' in cond) for (const c of cond.all) refsOf(c, out);
    else if ('any' in cond) for (const c of cond.any) refsOf(c, out);
    else if ('seq' in cond) for (const c of cond.seq) refsOf(c, out);
    else if ('not' in cond) refsOf(cond.not, out);
    else if ('rule' in cond) out.push(cond.rule);
    else if ('unresolved' in cond) out.push(cond.unresolved);
    return out;
  };
  const visit = (id: string, trail: string[]) => {
    const s = state.get(id);
    if (s === 2) return;
    if (s === 1) {
      problems.push(`rule "${id}": circular rule reference ${[...trail, id].join(' -> ')}`);
      return;
    }
    state.set(id, 1);
    const r = decisionRules.get(id);
    for (const ref of refsOf(r?.when)) if (decisionRules.has(ref)) visit(ref, [...trail, id]);
    state.set(id, 2);
  };
  for (const r of data.rules) visit(r.id, []);

  if (problems.length)
    throw new RulesetError(
      `Ruleset data ${data.version} is invalid:\n- ${problems.slice(0, 20).join('\n- ')}`,
    );
}

/** Question ids a condition uses directly, and the rules it refers to with `{ rule }`. */
function dependencies(cond: Condition | undefined, qs: Set<string>, rules: Set<string>): void {
  if (!cond) return;
  if ('all' in cond) for (const c of cond.all) dependencies(c, qs, rules);
  else if ('any' in cond) for (const c of cond.any) dependencies(c, qs, rules);
  else if ('seq' in cond) for (const c of cond.seq) dependencies(c, qs, rules);
  else if ('not' in cond) dependencies(cond.not, qs, rules);
  else if ('rule' in cond) rules.add(cond.rule);
  else if ('answer' in cond) qs.add(cond.answer);
  else if ('answered' in cond) qs.add(cond.answered);
}

const OUTCOMES: readonly TraceOutcome[] = [
  'met',
  'not_met',
  'not_applicable',
  'unanswered',
  'not_applicable',
  // 5: a dated rule outside its period of validity (schema 2).
  'not_applicable',
];

function flatPhrases(p: RulesetData['phrases'], lang: Language): FlatPhrases {
  const pick = (o: Record<string, { nl: string; en: string }>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v[lang]]));
  const v2 = 'notInForce' in p ? p : undefined;
  return {
    notInForce: v2 ? v2.notInForce[lang] : '',
    pendingCategory: v2 ? v2.pendingCategory[lang] : '',
    yes: p.yes[lang],
    no: p.no[lang],
    none: p.none[lang],
    notApplicable: p.notApplicable[lang],
    unanswered: p.unanswered[lang],
    notNeeded: p.notNeeded[lang],
    obligationNotTriggered: p.obligationNotTriggered[lang],
    explanation: { stillOpen: '', ...pick(p.explanation) } as FlatPhrases['explanation'],
    note: pick(p.note) as FlatPhrases['note'],
  };
}

export function newCtx(nRules: number): Ctx {
  return {
    recipient: UNKNOWN,
    purpose: UNKNOWN,
    ageGroup: UNKNOWN,
    capacity: UNKNOWN,
    profession: UNKNOWN,
    deceased: U,
    employed: U,
    requested: UNKNOWN,
    answers: {},
    referenceDate: '',
    partial: false,
    ruleValue: new Int8Array(nRules),
    ruleApplies: new Int8Array(nRules),
    decision: UNKNOWN,
    ground: UNKNOWN,
    route: UNKNOWN,
    category: UNKNOWN,
    possibleGrounds: -1,
    possibleRoutes: new Uint8Array(nRules).fill(1),
  };
}

/**
 * Validates and compiles rule data. Throws a RulesetError naming the offending rule or question
 * and the problem when the data is malformed.
 */
export function compileRuleset(raw: unknown): CompiledRuleset {
  return compileValidated(validate(raw));
}

/** The sources of one item of rule data, as the engine shows them. */
interface ShownSources {
  readonly strings: readonly string[];
  /** Schema 2: the structured citations (the strings are their texts). */
  readonly citations: readonly Citation[] | undefined;
  readonly legalBasis: string;
}

/**
 * Compiles rule data that already passed the schema (tests compile mutated copies of released data
 * this way). Cross-references are still checked; `allowUnusedQuestions` lets a mutant that dropped
 * the only condition on a question compile, so that its behaviour can be tested, and `hash` names
 * a mutant without hashing it (the content hash costs more than the rest of compilation).
 */
export function compileValidated(
  validated: RulesetData,
  options: { allowUnusedQuestions?: boolean; hash?: string } = {},
): CompiledRuleset {
  const data = deepFreeze(validated);
  checkReferences(data, options.allowUnusedQuestions === true);
  const hash = options.hash ?? contentHash(data);
  const v2 = data.schemaVersion === 2;

  const shown = (sources: readonly (string | CitationData)[]): ShownSources => {
    if (!v2) {
      const strings = sources as readonly string[];
      return {
        strings,
        citations: undefined,
        legalBasis: strings.filter((s) => STATUTE_SOURCE_RE.test(s)).join('; '),
      };
    }
    const cited = sources as readonly CitationData[];
    const citations = cited.map(renderCitation);
    return {
      strings: citations.map((c) => c.text),
      citations,
      legalBasis: legalBasisOf(cited).join('; '),
    };
  };
  /** The `sources` member, and from schema 2 `citations` beside it, of a result piece. */
  const sourceMembers = (src: ShownSources) =>
    src.citations
      ? { sources: [...src.strings], citations: src.citations.map((c) => ({ ...c })) }
      : { sources: [...src.strings] };
  const validityOf = (item: object): Validity | undefined => {
    const { validFrom, validUntil } = item as { validFrom?: string; validUntil?: string };
    return v2 && (validFrom !== undefined || validUntil !== undefined)
      ? { from: validFrom, until: validUntil }
      : undefined;
  };
  /** A dated condition is false outside its period; in catalogue mode the date is unknown. */
  const dated = (fn: Fn, validity: Validity | undefined): Fn =>
    validity ? (c) => (c.partial || inForce(validity, c.referenceDate) ? fn(c) : F) : fn;

  const questionIndex = new Map(data.questions.map((q, i) => [q.id, i]));
  const ruleIndex = new Map(data.rules.map((r, i) => [r.id, i]));
  const rules: CompiledRule[] = new Array(data.rules.length);

  const ruleValue = (c: Ctx, i: number): K => {
    const memo = c.ruleValue[i]!;
    if (memo >= 0) return memo as K;
    const r = rules[i]!;
    const a = r.applies(c);
    c.ruleApplies[i] = a;
    let v: K = F;
    if (a !== F) {
      const w = r.when(c);
      v = a === T ? w : w === F ? F : U;
    }
    c.ruleValue[i] = v;
    return v;
  };
  const env: CompileEnv = {
    question: (id) => ({ index: questionIndex.get(id)! }),
    ruleIndex: (id) => ruleIndex.get(id)!,
    ruleValue,
    ruleCollect: (c, i, out) => rules[i]!.collect(c, out),
  };
  const compile = (cond: Condition | undefined) => compileCondition(cond ?? { always: true }, env);

  // Transitive question dependencies of each decision rule.
  const direct = data.rules.map((r) => {
    const qs = new Set<string>();
    const refs = new Set<string>();
    dependencies(r.when, qs, refs);
    return { qs, refs };
  });
  const closure = (i: number, acc = new Set<string>(), seen = new Set<number>()): Set<string> => {
    if (seen.has(i)) return acc;
    seen.add(i);
    for (const q of direct[i]!.qs) acc.add(q);
    for (const ref of direct[i]!.refs) closure(ruleIndex.get(ref)!, acc, seen);
    return acc;
  };
  const sortQuestions = (ids: Iterable<string>) =>
    [...ids].map((id) => questionIndex.get(id)!).sort((a, b) => a - b);

  const phrases = [flatPhrases(data.phrases, 'nl'), flatPhrases(data.phrases, 'en')] as const;
  const labelsFor = (lang: Language): Labels => ({
    decisions: DECISIONS.map((d) => data.labels.decisions[d][lang]),
    grounds: GROUNDS.map((g) => data.labels.grounds[g][lang]),
    recipients: RECIPIENT_TYPES.map((r) => data.labels.recipients[r][lang]),
    purposes: PURPOSE_TYPES.map((p) => data.labels.purposes[p][lang]),
    categories: INFORMATION_CATEGORIES.map((c) => data.labels.categories[c][lang]),
  });
  const labels = [labelsFor('nl'), labelsFor('en')] as const;

  const traceSet = (id: string, texts: readonly string[], src: ShownSources): readonly TraceEntry[] =>
    deepFreeze(
      texts.map((explanation, k) => ({
        ruleId: id,
        outcome: OUTCOMES[k]!,
        explanation,
        ...sourceMembers(src),
      })),
    );

  data.rules.forEach((r, i) => {
    const validity = validityOf(r);
    const applies = dated(compile(r.applies).fn, validity);
    const when = compile(r.when);
    const src = shown(r.sources);
    const perLang = (lang: Language, li: Lang) => {
      const title = r.title[lang];
      const p = phrases[li];
      const texts = [
        r.met[lang],
        r.notMet[lang],
        fill(p.notApplicable, { title }),
        fill(p.unanswered, { title }),
        fill(p.notNeeded, { title }),
      ];
      // Index 5: not in force on the day of the weighing (dated rules of schema 2 only).
      if (validity) texts.push(fill(p.notInForce, { title }));
      return traceSet(r.id, texts, src);
    };
    const groundIndex = r.ground ? GROUNDS.indexOf(r.ground) : -1;
    const explanationFor = (lang: Language, li: Lang) => {
      if (!r.ground) return '';
      const template =
        r.ground === 'legal_obligation' ? phrases[li].explanation.required : phrases[li].explanation.allowed;
      return fill(template, {
        ground: labels[li].grounds[groundIndex]!,
        title: r.title[lang],
        met: r.met[lang],
      });
    };
    rules[i] = {
      id: r.id,
      index: i,
      kind: r.kind,
      ground: r.ground,
      groundIndex,
      applies,
      when: when.fn,
      collect: when.collect,
      questions: sortQuestions(closure(i)),
      trace: [perLang('nl', 0), perLang('en', 1)],
      title: [r.title.nl, r.title.en],
      explanation: [explanationFor('nl', 0), explanationFor('en', 1)],
      legalBasis: src.legalBasis,
      validity,
    };
  });

  const routes = rules.filter((r) => r.kind === 'route');
  const requiredRoutes = routes.filter((r) => r.ground === 'legal_obligation').map((r) => r.index);
  const allowedRoutes = data.groundPrecedence.flatMap((g) =>
    routes.filter((r) => r.ground === g).map((r) => r.index),
  );

  const ownQuestions = (cond: Condition | undefined) => {
    const qs = new Set<string>();
    const refs = new Set<string>();
    dependencies(cond, qs, refs);
    for (const ref of refs) for (const q of closure(ruleIndex.get(ref)!)) qs.add(q);
    return sortQuestions(qs);
  };
  const obligations: CompiledObligation[] = data.obligations.map((o) => {
    const compiledWhen = compile(o.when);
    const when = dated(compiledWhen.fn, validityOf(o));
    const src = shown(o.sources);
    const view = (lang: Language): Obligation =>
      deepFreeze({ id: o.id, text: o.text[lang], ...sourceMembers(src) });
    const trace = (lang: Language, li: Lang) =>
      traceSet(
        `obligation.${o.id}`,
        [
          o.text[lang],
          fill(phrases[li].obligationNotTriggered, { id: o.id }),
          fill(phrases[li].obligationNotTriggered, { id: o.id }),
          fill(phrases[li].obligationNotTriggered, { id: o.id }),
        ],
        src,
      );
    return {
      id: o.id,
      when,
      collect: compiledWhen.collect,
      questions: ownQuestions(o.when),
      views: [view('nl'), view('en')],
      trace: [trace('nl', 0), trace('en', 1)],
    };
  });

  const minimisation: CompiledMinimisation[] = data.minimisation.map((m) => {
    const src = shown(m.sources);
    const items = (reason: (lang: Language) => string) => (lang: Language) =>
      INFORMATION_CATEGORIES.map((category) =>
        deepFreeze({ category, reason: reason(lang), ruleId: m.id, ...sourceMembers(src) }),
      );
    const now = items((lang) => m.reason[lang]);
    const waiting = items((lang) =>
      fill(phrases[langIndex(lang)].pendingCategory, { reason: m.reason[lang] }),
    );
    const compiled = compile(m.when);
    return {
      id: m.id,
      share: m.action === 'share',
      when: dated(compiled.fn, validityOf(m)),
      collect: compiled.collect,
      questions: ownQuestions(m.when),
      items: [now('nl'), now('en')],
      pending: v2 ? [waiting('nl'), waiting('en')] : [[], []],
    };
  });

  const groundsOf = data.questions.map(() => new Set<Ground>());
  for (const r of rules) if (r.ground) for (const q of r.questions) groundsOf[q]!.add(r.ground);

  // Which questions can matter for each (recipient, purpose): every question of a route, notice,
  // obligation or minimisation rule that is not already false knowing only recipient and purpose.
  // Only the question catalogue needs it, so it is computed on first use.
  let relevanceMemo: readonly Uint8Array[] | undefined;
  const relevance = (): readonly Uint8Array[] => {
    if (relevanceMemo) return relevanceMemo;
    const table = data.questions.map(() => new Uint8Array(PAIRS));
    const obligationQuestions = obligations.map((o) => o.questions);
    const minimisationQuestions = minimisation.map((m) => m.questions);
    const ctx = newCtx(rules.length);
    ctx.partial = true;
    for (let ri = 0; ri < RECIPIENT_TYPES.length; ri++) {
      for (let pi = 0; pi < PURPOSE_TYPES.length; pi++) {
        const pair = pairIndex(ri, pi);
        ctx.recipient = ri;
        ctx.purpose = pi;
        ctx.ruleValue.fill(-1);
        const mark = (qs: readonly number[]) => {
          for (const q of qs) table[q]![pair] = 1;
        };
        ctx.possibleGrounds = 0;
        for (const r of rules) {
          const possible = r.kind !== 'helper' && ruleValue(ctx, r.index) !== F;
          ctx.possibleRoutes[r.index] = possible && r.kind === 'route' ? 1 : 0;
          if (!possible) continue;
          mark(r.questions);
          if (r.kind === 'route') ctx.possibleGrounds |= 1 << r.groundIndex;
        }
        ctx.possibleGrounds |= 1 << GROUNDS.indexOf('none');
        obligations.forEach((o, i) => {
          if (o.when(ctx) !== F) mark(obligationQuestions[i]!);
        });
        minimisation.forEach((m, i) => {
          if (m.when(ctx) !== F) mark(minimisationQuestions[i]!);
        });
      }
    }
    relevanceMemo = table;
    return table;
  };

  // Questions only ever tested with a default for "unanswered".
  const withDefault = new Set<string>();
  const withoutDefault = new Set<string>();
  const scan = (cond: Condition | undefined) => {
    if (!cond) return;
    if ('all' in cond) cond.all.forEach(scan);
    else if ('any' in cond) cond.any.forEach(scan);
    else if ('seq' in cond) cond.seq.forEach(scan);
    else if ('not' in cond) scan(cond.not);
    else if ('answer' in cond)
      (cond.ifUnanswered === undefined ? withoutDefault : withDefault).add(cond.answer);
    else if ('answered' in cond) withoutDefault.add(cond.answered);
  };
  for (const r of data.rules) {
    scan(r.applies);
    scan(r.when);
  }
  for (const o of data.obligations) scan(o.when);
  for (const m of data.minimisation) scan(m.when);

  const questions: CompiledQuestion[] = data.questions.map((q, index) => {
    const grounds = GROUNDS.filter((g) => groundsOf[index]!.has(g));
    const src = shown(q.sources);
    const view = (lang: Language): QuestionView => {
      const v: QuestionView = {
        id: q.id,
        type: q.type,
        text: q.text[lang],
        help: q.help[lang],
        ...sourceMembers(src),
      };
      if (q.options) {
        v.options = q.options.map((o) => o.value);
        v.optionTexts = q.options.map((o) => ({ value: o.value, text: o.text[lang] }));
      }
      v.order = index + 1;
      v.grounds = grounds;
      return deepFreeze(v);
    };
    const valueText = (li: Lang, lang: Language) => {
      const optionText = new Map(q.options?.map((o) => [o.value, o.text[lang]]));
      return (v: unknown): string =>
        typeof v === 'boolean'
          ? v
            ? phrases[li].yes
            : phrases[li].no
          : (optionText.get(v as string) ?? String(v));
    };
    return {
      id: q.id,
      index,
      views: [view('nl'), view('en')],
      valueText: [valueText(0, 'nl'), valueText(1, 'en')],
      optional: withDefault.has(q.id) && !withoutDefault.has(q.id),
    };
  });

  const evalCtx = newCtx(rules.length);
  return Object.freeze({
    version: data.version,
    hash,
    released: data.released,
    data,
    internal: Object.freeze({
      schemaVersion: data.schemaVersion,
      engineVersion: v2 ? ENGINE_VERSION : LEGACY_ENGINE_VERSION,
      questions,
      questionIndex,
      rules,
      requiredRoutes,
      allowedRoutes,
      allRoutes: routes.map((r) => r.index),
      acuteRule: ruleIndex.get(data.acuteDangerRule)!,
      explainRules: data.rules.flatMap((r, i) => (r.explain ? [i] : [])),
      obligations,
      minimisation,
      ruleValue,
      relevance,
      labels,
      phrases,
      ctx: evalCtx,
      missing: new Uint8Array(questions.length),
      obligationValues: new Int8Array(obligations.length),
      catalogueCache: new Map(),
    }),
  });
}
