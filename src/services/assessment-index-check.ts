/**
 * audit:verify also proves that the index rows used to find weighings (case, client pseudonym,
 * decision, ground, ...) say the same as the hashed records they point to. Otherwise someone with
 * database access could make a record unfindable, or findable under another case, unnoticed.
 */
import type { Envelope } from '../audit/chain.js';
import type { AssessmentRepository } from '../repositories/assessment-repository.js';
import type { ChainRow } from '../repositories/audit-chain-repository.js';
import type { AssessmentRecordData, EventRecordData } from './assessments.js';
import type { BrokenLink, IndexCheck } from './audit-verifier.js';

type Entries = Array<{ row: ChainRow; envelope: Envelope }>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function firstMismatch(
  entries: Entries,
  rows: Array<{ sequence: number }>,
  compare: (entry: Entries[number], row: never) => string | null,
): BrokenLink | null {
  const bySequence = new Map(rows.map((r) => [r.sequence, r]));
  const expected = new Set(entries.map((e) => e.row.sequence));
  const problems: BrokenLink[] = [];
  for (const entry of entries) {
    const row = bySequence.get(entry.row.sequence);
    const reason = row ? compare(entry, row as never) : 'the index row of this record is missing';
    if (reason) problems.push({ sequence: entry.row.sequence, reason });
  }
  for (const row of rows) {
    if (!expected.has(row.sequence)) {
      problems.push({ sequence: row.sequence, reason: 'an index row points at an entry of another kind' });
    }
  }
  return problems.sort((a, b) => a.sequence - b.sequence)[0] ?? null;
}

const range = (entries: Entries) =>
  [entries[0]!.row.sequence, entries[entries.length - 1]!.row.sequence] as const;

export function assessmentIndexCheck(repository: AssessmentRepository): IndexCheck {
  return async (tenantId, entries) => {
    const [from, to] = range(entries);
    const rows = await repository.findBySequences(tenantId, from, to);
    return firstMismatch(entries, rows, ({ row: entry, envelope }, row: Awaited<typeof rows>[number]) => {
      const data = envelope.data as AssessmentRecordData;
      const { request, result } = data;
      const expected = {
        id: entry.entityId,
        recordedAt: entry.recordedAt.getTime(),
        caseRef: request.caseRef,
        clientRefHash: request.client.refPseudonym,
        professionalRef: request.professional.ref,
        recipientType: request.recipient.type,
        purposeType: request.purpose.type,
        decision: result.decision,
        ground: result.ground,
        sharedCategories: result.information.share.map((i) => i.category),
        withheldCategories: result.information.withhold.map((i) => i.category),
        rulesetVersion: result.rulesetVersion,
        rulesetHash: result.rulesetHash,
        apiKeyId: data.recordedBy.apiKeyId,
      };
      const actual = {
        id: row.id,
        recordedAt: row.recordedAt.getTime(),
        caseRef: row.caseRef,
        clientRefHash: row.clientRefHash,
        professionalRef: row.professionalRef,
        recipientType: row.recipientType,
        purposeType: row.purposeType,
        decision: row.decision,
        ground: row.ground,
        sharedCategories: row.sharedCategories,
        withheldCategories: row.withheldCategories,
        rulesetVersion: row.rulesetVersion,
        rulesetHash: row.rulesetHash,
        apiKeyId: row.apiKeyId,
      };
      if (same(expected, actual)) return null;
      const fields = (Object.keys(expected) as Array<keyof typeof expected>).filter(
        (k) => !same(expected[k], actual[k]),
      );
      return `the index row disagrees with the record on: ${fields.join(', ')}`;
    });
  };
}

export function eventIndexCheck(repository: AssessmentRepository): IndexCheck {
  return async (tenantId, entries) => {
    const [from, to] = range(entries);
    const rows = await repository.findEventsBySequences(tenantId, from, to);
    return firstMismatch(entries, rows, ({ row: entry, envelope }, row: Awaited<typeof rows>[number]) => {
      const data = envelope.data as EventRecordData;
      const ok =
        row.id === entry.entityId &&
        row.id === data.eventId &&
        row.assessmentId === data.assessmentId &&
        row.eventType === data.type &&
        row.recordedAt.getTime() === entry.recordedAt.getTime();
      return ok ? null : 'the index row of this event disagrees with the record';
    });
  };
}
