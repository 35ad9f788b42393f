/**
 * Canonical JSON as specified by RFC 8785 (JSON Canonicalization Scheme): object members sorted by
 * the UTF-16 code units of their names, no insignificant whitespace, strings and numbers serialised
 * as ECMAScript's JSON.stringify does (which is what RFC 8785 prescribes for both).
 *
 * The integrity chain hashes this form, so it must be stable across Node versions and platforms:
 * it has no dependency beyond the language itself.
 *
 * Deeply frozen values cannot change, so their canonical text is remembered (weakly, per object).
 * The rules engine builds its results from frozen pieces of the compiled ruleset (trace entries,
 * reasons, obligations), which makes canonicalising a result about ten times faster; anything
 * not frozen all the way down is serialised afresh every time.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const frozenText = new WeakMap<object, string>();

export function canonicalJson(value: unknown): string {
  return serialise(value);
}

/**
 * Set by every serialise call before it returns: whether the value it just serialised is
 * immutable (a primitive, or deeply frozen). A flag rather than a returned pair because the chain
 * canonicalises every record and every entry: one object less per value is measurable there.
 */
let immutable = true;

function serialise(value: unknown): string {
  if (value === null) {
    immutable = true;
    return 'null';
  }
  switch (typeof value) {
    case 'boolean':
      immutable = true;
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot represent a non-finite number');
      immutable = true;
      return JSON.stringify(value);
    case 'string':
      if (!value.isWellFormed()) throw new TypeError('canonical JSON cannot represent a lone surrogate');
      immutable = true;
      return JSON.stringify(value);
    case 'object': {
      // Only frozen objects are ever remembered, so only they are looked up.
      const frozen = Object.isFrozen(value);
      if (frozen) {
        const remembered = frozenText.get(value);
        if (remembered !== undefined) {
          immutable = true;
          return remembered;
        }
      }
      const text = Array.isArray(value)
        ? serialiseArray(value)
        : serialiseObject(value as Record<string, unknown>);
      const deep = immutable && frozen;
      if (deep) frozenText.set(value, text);
      immutable = deep;
      return text;
    }
    default:
      throw new TypeError(`canonical JSON cannot represent a value of type ${typeof value}`);
  }
}

/** Leaves `immutable` saying whether every member was immutable. */
function serialiseArray(value: unknown[]): string {
  let text = '[';
  let all = true;
  for (let i = 0; i < value.length; i++) {
    if (i > 0) text += ',';
    // JSON.stringify turns holes and undefined array members into null; so do we.
    const item = value[i];
    if (item === undefined) {
      text += 'null';
      continue;
    }
    text += serialise(item);
    all &&= immutable;
  }
  immutable = all;
  return `${text}]`;
}

/** Leaves `immutable` saying whether every member was immutable. */
function serialiseObject(record: Record<string, unknown>): string {
  // Default sort compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 requires.
  const keys = Object.keys(record).sort();
  let text = '{';
  let all = true;
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!key.isWellFormed()) throw new TypeError('canonical JSON cannot represent a lone surrogate');
    const serialised = serialise(member);
    all &&= immutable;
    if (!first) text += ',';
    first = false;
    text += `${JSON.stringify(key)}:${serialised}`;
  }
  immutable = all;
  return `${text}}`;
}
