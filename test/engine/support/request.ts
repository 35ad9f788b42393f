import type { AnswerValue, AssessmentRequest } from '../../../src/engine/index.js';

export interface RequestSpec {
  age?: AssessmentRequest['client']['ageGroup'];
  capacity?: AssessmentRequest['client']['decisionCapacity'];
  deceased?: boolean;
  profession?: AssessmentRequest['professional']['profession'];
  municipal?: boolean;
  recipient: AssessmentRequest['recipient']['type'];
  recipientName?: string;
  purpose: AssessmentRequest['purpose']['type'];
  description?: string;
  requested: AssessmentRequest['requestedInformation'];
  answers?: Record<string, AnswerValue>;
}

/** Builds a complete request from the few facts a scenario cares about. */
export function request(spec: RequestSpec): AssessmentRequest {
  return {
    caseRef: 'case-1',
    client: {
      ref: 'client-1',
      ageGroup: spec.age ?? 'adult',
      decisionCapacity: spec.capacity ?? 'capable',
      deceased: spec.deceased ?? false,
    },
    professional: {
      ref: 'prof-1',
      profession: spec.profession ?? 'social_worker',
      employedByMunicipality: spec.municipal ?? false,
    },
    recipient: spec.recipientName
      ? { type: spec.recipient, name: spec.recipientName }
      : { type: spec.recipient },
    purpose: spec.description
      ? { type: spec.purpose, description: spec.description }
      : { type: spec.purpose },
    requestedInformation: spec.requested,
    answers: spec.answers ?? {},
  };
}

export const REFERENCE_DATE = '2026-11-23';

/** Valid written consent by the client, stating no end date (2026.12.1 asks; 2026.11.1 ignores it). */
export const VALID_CONSENT: Record<string, AnswerValue> = {
  'consent.given': true,
  'consent.givenBy': 'client',
  'consent.informed': true,
  'consent.specific': true,
  'consent.freelyGiven': true,
  'consent.form': 'written',
  'consent.timeLimited': false,
};

/** The five yes/no conditions of a conflict of duties, all met. */
export const CONFLICT_MET: Record<string, AnswerValue> = {
  'conflict.consentSought': true,
  'conflict.conscienceDistress': true,
  'conflict.noAlternative': true,
  'conflict.seriousHarm': true,
  'conflict.disclosurePreventsHarm': true,
};

export const CONFLICT_CRITERIA = Object.keys(CONFLICT_MET);
