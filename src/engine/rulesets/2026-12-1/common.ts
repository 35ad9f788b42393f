/** Building blocks shared by the files of ruleset 2026.12.1. */
import type { Condition, RulesetDataV2Input } from '../../schema.js';

export const t = (nl: string, en: string) => ({ nl, en });

export type Question = RulesetDataV2Input['questions'][number];
export type Rule = RulesetDataV2Input['rules'][number];
export type ObligationRule = RulesetDataV2Input['obligations'][number];
export type MinimisationRule = RulesetDataV2Input['minimisation'][number];

/** One legal concept: its questions and its decision rules. */
export interface Area {
  questions: Question[];
  rules: Rule[];
}

export const yes = (answer: string): Condition => ({ answer, is: true });
export const no = (answer: string): Condition => ({ answer, is: false });
/** True only when answered true; unanswered counts as false (for obligations and notices). */
export const yesOnly = (answer: string): Condition => ({ answer, is: true, ifUnanswered: false });
/** True only when answered false; unanswered counts as not false. */
export const noOnly = (answer: string): Condition => ({ answer, is: false, ifUnanswered: false });

// --- Groups of vocabulary values ----------------------------------------------------------------
export const JUSTICE = ['police', 'public_prosecutor'];
export const DOCTORS = ['general_practitioner', 'medical_specialist', 'psychiatrist'];
/**
 * Professions with a verschoningsrecht of their own: doctors and probation officers (RVS-studie
 * 2017 §2.1). Nurses, carers and others may derive one from a doctor they work with (VGN-FAQ 2021)
 * or must ask the court: for them the art. 160 Sv question of who is involved is asked.
 */
export const PRIVILEGED = [...DOCTORS, 'probation_officer'];
export const MINORS = ['under_12', '12_to_15', '16_to_17'];
export const CARE_PURPOSES = [
  'continuity_of_care',
  'handover',
  'case_consultation',
  'child_safety',
  'domestic_violence',
  'preventing_serious_harm',
];
export const CONFLICT_PURPOSES = [
  'preventing_serious_harm',
  'child_safety',
  'domestic_violence',
  'crime_investigation',
  'case_consultation',
  'continuity_of_care',
  'other',
];
/** Care providers outside the treatment who can treat the client or avert a danger to them. */
export const CARE_RECIPIENTS = ['general_practitioner', 'other_professional'];
/** Listed in the sources as not directly involved in the treatment (plus the GP after referral). */
export const NOT_DIRECTLY_INVOLVED = [
  'general_practitioner',
  'other_professional',
  'social_neighbourhood_team',
  'police',
  'public_prosecutor',
  'municipality',
  'school_attendance_officer',
  'school',
  'housing_corporation',
  'safety_house',
  'informal_carer',
  'lawyer',
  'tax_authority',
  'insurer_or_funder',
  'employer',
];
/** Parties that typically press for information and should state a legal basis in writing. */
export const REQUESTERS = [
  'police',
  'public_prosecutor',
  'municipality',
  'safety_house',
  'social_neighbourhood_team',
  'school_attendance_officer',
  'school',
  'housing_corporation',
  'tax_authority',
  'insurer_or_funder',
  'employer',
  'lawyer',
];
/** Bodies a client often depends on: consent they ask for is often not free (RVS-studie 2017). */
export const DEPENDENCY_BODIES = [
  'municipality',
  'employer',
  'insurer_or_funder',
  'social_neighbourhood_team',
  'probation_service',
];
export const REPRESENTATIVE_ROUTES = [
  'representative.child_under_12',
  'representative.child_12_to_15',
  'representative.incapable_client',
];
