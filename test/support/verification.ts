/**
 * Verification over ranges in worker threads must find exactly what verification in one thread
 * finds: at the same entry, for the same reason, with the same counts from the chain checks.
 * Tests that verify a chain (intact or tampered with) call this with the report they got, and it
 * verifies again in parallel: two workers, ranges of five entries, so that every link between
 * ranges and every kind of finding lies across many boundaries.
 */
import { expect } from 'vitest';
import type { Backend } from '../../src/server.js';

export async function expectParallelAgrees(
  backend: Backend,
  tenantId: string,
  report: {
    intact: boolean;
    recordsChecked: number;
    headSequence: number;
    firstBrokenLink: { sequence: number; reason: string } | null;
    checks: Array<{ name: string; checked: number }>;
  },
): Promise<void> {
  const parallel = await backend.verifier.verify(tenantId, { workers: 2, rangeSize: 5, minEntries: 0 });
  expect({
    intact: parallel.intact,
    recordsChecked: parallel.recordsChecked,
    headSequence: parallel.headSequence,
    firstBrokenLink: parallel.firstBrokenLink,
    checks: parallel.checks,
  }).toEqual({
    intact: report.intact,
    recordsChecked: report.recordsChecked,
    headSequence: report.headSequence,
    firstBrokenLink: report.firstBrokenLink,
    checks: report.checks,
  });
}
