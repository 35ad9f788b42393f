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
  return serialise(value).text;
}

interface Serialised {
  text: string;
  /** The value and everything inside it is immutable (primitives, or deeply frozen objects). */
  immutable: boolean;
}

function serialise(value: unknown): Serialised {
  if (value === null) return { text: 'null', immutable: true };
  switch (typeof value) {
    case 'boolean':
      return { text: value ? 'true' : 'false', immutable: true };
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot represent a non-finite number');
      return { text: JSON.stringify(value), immutable: true };
    case 'string':
      if (!value.isWellFormed()) throw new TypeError('canonical JSON cannot represent a lone surrogate');
      return { text: JSON.stringify(value), immutable: true };
    case 'object': {
      const remembered = frozenText.get(value);
      if (remembered !== undefined) return { text: remembered, immutable: true };
      const result = Array.isArray(value)
        ? serialiseArray(value)
        : serialiseObject(value as Record<string, unknown>);
      const immutable = result.immutable && Object.isFrozen(value);
      if (immutable) frozenText.set(value, result.text);
      return { text: result.text, immutable };
    }
    default:
      throw new TypeError(`canonical JSON cannot represent a value of type ${typeof value}`);
  }
}

function serialiseArray(value: unknown[]): Serialised {
  let text = '[';
  let immutable = true;
  for (let i = 0; i < value.length; i++) {
    if (i > 0) text += ',';
    // JSON.stringify turns holes and undefined array members into null; so do we.
    const item = value[i];
    if (item === undefined) {
      text += 'null';
      continue;
    }
    const member = serialise(item);
    text += member.text;
    immutable &&= member.immutable;
  }
  return { text: `${text}]`, immutable };
}

function serialiseObject(record: Record<string, unknown>): Serialised {
  // Default sort compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 requires.
  const keys = Object.keys(record).sort();
  let text = '{';
  let immutable = true;
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!key.isWellFormed()) throw new TypeError('canonical JSON cannot represent a lone surrogate');
    const serialised = serialise(member);
    if (!first) text += ',';
    first = false;
    text += `${JSON.stringify(key)}:${serialised.text}`;
    immutable &&= serialised.immutable;
  }
  return { text: `${text}}`, immutable };
}
