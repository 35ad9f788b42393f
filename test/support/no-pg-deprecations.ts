/**
 * node-postgres 8 warns (once per process) when a statement is queued on a connection that is
 * still busy, which pg 9 removes; the service pipelines instead (issue #15: the warning must be
 * gone from `npm start`, the tests and the benchmarks). Any deprecation warning of pg fails the
 * test file during which it was emitted, whichever code (service or test) queued the statement.
 */
import { afterAll, expect } from 'vitest';

const warnings: string[] = [];
const listener = (warning: Error) => {
  if (warning.name === 'DeprecationWarning' && warning.message.includes('pg@9'))
    warnings.push(warning.message);
};
process.on('warning', listener);

afterAll(() => {
  process.off('warning', listener);
  expect(warnings, 'node-postgres deprecation warnings in this test file').toEqual([]);
});
