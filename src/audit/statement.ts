/**
 * The signed statements of format `beroepsgeheim.checkpoint/1` (released in 0.1; still verified,
 * no longer written: checkpoints are C2SP signed notes now, see checkpoint.ts). A released format
 * never changes, so this module only reads them, strictly: a statement is accepted only with
 * exactly the members of its kind, each of the right type and range. Anything else is malformed
 * and verification reports it at entry 1, never as "no failure".
 *
 *   head:   { schema, kind: 'head', tenantId, sequence, hash, signedAt, publicKeyId }
 *   export: { schema, kind: 'export', tenantId, assessmentId, entries: [{ sequence, hash }…],
 *             head: { sequence, hash }, verifiedAt, signedAt, publicKeyId }
 *
 * The text signed is the canonical JSON (RFC 8785) of the statement, with Ed25519 (signing.ts).
 */
import { canonicalJson } from '../lib/canonical-json.js';

export const CHECKPOINT_SCHEMA = 'beroepsgeheim.checkpoint/1';

export interface ChainPosition {
  sequence: number;
  hash: string;
}

export interface HeadStatement extends ChainPosition {
  schema: typeof CHECKPOINT_SCHEMA;
  kind: 'head';
  tenantId: string;
  signedAt: string;
  publicKeyId: string;
}

export interface ExportStatement {
  schema: typeof CHECKPOINT_SCHEMA;
  kind: 'export';
  tenantId: string;
  assessmentId: string;
  entries: ChainPosition[];
  head: ChainPosition;
  verifiedAt: string;
  signedAt: string;
  publicKeyId: string;
}

export type Statement = HeadStatement | ExportStatement;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const hasExactly = (v: Record<string, unknown>, keys: string[]) =>
  Object.keys(v).length === keys.length && keys.every((k) => k in v);
const isSequence = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
const isTime = (v: unknown) => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));

function isPosition(v: unknown): v is ChainPosition {
  return (
    isObject(v) &&
    hasExactly(v, ['sequence', 'hash']) &&
    isSequence(v.sequence) &&
    typeof v.hash === 'string' &&
    HEX64.test(v.hash)
  );
}

/**
 * The statement a signed text holds, or null when it is not exactly a well-formed statement: JSON,
 * canonical (the signed bytes are the canonical form), the known schema, and the members of its
 * kind with valid values. An export statement's entries must be in increasing order, none beyond
 * its head.
 */
export function parseStatement(text: string): Statement | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || value.schema !== CHECKPOINT_SCHEMA) return null;
  try {
    if (canonicalJson(value) !== text) return null;
  } catch {
    return null;
  }
  const common =
    typeof value.tenantId === 'string' &&
    UUID.test(value.tenantId) &&
    isTime(value.signedAt) &&
    typeof value.publicKeyId === 'string' &&
    KEY_ID.test(value.publicKeyId);
  if (!common) return null;
  if (value.kind === 'head') {
    const ok =
      hasExactly(value, ['schema', 'kind', 'tenantId', 'sequence', 'hash', 'signedAt', 'publicKeyId']) &&
      isPosition({ sequence: value.sequence, hash: value.hash });
    return ok ? (value as unknown as HeadStatement) : null;
  }
  if (value.kind === 'export') {
    const entries = value.entries;
    const ok =
      hasExactly(value, [
        'schema',
        'kind',
        'tenantId',
        'assessmentId',
        'entries',
        'head',
        'verifiedAt',
        'signedAt',
        'publicKeyId',
      ]) &&
      typeof value.assessmentId === 'string' &&
      UUID.test(value.assessmentId) &&
      isTime(value.verifiedAt) &&
      isPosition(value.head) &&
      Array.isArray(entries) &&
      entries.length > 0 &&
      entries.every(isPosition) &&
      entries.every((e, i) => i === 0 || e.sequence > (entries[i - 1] as ChainPosition).sequence) &&
      (entries[entries.length - 1] as ChainPosition).sequence <= value.head.sequence;
    return ok ? (value as unknown as ExportStatement) : null;
  }
  return null;
}

/** Every (sequence, hash) a statement vouches for. */
export function positionsOf(statement: Statement): ChainPosition[] {
  if (statement.kind === 'head') return [{ sequence: statement.sequence, hash: statement.hash }];
  return [...statement.entries, statement.head];
}
