import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activeRuleset } from '../../src/engine/index.js';
import { renderRulesReference, withReference } from './support/rules-doc.js';

describe('docs/rules.md', () => {
  it('its reference part is generated from the active ruleset (run test/engine/support/write-rules-doc.ts)', () => {
    const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    expect(doc).toBe(withReference(doc, renderRulesReference(activeRuleset)));
    expect(doc).toContain(activeRuleset.hash);
  });
});
