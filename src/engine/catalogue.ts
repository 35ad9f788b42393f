/**
 * Views derived from the same rule data the engine evaluates: the question catalogue (backs
 * GET /v1/questions) and the rules (backs GET /v1/rules).
 */
import {
  type Citation,
  type CitationData,
  readableCitation,
  readableSources,
  renderCitation,
} from './citations.js';
import { type CompiledRuleset, langIndex, pairIndex } from './compile.js';
import type { Condition } from './schema.js';
import type { QuestionView } from './types.js';
import {
  type Decision,
  type Ground,
  type Language,
  PURPOSE_TYPES,
  type PurposeType,
  RECIPIENT_TYPES,
  type RecipientType,
} from './vocabulary.js';

export interface CatalogueFilter {
  language: Language;
  recipientType?: RecipientType | undefined;
  purposeType?: PurposeType | undefined;
}

/**
 * The questions that can matter for the recipient type and/or purpose (all questions when neither
 * is given), in decision-tree order. Each view carries `order` and the `grounds` it helps decide.
 */
export function questionCatalogue(ruleset: CompiledRuleset, filter: CatalogueFilter): QuestionView[] {
  const I = ruleset.internal;
  const li = langIndex(filter.language);
  const key = `${li}|${filter.recipientType ?? ''}|${filter.purposeType ?? ''}`;
  let views = I.catalogueCache.get(key);
  if (!views) {
    const r = filter.recipientType === undefined ? -1 : RECIPIENT_TYPES.indexOf(filter.recipientType);
    const p = filter.purposeType === undefined ? -1 : PURPOSE_TYPES.indexOf(filter.purposeType);
    // An unknown recipient or purpose matches nothing (the HTTP layer validates them anyway).
    const unknown =
      (filter.recipientType !== undefined && r < 0) || (filter.purposeType !== undefined && p < 0);
    const recipients = r >= 0 ? [r] : RECIPIENT_TYPES.map((_, i) => i);
    const purposes = p >= 0 ? [p] : PURPOSE_TYPES.map((_, i) => i);
    const relevance = unknown ? [] : I.relevance();
    views = Object.freeze(
      unknown
        ? []
        : I.questions
            .filter((q) =>
              recipients.some((ri) => purposes.some((pi) => relevance[q.index]![pairIndex(ri, pi)] === 1)),
            )
            // Rulesets of schemaVersion 1 cite by internal key: shown as readable citations.
            .map((q) => Object.freeze(readableSources(q.views[li]!))),
    );
    I.catalogueCache.set(key, views);
  }
  // A fresh array of the shared, frozen question views.
  return views.slice();
}

export type RuleKind = 'route' | 'helper' | 'notice' | 'obligation' | 'minimisation';

export interface RuleView {
  id: string;
  kind: RuleKind;
  /** For routes: the ground the route establishes. */
  ground?: Ground;
  /** For routes: `required` (legal obligation) or `allowed`. */
  decision?: Decision;
  /** For minimisation rules. */
  action?: 'share' | 'withhold';
  title: string;
  description: string;
  /** The condition as rule data (facts the rule applies to, and the condition that decides it). */
  applies?: Condition;
  when?: Condition;
  /** The condition in words. */
  conditionText: string;
  /** Readable citations, one line each (the `text` of `citations`). */
  sources: string[];
  citations: Citation[];
  /** The first day the rule is law (schemaVersion 2 dated rules). */
  validFrom?: string;
  /** The last day the rule is law. */
  validUntil?: string;
}

/** Citations of rule data of either schema version, readable. */
function citationsOf(sources: readonly (string | CitationData)[]): Citation[] {
  return sources.map((s) => (typeof s === 'string' ? readableCitation(s) : renderCitation(s)));
}

/** The readable sources, citations and validity of a piece of rule data. */
function sourcedView(item: {
  sources: readonly (string | CitationData)[];
  validFrom?: string | undefined;
  validUntil?: string | undefined;
}): Pick<RuleView, 'sources' | 'citations' | 'validFrom' | 'validUntil'> {
  const citations = citationsOf(item.sources);
  return {
    sources: citations.map((c) => c.text),
    citations,
    ...(item.validFrom !== undefined ? { validFrom: item.validFrom } : {}),
    ...(item.validUntil !== undefined ? { validUntil: item.validUntil } : {}),
  };
}

const join = (parts: string[], word: string) =>
  parts.length === 1 ? parts[0]! : `(${parts.join(` ${word} `)})`;

/** Renders a condition in words (for legal readers; ids are kept so they can be looked up). */
export function conditionText(
  cond: Condition | undefined,
  ruleset: CompiledRuleset,
  language: Language,
): string {
  if (!cond) return language === 'en' ? 'always' : 'altijd';
  const en = language === 'en';
  const q = (id: string) => {
    const i = ruleset.internal.questionIndex.get(id);
    return i === undefined ? id : `[${id}] "${ruleset.internal.questions[i]!.views[en ? 1 : 0].text}"`;
  };
  const list = (values: readonly (string | boolean)[]) => values.map((v) => String(v)).join(', ');
  const r = (c: Condition) => conditionText(c, ruleset, language);
  if ('all' in cond) return join(cond.all.map(r), en ? 'AND' : 'EN');
  if ('seq' in cond) return join(cond.seq.map(r), en ? 'AND THEN' : 'EN DAN');
  if ('any' in cond) return join(cond.any.map(r), en ? 'OR' : 'OF');
  if ('not' in cond) return `${en ? 'NOT' : 'NIET'} ${r(cond.not)}`;
  if ('always' in cond) return en ? 'always' : 'altijd';
  if ('rule' in cond) return `${en ? 'rule' : 'regel'} ${cond.rule} ${en ? 'holds' : 'geldt'}`;
  if ('unresolved' in cond)
    return `${en ? 'rule' : 'regel'} ${cond.unresolved} ${en ? 'still open' : 'nog open'}`;
  if ('answered' in cond) return `${q(cond.answered)} ${en ? 'is answered' : 'is beantwoord'}`;
  if ('answer' in cond) {
    const dflt =
      cond.ifUnanswered === undefined
        ? ''
        : ` (${en ? 'if unanswered' : 'zonder antwoord'}: ${cond.ifUnanswered ? (en ? 'true' : 'waar') : en ? 'false' : 'onwaar'})`;
    if ('is' in cond) return `${q(cond.answer)} = ${String(cond.is)}${dflt}`;
    if ('in' in cond) return `${q(cond.answer)} ∈ {${list(cond.in)}}${dflt}`;
    return `${q(cond.answer)} ≥ ${en ? 'date of the weighing' : 'datum van de weging'}${dflt}`;
  }
  const [key, value] = Object.entries(cond)[0] as [string, unknown];
  return `${key} ${Array.isArray(value) ? `∈ {${list(value as string[])}}` : `= ${String(value)}`}`;
}

/**
 * Every rule of the ruleset (decision rules, obligations, minimisation) with texts and readable
 * citations (also for rulesets that cite their sources by internal key).
 */
export function rulesView(ruleset: CompiledRuleset, language: Language): RuleView[] {
  const data = ruleset.data;
  const views: RuleView[] = [];
  for (const rule of data.rules) {
    const v: RuleView = {
      id: rule.id,
      kind: rule.kind,
      title: rule.title[language],
      description: rule.description[language],
      conditionText: rule.applies
        ? `${conditionText(rule.applies, ruleset, language)} ${language === 'en' ? 'AND' : 'EN'} ${conditionText(rule.when, ruleset, language)}`
        : conditionText(rule.when, ruleset, language),
      ...sourcedView(rule),
    };
    if (rule.ground) {
      v.ground = rule.ground;
      v.decision = rule.ground === 'legal_obligation' ? 'required' : 'allowed';
    }
    if (rule.applies) v.applies = rule.applies;
    if (rule.when) v.when = rule.when;
    views.push(v);
  }
  for (const o of data.obligations) {
    views.push({
      id: `obligation.${o.id}`,
      kind: 'obligation',
      title: o.id,
      description: o.text[language],
      when: o.when,
      conditionText: conditionText(o.when, ruleset, language),
      ...sourcedView(o),
    });
  }
  for (const m of data.minimisation) {
    views.push({
      id: m.id,
      kind: 'minimisation',
      action: m.action,
      title: m.id,
      description: m.reason[language],
      when: m.when,
      conditionText: conditionText(m.when, ruleset, language),
      ...sourcedView(m),
    });
  }
  return views;
}
