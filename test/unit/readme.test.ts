/**
 * The README's worked dialogue shows what the service answers; its excerpts are computed by the
 * rules engine (scripts/readme-dialogue.ts). When the rules change, `npm run readme:dialogue`
 * refreshes them, and this test says when that has not been done.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_PATH, withDialogue } from '../../scripts/readme-dialogue.js';

describe('README', () => {
  it('has the worked dialogue as the rules engine answers it (npm run readme:dialogue)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(withDialogue(readme)).toBe(readme);
    for (const decision of ['needs_more_information', 'not_allowed', 'allowed'])
      expect(readme).toContain(`"decision": "${decision}"`);
  });
});
