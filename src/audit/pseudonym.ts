/**
 * Client references are pseudonymised before storage with a keyed hash (HMAC-SHA256 with the
 * service's secret), per organisation: the database never holds the caller's reference in clear,
 * the same client at two organisations gets unrelated pseudonyms, and without the secret a
 * pseudonym cannot be tested against guessed references. Querying by clientRef works by hashing
 * the queried reference the same way.
 */
import { createHmac } from 'node:crypto';

export class Pseudonymiser {
  constructor(private readonly secret: string) {}

  clientRef(tenantId: string, ref: string): string {
    // A string is hashed as its UTF-8 bytes (the known answers of test/unit/pseudonym.test.ts).
    return createHmac('sha256', this.secret).update(`${tenantId}\u0000${ref}`).digest('hex');
  }
}
