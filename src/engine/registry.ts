/**
 * The released rulesets. Every released version stays here, unchanged, forever: a recorded
 * weighing is replayed with the ruleset it was made with, found by its content hash. To release a
 * new version, add a new frozen data module under rulesets/ and point ACTIVE_VERSION at it (see
 * README.md); never edit a released module (a test pins each hash).
 */

import { contentHash } from './canonical.js';
import { type CompiledRuleset, compileRuleset } from './compile.js';
import { ruleset_2026_11_1 } from './rulesets/2026-11-1.js';
import { ruleset_2026_12_1 } from './rulesets/2026-12-1/index.js';

/** Oldest first. */
const RELEASED: readonly unknown[] = [ruleset_2026_11_1, ruleset_2026_12_1];
const ACTIVE_VERSION = '2026.12.1';

const versionOf = (data: unknown) => (data as { version: string }).version;
const released = RELEASED.map((data) => ({ data, version: versionOf(data), hash: contentHash(data) }));
const compiled = new Map<string, CompiledRuleset>();

function load(entry: (typeof released)[number]): CompiledRuleset {
  let rs = compiled.get(entry.hash);
  if (!rs) {
    rs = compileRuleset(entry.data);
    compiled.set(entry.hash, rs);
  }
  return rs;
}

const activeEntry = released.find((r) => r.version === ACTIVE_VERSION);
if (!activeEntry) throw new Error(`active ruleset ${ACTIVE_VERSION} is not among the released rulesets`);

/** The ruleset new weighings use. Compiled once, at start-up: malformed data stops start-up. */
export const activeRuleset: CompiledRuleset = load(activeEntry);

/** A released ruleset by its content hash (compiled on first use), or undefined. */
export function getRuleset(hash: string): CompiledRuleset | undefined {
  const entry = released.find((r) => r.hash === hash);
  return entry ? load(entry) : undefined;
}

export function listRulesets(): Array<{ version: string; hash: string; active: boolean }> {
  return released.map((r) => ({ version: r.version, hash: r.hash, active: r.hash === activeRuleset.hash }));
}
