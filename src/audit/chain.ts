/**
 * The hash chain, as a third party recomputes it. Each entry of a tenant's chain is
 *
 *   content = canonical JSON (RFC 8785) of the envelope below
 *   hash    = lowercase hex SHA-256 of the UTF-8 bytes of (previousHash + content)
 *
 * where previousHash is the hash of the entry before it (64 zeros for the first). The envelope
 * binds an entry to its tenant and position, so an entry cannot be moved to another chain or
 * place without breaking the link. This file has no dependencies beyond node:crypto so the
 * offline verifier can use it as is.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);
export const ENVELOPE_SCHEMA = 'beroepsgeheim.audit-entry/1';

export interface Envelope {
  schema: typeof ENVELOPE_SCHEMA;
  tenantId: string;
  sequence: number;
  entryType: string;
  entityId: string;
  recordedAt: string;
  /**
   * The values of the row that indexes this entry (case reference, client pseudonym, decision, …),
   * for entry types that have one. They repeat values from `data`; having them in the hashed
   * envelope lets verification prove the index rows without parsing every record.
   */
  index?: Record<string, unknown>;
  data: unknown;
}

/**
 * `content` as text, or as its UTF-8 bytes (as verification reads it from the database). Text is
 * hashed as UTF-8, `update`'s encoding for a string; the known answers of test/vectors prove it.
 */
export function chainHash(previousHash: string, content: string | Uint8Array): string {
  return createHash('sha256').update(previousHash).update(content).digest('hex');
}

export function envelopeContent(envelope: Omit<Envelope, 'schema'>): string {
  return canonicalJson({ schema: ENVELOPE_SCHEMA, ...envelope });
}

/**
 * Canonical JSON sorts members by name, so an envelope's content is always
 *   {"data":<data>,"entityId":…,"entryType":…[,"index":…],"recordedAt":…,"schema":…,"sequence":…,"tenantId":…}
 * This returns everything after <data>: what the stored columns (and index row) of an entry imply
 * its content must end with. Comparing it is exact and needs no parsing of the record.
 */
export function envelopeTail(envelope: Omit<Envelope, 'schema' | 'data'>): string {
  // Verification builds one per entry, so the fixed members are written directly, in the order
  // canonical JSON puts them (entityId, entryType, index, recordedAt, schema, sequence, tenantId);
  // test/unit/chain.test.ts holds the result equal to the general serialiser's.
  const index = envelope.index === undefined ? '' : `,"index":${canonicalJson(envelope.index)}`;
  return (
    `,"entityId":${canonicalJson(envelope.entityId)},"entryType":${canonicalJson(envelope.entryType)}${index}` +
    `,"recordedAt":${canonicalJson(envelope.recordedAt)},"schema":"${ENVELOPE_SCHEMA}"` +
    `,"sequence":${canonicalJson(envelope.sequence)},"tenantId":${canonicalJson(envelope.tenantId)}}`
  );
}

export const ENVELOPE_HEAD = '{"data":';
