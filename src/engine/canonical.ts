/**
 * The ruleset content hash: SHA-256 of the canonical JSON (RFC 8785) of the rule data. The
 * serialiser is the project's pure one (src/lib/canonical-json.ts, no I/O), the same that the
 * integrity chain uses, so "canonical" means one thing throughout.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/canonical-json.js';

export { canonicalJson };

/** sha256 hex of the canonical JSON of the data. */
export function contentHash(data: unknown): string {
  return createHash('sha256')
    .update(
      canonicalJson(data),
      // RFC 8785 hashes the UTF-8 bytes. UTF-8 is also Hash.update's default, so the mutant that
      // empties the encoding cannot be told apart (docs/testing.md).
      // Stryker disable next-line StringLiteral: equivalent, see above
      'utf8',
    )
    .digest('hex');
}
