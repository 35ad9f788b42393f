/**
 * Words for the codes a dossier shows that the ruleset has no label for: the client's age group and
 * capacity, the profession, the professional's register, and the follow-up event types. Like the
 * ruleset's labels they go into the dossier's `labels` (covered by the service's presentation
 * signature), so the PDF shows no code and nothing unsigned.
 */
import type {
  AgeGroup,
  DecisionCapacity,
  Language,
  Profession,
  ProfessionalRegister,
} from '../engine/vocabulary.js';
import type { EventType } from './assessments.js';

type Words<K extends string> = Record<K, Record<Language, string>>;

export const AGE_GROUP_WORDS: Words<AgeGroup> = {
  under_12: { nl: 'jonger dan 12 jaar', en: 'under 12' },
  '12_to_15': { nl: '12 tot en met 15 jaar', en: '12 to 15' },
  '16_to_17': { nl: '16 of 17 jaar', en: '16 or 17' },
  adult: { nl: 'volwassen', en: 'adult' },
};

export const CAPACITY_WORDS: Words<DecisionCapacity> = {
  capable: { nl: 'wilsbekwaam ter zake', en: 'capable of deciding on this matter' },
  incapable: { nl: 'wilsonbekwaam ter zake', en: 'not capable of deciding on this matter' },
  unknown: { nl: 'wilsbekwaamheid niet vastgesteld', en: 'capacity not established' },
};

export const PROFESSION_WORDS: Words<Profession> = {
  general_practitioner: { nl: 'huisarts', en: 'general practitioner' },
  medical_specialist: { nl: 'medisch specialist', en: 'medical specialist' },
  psychiatrist: { nl: 'psychiater', en: 'psychiatrist' },
  psychologist: { nl: 'psycholoog', en: 'psychologist' },
  nurse: { nl: 'verpleegkundige', en: 'nurse' },
  carer: { nl: 'verzorgende', en: 'carer' },
  youth_care_worker: { nl: 'jeugdhulpverlener', en: 'youth care worker' },
  social_worker: { nl: 'sociaal werker', en: 'social worker' },
  pedagogue: { nl: 'pedagoog', en: 'pedagogue' },
  probation_officer: { nl: 'reclasseringswerker', en: 'probation officer' },
  other_care_professional: { nl: 'andere zorg- of hulpverlener', en: 'other care professional' },
};

export const REGISTER_WORDS: Words<ProfessionalRegister> = {
  big: { nl: 'BIG-register', en: 'BIG register' },
  skj: { nl: 'Kwaliteitsregister Jeugd (SKJ)', en: 'Kwaliteitsregister Jeugd (SKJ)' },
  registerplein: { nl: 'Registerplein', en: 'Registerplein' },
  kwaliteitsregister_vv: {
    nl: 'Kwaliteitsregister Verpleegkundigen & Verzorgenden',
    en: 'Kwaliteitsregister Verpleegkundigen & Verzorgenden',
  },
  kwaliteitsregister_paramedici: { nl: 'Kwaliteitsregister Paramedici', en: 'Kwaliteitsregister Paramedici' },
  other: { nl: 'ander register', en: 'other register' },
};

export const EVENT_WORDS: Words<EventType> = {
  information_shared: { nl: 'Informatie gedeeld', en: 'Information shared' },
  client_informed: { nl: 'Cliënt geïnformeerd', en: 'Client informed' },
  colleague_consulted: { nl: 'Collega geraadpleegd', en: 'Colleague consulted' },
  shared_despite_advice: { nl: 'Gedeeld tegen het advies in', en: 'Shared against the advice' },
  not_shared: { nl: 'Niet gedeeld', en: 'Not shared' },
  note: { nl: 'Notitie', en: 'Note' },
};

/** The word for a code in a language; the code itself only for a code no table knows. */
export function wordFor<K extends string>(words: Words<K>, code: string, language: Language): string {
  return (words as Record<string, Record<Language, string>>)[code]?.[language] ?? code;
}
