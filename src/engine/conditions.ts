/**
 * Compiles conditions of the rule language into closures evaluated under Kleene three-valued
 * logic (F = false, T = true, U = unknown), plus a collector that finds the unanswered questions
 * that can still change a condition's value.
 *
 * Facts of the request are passed as small integers (index into the vocabulary): -1 is a value
 * outside the vocabulary (every membership test is false), -2 is "unknown" (used only when the
 * question catalogue asks which questions can matter for a recipient/purpose, never for a request).
 */
import type { Condition } from './schema.js';
import {
  AGE_GROUPS,
  DECISION_CAPACITIES,
  DECISIONS,
  GROUNDS,
  INFORMATION_CATEGORIES,
  PROFESSIONS,
  PURPOSE_TYPES,
  RECIPIENT_TYPES,
} from './vocabulary.js';

export const F = 0;
export const T = 1;
export const U = 2;
export type K = 0 | 1 | 2;

export const INVALID = -1;
export const UNKNOWN = -2;

export interface Ctx {
  recipient: number;
  purpose: number;
  ageGroup: number;
  capacity: number;
  profession: number;
  deceased: number;
  employed: number;
  /** Bitmask of requested categories, or UNKNOWN. */
  requested: number;
  answers: Readonly<Record<string, unknown>>;
  referenceDate: string;
  /** Catalogue mode: answers are unknown rather than unanswered (defaults do not apply). */
  partial: boolean;
  /** Per decision rule: -1 not yet computed, else its K value. */
  ruleValue: Int8Array;
  /** Per decision rule: K value of its `applies` part (valid once ruleValue is computed). */
  ruleApplies: Int8Array;
  /** Outcome facts for obligations and minimisation: index, -1 none, UNKNOWN before known. */
  decision: number;
  ground: number;
  route: number;
  category: number;
  /** Catalogue mode: grounds and routes that can still hold for the recipient/purpose. */
  possibleGrounds: number;
  possibleRoutes: Uint8Array;
}

export type Fn = (c: Ctx) => K;
export type Collect = (c: Ctx, out: Uint8Array) => void;

export interface Compiled {
  fn: Fn;
  collect: Collect;
}

/** Evaluates decision rule i (memoised per evaluation). Supplied by the ruleset compiler. */
export type RuleValue = (c: Ctx, i: number) => K;
/** Collects the questions of decision rule i's `when` part. */
export type RuleCollect = (c: Ctx, i: number, out: Uint8Array) => void;

export interface CompileEnv {
  question(id: string): { index: number };
  ruleIndex(id: string): number;
  ruleValue: RuleValue;
  ruleCollect: RuleCollect;
}

const noCollect: Collect = () => {};

function maskOf(values: readonly string[], vocabulary: readonly string[]): number {
  let mask = 0;
  for (const v of values) mask |= 1 << vocabulary.indexOf(v);
  return mask;
}

function factLeaf(get: (c: Ctx) => number, mask: number): Compiled {
  return {
    fn: (c) => {
      const i = get(c);
      if (i >= 0) return ((mask >>> i) & 1) as K;
      return i === UNKNOWN ? U : F;
    },
    collect: noCollect,
  };
}

function boolFact(get: (c: Ctx) => number, expected: boolean): Compiled {
  const want = expected ? T : F;
  return {
    fn: (c) => {
      const v = get(c);
      if (v === U) return U;
      return v === want ? T : F;
    },
    collect: noCollect,
  };
}

function answerLeaf(
  id: string,
  index: number,
  test: (v: unknown, c: Ctx) => boolean,
  ifUnanswered: boolean | undefined,
): Compiled {
  const dflt: K = ifUnanswered === undefined ? U : ifUnanswered ? T : F;
  const fn: Fn = (c) => {
    const v = c.answers[id];
    if (v === undefined) return c.partial ? U : dflt;
    return test(v, c) ? T : F;
  };
  return {
    fn,
    collect: (c, out) => {
      if (fn(c) === U) out[index] = 1;
    },
  };
}

export function compileCondition(cond: Condition, env: CompileEnv): Compiled {
  if ('all' in cond || 'seq' in cond) {
    const parts = ('all' in cond ? cond.all : cond.seq).map((p) => compileCondition(p, env));
    const fns = parts.map((p) => p.fn);
    const n = fns.length;
    const fn: Fn = (c) => {
      let r: K = T;
      for (let i = 0; i < n; i++) {
        const v = fns[i]!(c);
        if (v === F) return F;
        if (v === U) r = U;
      }
      return r;
    };
    const sequential = 'seq' in cond;
    return {
      fn,
      collect: (c, out) => {
        if (fn(c) !== U) return;
        for (let i = 0; i < n; i++) {
          if (fns[i]!(c) === U) {
            parts[i]!.collect(c, out);
            if (sequential) return;
          }
        }
      },
    };
  }
  if ('any' in cond) {
    const parts = cond.any.map((p) => compileCondition(p, env));
    const fns = parts.map((p) => p.fn);
    const n = fns.length;
    const fn: Fn = (c) => {
      let r: K = F;
      for (let i = 0; i < n; i++) {
        const v = fns[i]!(c);
        if (v === T) return T;
        if (v === U) r = U;
      }
      return r;
    };
    return {
      fn,
      collect: (c, out) => {
        if (fn(c) !== U) return;
        for (let i = 0; i < n; i++) if (fns[i]!(c) === U) parts[i]!.collect(c, out);
      },
    };
  }
  if ('not' in cond) {
    const inner = compileCondition(cond.not, env);
    const f = inner.fn;
    return {
      fn: (c) => {
        const v = f(c);
        return v === U ? U : v === T ? F : T;
      },
      collect: inner.collect,
    };
  }
  if ('always' in cond) return { fn: () => T, collect: noCollect };
  if ('rule' in cond) {
    const i = env.ruleIndex(cond.rule);
    const { ruleValue, ruleCollect } = env;
    return {
      fn: (c) => ruleValue(c, i),
      collect: (c, out) => {
        if (ruleValue(c, i) === U) ruleCollect(c, i, out);
      },
    };
  }
  if ('unresolved' in cond) {
    const i = env.ruleIndex(cond.unresolved);
    const { ruleValue } = env;
    return { fn: (c) => (ruleValue(c, i) === U ? T : F), collect: noCollect };
  }
  if ('recipient' in cond) return factLeaf((c) => c.recipient, maskOf(cond.recipient, RECIPIENT_TYPES));
  if ('purpose' in cond) return factLeaf((c) => c.purpose, maskOf(cond.purpose, PURPOSE_TYPES));
  if ('ageGroup' in cond) return factLeaf((c) => c.ageGroup, maskOf(cond.ageGroup, AGE_GROUPS));
  if ('decisionCapacity' in cond)
    return factLeaf((c) => c.capacity, maskOf(cond.decisionCapacity, DECISION_CAPACITIES));
  if ('profession' in cond) return factLeaf((c) => c.profession, maskOf(cond.profession, PROFESSIONS));
  if ('deceased' in cond) return boolFact((c) => c.deceased, cond.deceased);
  if ('employedByMunicipality' in cond) return boolFact((c) => c.employed, cond.employedByMunicipality);
  if ('requested' in cond) {
    const mask = maskOf(cond.requested, INFORMATION_CATEGORIES);
    return {
      fn: (c) => (c.requested === UNKNOWN ? U : (c.requested & mask) !== 0 ? T : F),
      collect: noCollect,
    };
  }
  if ('answered' in cond) {
    const id = cond.answered;
    env.question(id);
    return {
      fn: (c) => (c.partial ? U : c.answers[id] !== undefined ? T : F),
      collect: noCollect,
    };
  }
  if ('answer' in cond) {
    const q = env.question(cond.answer);
    if ('is' in cond) {
      const expected = cond.is;
      return answerLeaf(cond.answer, q.index, (v) => v === expected, cond.ifUnanswered);
    }
    if ('in' in cond) {
      const values = cond.in;
      return answerLeaf(cond.answer, q.index, (v) => values.includes(v as string), cond.ifUnanswered);
    }
    // A date answer is valid on the reference date itself and before it: YYYY-MM-DD compares as text.
    return answerLeaf(
      cond.answer,
      q.index,
      (v, c) => typeof v === 'string' && v >= c.referenceDate,
      cond.ifUnanswered,
    );
  }
  if ('decision' in cond) return factLeaf((c) => c.decision, maskOf(cond.decision, DECISIONS));
  if ('ground' in cond) {
    const mask = maskOf(cond.ground, GROUNDS);
    return {
      fn: (c) => {
        const g = c.ground;
        if (g >= 0) return ((mask >>> g) & 1) as K;
        if (g === UNKNOWN) return mask & c.possibleGrounds ? U : F;
        return F;
      },
      collect: noCollect,
    };
  }
  if ('category' in cond) return factLeaf((c) => c.category, maskOf(cond.category, INFORMATION_CATEGORIES));
  if ('route' in cond) {
    const indices = cond.route.map((id) => env.ruleIndex(id));
    return {
      fn: (c) => {
        const r = c.route;
        if (r === UNKNOWN) return indices.some((i) => c.possibleRoutes[i] === 1) ? U : F;
        return indices.includes(r) ? T : F;
      },
      collect: noCollect,
    };
  }
  /* c8 ignore next */
  throw new Error(`unknown condition ${JSON.stringify(cond)}`);
}
