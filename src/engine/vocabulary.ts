/**
 * The fixed public vocabulary of API v1 (see docs/api-v1-vocabulary.md).
 *
 * Callers integrate against these values: a value may be ADDED, never renamed or removed, and
 * never given another meaning. Order matters only for documentation.
 */
import { z } from 'zod';

export const DECISIONS = ['required', 'allowed', 'not_allowed', 'needs_more_information'] as const;
export const GROUNDS = [
  'legal_obligation',
  'direct_involvement',
  'representative',
  'consent',
  'reporting_right',
  'conflict_of_duties',
  'none',
] as const;
export const AGE_GROUPS = ['under_12', '12_to_15', '16_to_17', 'adult'] as const;
export const DECISION_CAPACITIES = ['capable', 'incapable', 'unknown'] as const;
export const PROFESSIONS = [
  'general_practitioner',
  'medical_specialist',
  'psychiatrist',
  'psychologist',
  'nurse',
  'carer',
  'youth_care_worker',
  'social_worker',
  'pedagogue',
  'probation_officer',
  'other_care_professional',
] as const;
export const RECIPIENT_TYPES = [
  'treating_professional',
  'substitute',
  'successor_same_institution',
  'successor_other_institution',
  'general_practitioner',
  'other_professional',
  'social_neighbourhood_team',
  'representative',
  'family_guardian',
  'probation_service',
  'veilig_thuis',
  'child_protection_board',
  'risk_youth_index',
  'public_health_service',
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
  'other',
] as const;
export const PURPOSE_TYPES = [
  'continuity_of_care',
  'handover',
  'case_consultation',
  'eligibility_assessment',
  'financial_audit',
  'child_safety',
  'domestic_violence',
  'preventing_serious_harm',
  'crime_investigation',
  'supervision_order',
  'probation_compliance',
  'infectious_disease_notification',
  'death_notification',
  'compulsory_care_notification',
  'legal_proceedings',
  'tax',
  'risk_youth_signal',
  'other',
] as const;
export const INFORMATION_CATEGORIES = [
  'identity_and_contact',
  'care_relationship',
  'attendance',
  'diagnosis',
  'treatment',
  'medication',
  'mental_health',
  'addiction',
  'safety_signals',
  'social_circumstances',
  'financial',
  'criminal_justice',
  'third_party_information',
  'administrative',
  'full_record',
] as const;
export const LANGUAGES = ['nl', 'en'] as const;
/**
 * Public registers of professionals (the professional's own registration, shown in the dossier):
 * the BIG-register (Wet BIG), the Kwaliteitsregister Jeugd (SKJ), Registerplein (social workers),
 * the Kwaliteitsregister Verpleegkundigen & Verzorgenden and the Kwaliteitsregister Paramedici.
 */
export const PROFESSIONAL_REGISTERS = [
  'big',
  'skj',
  'registerplein',
  'kwaliteitsregister_vv',
  'kwaliteitsregister_paramedici',
  'other',
] as const;

export const Decision = z.enum(DECISIONS);
export const Ground = z.enum(GROUNDS);
export const AgeGroup = z.enum(AGE_GROUPS);
export const DecisionCapacity = z.enum(DECISION_CAPACITIES);
export const Profession = z.enum(PROFESSIONS);
export const RecipientType = z.enum(RECIPIENT_TYPES);
export const PurposeType = z.enum(PURPOSE_TYPES);
export const InformationCategory = z.enum(INFORMATION_CATEGORIES);
export const Language = z.enum(LANGUAGES);
export const ProfessionalRegister = z.enum(PROFESSIONAL_REGISTERS);

export type Decision = z.infer<typeof Decision>;
export type Ground = z.infer<typeof Ground>;
export type AgeGroup = z.infer<typeof AgeGroup>;
export type DecisionCapacity = z.infer<typeof DecisionCapacity>;
export type Profession = z.infer<typeof Profession>;
export type RecipientType = z.infer<typeof RecipientType>;
export type PurposeType = z.infer<typeof PurposeType>;
export type InformationCategory = z.infer<typeof InformationCategory>;
export type Language = z.infer<typeof Language>;
export type ProfessionalRegister = z.infer<typeof ProfessionalRegister>;
