/**
 * The index rows of weighings and follow-up events, as their chain entries state them. A record's
 * envelope carries `index`: exactly the values its index row must hold, so audit:verify proves the
 * rows that make records findable (case, client pseudonym, decision, ground, …) by comparing them
 * with the hashed content. Otherwise someone with database access could make a record unfindable,
 * or findable under another case, unnoticed.
 */
import type { AssessmentRepository, AssessmentRow, EventRow } from '../repositories/assessment-repository.js';
import type { IndexSource } from './audit-verifier.js';

/** The index values of a weighing; the same function builds them for writing and for checking. */
export function assessmentIndex(row: Omit<AssessmentRow, 'id' | 'tenantId' | 'sequence' | 'recordedAt'>) {
  return {
    apiKeyId: row.apiKeyId,
    caseRef: row.caseRef,
    clientRefHash: row.clientRefHash,
    decision: row.decision,
    ground: row.ground,
    professionalRef: row.professionalRef,
    purposeType: row.purposeType,
    recipientType: row.recipientType,
    rulesetHash: row.rulesetHash,
    rulesetVersion: row.rulesetVersion,
    sharedCategories: row.sharedCategories,
    withheldCategories: row.withheldCategories,
  };
}

export function eventIndex(row: Pick<EventRow, 'assessmentId' | 'eventType'>) {
  return { assessmentId: row.assessmentId, eventType: row.eventType };
}

export function assessmentIndexSource(repository: AssessmentRepository): IndexSource {
  return async (tenantId, from, to) =>
    (await repository.findBySequences(tenantId, from, to)).map((row) => ({
      sequence: row.sequence,
      entityId: row.id,
      recordedAt: row.recordedAt,
      index: assessmentIndex(row),
    }));
}

export function eventIndexSource(repository: AssessmentRepository): IndexSource {
  return async (tenantId, from, to) =>
    (await repository.findEventsBySequences(tenantId, from, to)).map((row) => ({
      sequence: row.sequence,
      entityId: row.id,
      recordedAt: row.recordedAt,
      index: eventIndex(row),
    }));
}
