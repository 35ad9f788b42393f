/**
 * Access grants for the Veiligheidshuis case view, and the reduced view itself. Grants are never
 * deleted; only their revocation time is ever set.
 */
import type { Database, SqlStatement } from '../db/database.js';

export interface AccessGrantRow {
  id: string;
  grantingTenantId: string;
  granteeTenantId: string;
  caseRef: string;
  expiresAt: Date;
  createdAt: Date;
  revokedAt: Date | null;
  /** When the grantee accepted; a grant shows nothing before. */
  acceptedAt: Date | null;
}

export interface AccessGrantWithNames extends AccessGrantRow {
  grantingTenantName: string;
  granteeTenantName: string;
}

/** One weighing as another organisation may see it: no answers, free text or dossier note. */
export interface CaseViewRow {
  tenantId: string;
  /** The client pseudonym (for the processing log; never shown to the grantee). */
  clientRefHash: string;
  organisationName: string;
  recordedAt: Date;
  recipientType: string;
  purposeType: string;
  decision: string;
  ground: string;
  sharedCategories: string[];
}

const withNames = (
  row: AccessGrantRow & { grantingTenant: { name: string }; granteeTenant: { name: string } },
): AccessGrantWithNames => ({
  id: row.id,
  grantingTenantId: row.grantingTenantId,
  granteeTenantId: row.granteeTenantId,
  caseRef: row.caseRef,
  expiresAt: row.expiresAt,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
  acceptedAt: row.acceptedAt,
  grantingTenantName: row.grantingTenant.name,
  granteeTenantName: row.granteeTenant.name,
});

const COLUMNS = {
  id: true,
  grantingTenantId: true,
  granteeTenantId: true,
  caseRef: true,
  expiresAt: true,
  createdAt: true,
  revokedAt: true,
  acceptedAt: true,
} as const;

const names = { grantingTenant: { select: { name: true } }, granteeTenant: { select: { name: true } } };

export class AccessGrantRepository {
  constructor(private readonly db: Database) {}

  /**
   * Run in the audit-trail batch that records the grant: the row is written with its chain entry,
   * and names it (a trigger refuses a grant row without one).
   */
  insertStatements(rows: Array<AccessGrantRow & { createdSequence: number }>): SqlStatement[] {
    return rows.map((r) => ({
      text: `INSERT INTO access_grants (id, granting_tenant_id, grantee_tenant_id, case_ref, expires_at, created_at,
                                        created_sequence)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      values: [
        r.id,
        r.grantingTenantId,
        r.granteeTenantId,
        r.caseRef,
        r.expiresAt,
        r.createdAt,
        r.createdSequence,
      ],
    }));
  }

  /** Run in the audit-trail batch that records the acceptance, in the grantee's chain. */
  acceptStatement(id: string, granteeTenantId: string, at: Date, sequence: number): SqlStatement {
    return {
      text: `UPDATE access_grants SET accepted_at = $3, accepted_sequence = $4
              WHERE id = $1 AND grantee_tenant_id = $2 AND accepted_at IS NULL`,
      values: [id, granteeTenantId, at, sequence],
    };
  }

  async findReceived(granteeTenantId: string, id: string): Promise<AccessGrantWithNames | null> {
    const row = await this.db.prisma.accessGrant.findFirst({
      where: { id, granteeTenantId },
      include: names,
    });
    return row ? withNames(row) : null;
  }

  /** Every grant the tenant accepted (for verification against its acceptance entries). */
  async listAccepted(granteeTenantId: string): Promise<AccessGrantRow[]> {
    return this.db.prisma.accessGrant.findMany({
      where: { granteeTenantId, acceptedAt: { not: null } },
      orderBy: [{ acceptedAt: 'asc' }, { id: 'asc' }],
      select: COLUMNS,
    });
  }

  /** Run in the audit-trail batch that records the revocation. */
  revokeStatement(id: string, at: Date): SqlStatement {
    return {
      text: 'UPDATE access_grants SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL',
      values: [id, at],
    };
  }

  async findGiven(grantingTenantId: string, id: string): Promise<AccessGrantWithNames | null> {
    const row = await this.db.prisma.accessGrant.findFirst({
      where: { id, grantingTenantId },
      include: names,
    });
    return row ? withNames(row) : null;
  }

  /** Every grant the tenant gave, revoked and expired ones included (for verification). */
  async listGiven(grantingTenantId: string): Promise<AccessGrantRow[]> {
    return this.db.prisma.accessGrant.findMany({
      where: { grantingTenantId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: COLUMNS,
    });
  }

  /** Grants the tenant gave and grants it received, newest first. */
  async listFor(tenantId: string): Promise<AccessGrantWithNames[]> {
    const rows = await this.db.prisma.accessGrant.findMany({
      where: { OR: [{ grantingTenantId: tenantId }, { granteeTenantId: tenantId }] },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      include: names,
    });
    return rows.map(withNames);
  }

  /**
   * The caller's own weighings of a case and those of every organisation that granted it access
   * to that case, accepted by the caller, unrevoked and unexpired now (database clock), oldest
   * first; at most `limit`.
   */
  async caseView(tenantId: string, caseRef: string, limit: number): Promise<CaseViewRow[]> {
    const rows = await this.db.prisma.$queryRaw<
      Array<{
        tenant_id: string;
        client_ref_hash: string;
        organisation_name: string;
        recorded_at: Date;
        recipient_type: string;
        purpose_type: string;
        decision: string;
        ground: string;
        shared_categories: string[];
      }>
    >`
      SELECT a.tenant_id, a.client_ref_hash, t.name AS organisation_name, a.recorded_at, a.recipient_type, a.purpose_type,
             a.decision, a.ground, a.shared_categories
        FROM assessments a
        JOIN tenants t ON t.id = a.tenant_id
       WHERE a.case_ref = ${caseRef}
         AND a.tenant_id IN (
               SELECT ${tenantId}::uuid
               UNION
               SELECT g.granting_tenant_id FROM access_grants g
                WHERE g.grantee_tenant_id = ${tenantId}::uuid AND g.case_ref = ${caseRef}
                  AND g.accepted_at IS NOT NULL AND g.revoked_at IS NULL AND g.expires_at > now())
       ORDER BY a.recorded_at, a.tenant_id, a.sequence
       LIMIT ${limit}`;
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      clientRefHash: r.client_ref_hash,
      organisationName: r.organisation_name,
      recordedAt: r.recorded_at,
      recipientType: r.recipient_type,
      purposeType: r.purpose_type,
      decision: r.decision,
      ground: r.ground,
      sharedCategories: r.shared_categories,
    }));
  }

  /** Whether the grantee holds an accepted, unrevoked, unexpired grant from the granting organisation (database clock). */
  async hasActiveGrant(granteeTenantId: string, grantingTenantId: string): Promise<boolean> {
    const rows = await this.db.prisma.$queryRaw<Array<{ found: number }>>`
      SELECT 1 AS found FROM access_grants
       WHERE grantee_tenant_id = ${granteeTenantId}::uuid AND granting_tenant_id = ${grantingTenantId}::uuid
         AND accepted_at IS NOT NULL AND revoked_at IS NULL AND expires_at > now()
       LIMIT 1`;
    return rows.length > 0;
  }

  /**
   * Whether the chain entry at `sequence` of the granting organisation is a weighing (or an event on
   * one) of a case reference granted to the grantee, actively: what its case view may show.
   */
  async grantsEntry(granteeTenantId: string, grantingTenantId: string, sequence: number): Promise<boolean> {
    const rows = await this.db.prisma.$queryRaw<Array<{ found: number }>>`
      SELECT 1 AS found
        FROM assessments a
        LEFT JOIN assessment_events e ON e.assessment_id = a.id
       WHERE a.tenant_id = ${grantingTenantId}::uuid
         AND (a.sequence = ${sequence} OR e.sequence = ${sequence})
         AND EXISTS (SELECT 1 FROM access_grants g
                      WHERE g.grantee_tenant_id = ${granteeTenantId}::uuid
                        AND g.granting_tenant_id = ${grantingTenantId}::uuid
                        AND g.case_ref = a.case_ref AND g.accepted_at IS NOT NULL
                        AND g.revoked_at IS NULL AND g.expires_at > now())
       LIMIT 1`;
    return rows.length > 0;
  }
}
