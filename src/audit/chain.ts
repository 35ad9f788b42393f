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
  data: unknown;
}

export function chainHash(previousHash: string, content: string): string {
  return createHash('sha256').update(previousHash, 'utf8').update(content, 'utf8').digest('hex');
}

export function envelopeContent(envelope: Omit<Envelope, 'schema'>): string {
  return canonicalJson({ schema: ENVELOPE_SCHEMA, ...envelope });
}
