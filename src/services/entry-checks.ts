/**
 * Checks of every chain entry that the database also enforces on insert (the chain trigger): its
 * type is one the service writes, and it is not dated in the future. An entry that fails them was
 * not written by the service, or was written with the triggers switched off; verification reports
 * it at its position like any other broken link.
 */
import { ACCESS_GRANT_ACCEPTED, ACCESS_GRANT_CREATED, ACCESS_GRANT_REVOKED } from './access-grants.js';
import { API_KEY_CREATED, API_KEY_REVOKED } from './api-keys.js';
import { ASSESSMENT_EVENT, ASSESSMENT_RECORDED } from './assessments.js';
import type { BrokenLink, ChainCheck } from './audit-verifier.js';
import { CONSENT_RECORDED, CONSENT_WITHDRAWN } from './consent-view.js';

/**
 * Every entry type the service writes. The audit_entry_types table must hold the same (a test
 * compares them): a migration adding a type adds its row there, and the type here.
 */
export const KNOWN_ENTRY_TYPES: ReadonlySet<string> = new Set([
  ASSESSMENT_RECORDED,
  ASSESSMENT_EVENT,
  API_KEY_CREATED,
  API_KEY_REVOKED,
  ACCESS_GRANT_CREATED,
  ACCESS_GRANT_REVOKED,
  ACCESS_GRANT_ACCEPTED,
  CONSENT_RECORDED,
  CONSENT_WITHDRAWN,
]);

/** How far ahead of the clock an entry may be dated (clocks of several machines differ a little). */
export const MAX_CLOCK_AHEAD_MS = 60_000;

export function entryChecks(now: () => number = Date.now): ChainCheck {
  return {
    name: 'entry_types_and_times',
    start: async () => {
      let checked = 0;
      return {
        checked: () => checked,
        check: (entries): BrokenLink | null => {
          // Judged against the clock as the entries are checked: those appended while a long run
          // goes on are honest, and dated before it.
          const latest = now() + MAX_CLOCK_AHEAD_MS;
          for (const entry of entries) {
            checked += 1;
            if (!KNOWN_ENTRY_TYPES.has(entry.entryType)) {
              return { sequence: entry.sequence, reason: 'the entry has a type the service does not write' };
            }
            if (entry.recordedAt.getTime() > latest) {
              return { sequence: entry.sequence, reason: 'the entry is dated in the future' };
            }
          }
          return null;
        },
        finish: () => null,
      };
    },
  };
}
