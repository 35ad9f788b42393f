/**
 * Signed checkpoints of the integrity chains. Append and read only (the database refuses UPDATE,
 * DELETE and TRUNCATE, see the checkpoints migration).
 */
import type { Database } from '../db/database.js';

export interface CheckpointRow {
  tenantId: string;
  id: string;
  kind: 'head' | 'export';
  signedAt: Date;
  publicKeyId: string;
  headSequence: number;
  headHash: string;
  statement: string;
  signature: string;
}

export interface ChainHeadRow {
  tenantId: string;
  sequence: number;
  hash: string;
}

const fromDb = (row: Omit<CheckpointRow, 'headSequence' | 'kind'> & { headSequence: bigint; kind: string }) =>
  ({
    ...row,
    kind: row.kind as CheckpointRow['kind'],
    headSequence: Number(row.headSequence),
  }) as CheckpointRow;

export class CheckpointRepository {
  constructor(private readonly db: Database) {}

  async insert(row: CheckpointRow): Promise<void> {
    await this.db.prisma.auditCheckpoint.create({ data: { ...row, headSequence: BigInt(row.headSequence) } });
  }

  /** Every checkpoint of a tenant, oldest head first: what verification checks the chain against. */
  async listByTenant(tenantId: string): Promise<CheckpointRow[]> {
    const rows = await this.db.prisma.auditCheckpoint.findMany({
      where: { tenantId },
      orderBy: [{ headSequence: 'asc' }, { signedAt: 'asc' }],
    });
    return rows.map(fromDb);
  }

  /** The head of each chain that has entries beyond its newest checkpoint. */
  async movedHeads(): Promise<ChainHeadRow[]> {
    const rows = await this.db.prisma.$queryRaw<Array<{ tenant_id: string; sequence: bigint; hash: string }>>`
      SELECT t.id AS tenant_id, h.sequence, h.hash
        FROM tenants t
        CROSS JOIN LATERAL (
          SELECT sequence, hash FROM audit_chain WHERE tenant_id = t.id ORDER BY sequence DESC LIMIT 1
        ) AS h
       WHERE h.sequence > COALESCE(
               (SELECT max(head_sequence) FROM audit_checkpoints c WHERE c.tenant_id = t.id), 0)`;
    return rows.map((r) => ({ tenantId: r.tenant_id, sequence: Number(r.sequence), hash: r.hash }));
  }
}
