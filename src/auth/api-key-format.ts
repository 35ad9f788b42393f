/**
 * API key format: `pss_<keyId>_<secret>`. The key id is a public handle (it identifies the key in
 * listings, logs and the audit trail, and lets secret scanners recognise a leaked key by its
 * prefix); the secret is 32 random bytes. Only SHA-256 of the whole key is stored. A key from
 * AUTH_BOOTSTRAP_KEY may be any string of 32+ characters; its key id is then derived from its hash.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const FORMAT = /^pss_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface GeneratedKey {
  keyId: string;
  key: string;
  secretHash: Buffer;
}

export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function generateKey(): GeneratedKey {
  const idBytes = randomBytes(12);
  let keyId = '';
  for (const byte of idBytes) keyId += ALPHABET[byte % ALPHABET.length];
  const key = `pss_${keyId}_${randomBytes(32).toString('base64url')}`;
  return { keyId, key, secretHash: hashKey(key) };
}

/** The key id a presented key claims: parsed from the format, or derived for free-form keys. */
export function keyIdOf(key: string): string {
  const match = FORMAT.exec(key);
  if (match) return match[1]!;
  return `bt${hashKey(key).toString('hex').slice(0, 20)}`;
}

/** Constant-time comparison of a presented key with a stored hash. */
export function keyMatches(presented: string, storedHash: Uint8Array): boolean {
  const candidate = hashKey(presented);
  return storedHash.length === candidate.length && timingSafeEqual(candidate, storedHash);
}
