/**
 * The vocabulary of the consent registry. Like the API v1 vocabulary of the engine: values may be
 * added, never renamed or removed.
 */
import { z } from 'zod';

/** Who gave the consent. */
export const GRANTOR_TYPES = ['client', 'representative'] as const;
/** The capacity in which a representative acts (VGN-FAQ 2021: parent, guardian, mentor, curator). */
export const REPRESENTATIVE_ROLES = [
  'parent',
  'guardian',
  'mentor',
  'curator',
  'statutory_representative',
] as const;
export const CONSENT_FORMS = ['written', 'oral'] as const;
/**
 * A registered consent on a given day: `active` (in force), `not_yet_valid` (before validFrom),
 * `expired` (after validUntil) or `withdrawn` (a withdrawal is registered). Whether it fits a
 * particular sharing request is a different question (see match.ts).
 */
export const CONSENT_STATUSES = ['active', 'not_yet_valid', 'expired', 'withdrawn'] as const;

export const GrantorType = z.enum(GRANTOR_TYPES);
export const RepresentativeRole = z.enum(REPRESENTATIVE_ROLES);
export const ConsentForm = z.enum(CONSENT_FORMS);
export const ConsentStatus = z.enum(CONSENT_STATUSES);

export type GrantorType = z.infer<typeof GrantorType>;
export type RepresentativeRole = z.infer<typeof RepresentativeRole>;
export type ConsentForm = z.infer<typeof ConsentForm>;
export type ConsentStatus = z.infer<typeof ConsentStatus>;
