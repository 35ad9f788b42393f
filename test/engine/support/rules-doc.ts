/**
 * Renders the reference part of docs/rules.md from the rule data, so the document a legal reader
 * checks is exactly what the engine evaluates. docs.test.ts fails when the two drift apart;
 * `npx tsx test/engine/support/write-rules-doc.ts` rewrites the generated part.
 */
import {
  type CompiledRuleset,
  conditionText,
  questionCatalogue,
  rulesView,
} from '../../../src/engine/index.js';

export const START = '<!-- generated:start (npx tsx test/engine/support/write-rules-doc.ts) -->';
export const END = '<!-- generated:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const sources = (list: readonly string[]) => list.map((s) => `- ${s}`).join('\n');

export function renderRulesReference(rs: CompiledRuleset): string {
  const out: string[] = [];
  const nlViews = new Map(rulesView(rs, 'nl').map((v) => [v.id, v]));
  out.push(`## Reference: ruleset ${rs.version}`, '');
  out.push(`Content hash (sha256 of the canonical rule data): \`${rs.hash}\`.`, '');

  out.push('### Questions, in decision-tree order', '');
  out.push('| # | id | type | question (nl) | question (en) | grounds it decides |');
  out.push('|---|---|---|---|---|---|');
  const en = questionCatalogue(rs, { language: 'en' });
  const nl = new Map(questionCatalogue(rs, { language: 'nl' }).map((q) => [q.id, q]));
  for (const q of en) {
    const type = q.type === 'enum' ? `enum: ${q.options!.join(', ')}` : q.type;
    out.push(
      `| ${q.order} | \`${q.id}\` | ${type} | ${cell(nl.get(q.id)!.text)} | ${cell(q.text)} | ${q.grounds!.join(', ') || '—'} |`,
    );
  }
  out.push('');

  out.push('### Decision rules, in evaluation (trace) order', '');
  for (const v of rulesView(rs, 'en')) {
    if (v.kind === 'obligation' || v.kind === 'minimisation') continue;
    const what =
      v.kind === 'route'
        ? `route → \`${v.decision}\` on ground \`${v.ground}\``
        : v.kind === 'helper'
          ? 'helper'
          : 'notice';
    out.push(`#### \`${v.id}\` (${what})`, '');
    out.push(`**${nlViews.get(v.id)!.title}** — *${v.title}*`, '');
    if (v.applies) out.push(`- Applies to: ${conditionText(v.applies, rs, 'en')}`);
    out.push(`- Holds when: ${conditionText(v.when, rs, 'en')}`);
    if (v.validFrom || v.validUntil)
      out.push(
        `- Law from ${v.validFrom ?? 'always'} until ${v.validUntil ?? 'now'} (judged on the day of the weighing)`,
      );
    out.push(`- NL: ${nlViews.get(v.id)!.description}`, `- EN: ${v.description}`, '');
    out.push('Citations:', '', sources(v.sources), '');
  }

  out.push('### Obligations, in output order', '');
  out.push('| id | when | text (en) | citations |', '|---|---|---|---|');
  for (const v of rulesView(rs, 'en').filter((x) => x.kind === 'obligation'))
    out.push(
      `| \`${v.title}\` | ${cell(v.conditionText)} | ${cell(v.description)} | ${cell(v.sources.join('; '))} |`,
    );
  out.push('');

  out.push('### Minimisation, first matching rule per requested category', '');
  out.push('| # | id | action | when | reason (en) | citations |', '|---|---|---|---|---|---|');
  let i = 0;
  for (const v of rulesView(rs, 'en').filter((x) => x.kind === 'minimisation'))
    out.push(
      `| ${++i} | \`${v.id}\` | ${v.action} | ${cell(v.conditionText)} | ${cell(v.description)} | ${cell(v.sources.join('; '))} |`,
    );
  out.push('');
  return out.join('\n');
}

/** Replaces the generated part of the document. */
export function withReference(doc: string, reference: string): string {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error('docs/rules.md lacks the generated-section markers');
  return `${doc.slice(0, a + START.length)}\n\n${reference}\n${doc.slice(b)}`;
}
