/**
 * Text a person or a calling system types, and that the service stores, logs or hashes into the
 * chain. Every such string field of every request schema is built with `storableText` (a unit
 * test walks every route's schemas and fails for a string field that is not): one guard, in one
 * place, so a field added later is covered by using it.
 *
 * The guard refuses, naming the field and never quoting the value:
 * - a BSN in any spelling (src/lib/bsn.ts): 422 `contains_bsn`. The Wabb (art. 10) allows the BSN
 *   only where a statute provides for it, and what is stored here is kept forever;
 * - control characters (line breaks are allowed in free text only) and bidirectional controls
 *   (override and isolate controls everywhere; in names, references and tokens also the marks):
 *   400 `invalid_characters`. An ANSI escape or a right-to-left override in a key's name can hide
 *   or disguise rows in a terminal listing;
 * - unpaired surrogates (not encodable as UTF-8): 400 `invalid_characters`.
 */
import { z } from 'zod';
import { containsBsn, tokenHoldsBsn } from '../../lib/bsn.js';

/**
 * `reference`: an opaque reference of the calling system (case, client, professional).
 * `name`: a single-line name (an API key's name, a display name).
 * `free`: free text in words (recipient name, purpose, notes, motivation); may span lines.
 * `token`: a machine token chosen by the caller (Idempotency-Key, cursor).
 */
export type TextKind = 'reference' | 'name' | 'free' | 'token';

/** How a refusal by the guard is marked on its zod issue, so the HTTP layer can tell it apart. */
export const REFUSAL_PARAM = 'refusal';
export type Refusal = 'contains_bsn' | 'invalid_characters';

export const BSN_REASON =
  'looks like it holds a BSN (burgerservicenummer: nine digits passing the eleven-test, however ' +
  'written); a BSN may not be stored here. Send an opaque reference of your own system, and leave ' +
  'long numbers out of free text';

/** C0 and C1 controls and DEL; in free text, tab and line breaks are allowed. */
function hasControl(value: string, allowLineBreaks: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      if (allowLineBreaks && (code === 0x09 || code === 0x0a || code === 0x0d)) continue;
      return true;
    }
  }
  return false;
}
// Embedding, override and isolate controls reorder what is displayed (Trojan Source).
const BIDI_REORDERING = /[\u202a-\u202e\u2066-\u2069]/;
// Also the directional marks: invisible, and nothing a name or reference needs.
const BIDI_ANY = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function textProblem(kind: TextKind, value: string): { refusal: Refusal; reason: string } | null {
  if (!value.isWellFormed()) {
    return { refusal: 'invalid_characters', reason: 'contains an unpaired surrogate (not valid Unicode)' };
  }
  if (hasControl(value, kind === 'free')) {
    return {
      refusal: 'invalid_characters',
      reason:
        kind === 'free'
          ? 'contains a control character (only tabs and line breaks are allowed)'
          : 'contains a control character',
    };
  }
  if ((kind === 'free' ? BIDI_REORDERING : BIDI_ANY).test(value)) {
    return { refusal: 'invalid_characters', reason: 'contains a bidirectional text control character' };
  }
  if (kind === 'token' ? tokenHoldsBsn(value) : containsBsn(value)) {
    return { refusal: 'contains_bsn', reason: BSN_REASON };
  }
  return null;
}

const guards = new Map<TextKind, z.core.$ZodCheck<string>>();
const guardChecks = new WeakSet<object>();

function guard(kind: TextKind): z.core.$ZodCheck<string> {
  let check = guards.get(kind);
  if (!check) {
    check = z.superRefine<string>((value, ctx) => {
      const problem = textProblem(kind, value);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: problem.reason,
          params: { [REFUSAL_PARAM]: problem.refusal },
        });
      }
    });
    guards.set(kind, check);
    guardChecks.add(check);
  }
  return check;
}

export interface TextOptions {
  min?: number;
  max: number;
  /** Trim surrounding whitespace before the length checks. */
  trim?: boolean;
}

/** A string field of a request that the service may store, log or hash. Use it for every one. */
export function storableText(kind: TextKind, options: TextOptions): z.ZodString {
  let schema = z.string();
  if (options.trim) schema = schema.trim();
  if (options.min !== undefined) schema = schema.min(options.min);
  return schema.max(options.max).check(guard(kind));
}

const exemptChecks = new WeakSet<object>();

/**
 * A string field exempt from the guard: a machine value copied from this service's own answers (a
 * SHA-256 digest, which the guard would refuse about one time in sixteen), a format checked as a
 * whole that cannot hold free text (a date), or a value read and never stored or logged (a
 * language preference). `why` is for the reader; test/unit/storable-text.test.ts lists every one.
 */
export function machineValue(schema: z.ZodString, why: string): z.ZodString {
  const marker = z.check<string>(() => undefined);
  exemptChecks.add(marker);
  return schema.check(marker).describe(schema.description ?? why);
}

const checksOf = (schema: z.ZodType) => (schema._zod.def as { checks?: unknown[] }).checks ?? [];

/** The guard added to a string schema with a format of its own (a URL, say). */
export function withTextGuard<T extends z.ZodType<string>>(schema: T, kind: TextKind): T {
  return (schema as unknown as z.ZodString).check(guard(kind)) as unknown as T;
}

/** Whether a zod schema carries the guard (for the test that walks every request schema). */
export function isStorableText(schema: z.ZodType): boolean {
  return checksOf(schema).some((check) => guardChecks.has(check as object));
}

/** Whether a zod schema was declared a machine value (see machineValue). */
export function isMachineValue(schema: z.ZodType): boolean {
  return checksOf(schema).some((check) => exemptChecks.has(check as object));
}

/** A reference of the calling system: opaque, never a BSN or other direct identifier. */
export const OpaqueRef = storableText('reference', { min: 1, max: 100 });
