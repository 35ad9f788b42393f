/**
 * What a Dutch dossier must not show a reader (issue #14): internal source keys (seed file names),
 * raw ids (snake_case codes, question ids, rule ids, vocabulary codes) and English words.
 */
import { getRuleset, listRulesets } from '../../src/engine/index.js';
import {
  AGE_GROUPS,
  DECISION_CAPACITIES,
  DECISIONS,
  GROUNDS,
  INFORMATION_CATEGORIES,
  PROFESSIONAL_REGISTERS,
  PROFESSIONS,
  PURPOSE_TYPES,
  RECIPIENT_TYPES,
} from '../../src/engine/vocabulary.js';
import { EVENT_TYPES } from '../../src/services/assessments.js';

/** Codes that are also ordinary Dutch words, so finding them proves nothing. */
const DUTCH_WORDS = new Set(['school']);

/** English words that have no Dutch homograph (so "is", "of", "was", "met", "hash" are not here). */
const ENGLISH = [
  'the',
  'and',
  'with',
  'yes',
  'not',
  'this',
  'that',
  'shared',
  'sharing',
  'share',
  'withhold',
  'consent',
  'client',
  'decision',
  'ground',
  'answer',
  'answers',
  'question',
  'rule',
  'rules',
  'allowed',
  'required',
  'municipality',
  'diagnosis',
  'treatment',
  'police',
  'weighing',
  'unanswered',
  'none',
  'other',
  'true',
  'false',
  'trail',
  'checkpoint',
  'engine',
  'record',
  'recorded',
  'signed',
  'page',
];

function codes(): string[] {
  const out = new Set<string>([
    ...DECISIONS,
    ...GROUNDS,
    ...RECIPIENT_TYPES,
    ...PURPOSE_TYPES,
    ...INFORMATION_CATEGORIES,
    ...AGE_GROUPS,
    ...DECISION_CAPACITIES,
    ...PROFESSIONS,
    ...PROFESSIONAL_REGISTERS,
    ...EVENT_TYPES,
  ]);
  for (const { hash } of listRulesets()) {
    const ruleset = getRuleset(hash);
    if (!ruleset) continue;
    const data = ruleset.data as { rules: Array<{ id: string }>; obligations: Array<{ id: string }> };
    for (const rule of data.rules) out.add(rule.id);
    for (const o of data.obligations) out.add(o.id);
    for (const q of ruleset.internal.questions) out.add(q.id);
  }
  return [...out].filter((c) => !DUTCH_WORDS.has(c));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface TextFinding {
  kind: 'file name' | 'raw id' | 'English';
  match: string;
  context: string;
}

/**
 * Everything in a Dutch dossier's text that a reader should not see. `verbatim` lists values shown
 * as they are (signed notes, hashes, the log's origin): they are removed before the scan.
 */
export function unreadable(text: string, verbatim: readonly string[] = []): TextFinding[] {
  let scanned = text;
  for (const value of [...verbatim].sort((a, b) => b.length - a.length)) {
    if (value) scanned = scanned.split(value).join(' ');
  }
  const findings: TextFinding[] = [];
  const find = (kind: TextFinding['kind'], re: RegExp) => {
    for (const m of scanned.matchAll(re)) {
      const at = m.index ?? 0;
      findings.push({
        kind,
        match: m[0],
        context: scanned.slice(Math.max(0, at - 40), at + m[0].length + 40).replace(/\s+/g, ' '),
      });
    }
  };
  find('file name', /\d{3}_[0-9a-f]{16}\.txt/g);
  find('file name', /\b[\w-]+\.(?:txt|json|mjs|md|ts|pem)\b/g);
  find('raw id', /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g);
  find('raw id', /\b[a-z]+\.[a-z][A-Za-z_]+\b/g);
  for (const code of codes())
    find('raw id', new RegExp(`(?<![\\p{L}\\d_.-])${escapeRegExp(code)}(?![\\p{L}\\d_-])`, 'gu'));
  for (const word of ENGLISH) find('English', new RegExp(`(?<![\\p{L}\\d])${word}(?![\\p{L}\\d])`, 'giu'));
  return findings;
}

// biome-ignore lint/suspicious/noExplicitAny: walks exported JSON freely
type Json = Record<string, any>;

/** Values a dossier shows verbatim: hashes, signed notes, the origin, pseudonym and ids. */
export function verbatim(dossier: Json): string[] {
  const t = dossier.transparency ?? {};
  return [
    ...String(t.checkpoint ?? '').split('\n'),
    ...String(t.presentation ?? '').split('\n'),
    t.origin ?? '',
    ...dossier.chainEntries.flatMap((e: Json) => [e.hash, e.previousHash]),
    dossier.assessment.rulesetHash,
  ];
}
