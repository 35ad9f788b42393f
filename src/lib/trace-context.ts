/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): parsing and formatting the
 * `traceparent` and `tracestate` header values. Pure: no HTTP framework, no I/O besides the
 * random ids of a new span.
 *
 *   traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
 *                ^^ ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ^^^^^^^^^^^^^^^^ ^^
 *           version trace-id (16 bytes, hex)        parent-id (8 bytes) trace-flags
 *
 * A value that does not follow the grammar is ignored as a whole (§3.2.2.3, §3.2.2.4): the caller
 * then starts a new trace. Nothing here throws on bad input.
 */
import { randomBytes } from 'node:crypto';

/** A traceparent as received: the caller's trace and the id of the caller's operation. */
export interface Traceparent {
  traceId: string;
  parentId: string;
  flags: number;
}

/** trace-flags bit 0 (§3.2.2.5.1): the caller may have recorded trace data. */
export const FLAG_SAMPLED = 0x01;
/** trace-flags bit 1 (Level 2, "random trace id"): at least the right-most 7 bytes are random. */
export const FLAG_RANDOM = 0x02;

const HEX = /^[0-9a-f]+$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

const isTraceId = (s: string) => s.length === 32 && HEX.test(s) && s !== ZERO_TRACE;
const isSpanId = (s: string) => s.length === 16 && HEX.test(s) && s !== ZERO_SPAN;

/**
 * Parses a `traceparent` header value; null when it must be ignored. Version 00 is exactly 55
 * characters. A higher version (never ff) is read as far as version 00 defines it, provided the
 * flags are followed by the end or a dash (§3.2.4 "Versioning of traceparent"). Hex is lowercase
 * only: an id in capitals is a different, invalid value.
 */
export function parseTraceparent(value: string | undefined): Traceparent | null {
  if (value === undefined) return null;
  if (value.length < 55 || value[2] !== '-' || value[35] !== '-' || value[52] !== '-') return null;
  const version = value.slice(0, 2);
  if (!HEX.test(version) || version === 'ff') return null;
  if (version === '00' ? value.length !== 55 : value.length > 55 && value[55] !== '-') return null;
  const traceId = value.slice(3, 35);
  const parentId = value.slice(36, 52);
  const flags = value.slice(53, 55);
  if (!isTraceId(traceId) || !isSpanId(parentId) || !HEX.test(flags)) return null;
  return { traceId, parentId, flags: Number.parseInt(flags, 16) };
}

/** Formats a version 00 `traceparent` value; flags other than sampled and random are zero. */
export function formatTraceparent(traceId: string, spanId: string, flags: number): string {
  const known = flags & (FLAG_SAMPLED | FLAG_RANDOM);
  return `00-${traceId}-${spanId}-${known.toString(16).padStart(2, '0')}`;
}

/**
 * Random bytes as hex, drawn from a pool filled by the same CSPRNG (crypto.randomBytes), as
 * crypto.randomUUID does with its own cache: a call into OpenSSL per id cost ~25 µs of each
 * request's two ids under load (bench:profile, issue #15). Each byte is handed out once.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomHex(bytes: number): string {
  if (poolAt + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const hex = pool.toString('hex', poolAt, poolAt + bytes);
  poolAt += bytes;
  return hex;
}

/** A new random trace id (all 16 bytes random, so the random flag may be set). */
export function newTraceId(): string {
  for (;;) {
    const id = randomHex(16);
    if (id !== ZERO_TRACE) return id;
  }
}

/** A new random span id (never all zeros). */
export function newSpanId(): string {
  for (;;) {
    const id = randomHex(8);
    if (id !== ZERO_SPAN) return id;
  }
}

export const TRACESTATE_MAX_MEMBERS = 32;
/** §3.3.1.5: vendors should propagate at least 512 characters of a combined header. */
export const TRACESTATE_MAX_LENGTH = 512;

const KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;
// Printable ASCII except comma and '=', not ending in a space (§3.3.1.3.2).
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * Parses a `tracestate` header value (several header fields arrive joined with commas, as
 * RFC 9110 §5.3 combines them) into its list members, left to right. Returns null when the value
 * does not follow the grammar (the header is then discarded, §3.5 step 3): a malformed member,
 * more than 32 members, or a key that occurs twice. Empty members are allowed and skipped.
 * A list longer than 512 characters is truncated as §3.3.1.5 says: members over 128 characters
 * first, then from the right.
 */
export function parseTracestate(value: string | undefined): Array<[key: string, value: string]> | null {
  if (value === undefined) return null;
  const members: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const raw of value.split(',')) {
    const member = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (member === '') continue;
    const eq = member.indexOf('=');
    if (eq <= 0) return null;
    const key = member.slice(0, eq);
    const val = member.slice(eq + 1);
    if (!KEY.test(key) || !VALUE.test(val) || seen.has(key)) return null;
    seen.add(key);
    members.push([key, val]);
  }
  if (members.length > TRACESTATE_MAX_MEMBERS) return null;
  return truncateTracestate(members);
}

function truncateTracestate(members: Array<[string, string]>): Array<[string, string]> {
  const length = (list: Array<[string, string]>) =>
    list.reduce((n, [k, v]) => n + k.length + 1 + v.length, 0) + Math.max(0, list.length - 1);
  let list = members;
  if (length(list) <= TRACESTATE_MAX_LENGTH) return list;
  list = list.filter(([k, v]) => k.length + 1 + v.length <= 128);
  while (length(list) > TRACESTATE_MAX_LENGTH) list = list.slice(0, -1);
  return list;
}

export function formatTracestate(members: Array<[string, string]>): string {
  return members.map(([k, v]) => `${k}=${v}`).join(',');
}

/** The trace context of one incoming request, as this service continues it. */
export interface RequestTrace {
  traceId: string;
  /** This service's operation: the span id it answers with and logs. */
  spanId: string;
  /** The caller's operation (the parent-id it sent), when a valid traceparent came in. */
  parentSpanId: string | null;
  /** trace-flags this service answers with. */
  flags: number;
  /** The caller's tracestate, only alongside a valid traceparent (§3.5). */
  tracestate: Array<[string, string]> | null;
}

/**
 * Continues the caller's trace when its traceparent is valid; otherwise starts a new one (and
 * drops any tracestate, §3.5 "No traceparent received", step 3). Every request is recorded, so
 * the sampled flag is set; the random flag is the caller's when continuing (Level 2 §3.2.2.5.2)
 * and set when this service generated the trace id itself.
 */
export function traceForRequest(
  traceparent: string | undefined,
  tracestate: string | undefined,
): RequestTrace {
  const incoming = parseTraceparent(traceparent);
  if (!incoming) {
    return {
      traceId: newTraceId(),
      spanId: newSpanId(),
      parentSpanId: null,
      flags: FLAG_SAMPLED | FLAG_RANDOM,
      tracestate: null,
    };
  }
  return {
    traceId: incoming.traceId,
    spanId: newSpanId(),
    parentSpanId: incoming.parentId,
    flags: (incoming.flags & FLAG_RANDOM) | FLAG_SAMPLED,
    tracestate: parseTracestate(tracestate),
  };
}
