/**
 * Rule-data mutants (issue #18): for every route, helper, obligation and minimisation rule (and every
 * notice another rule refers to, which then acts as a helper), and for every leaf of its condition,
 * a copy of the released rule data in which that leaf is negated, dropped, or (for a leaf that
 * names values of a vocabulary or enum question) widened by one more value. The value is chosen
 * per leaf, deterministically, from the values the leaf lacks (spread over the vocabulary by a hash
 * of the leaf's place), so that every enum leaf gets one widening. Mutants live in memory only; the
 * files of a released ruleset are never touched.
 *
 * A mutant id reads `<rule id> <where> <operator>`, e.g. `conflict.criteria when.all[2] negate` or
 * `min.consent when widen+insurer_or_funder`, so that a reviewer can find the leaf in the data.
 */
import type { Condition, RulesetData } from '../../../src/engine/index.js';
import {
  AGE_GROUPS,
  DECISION_CAPACITIES,
  DECISIONS,
  GROUNDS,
  INFORMATION_CATEGORIES,
  PROFESSIONS,
  PURPOSE_TYPES,
  RECIPIENT_TYPES,
} from '../../../src/engine/index.js';

export interface Mutant {
  id: string;
  /** Builds the mutated copy (on demand: a ruleset has thousands of mutants). */
  build: () => RulesetData;
}

type Path = Array<string | number>;

const LISTS = ['all', 'any', 'seq'] as const;
const FACT_VOCABULARY: Record<string, readonly string[]> = {
  recipient: RECIPIENT_TYPES,
  purpose: PURPOSE_TYPES,
  ageGroup: AGE_GROUPS,
  decisionCapacity: DECISION_CAPACITIES,
  profession: PROFESSIONS,
  requested: INFORMATION_CATEGORIES,
  category: INFORMATION_CATEGORIES,
  decision: DECISIONS,
  ground: GROUNDS,
};

const isLeaf = (c: Condition) => !('all' in c || 'any' in c || 'seq' in c || 'not' in c);

/** Every leaf of a condition with its path from the condition's root. */
function leaves(c: Condition, path: Path = []): Array<{ leaf: Condition; path: Path }> {
  if (isLeaf(c)) return [{ leaf: c, path }];
  if ('not' in c) return leaves(c.not, [...path, 'not']);
  const key = LISTS.find((k) => k in c)!;
  return (c as Record<string, Condition[]>)[key]!.flatMap((child, i) => leaves(child, [...path, key, i]));
}

const at = (root: unknown, path: Path): unknown => path.reduce((o, k) => (o as never)[k], root);
const describe = (path: Path) =>
  path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : String(k)), '');

/** Replaces the node at `path` (relative to `holder[field]`) by `node`. */
function replace(holder: Record<string, unknown>, field: string, path: Path, node: unknown) {
  if (path.length === 0) holder[field] = node;
  else {
    const parent = at(holder[field], path.slice(0, -1)) as Record<string | number, unknown>;
    parent[path.at(-1)!] = node;
  }
}

/** Removes the node at `path` from the list it is in (or, under `not` or at the root, makes it always true). */
function drop(holder: Record<string, unknown>, field: string, path: Path) {
  // Climb out of `not` wrappers: dropping a negated leaf drops the negation with it.
  let p = path;
  while (p.length > 0 && p.at(-1) === 'not') p = p.slice(0, -1);
  const index = p.at(-1);
  if (typeof index === 'number') {
    const list = at(holder[field], p.slice(0, -1)) as unknown[];
    if (list.length > 1) {
      list.splice(index, 1);
      return;
    }
  }
  replace(holder, field, p, { always: true });
}

/** The values a leaf can be widened by (facts and enum answers), or none. */
function widenings(leaf: Condition, data: RulesetData): string[] {
  for (const [key, vocabulary] of Object.entries(FACT_VOCABULARY))
    if (key in leaf) {
      const have = (leaf as Record<string, string[]>)[key]!;
      return vocabulary.filter((v) => !have.includes(v));
    }
  if ('route' in leaf) {
    const routes = data.rules.filter((r) => r.kind === 'route').map((r) => r.id);
    return routes.filter((r) => !leaf.route.includes(r));
  }
  if ('answer' in leaf && ('in' in leaf || ('is' in leaf && typeof leaf.is === 'string'))) {
    const q = data.questions.find((x) => x.id === leaf.answer);
    const have = 'in' in leaf ? leaf.in : [leaf.is as string];
    return (q?.options ?? []).map((o) => o.value).filter((v) => !have.includes(v));
  }
  return [];
}

function widened(leaf: Condition, value: string): Condition {
  for (const key of [...Object.keys(FACT_VOCABULARY), 'route'])
    if (key in leaf) return { [key]: [...(leaf as Record<string, string[]>)[key]!, value] } as Condition;
  const a = leaf as { answer: string; is?: string; in?: string[]; ifUnanswered?: boolean };
  const values = a.in ?? [a.is!];
  return {
    answer: a.answer,
    in: [...values, value],
    ...(a.ifUnanswered !== undefined ? { ifUnanswered: a.ifUnanswered } : {}),
  } as Condition;
}

/** A small stable hash (FNV-1a) of a leaf's place, to pick its widening value. */
function spread(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Rule ids other conditions refer to with `{ rule }` or `{ unresolved }`. */
function referenced(data: RulesetData): Set<string> {
  const out = new Set<string>();
  const walk = (c: Condition | undefined) => {
    if (!c) return;
    if ('rule' in c) out.add(c.rule);
    else if ('unresolved' in c) out.add(c.unresolved);
    else if ('not' in c) walk(c.not);
    else for (const k of LISTS) if (k in c) (c as Record<string, Condition[]>)[k]!.forEach(walk);
  };
  for (const r of data.rules) {
    walk(r.applies);
    walk(r.when);
  }
  for (const o of data.obligations) walk(o.when);
  for (const m of data.minimisation) walk(m.when);
  return out;
}

/** Every mutant of a ruleset's data (which is left untouched). */
export function mutantsOf(data: RulesetData): Mutant[] {
  const out: Mutant[] = [];
  const refs = referenced(data);
  const targets: Array<{ collection: 'rules' | 'obligations' | 'minimisation'; index: number; id: string }> =
    [
      ...data.rules
        .map((r, index) => ({ collection: 'rules' as const, index, id: r.id, r }))
        .filter(({ r }) => r.kind !== 'notice' || refs.has(r.id)),
      ...data.obligations.map((o, index) => ({
        collection: 'obligations' as const,
        index,
        id: `obligation.${o.id}`,
      })),
      ...data.minimisation.map((m, index) => ({ collection: 'minimisation' as const, index, id: m.id })),
    ];
  for (const t of targets) {
    const item = (data as unknown as Record<string, Array<Record<string, Condition | undefined>>>)[
      t.collection
    ]![t.index]!;
    for (const field of ['applies', 'when'] as const) {
      const cond = item[field];
      if (!cond) continue;
      for (const { leaf, path } of leaves(cond)) {
        const where = describe([field, ...path]);
        const make = (op: string, edit: (holder: Record<string, unknown>) => void) => {
          out.push({
            id: `${t.id} ${where} ${op}`,
            build: () => {
              const copy = structuredClone(data) as unknown as Record<string, Array<Record<string, unknown>>>;
              edit(copy[t.collection]![t.index]!);
              return copy as unknown as RulesetData;
            },
          });
        };
        make('negate', (h) => replace(h, field, path, { not: structuredClone(leaf) }));
        if (!('always' in leaf)) make('drop', (h) => drop(h, field, path));
        const candidates = widenings(leaf, data);
        if (candidates.length > 0) {
          const value = candidates[spread(`${t.id} ${where}`) % candidates.length]!;
          make(`widen+${value}`, (h) => replace(h, field, path, widened(leaf, value)));
        }
      }
    }
  }
  return out;
}
