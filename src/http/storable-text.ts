/**
 * PostgreSQL cannot store the NUL character in text, and an unpaired UTF-16 surrogate cannot be
 * encoded as UTF-8 (nor canonicalised for hashing). Both are refused at the boundary with a 400
 * naming the field, instead of failing later as a server error.
 */
import type { InvalidParam } from './problem.js';

const MAX_DEPTH = 32;

export function findUnstorableText(
  value: unknown,
  path = 'body',
  depth = 0,
  out: InvalidParam[] = [],
): InvalidParam[] {
  if (out.length >= 10) return out;
  if (depth > MAX_DEPTH) {
    out.push({ name: path, code: 'too_deep', reason: 'is nested too deeply' });
    return out;
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000') || !value.isWellFormed()) {
      out.push({
        name: path,
        code: 'invalid_characters',
        reason: 'contains a NUL character or an unpaired surrogate',
      });
    }
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) findUnstorableText(item, `${path}.${i}`, depth + 1, out);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const safeKey = /^[A-Za-z0-9_.-]{1,64}$/.test(key) ? key : '(field)';
      if (key.includes('\u0000') || !key.isWellFormed()) {
        out.push({
          name: `${path}.${safeKey}`,
          code: 'invalid_characters',
          reason: 'has a name with a NUL character or an unpaired surrogate',
        });
      }
      findUnstorableText(item, `${path}.${safeKey}`, depth + 1, out);
    }
  }
  return out;
}
