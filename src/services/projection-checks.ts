/**
 * API keys and access grants live in ordinary rows that the service reads to decide who may act
 * and who may see a case; their creation and revocation are entries in the organisation's chain,
 * written in the same transaction as the row. A row edited afterwards (a revoked key made valid
 * again, a key's scopes widened or its secret swapped, a grant's expiry moved, a grant inserted
 * without an entry) would change who has access without touching the chain. These checks run with
 * every verification and compare each row with the entries that made it, so such an edit is found
 * like an edited record.
 *
 * Rows are not indexed by sequence, so a check holds the organisation's rows of one kind in memory
 * (they are few: keys and grants, not weighings), read once at the start. Keys and grants keep
 * changing while a long verification runs, so the rows are compared only with entries up to the
 * head the chain had just before they were read (every entry up to it had committed, with its
 * row); entries appended later are only noted, so that their rows are not reported as having none.
 * An incremental run sees only new entries; rows that no entry accounts for are then left to the
 * next full run.
 */

import type { AccessGrantRow } from '../repositories/access-grant-repository.js';
import type { ApiKeyRow } from '../repositories/api-key-repository.js';
import type { ChainRow } from '../repositories/audit-chain-repository.js';
import { ACCESS_GRANT_ACCEPTED, ACCESS_GRANT_CREATED, ACCESS_GRANT_REVOKED } from './access-grants.js';
import { API_KEY_CREATED, API_KEY_REVOKED } from './api-keys.js';
import type { BrokenLink, ChainCheck, ChainCheckRun } from './audit-verifier.js';

interface ProjectedRow {
  id: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** The row's values that its creation entry states, as that entry states them. */
  stated: Record<string, unknown>;
}

interface Projection {
  name: string;
  /** How a reason names a row of this kind. */
  noun: string;
  /** What the entry of `createdType` did to the row (default: created it). */
  made?: string;
  createdType: string;
  revokedType: string;
  /** The id of the row an entry is about, from the entry's data. */
  idField: string;
  rows(tenantId: string): Promise<ProjectedRow[]>;
}

type HeadSequence = (tenantId: string) => Promise<number>;

function projectionCheck(projection: Projection, headSequence: HeadSequence): ChainCheck {
  return {
    name: projection.name,
    contentOf: [projection.createdType, projection.revokedType],
    start: async (tenantId, options) => {
      const bound = await headSequence(tenantId);
      return run(projection, await projection.rows(tenantId), bound, options.incremental);
    },
  };
}

function run(
  projection: Projection,
  list: ProjectedRow[],
  bound: number,
  incremental: boolean,
): ChainCheckRun {
  const { noun } = projection;
  const made = projection.made ?? 'created';
  const rows = new Map(list.map((r) => [r.id, r]));
  const created = new Set<string>();
  const revoked = new Set<string>();
  return {
    checked: () => list.length,
    check: (entries: ChainRow[]): BrokenLink | null => {
      for (const entry of entries) {
        if (entry.entryType !== projection.createdType && entry.entryType !== projection.revokedType)
          continue;
        const fail = (reason: string): BrokenLink => ({ sequence: entry.sequence, reason });
        // Small entries, and their hash has just been verified: parsing them is safe and cheap.
        const data = (JSON.parse(entry.content) as { data: Record<string, unknown> }).data;
        const id = String(data[projection.idField]);
        if (entry.sequence > bound) {
          // Appended after the rows were read: its row may not show it yet.
          (entry.entryType === projection.createdType ? created : revoked).add(id);
          continue;
        }
        const row = rows.get(id);
        if (!row)
          return fail(`the ${noun} row this entry is about is missing or belongs to another organisation`);
        if (entry.entryType === projection.createdType) {
          created.add(id);
          if (row.createdAt.getTime() !== entry.recordedAt.getTime()) {
            return fail(`the ${noun} row states another time than the entry that ${made} it`);
          }
          const differing = Object.keys(row.stated).filter(
            // Older entries may not state every value (a value added to entries later).
            (field) => field in data && JSON.stringify(data[field]) !== JSON.stringify(row.stated[field]),
          );
          if (differing.length > 0) {
            return fail(
              `the ${noun} row disagrees with the entry that ${made} it on: ${differing.sort().join(', ')}`,
            );
          }
        } else if (!revoked.has(id)) {
          // Two revocations at once can both be recorded; the row keeps the time of the first,
          // which an incremental run may not see.
          revoked.add(id);
          const shown = row.revokedAt?.getTime();
          const at = entry.recordedAt.getTime();
          if (!(shown === at || (incremental && shown !== undefined && shown < at))) {
            return fail(`the ${noun} row does not show the revocation this entry records`);
          }
        }
      }
      return null;
    },
    finish: (head): BrokenLink | null => {
      if (incremental) return null;
      // Reported just past the head: no entry accounts for these rows.
      const at = head.sequence + 1;
      for (const row of list) {
        if (!created.has(row.id)) {
          return {
            sequence: at,
            reason: `an ${noun} row (${row.id}) has no entry in the chain that ${made} it`,
          };
        }
        if (row.revokedAt && !revoked.has(row.id)) {
          return {
            sequence: at,
            reason: `an ${noun} row (${row.id}) is revoked without an entry in the chain`,
          };
        }
      }
      return null;
    },
  };
}

export function apiKeyRowsCheck(
  keys: { listByTenant(tenantId: string): Promise<ApiKeyRow[]> },
  headSequence: HeadSequence,
): ChainCheck {
  return projectionCheck(
    {
      name: 'api_key_rows',
      noun: 'API key',
      createdType: API_KEY_CREATED,
      revokedType: API_KEY_REVOKED,
      idField: 'apiKeyId',
      rows: async (tenantId) =>
        (await keys.listByTenant(tenantId)).map((k) => ({
          id: k.id,
          createdAt: k.createdAt,
          revokedAt: k.revokedAt,
          stated: {
            keyId: k.keyId,
            name: k.name,
            scopes: k.scopes,
            isBootstrap: k.isBootstrap,
            secretHash: Buffer.from(k.secretHash).toString('hex'),
            callerSystem: k.callerSystem ?? null,
            expiresAt: k.expiresAt?.toISOString() ?? null,
          },
        })),
    },
    headSequence,
  );
}

export function accessGrantRowsCheck(
  grants: { listGiven(tenantId: string): Promise<AccessGrantRow[]> },
  headSequence: HeadSequence,
): ChainCheck {
  return projectionCheck(
    {
      name: 'access_grant_rows',
      noun: 'access grant',
      createdType: ACCESS_GRANT_CREATED,
      revokedType: ACCESS_GRANT_REVOKED,
      idField: 'grantId',
      rows: async (tenantId) =>
        (await grants.listGiven(tenantId)).map((g) => ({
          id: g.id,
          createdAt: g.createdAt,
          revokedAt: g.revokedAt,
          stated: {
            granteeTenantId: g.granteeTenantId,
            caseRef: g.caseRef,
            expiresAt: g.expiresAt.toISOString(),
          },
        })),
    },
    headSequence,
  );
}

/**
 * A grant's acceptance is an entry in the GRANTEE's chain (it is what makes the grant show the
 * granting organisation's weighings): every accepted grant row of the organisation must have one,
 * at the time the row states, about the grant the row is.
 */
export function accessGrantAcceptanceCheck(
  grants: { listAccepted(tenantId: string): Promise<AccessGrantRow[]> },
  headSequence: HeadSequence,
): ChainCheck {
  return projectionCheck(
    {
      name: 'access_grant_acceptances',
      noun: 'accepted access grant',
      made: 'accepted',
      createdType: ACCESS_GRANT_ACCEPTED,
      // Revocation is recorded in the granting organisation's chain (access_grant_rows).
      revokedType: '(none)',
      idField: 'grantId',
      rows: async (tenantId) =>
        (await grants.listAccepted(tenantId)).map((g) => ({
          id: g.id,
          createdAt: g.acceptedAt!,
          revokedAt: null,
          stated: {
            grantingTenantId: g.grantingTenantId,
            caseRef: g.caseRef,
            expiresAt: g.expiresAt.toISOString(),
          },
        })),
    },
    headSequence,
  );
}
