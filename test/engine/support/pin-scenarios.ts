/**
 * Writes the result digest of every scenario case under every ruleset it names, after a change
 * was reviewed (`npx tsx test/engine/support/pin-scenarios.ts`). It refuses while any case does not
 * behave as it expects: digests pin texts and traces on top of reviewed behaviour, never instead.
 * Short lists are written in flow style so that a case reads in a few lines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, visit, type YAMLMap } from 'yaml';
import { evaluate, getRuleset, listRulesets } from '../../../src/engine/index.js';
import {
  checkCase,
  loadScenarios,
  optionsOf,
  requestOf,
  resultDigest,
  SCENARIO_DIR,
  scenarioFiles,
} from './scenarios.js';

const rulesets = new Map(listRulesets().map((r) => [r.version, getRuleset(r.hash)!]));
const cases = loadScenarios();
const failing = cases.flatMap((c) =>
  c.ruleset.filter((v) => checkCase(c, rulesets.get(v)!) !== null).map((v) => `${c.file}: ${c.name} (${v})`),
);
if (failing.length > 0 && !process.argv.includes('--force-format')) {
  process.stderr.write(`Not pinning: these cases do not behave as they expect:\n- ${failing.join('\n- ')}\n`);
  process.exit(1);
}

for (const file of scenarioFiles()) {
  const url = new URL(file, SCENARIO_DIR);
  const doc = parseDocument(readFileSync(url, 'utf8'));
  const mine = cases.filter((c) => c.file === file);
  const items = doc.contents;
  if (!isSeq(items)) throw new Error(`${file}: expected a list of cases`);
  items.items.forEach((node, i) => {
    const c = mine[i]!;
    if (!isMap(node)) return;
    const digests: Record<string, string> = {};
    for (const v of c.ruleset)
      digests[v] = resultDigest(evaluate(requestOf(c), optionsOf(c), rulesets.get(v)!));
    (node as YAMLMap<unknown, unknown>).set('digest', doc.createNode(digests));
  });
  visit(doc, {
    Seq(_, seq) {
      if (seq.items.every((it) => isScalar(it)) && seq.items.length <= 8) seq.flow = true;
    },
  });
  writeFileSync(url, doc.toString({ lineWidth: 110, flowCollectionPadding: false }));
}
process.stdout.write(`pinned ${cases.length} cases in ${scenarioFiles().length} files\n`);
