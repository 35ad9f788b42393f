/**
 * The shapes the consent module works on: what a registered consent says, and the facts of a
 * weighing it is held against. Plain data; the service builds them from the chain and the request.
 */
import type {
  AgeGroup,
  DecisionCapacity,
  InformationCategory,
  PurposeType,
  RecipientType,
} from '../engine/vocabulary.js';
import type { ConsentForm, GrantorType, RepresentativeRole } from './vocabulary.js';

/** What the client (or the representative) consented to, as registered. Never changes. */
export interface ConsentTerms {
  /** The client at the time of consent (the reference itself is stored only as a pseudonym). */
  client: { ageGroup: AgeGroup; decisionCapacity: DecisionCapacity };
  grantor: { type: GrantorType; role?: RepresentativeRole | undefined };
  /** The recipient; a named organisation narrows the consent to that organisation. */
  recipient: { type: RecipientType; organisation?: string | undefined };
  purposes: PurposeType[];
  categories: InformationCategory[];
  form: ConsentForm;
  /** For oral consent: whether it is recorded in the client record. */
  recorded?: boolean | undefined;
  informed: boolean;
  freelyGiven: boolean;
  /** First and last day (YYYY-MM-DD, Europe/Amsterdam) on which the consent counts. */
  validFrom: string;
  validUntil: string;
}

/** A chain position: the entry that proves a registry event. */
export interface EntryRef {
  sequence: number;
  hash: string;
}

/** A consent as the registry holds it at the moment of a weighing. */
export interface RegisteredConsent {
  id: string;
  terms: ConsentTerms;
  entry: EntryRef;
  /** The registered withdrawal, if any: from its registration on the consent no longer counts. */
  withdrawal: (EntryRef & { withdrawnAt: string }) | null;
}

/** The facts of a weighing a consent is held against, on the day it is made. */
export interface WeighingFacts {
  /** The day of the weighing (YYYY-MM-DD, Europe/Amsterdam). */
  referenceDate: string;
  client: {
    ageGroup: AgeGroup;
    /** Capacity on this matter on that day; `unknown` when the weighing does not settle it. */
    capacity: DecisionCapacity;
    deceased: boolean;
  };
  recipient: { type: RecipientType; name?: string | undefined };
  purpose: PurposeType;
  requested: readonly InformationCategory[];
}
