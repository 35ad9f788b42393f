/**
 * The index over recorded weighings and their follow-up events. Append and read only: the
 * records themselves live in the integrity chain; these rows make them findable.
 */
import type { Database, SqlStatement } from '../db/database.js';

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

  /** The batch's index rows in one statement, run in the audit-trail batch that records them. */
  insertStatement(rows: AssessmentRow[]): SqlStatement {
    // Category lists are arrays inside the rows, which unnest cannot carry; they travel as JSON.
    return {
      text: `INSERT INTO assessments (id, tenant_id, sequence, recorded_at, case_ref, client_ref_hash, professional_ref,
                                recipient_type, purpose_type, decision, ground, shared_categories, withheld_categories,
                                ruleset_version, ruleset_hash, api_key_id)
       SELECT r.id, r.tenant_id, r.sequence, r.recorded_at, r.case_ref, r.client_ref_hash, r.professional_ref,
              r.recipient_type, r.purpose_type, r.decision, r.ground,
              ARRAY(SELECT jsonb_array_elements_text(r.shared)), ARRAY(SELECT jsonb_array_elements_text(r.withheld)),
              r.ruleset_version, r.ruleset_hash, r.api_key_id
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, tenant_id uuid, sequence bigint, recorded_at timestamptz,
              case_ref text, client_ref_hash text, professional_ref text, recipient_type text, purpose_type text,
              decision text, ground text, shared jsonb, withheld jsonb, ruleset_version text, ruleset_hash text,
              api_key_id uuid)`,
      values: [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            tenant_id: r.tenantId,
            sequence: r.sequence,
            recorded_at: r.recordedAt.toISOString(),
            case_ref: r.caseRef,
            client_ref_hash: r.clientRefHash,
            professional_ref: r.professionalRef,
            recipient_type: r.recipientType,
            purpose_type: r.purposeType,
            decision: r.decision,
            ground: r.ground,
            shared: r.sharedCategories,
            withheld: r.withheldCategories,
            ruleset_version: r.rulesetVersion,
            ruleset_hash: r.rulesetHash,
            api_key_id: r.apiKeyId,
          })),
        ),
      ],
    };
  }

  insertEventsStatement(rows: EventRow[]): SqlStatement {
    return {
      text: `INSERT INTO assessment_events (id, tenant_id, sequence, assessment_id, event_type, recorded_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::text[], $6::timestamptz[])`,
      values: [
        rows.map((r) => r.id),
        rows.map((r) => r.tenantId),
        rows.map((r) => r.sequence),
        rows.map((r) => r.assessmentId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.recordedAt),
      ],
    };
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
      const first = await this.sequenceAt(tenantId, { gte: filter.recordedFrom }, 'asc');
      if (first === null) return 'empty';
      range.gte = first;
    }
    if (filter.recordedTo) {
      const last = await this.sequenceAt(tenantId, { lt: filter.recordedTo }, 'desc');
      if (last === null) return 'empty';
      range.lte = last;
    }
    return range;
  }

  /** The first (asc) or last (desc) chain position recorded within `recordedAt`. */
  private async sequenceAt(
    tenantId: string,
    recordedAt: { gte: Date } | { lt: Date },
    order: 'asc' | 'desc',
  ): Promise<bigint | null> {
    const row = await this.db.prisma.assessment.findFirst({
      where: { tenantId, recordedAt },
      orderBy: { recordedAt: order },
      select: { sequence: true },
    });
    return row?.sequence ?? null;
  }

  /**
   * Index rows for a range of chain positions, for verification. Straight from the driver (array
   * rows, time as epoch milliseconds): verification reads every index row of the chain.
   */
  async findBySequences(tenantId: string, from: number, to: number): Promise<AssessmentRow[]> {
    const { rows } = await this.db.pool.query<unknown[]>({
      name: 'assessments-by-sequence',
      text: `SELECT id, sequence, extract(epoch FROM recorded_at) * 1000, case_ref, client_ref_hash, professional_ref,
                    recipient_type, purpose_type, decision, ground,
                    array_to_json(shared_categories)::text, array_to_json(withheld_categories)::text,
                    ruleset_version, ruleset_hash, api_key_id
               FROM assessments WHERE tenant_id = $1 AND sequence BETWEEN $2 AND $3 ORDER BY sequence`,
      values: [tenantId, from, to],
      rowMode: 'array',
    });
    return rows.map((r) => ({
      id: r[0] as string,
      tenantId,
      sequence: Number(r[1]),
      recordedAt: new Date(Number(r[2])),
      caseRef: r[3] as string,
      clientRefHash: r[4] as string,
      professionalRef: r[5] as string,
      recipientType: r[6] as string,
      purposeType: r[7] as string,
      decision: r[8] as string,
      ground: r[9] as string,
      // Fetched as JSON: parsing PostgreSQL's array syntax in JavaScript cost more than the rest
      // of the row together.
      sharedCategories: JSON.parse(r[10] as string) as string[],
      withheldCategories: JSON.parse(r[11] as string) as string[],
      rulesetVersion: r[12] as string,
      rulesetHash: r[13] as string,
      apiKeyId: r[14] as string,
    }));
  }

  /**
   * The lowest sequence after `after` that an index row (of a weighing or an event) names while
   * the chain has no such entry; null when there is none. Rows beyond a verified head normally
   * belong to entries appended since, which have them.
   */
  async firstStrayIndexRow(tenantId: string, after: number): Promise<number | null> {
    const { rows } = await this.db.pool.query<{ sequence: string | null }>(
      `SELECT min(s.sequence) AS sequence FROM (
         SELECT a.sequence FROM assessments a
          WHERE a.tenant_id = $1 AND a.sequence > $2
            AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.tenant_id = a.tenant_id AND c.sequence = a.sequence)
         UNION ALL
         SELECT e.sequence FROM assessment_events e
          WHERE e.tenant_id = $1 AND e.sequence > $2
            AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.tenant_id = e.tenant_id AND c.sequence = e.sequence)
       ) AS s`,
      [tenantId, after],
    );
    const sequence = rows[0]?.sequence;
    return sequence === null || sequence === undefined ? null : Number(sequence);
  }

  async findEventsBySequences(tenantId: string, from: number, to: number): Promise<EventRow[]> {
    const { rows } = await this.db.pool.query<unknown[]>({
      name: 'assessment-events-by-sequence',
      text: `SELECT id, sequence, assessment_id, event_type, extract(epoch FROM recorded_at) * 1000
               FROM assessment_events WHERE tenant_id = $1 AND sequence BETWEEN $2 AND $3 ORDER BY sequence`,
      values: [tenantId, from, to],
      rowMode: 'array',
    });
    return rows.map((r) => ({
      id: r[0] as string,
      tenantId,
      sequence: Number(r[1]),
      assessmentId: r[2] as string,
      eventType: r[3] as string,
      recordedAt: new Date(Number(r[4])),
    }));
  }
}
