/**
 * Canonical JSON as specified by RFC 8785 (JSON Canonicalization Scheme): object members sorted by
 * the UTF-16 code units of their names, no insignificant whitespace, strings and numbers serialised
 * as ECMAScript's JSON.stringify does (which is what RFC 8785 prescribes for both).
 *
 * The integrity chain hashes this form, so it must be stable across Node versions and platforms:
 * it has no dependency beyond the language itself.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalJson(value: unknown): string {
  return serialise(value);
}

function serialise(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot represent a non-finite number');
      return JSON.stringify(value);
    case 'string':
      if (!value.isWellFormed()) throw new TypeError('canonical JSON cannot represent a lone surrogate');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          // JSON.stringify turns holes and undefined array members into null; so do we.
          const item = value[i];
          out += item === undefined ? 'null' : serialise(item);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 requires.
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += `${serialise(key)}:${serialise(member)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot represent a value of type ${typeof value}`);
  }
}
