/**
 * The index rows of the consent registry, as their chain entries state them (`index` in the
 * envelope), so audit:verify proves the rows that make consents findable — and that say whether
 * one is withdrawn — exactly as it proves the rows of weighings (see assessment-index.ts).
 */
import type { ConsentRepository, ConsentRow, WithdrawalRow } from '../repositories/consent-repository.js';
import type { IndexSource } from './audit-verifier.js';

export function consentIndex(row: Omit<ConsentRow, 'id' | 'tenantId' | 'sequence' | 'recordedAt'>) {
  return {
    apiKeyId: row.apiKeyId,
    categories: row.categories,
    clientRefHash: row.clientRefHash,
    form: row.form,
    grantor: row.grantor,
    purposes: row.purposes,
    recipientType: row.recipientType,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
  };
}

export function withdrawalIndex(row: Pick<WithdrawalRow, 'consentId' | 'withdrawnAt'>) {
  return { consentId: row.consentId, withdrawnAt: row.withdrawnAt.toISOString() };
}

export function consentIndexSource(repository: ConsentRepository): IndexSource {
  return async (tenantId, from, to) =>
    (await repository.findBySequences(tenantId, from, to)).map((row) => ({
      sequence: row.sequence,
      entityId: row.id,
      recordedAt: row.recordedAt,
      index: consentIndex(row),
    }));
}

export function withdrawalIndexSource(repository: ConsentRepository): IndexSource {
  return async (tenantId, from, to) =>
    (await repository.findWithdrawalsBySequences(tenantId, from, to)).map((row) => ({
      sequence: row.sequence,
      entityId: row.id,
      recordedAt: row.recordedAt,
      index: withdrawalIndex(row),
    }));
}
