import type { Database } from '../db/database.js';

/** One full verification of an organisation's chain, as recorded when it finished. */
export interface VerificationRecord {
  tenantId: string;
  verifiedAt: Date;
  intact: boolean;
  /** The last entry the run reached (the head when intact; 0 for an empty chain). */
  headSequence: number;
  headHash: string | null;
  firstBrokenSequence: number | null;
}

/** The append-only record of full chain verifications (audit_verifications). */
export class VerificationRepository {
  constructor(private readonly db: Database) {}

  async insert(record: VerificationRecord): Promise<void> {
    await this.db.prisma.auditVerification.create({
      data: {
        tenantId: record.tenantId,
        verifiedAt: record.verifiedAt,
        intact: record.intact,
        headSequence: BigInt(record.headSequence),
        headHash: record.headHash,
        firstBrokenSequence: record.firstBrokenSequence === null ? null : BigInt(record.firstBrokenSequence),
      },
    });
  }

  /** The most recent full verification of the organisation's chain, or null when none ran. */
  async latest(tenantId: string): Promise<VerificationRecord | null> {
    const row = await this.db.prisma.auditVerification.findFirst({
      where: { tenantId },
      orderBy: { verifiedAt: 'desc' },
    });
    if (!row) return null;
    return {
      tenantId: row.tenantId,
      verifiedAt: row.verifiedAt,
      intact: row.intact,
      headSequence: Number(row.headSequence),
      headHash: row.headHash,
      firstBrokenSequence: row.firstBrokenSequence === null ? null : Number(row.firstBrokenSequence),
    };
  }
}
