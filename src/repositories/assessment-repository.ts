/**
 * The index over recorded weighings and their follow-up events. Append and read only: the
 * records themselves live in the integrity chain; these rows make them findable.
 */
import type { Database, Tx } from '../db/database.js';

export interface AssessmentRow {
  id: string;
  tenantId: string;
  sequence: number;
  recordedAt: Date;
  caseRef: string;
  clientRefHash: string;
  professionalRef: string;
  recipientType: string;
  purposeType: string;
  decision: string;
  ground: string;
  sharedCategories: string[];
  withheldCategories: string[];
  rulesetVersion: string;
  rulesetHash: string;
  apiKeyId: string;
}

export interface AssessmentSummaryRow extends AssessmentRow {
  hash: string;
  previousHash: string;
}

export interface EventRow {
  id: string;
  tenantId: string;
  sequence: number;
  assessmentId: string;
  eventType: string;
  recordedAt: Date;
}

export interface AssessmentFilter {
  caseRef?: string;
  clientRefHash?: string;
  recipientType?: string;
  decision?: string;
  ground?: string;
  recordedFrom?: Date;
  recordedTo?: Date;
  /** Only entries before this sequence number (keyset cursor). */
  beforeSequence?: number;
}

const fromDb = <T extends { sequence: bigint }>(row: T) => ({ ...row, sequence: Number(row.sequence) });

export class AssessmentRepository {
  constructor(private readonly db: Database) {}

  async insertMany(tx: Tx, rows: AssessmentRow[]): Promise<void> {
    await tx.assessment.createMany({ data: rows.map((r) => ({ ...r, sequence: BigInt(r.sequence) })) });
  }

  async insertEvents(tx: Tx, rows: EventRow[]): Promise<void> {
    await tx.assessmentEvent.createMany({ data: rows.map((r) => ({ ...r, sequence: BigInt(r.sequence) })) });
  }

  async findById(tenantId: string, id: string): Promise<AssessmentRow | null> {
    const row = await this.db.prisma.assessment.findFirst({ where: { id, tenantId } });
    return row ? fromDb(row) : null;
  }

  async eventsOf(tenantId: string, assessmentId: string): Promise<EventRow[]> {
    const rows = await this.db.prisma.assessmentEvent.findMany({
      where: { tenantId, assessmentId },
      orderBy: { sequence: 'asc' },
    });
    return rows.map(fromDb);
  }

  /** Newest first in chain order; at most `limit` rows. */
  async list(tenantId: string, filter: AssessmentFilter, limit: number): Promise<AssessmentSummaryRow[]> {
    const sequence = await this.sequenceRange(tenantId, filter);
    if (sequence === 'empty') return [];
    const rows = await this.db.prisma.assessment.findMany({
      where: {
        tenantId,
        ...(filter.caseRef !== undefined ? { caseRef: filter.caseRef } : {}),
        ...(filter.clientRefHash !== undefined ? { clientRefHash: filter.clientRefHash } : {}),
        ...(filter.recipientType !== undefined ? { recipientType: filter.recipientType } : {}),
        ...(filter.decision !== undefined ? { decision: filter.decision } : {}),
        ...(filter.ground !== undefined ? { ground: filter.ground } : {}),
        sequence,
      },
      orderBy: { sequence: 'desc' },
      take: limit,
      include: { entry: { select: { hash: true, previousHash: true } } },
    });
    return rows.map(({ entry, ...row }) => ({
      ...fromDb(row),
      hash: entry.hash,
      previousHash: entry.previousHash,
    }));
  }

  /**
   * A recorded-at range becomes a sequence range (recorded_at never decreases along a chain), so
   * every list query is an index range scan in sequence order whatever the filters.
   */
  private async sequenceRange(
    tenantId: string,
    filter: AssessmentFilter,
  ): Promise<{ gte?: bigint; lte?: bigint; lt?: bigint } | 'empty'> {
    const range: { gte?: bigint; lte?: bigint; lt?: bigint } = {};
    if (filter.beforeSequence !== undefined) range.lt = BigInt(filter.beforeSequence);
    if (filter.recordedFrom) {
      const first = await this.db.prisma.assessment.findFirst({
        where: { tenantId, recordedAt: { gte: filter.recordedFrom } },
        orderBy: { recordedAt: 'asc' },
        select: { sequence: true },
      });
      if (!first) return 'empty';
      range.gte = first.sequence;
    }
    if (filter.recordedTo) {
      const last = await this.db.prisma.assessment.findFirst({
        where: { tenantId, recordedAt: { lt: filter.recordedTo } },
        orderBy: { recordedAt: 'desc' },
        select: { sequence: true },
      });
      if (!last) return 'empty';
      range.lte = last.sequence;
    }
    return range;
  }

  /** Index rows for these chain positions, to check them against the chain. */
  async findBySequences(tenantId: string, from: number, to: number): Promise<AssessmentRow[]> {
    const rows = await this.db.prisma.assessment.findMany({
      where: { tenantId, sequence: { gte: BigInt(from), lte: BigInt(to) } },
      orderBy: { sequence: 'asc' },
    });
    return rows.map(fromDb);
  }

  async findEventsBySequences(tenantId: string, from: number, to: number): Promise<EventRow[]> {
    const rows = await this.db.prisma.assessmentEvent.findMany({
      where: { tenantId, sequence: { gte: BigInt(from), lte: BigInt(to) } },
      orderBy: { sequence: 'asc' },
    });
    return rows.map(fromDb);
  }
}
