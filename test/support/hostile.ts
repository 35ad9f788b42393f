/**
 * Accounting of the hostile inputs the tests try: each suite that throws refused or malformed input
 * at the service records, per request, a digest of what it sent, the status it got and whether any
 * table changed. test/log-audit/hostile-inputs.test.ts reads them all after the integration run and
 * gives the closing figures: distinct hostile inputs, 5xx answers (must be 0), and records left by
 * refused requests (must be 0). Files live next to the captured logs (PSS_TEST_LOG_DIR).
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const HOSTILE_SUFFIX = '.hostile';

let file: string | undefined;

export interface HostileOutcome {
  status: number;
  /** Whether any table changed (only meaningful for refused requests). */
  changed: boolean;
}

/** Records one hostile request: `input` is everything that was sent (method, path, headers, body). */
export function recordHostile(suite: string, input: string, outcome: HostileOutcome): void {
  const dir = process.env.PSS_TEST_LOG_DIR;
  if (!dir) return;
  if (!file) {
    mkdirSync(dir, { recursive: true });
    file = join(dir, `${process.pid}-${randomBytes(6).toString('hex')}${HOSTILE_SUFFIX}`);
  }
  const digest = createHash('sha256').update(input).digest('hex');
  appendFileSync(file, `${JSON.stringify({ suite, digest, ...outcome })}\n`);
}
