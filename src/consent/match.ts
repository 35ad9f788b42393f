/**
 * Holding a registered consent against one sharing request on the day of the weighing.
 *
 * Pure: a registered consent, the facts of the weighing and its day in; whether the consent fits
 * and, if not, every reason why, plus the consent facts the weighing's consent answers are derived
 * from (see answers.ts). The rules engine then decides with those answers; this module decides
 * nothing about sharing itself. Its reasons mirror the engine's consent rules so that the
 * explanation and the decision cannot disagree (test/unit/consent-engine-agreement.test.ts).
 *
 * The conditions, from the sources (texts.ts cites the passage of each reason):
 * - in force on the day: not before validFrom, not after validUntil (the last day counts), and no
 *   registered withdrawal;
 * - specific: this recipient (type, and the organisation if the consent names one), a purpose and
 *   every requested category within its scope, and not a blanket consent;
 * - given by the person who decides on that day: the client, or the representative for a child
 *   under 12 or a client incapable on the matter (and never after the client's death);
 * - informed and freely given; written, or oral and recorded; written for a successor at another
 *   institution.
 */

import type { InformationCategory, PurposeType, RecipientType } from '../engine/vocabulary.js';
import { AGE_GROUPS, INFORMATION_CATEGORIES } from '../engine/vocabulary.js';
import type { ConsentTerms, RegisteredConsent, WeighingFacts } from './types.js';
import type { ConsentForm, GrantorType } from './vocabulary.js';

export type MatchStatus = 'matched' | 'not_matched' | 'undetermined';

/** Why a representative's or the client's own consent does not count on the day of the weighing. */
export type GrantorProblem =
  | 'child_under_12'
  | 'client_incapable'
  | 'turned_12'
  | 'turned_16'
  | 'regained_capacity'
  | 'client_capable'
  | 'deceased';

/** What kind of blanket consent this is (each covers "everything" in one dimension). */
export type BlanketKind = 'every_category' | 'full_record' | 'any_recipient';

export type MatchReason =
  | { code: 'not_yet_valid'; validFrom: string }
  | { code: 'expired'; validUntil: string }
  | { code: 'withdrawn'; withdrawnAt: string }
  | { code: 'other_recipient'; consented: RecipientType; requested: RecipientType; organisation?: string }
  | { code: 'recipient_not_named'; organisation: string }
  | { code: 'purpose_out_of_scope'; purpose: PurposeType; consented: PurposeType[] }
  | { code: 'category_out_of_scope'; categories: InformationCategory[] }
  | { code: 'blanket_scope'; kind: BlanketKind }
  | { code: 'wrong_grantor'; grantor: GrantorType; problem: GrantorProblem }
  | { code: 'capacity_unknown'; grantor: GrantorType }
  | { code: 'oral_not_recorded' }
  | { code: 'written_required' }
  | { code: 'not_informed' }
  | { code: 'not_freely_given' };

export type ReasonCode = MatchReason['code'];

/** Every reason code, in the order reasons are reported. */
export const REASON_CODES: readonly ReasonCode[] = [
  'not_yet_valid',
  'expired',
  'withdrawn',
  'other_recipient',
  'recipient_not_named',
  'purpose_out_of_scope',
  'category_out_of_scope',
  'blanket_scope',
  'wrong_grantor',
  'capacity_unknown',
  'oral_not_recorded',
  'written_required',
  'not_informed',
  'not_freely_given',
];

/**
 * The consent facts of the weighing, as the registry shows them on its day. `given` is false when
 * there is no consent on that day at all (not yet valid, or withdrawn); the other facts are then
 * not stated. An expired consent is stated with its end date, so the engine's own expiry rule
 * judges it.
 */
export interface DerivedConsentFacts {
  given: boolean;
  givenBy?: GrantorType;
  form?: ConsentForm;
  /** Only for oral consent. */
  recorded?: boolean;
  informed?: boolean;
  /** Limited to this recipient, purpose and information, and not a blanket consent. */
  specific?: boolean;
  freelyGiven?: boolean;
  validUntil?: string;
}

export interface ConsentMatch {
  status: MatchStatus;
  /** Every reason the consent does not (or not yet certainly) fit, in REASON_CODES order. */
  reasons: MatchReason[];
  facts: DerivedConsentFacts;
}

/**
 * Recipients who carry out or take over the care itself: for them the whole record can be the
 * specific subject of a consent (a handover). For anyone else a consent to the whole record is a
 * blanket consent.
 */
export const CARE_TAKEOVER_RECIPIENTS: readonly RecipientType[] = [
  'treating_professional',
  'substitute',
  'successor_same_institution',
  'successor_other_institution',
];

/** Every category of information except the whole record. */
const SPECIFIC_CATEGORIES = INFORMATION_CATEGORIES.filter((c) => c !== 'full_record');

const ageRank = (age: string) => AGE_GROUPS.indexOf(age as (typeof AGE_GROUPS)[number]);

/** Words of a name as compared: case, width and spacing do not matter. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('nl-NL').replace(/\s+/g, ' ').trim();
}

/**
 * Whether the recipient named in a request is the organisation a consent names: the same name,
 * or the name followed by more detail after a non-letter ("Gemeente Utrecht, werkconsulent" is
 * Gemeente Utrecht; "Gemeente Utrechtse Heuvelrug" is not).
 */
export function sameOrganisation(requestName: string, organisation: string): boolean {
  const name = normaliseName(requestName);
  const org = normaliseName(organisation);
  if (org === '' || !name.startsWith(org)) return false;
  const next = name.charAt(org.length);
  return next === '' || !/[\p{L}\p{N}]/u.test(next);
}

/**
 * The problems of a consent that do not depend on the request: a blanket scope, oral and not
 * recorded, not informed, not freely given. Such a consent never fits any request.
 */
export function termsReasons(terms: ConsentTerms): MatchReason[] {
  const reasons: MatchReason[] = [];
  const blanket = blanketKind(terms);
  if (blanket) reasons.push({ code: 'blanket_scope', kind: blanket });
  if (terms.form === 'oral' && terms.recorded !== true) reasons.push({ code: 'oral_not_recorded' });
  if (!terms.informed) reasons.push({ code: 'not_informed' });
  if (!terms.freelyGiven) reasons.push({ code: 'not_freely_given' });
  return reasons;
}

/** "Toestemming is geen vrijbrief": a consent for everything in some dimension is not specific. */
export function blanketKind(terms: ConsentTerms): BlanketKind | null {
  if (SPECIFIC_CATEGORIES.every((c) => terms.categories.includes(c))) return 'every_category';
  if (terms.categories.includes('full_record') && !CARE_TAKEOVER_RECIPIENTS.includes(terms.recipient.type)) {
    return 'full_record';
  }
  if (terms.recipient.type === 'other' && !terms.recipient.organisation) return 'any_recipient';
  return null;
}

type Tri = boolean | undefined;

/**
 * Whether the grantor decides for this client on that day, as the engine's rule "consent given by
 * the right person" has it: the client, unless under 12 or incapable on the matter; the
 * representative, for a child under 12 or an incapable client, and not after death. Undefined
 * when it turns on a capacity that is unknown.
 */
export function grantorDecides(grantor: GrantorType, client: WeighingFacts['client']): Tri {
  const under12 = client.ageGroup === 'under_12';
  const incapable: Tri =
    client.capacity === 'incapable' ? true : client.capacity === 'capable' ? false : undefined;
  if (grantor === 'client') {
    if (under12) return false;
    return incapable === undefined ? undefined : !incapable;
  }
  if (client.deceased) return false;
  if (under12) return true;
  return incapable;
}

function grantorProblem(terms: ConsentTerms, client: WeighingFacts['client']): GrantorProblem {
  if (terms.grantor.type === 'client') {
    return client.ageGroup === 'under_12' ? 'child_under_12' : 'client_incapable';
  }
  if (client.deceased) return 'deceased';
  const then = ageRank(terms.client.ageGroup);
  const now = ageRank(client.ageGroup);
  if (terms.client.ageGroup === 'under_12' && now > then) return 'turned_12';
  if (terms.client.ageGroup === '12_to_15' && now > then) return 'turned_16';
  return terms.client.decisionCapacity === 'incapable' ? 'regained_capacity' : 'client_capable';
}

/** Holds a registered consent against a weighing on the weighing's day. */
export function matchConsent(consent: RegisteredConsent, weighing: WeighingFacts): ConsentMatch {
  const { terms } = consent;
  const day = weighing.referenceDate;
  const reasons: MatchReason[] = [];

  const notYetValid = day < terms.validFrom;
  if (notYetValid) reasons.push({ code: 'not_yet_valid', validFrom: terms.validFrom });
  if (day > terms.validUntil) reasons.push({ code: 'expired', validUntil: terms.validUntil });
  if (consent.withdrawal) reasons.push({ code: 'withdrawn', withdrawnAt: consent.withdrawal.withdrawnAt });

  // Specific to this recipient, purpose and information.
  let specific = true;
  if (terms.recipient.type !== weighing.recipient.type) {
    reasons.push({
      code: 'other_recipient',
      consented: terms.recipient.type,
      requested: weighing.recipient.type,
    });
    specific = false;
  } else if (terms.recipient.organisation) {
    const name = weighing.recipient.name;
    if (!name?.trim()) {
      reasons.push({ code: 'recipient_not_named', organisation: terms.recipient.organisation });
      specific = false;
    } else if (!sameOrganisation(name, terms.recipient.organisation)) {
      reasons.push({
        code: 'other_recipient',
        consented: terms.recipient.type,
        requested: weighing.recipient.type,
        organisation: terms.recipient.organisation,
      });
      specific = false;
    }
  }
  if (!terms.purposes.includes(weighing.purpose)) {
    reasons.push({ code: 'purpose_out_of_scope', purpose: weighing.purpose, consented: [...terms.purposes] });
    specific = false;
  }
  const outside = weighing.requested.filter((c) => !terms.categories.includes(c));
  if (outside.length > 0) {
    reasons.push({ code: 'category_out_of_scope', categories: [...outside] });
    specific = false;
  }
  const blanket = blanketKind(terms);
  if (blanket) {
    reasons.push({ code: 'blanket_scope', kind: blanket });
    specific = false;
  }

  // The person who decides, on this day.
  const decides = grantorDecides(terms.grantor.type, weighing.client);
  if (decides === false) {
    reasons.push({
      code: 'wrong_grantor',
      grantor: terms.grantor.type,
      problem: grantorProblem(terms, weighing.client),
    });
  } else if (decides === undefined) {
    reasons.push({ code: 'capacity_unknown', grantor: terms.grantor.type });
  }

  // Form, and the quality of the consent itself.
  if (terms.form === 'oral' && terms.recorded !== true) reasons.push({ code: 'oral_not_recorded' });
  if (weighing.recipient.type === 'successor_other_institution' && terms.form !== 'written') {
    reasons.push({ code: 'written_required' });
  }
  if (!terms.informed) reasons.push({ code: 'not_informed' });
  if (!terms.freelyGiven) reasons.push({ code: 'not_freely_given' });

  const decisive = reasons.some((r) => r.code !== 'capacity_unknown');
  const status: MatchStatus = decisive ? 'not_matched' : reasons.length > 0 ? 'undetermined' : 'matched';

  const facts: DerivedConsentFacts =
    notYetValid || consent.withdrawal
      ? { given: false }
      : {
          given: true,
          givenBy: terms.grantor.type,
          form: terms.form,
          ...(terms.form === 'oral' ? { recorded: terms.recorded === true } : {}),
          informed: terms.informed,
          specific,
          freelyGiven: terms.freelyGiven,
          validUntil: terms.validUntil,
        };
  return { status, reasons, facts };
}

/** The status of a registered consent on a day, whatever request it is held against. */
export function consentStatus(
  terms: Pick<ConsentTerms, 'validFrom' | 'validUntil'>,
  withdrawn: boolean,
  day: string,
): 'active' | 'not_yet_valid' | 'expired' | 'withdrawn' {
  if (withdrawn) return 'withdrawn';
  if (day < terms.validFrom) return 'not_yet_valid';
  if (day > terms.validUntil) return 'expired';
  return 'active';
}
