/**
 * The index over the consent registry: one row per registered consent and per withdrawal, each
 * naming its chain entry. Append and read only; the consents themselves are the chain entries.
 */
import type { Database, SqlStatement } from '../db/database.js';

export interface ConsentRow {
  id: string;
  tenantId: string;
  sequence: number;
  recordedAt: Date;
  clientRefHash: string;
  recipientType: string;
  purposes: string[];
  categories: string[];
  grantor: string;
  form: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD */
  validUntil: string;
  apiKeyId: string;
}

export interface WithdrawalRow {
  id: string;
  tenantId: string;
  sequence: number;
  consentId: string;
  withdrawnAt: Date;
  recordedAt: Date;
}

export type ConsentStatusFilter = 'active' | 'not_yet_valid' | 'expired' | 'withdrawn';

export interface ConsentFilter {
  clientRefHash?: string | undefined;
  recipientType?: string | undefined;
  status?: ConsentStatusFilter | undefined;
  /** The day statuses are judged on (YYYY-MM-DD). */
  day: string;
  /** Only consents before this chain position (keyset cursor). */
  beforeSequence?: number | undefined;
}

/** A consent's row with its withdrawal's row, if it has one. */
export interface ConsentWithWithdrawal extends ConsentRow {
  withdrawal: WithdrawalRow | null;
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
// A `date` column through Prisma is midnight UTC of that day.
const dateOf = (day: string) => new Date(`${day}T00:00:00.000Z`);

type PrismaConsent = Omit<ConsentRow, 'sequence' | 'validFrom' | 'validUntil'> & {
  sequence: bigint;
  validFrom: Date;
  validUntil: Date;
  withdrawal: (Omit<WithdrawalRow, 'sequence'> & { sequence: bigint }) | null;
};

const fromPrisma = (row: PrismaConsent): ConsentWithWithdrawal => ({
  ...row,
  sequence: Number(row.sequence),
  validFrom: dayOf(row.validFrom),
  validUntil: dayOf(row.validUntil),
  withdrawal: row.withdrawal ? { ...row.withdrawal, sequence: Number(row.withdrawal.sequence) } : null,
});

export class ConsentRepository {
  constructor(private readonly db: Database) {}

  /** Run in the audit-trail batch that records the consents: rows and entries commit together. */
  insertStatement(rows: ConsentRow[]): SqlStatement {
    return {
      text: `INSERT INTO consents (id, tenant_id, sequence, recorded_at, client_ref_hash, recipient_type, purposes,
                                   categories, grantor, form, valid_from, valid_until, api_key_id)
       SELECT r.id, r.tenant_id, r.sequence, r.recorded_at, r.client_ref_hash, r.recipient_type,
              ARRAY(SELECT jsonb_array_elements_text(r.purposes)), ARRAY(SELECT jsonb_array_elements_text(r.categories)),
              r.grantor, r.form, r.valid_from, r.valid_until, r.api_key_id
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, tenant_id uuid, sequence bigint, recorded_at timestamptz,
              client_ref_hash text, recipient_type text, purposes jsonb, categories jsonb, grantor text, form text,
              valid_from date, valid_until date, api_key_id uuid)`,
      values: [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            tenant_id: r.tenantId,
            sequence: r.sequence,
            recorded_at: r.recordedAt.toISOString(),
            client_ref_hash: r.clientRefHash,
            recipient_type: r.recipientType,
            purposes: r.purposes,
            categories: r.categories,
            grantor: r.grantor,
            form: r.form,
            valid_from: r.validFrom,
            valid_until: r.validUntil,
            api_key_id: r.apiKeyId,
          })),
        ),
      ],
    };
  }

  /** Run in the audit-trail batch that records the withdrawals. */
  insertWithdrawalsStatement(rows: WithdrawalRow[]): SqlStatement {
    return {
      text: `INSERT INTO consent_withdrawals (id, tenant_id, sequence, consent_id, withdrawn_at, recorded_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::timestamptz[], $6::timestamptz[])`,
      values: [
        rows.map((r) => r.id),
        rows.map((r) => r.tenantId),
        rows.map((r) => r.sequence),
        rows.map((r) => r.consentId),
        rows.map((r) => r.withdrawnAt),
        rows.map((r) => r.recordedAt),
      ],
    };
  }

  async findById(tenantId: string, id: string): Promise<ConsentWithWithdrawal | null> {
    const row = await this.db.prisma.consent.findFirst({
      where: { id, tenantId },
      include: { withdrawal: true },
    });
    return row ? fromPrisma(row) : null;
  }

  /** Newest first in chain order; at most `limit` rows. */
  async list(tenantId: string, filter: ConsentFilter, limit: number): Promise<ConsentWithWithdrawal[]> {
    const day = dateOf(filter.day);
    const status =
      filter.status === 'withdrawn'
        ? { withdrawal: { isNot: null } }
        : filter.status === 'expired'
          ? { withdrawal: null, validUntil: { lt: day } }
          : filter.status === 'not_yet_valid'
            ? { withdrawal: null, validFrom: { gt: day } }
            : filter.status === 'active'
              ? { withdrawal: null, validFrom: { lte: day }, validUntil: { gte: day } }
              : {};
    const rows = await this.db.prisma.consent.findMany({
      where: {
        tenantId,
        ...(filter.clientRefHash !== undefined ? { clientRefHash: filter.clientRefHash } : {}),
        ...(filter.recipientType !== undefined ? { recipientType: filter.recipientType } : {}),
        ...(filter.beforeSequence !== undefined ? { sequence: { lt: BigInt(filter.beforeSequence) } } : {}),
        ...status,
      },
      orderBy: { sequence: 'desc' },
      take: limit,
      include: { withdrawal: true },
    });
    return rows.map(fromPrisma);
  }

  /**
   * Index rows for a range of chain positions, for verification (straight from the driver; dates
   * as text, times as epoch milliseconds).
   */
  async findBySequences(tenantId: string, from: number, to: number): Promise<ConsentRow[]> {
    const { rows } = await this.db.pool.query<unknown[]>({
      name: 'consents-by-sequence',
      text: `SELECT id, sequence, extract(epoch FROM recorded_at) * 1000, client_ref_hash, recipient_type,
                    array_to_json(purposes)::text, array_to_json(categories)::text, grantor, form,
                    valid_from::text, valid_until::text, api_key_id
               FROM consents WHERE tenant_id = $1 AND sequence BETWEEN $2 AND $3 ORDER BY sequence`,
      values: [tenantId, from, to],
      rowMode: 'array',
    });
    return rows.map((r) => ({
      id: r[0] as string,
      tenantId,
      sequence: Number(r[1]),
      recordedAt: new Date(Number(r[2])),
      clientRefHash: r[3] as string,
      recipientType: r[4] as string,
      purposes: JSON.parse(r[5] as string) as string[],
      categories: JSON.parse(r[6] as string) as string[],
      grantor: r[7] as string,
      form: r[8] as string,
      validFrom: r[9] as string,
      validUntil: r[10] as string,
      apiKeyId: r[11] as string,
    }));
  }

  async findWithdrawalsBySequences(tenantId: string, from: number, to: number): Promise<WithdrawalRow[]> {
    const { rows } = await this.db.pool.query<unknown[]>({
      name: 'consent-withdrawals-by-sequence',
      text: `SELECT id, sequence, consent_id, extract(epoch FROM withdrawn_at) * 1000,
                    extract(epoch FROM recorded_at) * 1000
               FROM consent_withdrawals WHERE tenant_id = $1 AND sequence BETWEEN $2 AND $3 ORDER BY sequence`,
      values: [tenantId, from, to],
      rowMode: 'array',
    });
    return rows.map((r) => ({
      id: r[0] as string,
      tenantId,
      sequence: Number(r[1]),
      consentId: r[2] as string,
      withdrawnAt: new Date(Number(r[3])),
      recordedAt: new Date(Number(r[4])),
    }));
  }

  /**
   * The lowest sequence after `after` that a consent or withdrawal row names while the chain has
   * no such entry; null when there is none (see AssessmentRepository.firstStrayIndexRow).
   */
  async firstStrayIndexRow(tenantId: string, after: number): Promise<number | null> {
    const { rows } = await this.db.pool.query<{ sequence: string | null }>(
      `SELECT min(s.sequence) AS sequence FROM (
         SELECT k.sequence FROM consents k
          WHERE k.tenant_id = $1 AND k.sequence > $2
            AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.tenant_id = k.tenant_id AND c.sequence = k.sequence)
         UNION ALL
         SELECT w.sequence FROM consent_withdrawals w
          WHERE w.tenant_id = $1 AND w.sequence > $2
            AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.tenant_id = w.tenant_id AND c.sequence = w.sequence)
       ) AS s`,
      [tenantId, after],
    );
    const sequence = rows[0]?.sequence;
    return sequence === null || sequence === undefined ? null : Number(sequence);
  }
}
