/**
 * A weighing that references a registered consent: the answers the registry gives, and the record
 * of which consent was used (its chain entry), whether it fitted and why not. The record is kept
 * with the weighing in the chain and shown as the first entry of its trace, so the dossier shows
 * exactly what the professional was shown.
 */
import type { AnswerValue, TraceEntry } from '../engine/types.js';
import type { Language } from '../engine/vocabulary.js';
import { consentAnswers } from './answers.js';
import { type MatchStatus, matchConsent, type ReasonCode } from './match.js';
import { type Labels, PHRASES, REASON_SOURCES, reasonText } from './texts.js';
import type { EntryRef, RegisteredConsent, WeighingFacts } from './types.js';

/** The rule id of the registry's entry in a weighing's trace. */
export const REGISTRY_RULE_ID = 'consent.registry';

export interface ConsentUseReason {
  code: ReasonCode;
  explanation: string;
  sources: string[];
}

/** How a weighing used a registered consent. Stored with the weighing; never changes after. */
export interface ConsentUse {
  consentId: string;
  /** The chain entry that registered the consent: its position and hash. */
  entry: EntryRef;
  /** The withdrawal registered by the time of the weighing, if any. */
  withdrawal: (EntryRef & { withdrawnAt: string }) | null;
  match: MatchStatus;
  reasons: ConsentUseReason[];
  /** The answers the registry gave (every consent answer of the weighing comes from here). */
  derivedAnswers: Record<string, AnswerValue>;
  /** The first entry of the weighing's trace. */
  traceEntry: TraceEntry;
  /** The line added to the weighing's dossier note. */
  note: string;
}

const OUTCOME: Record<MatchStatus, TraceEntry['outcome']> = {
  matched: 'met',
  not_matched: 'not_met',
  undetermined: 'unanswered',
};

/**
 * Holds the consent against the weighing and derives the answers for the questions the ruleset
 * asks (`asked`). The texts are in `language`, with the vocabulary words of `labels`.
 */
export function useConsent(
  consent: RegisteredConsent,
  weighing: WeighingFacts,
  options: { asked: ReadonlySet<string>; language: Language; labels: Labels },
): ConsentUse {
  const { language, labels } = options;
  const match = matchConsent(consent, weighing);
  const reasons = match.reasons.map((reason) => ({
    code: reason.code,
    explanation: reasonText(reason, language, labels),
    sources: [...REASON_SOURCES[reason.code]],
  }));
  const day = weighing.referenceDate;
  const head = PHRASES.consent(consent.id, consent.entry.sequence, consent.entry.hash)[language];
  const explanation =
    match.status === 'matched'
      ? `${head} ${PHRASES.matched(day)[language]}`
      : `${head} ${(match.status === 'not_matched' ? PHRASES.notMatched(day) : PHRASES.undetermined(day))[language]} ${reasons.map((r) => r.explanation).join(' ')}`;
  const sources =
    reasons.length > 0
      ? [...new Set(reasons.flatMap((r) => r.sources))]
      : [...REASON_SOURCES.not_informed, ...REASON_SOURCES.wrong_grantor];
  const verdict = (
    match.status === 'matched'
      ? PHRASES.noteMatched
      : match.status === 'not_matched'
        ? PHRASES.noteNotMatched
        : PHRASES.noteUndetermined
  )[language];
  const note =
    `${PHRASES.noteHeading[language]}: ${consent.id} (${consent.entry.sequence}, ${consent.entry.hash}) – ${verdict}` +
    (reasons.length > 0 ? `: ${reasons.map((r) => r.explanation).join(' ')}` : '.');
  return {
    consentId: consent.id,
    entry: { sequence: consent.entry.sequence, hash: consent.entry.hash },
    withdrawal: consent.withdrawal
      ? {
          sequence: consent.withdrawal.sequence,
          hash: consent.withdrawal.hash,
          withdrawnAt: consent.withdrawal.withdrawnAt,
        }
      : null,
    match: match.status,
    reasons,
    derivedAnswers: consentAnswers(match.facts, options.asked),
    traceEntry: { ruleId: REGISTRY_RULE_ID, outcome: OUTCOME[match.status], explanation, sources },
    note,
  };
}
