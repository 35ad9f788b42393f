/** Rewrites the generated reference part of docs/rules.md from the active ruleset. */
import { readFileSync, writeFileSync } from 'node:fs';
import { activeRuleset } from '../../../src/engine/index.js';
import { renderRulesReference, withReference } from './rules-doc.js';

const path = new URL('../../../docs/rules.md', import.meta.url);
writeFileSync(path, withReference(readFileSync(path, 'utf8'), renderRulesReference(activeRuleset)));
