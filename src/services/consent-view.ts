/**
 * What the consent registry records in the chain, and how a registered consent is presented. The
 * chain entries are the record; the `consents` and `consent_withdrawals` rows only make them
 * findable (see consent-index.ts).
 */
import {
  type ConsentStatus,
  type ConsentTerms,
  consentStatus,
  type GrantorType,
  type Labels,
  REASON_SOURCES,
  type RegisteredConsent,
  type RepresentativeRole,
  reasonText,
  termsReasons,
} from '../consent/index.js';
import type { CompiledRuleset } from '../engine/index.js';
import type { Language } from '../engine/vocabulary.js';
import type { TraceRef } from './assessments.js';

export const CONSENT_RECORDED = 'consent.recorded';
export const CONSENT_WITHDRAWN = 'consent.withdrawn';
/** The entry types of the consent registry (for code that enumerates the chain's entry types). */
export const CONSENT_ENTRY_TYPES = [CONSENT_RECORDED, CONSENT_WITHDRAWN] as const;

/** The `data` of a `consent.recorded` entry. The client reference is kept only as its pseudonym. */
export interface ConsentRecordData extends Omit<ConsentTerms, 'client'> {
  consentId: string;
  client: ConsentTerms['client'] & { refPseudonym: string };
  /** A reference to the evidence in the case system (a document id or hash), never the document. */
  evidenceRef?: string;
  /** Why the professional registered it this way, in their words. */
  motivation?: string;
  recordedBy: { apiKeyId: string };
  serviceVersion: string;
  /** The W3C trace the registration was made in (docs/ldv.md); absent in entries made before. */
  traceContext?: TraceRef;
}

export interface WithdrawnBy {
  type: GrantorType;
  role?: RepresentativeRole;
}

/** The `data` of a `consent.withdrawn` entry. */
export interface WithdrawalRecordData {
  withdrawalId: string;
  consentId: string;
  /** When the client or representative withdrew (as stated; at the latest when it was registered). */
  withdrawnAt: string;
  withdrawnBy: WithdrawnBy;
  text?: string;
  recordedBy: { apiKeyId: string };
  traceContext?: TraceRef;
}

export interface Placed {
  sequence: number;
  hash: string;
  previousHash: string;
  recordedAt: Date;
}

export interface IntegrityView {
  sequence: number;
  hash: string;
  previousHash: string;
}

export interface WithdrawalView {
  id: string;
  withdrawnAt: string;
  withdrawnBy: WithdrawnBy;
  text?: string;
  recordedAt: string;
  recordedBy: { apiKeyId: string };
  traceContext?: TraceRef;
  integrity: IntegrityView;
}

/** A registered consent as the API shows it. */
export interface ConsentView extends Omit<ConsentRecordData, 'consentId' | 'serviceVersion'> {
  id: string;
  recordedAt: string;
  /** On the day it is read (Europe/Amsterdam). */
  status: ConsentStatus;
  /**
   * Problems that keep this consent from fitting any request, whatever is asked (a blanket scope,
   * oral and not recorded, not informed, not freely given); empty when there are none.
   */
  problems: Array<{ code: string; explanation: string; sources: string[] }>;
  serviceVersion: string;
  integrity: IntegrityView;
  withdrawal: WithdrawalView | null;
}

export const integrityOf = (placed: Placed): IntegrityView => ({
  sequence: placed.sequence,
  hash: placed.hash,
  previousHash: placed.previousHash,
});

/** The words of the ruleset for vocabulary codes, in one language. */
export function labelsOf(ruleset: CompiledRuleset, language: Language): Labels {
  const { labels } = ruleset.data;
  const word = (table: Record<string, { nl: string; en: string }>) => (code: string) =>
    table[code]?.[language] ?? code;
  return {
    recipient: word(labels.recipients),
    purpose: word(labels.purposes),
    category: word(labels.categories),
  };
}

/** The terms of a recorded consent, as the matching rules take them. */
export function termsOf(data: ConsentRecordData): ConsentTerms {
  return {
    client: { ageGroup: data.client.ageGroup, decisionCapacity: data.client.decisionCapacity },
    grantor: data.grantor,
    recipient: data.recipient,
    purposes: data.purposes,
    categories: data.categories,
    form: data.form,
    recorded: data.recorded,
    informed: data.informed,
    freelyGiven: data.freelyGiven,
    validFrom: data.validFrom,
    validUntil: data.validUntil,
  };
}

export function registeredConsent(
  data: ConsentRecordData,
  entry: Placed,
  withdrawal: { data: WithdrawalRecordData; placed: Placed } | null,
): RegisteredConsent {
  return {
    id: data.consentId,
    terms: termsOf(data),
    entry: { sequence: entry.sequence, hash: entry.hash },
    withdrawal: withdrawal
      ? {
          sequence: withdrawal.placed.sequence,
          hash: withdrawal.placed.hash,
          withdrawnAt: withdrawal.data.withdrawnAt,
        }
      : null,
  };
}

export function withdrawalView(data: WithdrawalRecordData, placed: Placed): WithdrawalView {
  return {
    id: data.withdrawalId,
    withdrawnAt: data.withdrawnAt,
    withdrawnBy: data.withdrawnBy,
    ...(data.text !== undefined ? { text: data.text } : {}),
    recordedAt: placed.recordedAt.toISOString(),
    recordedBy: data.recordedBy,
    ...(data.traceContext ? { traceContext: data.traceContext } : {}),
    integrity: integrityOf(placed),
  };
}

/** A consent as the API presents it on `day`, with problem texts in `language`. */
export function consentView(
  data: ConsentRecordData,
  placed: Placed,
  withdrawal: { data: WithdrawalRecordData; placed: Placed } | null,
  options: { day: string; language: Language; labels: Labels },
): ConsentView {
  const { consentId, serviceVersion, ...rest } = data;
  return {
    id: consentId,
    recordedAt: placed.recordedAt.toISOString(),
    ...rest,
    status: consentStatus(data, withdrawal !== null, options.day),
    problems: termsReasons(termsOf(data)).map((reason) => ({
      code: reason.code,
      explanation: reasonText(reason, options.language, options.labels),
      sources: [...REASON_SOURCES[reason.code]],
    })),
    serviceVersion,
    integrity: integrityOf(placed),
    withdrawal: withdrawal ? withdrawalView(withdrawal.data, withdrawal.placed) : null,
  };
}

const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/**
 * A consent as one event of the registry left it, from its chain entries: as registered (status
 * on the day of registration), or with its withdrawal. For bulk export, which reads entries, not
 * the registry as it is today.
 */
export function consentEventView(
  registration: Placed & { content: string },
  withdrawal: (Placed & { content: string }) | null,
): ConsentView {
  const data = (JSON.parse(registration.content) as { data: ConsentRecordData }).data;
  return consentView(
    data,
    registration,
    withdrawal
      ? { data: (JSON.parse(withdrawal.content) as { data: WithdrawalRecordData }).data, placed: withdrawal }
      : null,
    {
      day: AMSTERDAM_DAY.format(registration.recordedAt),
      language: 'en',
      labels: { recipient: (c) => c, purpose: (c) => c, category: (c) => c },
    },
  );
}
