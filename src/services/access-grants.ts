/**
 * The Veiligheidshuis case view. An organisation grants another (the safety house's tenant) read
 * access to its weighings of one case reference, until an expiry, revocable at any time. Creation
 * and revocation are entries in the GRANTING organisation's integrity chain, written in the same
 * transaction as the grant row (as API key changes are).
 *
 * What a grantee sees is a reduced view: organisation, date, recipient type, purpose type,
 * decision, ground and the categories shared. Never the answers, free texts or dossier notes: the
 * safety house processes only on behalf of the partner that brought the case in.
 *
 * A grant takes effect only once the grantee accepts it (an entry in the GRANTEE's chain): without
 * that step any organisation could push its weighings into another's case view, unasked.
 */
import { randomUUID } from 'node:crypto';
import { GrantRequestError, GrantStateError } from '../errors.js';
import type {
  AccessGrantRepository,
  AccessGrantRow,
  CaseViewRow,
} from '../repositories/access-grant-repository.js';
import type { TenantRepository } from '../repositories/tenant-repository.js';
import type { AuditTrail } from './audit-trail.js';
import type { ProcessingContext, ProcessingLog } from './processing-log.js';

export const ACCESS_GRANT_CREATED = 'access_grant.created';
export const ACCESS_GRANT_REVOKED = 'access_grant.revoked';
export const ACCESS_GRANT_ACCEPTED = 'access_grant.accepted';

/** The longest a grant may run. */
export const MAX_GRANT_DAYS = 366;
/** Expiry must lie at least this far ahead (so a grant is never born expired). */
const MIN_GRANT_MS = 60_000;
/** The most weighings one case view lists. */
export const CASE_VIEW_LIMIT = 1_000;

export type GrantStatus = 'pending' | 'active' | 'expired' | 'revoked';

export interface AccessGrantView {
  id: string;
  grantingOrganisation: { id: string; name: string };
  granteeOrganisation: { id: string; name: string };
  caseRef: string;
  expiresAt: Date;
  createdAt: Date;
  revokedAt: Date | null;
  acceptedAt: Date | null;
  status: GrantStatus;
}

// Kept importable from here; the classes live with the other domain errors.
export { GrantRequestError, GrantStateError };

export interface CaseView {
  caseRef: string;
  items: Array<Omit<CaseViewRow, 'clientRefHash'> & { ownRecord: boolean }>;
  truncated: boolean;
}

const statusOf = (grant: AccessGrantRow, now: Date): GrantStatus =>
  grant.revokedAt
    ? 'revoked'
    : grant.expiresAt.getTime() <= now.getTime()
      ? 'expired'
      : grant.acceptedAt
        ? 'active'
        : 'pending';

export class AccessGrantService {
  constructor(
    private readonly grants: AccessGrantRepository,
    private readonly tenants: TenantRepository,
    private readonly trail: AuditTrail,
    private readonly processingLog: ProcessingLog,
  ) {
    trail.registerProjector<AccessGrantRow>(ACCESS_GRANT_CREATED, (items) =>
      grants.insertStatements(
        items.map((i) => ({
          ...i.payload,
          createdAt: i.placed.recordedAt,
          createdSequence: i.placed.sequence,
        })),
      ),
    );
    trail.registerProjector<{ id: string }>(ACCESS_GRANT_REVOKED, (items) =>
      items.map((i) => grants.revokeStatement(i.payload.id, i.placed.recordedAt)),
    );
    trail.registerProjector<{ id: string }>(ACCESS_GRANT_ACCEPTED, (items) =>
      items.map((i) =>
        grants.acceptStatement(i.payload.id, i.placed.tenantId, i.placed.recordedAt, i.placed.sequence),
      ),
    );
  }

  async create(
    grantingTenantId: string,
    input: { granteeOrganisationId: string; caseRef: string; expiresAt: Date },
    actor: { apiKeyId: string },
    now = new Date(),
  ): Promise<AccessGrantView> {
    if (input.granteeOrganisationId === grantingTenantId) {
      throw new GrantRequestError('granteeOrganisationId', 'is your own organisation');
    }
    const ahead = input.expiresAt.getTime() - now.getTime();
    if (ahead < MIN_GRANT_MS)
      throw new GrantRequestError('expiresAt', 'must be at least a minute in the future');
    if (ahead > MAX_GRANT_DAYS * 86_400_000) {
      throw new GrantRequestError('expiresAt', `must be at most ${MAX_GRANT_DAYS} days ahead`);
    }
    const [granting, grantee] = await Promise.all([
      this.tenants.findById(grantingTenantId),
      this.tenants.findById(input.granteeOrganisationId),
    ]);
    if (!granting) throw new Error('the calling organisation does not exist');
    if (!grantee)
      throw new GrantRequestError('granteeOrganisationId', 'is not an organisation of this service');
    const row: AccessGrantRow = {
      id: randomUUID(),
      grantingTenantId,
      granteeTenantId: grantee.id,
      caseRef: input.caseRef,
      expiresAt: input.expiresAt,
      createdAt: now,
      revokedAt: null,
      acceptedAt: null,
    };
    const placed = await this.trail.append<AccessGrantRow>(grantingTenantId, {
      entryType: ACCESS_GRANT_CREATED,
      entityId: row.id,
      data: {
        grantId: row.id,
        granteeTenantId: row.granteeTenantId,
        caseRef: row.caseRef,
        expiresAt: row.expiresAt.toISOString(),
        actor,
      },
      payload: row,
    });
    return this.view(
      {
        ...row,
        createdAt: placed.recordedAt,
        grantingTenantName: granting.name,
        granteeTenantName: grantee.name,
      },
      now,
    );
  }

  async list(tenantId: string, now = new Date()): Promise<AccessGrantView[]> {
    return (await this.grants.listFor(tenantId)).map((g) => this.view(g, now));
  }

  /** Revokes a grant this tenant gave; null when there is no such grant. Idempotent. */
  async revoke(tenantId: string, id: string, actor: { apiKeyId: string }, now = new Date()) {
    const grant = await this.grants.findGiven(tenantId, id);
    if (!grant) return null;
    if (grant.revokedAt) return this.view(grant, now);
    const placed = await this.trail.append<{ id: string }>(tenantId, {
      entryType: ACCESS_GRANT_REVOKED,
      entityId: grant.id,
      data: { grantId: grant.id, actor },
      payload: { id: grant.id },
    });
    return this.view({ ...grant, revokedAt: placed.recordedAt }, now);
  }

  /**
   * The grantee accepts a grant it received, recorded in its own chain; from then on the grant
   * shows the granting organisation's weighings of the case. Null when there is no such grant for
   * this tenant. Idempotent; a revoked or expired grant cannot be accepted (GrantStateError).
   */
  async accept(tenantId: string, id: string, actor: { apiKeyId: string }, now = new Date()) {
    const grant = await this.grants.findReceived(tenantId, id);
    if (!grant) return null;
    if (grant.acceptedAt) return this.view(grant, now);
    if (grant.revokedAt) throw new GrantStateError('revoked');
    if (grant.expiresAt.getTime() <= now.getTime()) throw new GrantStateError('expired');
    const placed = await this.trail.append<{ id: string }>(tenantId, {
      entryType: ACCESS_GRANT_ACCEPTED,
      entityId: grant.id,
      // What was accepted, as the grantee's own chain records it.
      data: {
        grantId: grant.id,
        grantingTenantId: grant.grantingTenantId,
        caseRef: grant.caseRef,
        expiresAt: grant.expiresAt.toISOString(),
        actor,
      },
      payload: { id: grant.id },
    });
    return this.view({ ...grant, acceptedAt: placed.recordedAt }, now);
  }

  /**
   * The reduced, chronological view of a case: the caller's own weighings and those of the
   * organisations whose grant is in force. Null when nothing is visible, so that a case existing
   * elsewhere is not disclosed.
   */
  async caseView(tenantId: string, caseRef: string, processing: ProcessingContext): Promise<CaseView | null> {
    const rows = await this.grants.caseView(tenantId, caseRef, CASE_VIEW_LIMIT + 1);
    if (rows.length === 0) return null;
    const shown = rows.slice(0, CASE_VIEW_LIMIT);
    // One record per client shown: in the caller's log for its own weighings, and in the log of the
    // organisation that granted access for its weighings (it disclosed them to the caller).
    await this.processingLog.write(
      this.processingLog.records(
        'casusoverzicht-raadplegen',
        processing,
        shown.map((r) =>
          r.tenantId === tenantId
            ? { dataSubjectId: r.clientRefHash }
            : {
                dataSubjectId: r.clientRefHash,
                tenantId: r.tenantId,
                kind: 'casusoverzicht-verstrekken' as const,
              },
        ),
      ),
    );
    return {
      caseRef,
      items: shown.map(({ clientRefHash: _subject, ...r }) => ({ ...r, ownRecord: r.tenantId === tenantId })),
      truncated: rows.length > CASE_VIEW_LIMIT,
    };
  }

  private view(
    grant: AccessGrantRow & { grantingTenantName: string; granteeTenantName: string },
    now: Date,
  ): AccessGrantView {
    return {
      id: grant.id,
      grantingOrganisation: { id: grant.grantingTenantId, name: grant.grantingTenantName },
      granteeOrganisation: { id: grant.granteeTenantId, name: grant.granteeTenantName },
      caseRef: grant.caseRef,
      expiresAt: grant.expiresAt,
      createdAt: grant.createdAt,
      revokedAt: grant.revokedAt,
      acceptedAt: grant.acceptedAt,
      status: statusOf(grant, now),
    };
  }
}
