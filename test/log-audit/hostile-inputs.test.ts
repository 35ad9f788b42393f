/**
 * The closing figures of the hostile-input suites (test/support/hostile.ts), over the whole
 * integration run: how many distinct hostile inputs were tried, and that none got a 5xx and none
 * that was refused left anything behind. Printed as one line, for the security notes:
 *   hostile inputs: N distinct (suite: n, …); 5xx: 0; records left by refused requests: 0
 * Runs after the integration project (vitest.config.ts, groupOrder 1); with no integration run
 * before it (this project alone), there is nothing to count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTILE_SUFFIX } from '../support/hostile.js';

interface Line {
  suite: string;
  digest: string;
  status: number;
  changed: boolean;
}

function readLines(): Line[] {
  const dir = process.env.PSS_TEST_LOG_DIR;
  if (!dir) return [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(HOSTILE_SUFFIX));
  } catch {
    return [];
  }
  return files.flatMap((file) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Line),
  );
}

const lines = readLines();

describe('hostile inputs tried by the integration run', () => {
  it('got no 5xx, and none that was refused left a record', () => {
    const distinct = new Set(lines.map((l) => l.digest));
    const perSuite = new Map<string, Set<string>>();
    for (const line of lines) {
      const set = perSuite.get(line.suite) ?? new Set<string>();
      set.add(line.digest);
      perSuite.set(line.suite, set);
    }
    const serverErrors = lines.filter((l) => l.status >= 500);
    const leftBehind = lines.filter((l) => l.status >= 400 && l.changed);
    process.stdout.write(
      `hostile inputs: ${distinct.size} distinct (${[...perSuite].map(([suite, set]) => `${suite}: ${set.size}`).join(', ')}); ` +
        `5xx: ${serverErrors.length}; records left by refused requests: ${leftBehind.length}\n`,
    );
    expect(serverErrors).toEqual([]);
    expect(leftBehind).toEqual([]);
  });
});
