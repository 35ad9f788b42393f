import type { Scope } from '../auth/principal.js';
import type { Database, SqlStatement } from '../db/database.js';

export interface ApiKeyRow {
  id: string;
  tenantId: string;
  keyId: string;
  secretHash: Uint8Array;
  name: string;
  scopes: Scope[];
  isBootstrap: boolean;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** The calling application this key belongs to (an http(s) URL), if configured. */
  callerSystem?: string | null;
  /** When the key stops working; null: never. */
  expiresAt: Date | null;
}

export type NewApiKey = Omit<ApiKeyRow, 'revokedAt' | 'lastUsedAt'>;

const toRow = (row: { scopes: string[] } & Omit<ApiKeyRow, 'scopes'>): ApiKeyRow => ({
  id: row.id,
  tenantId: row.tenantId,
  keyId: row.keyId,
  secretHash: row.secretHash,
  name: row.name,
  scopes: row.scopes as Scope[],
  isBootstrap: row.isBootstrap,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
  lastUsedAt: row.lastUsedAt,
  callerSystem: row.callerSystem ?? null,
  expiresAt: row.expiresAt,
});

export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  /**
   * Authentication starts here (for keys not yet in the cache), so this one query goes to the
   * driver as a named prepared statement instead of through the ORM (whose per-query cost was a
   * tenth of the service's CPU under load).
   */
  async findByKeyId(keyId: string): Promise<ApiKeyRow | null> {
    const { rows } = await this.db.pool.query<{
      id: string;
      tenant_id: string;
      key_id: string;
      secret_hash: Buffer;
      name: string;
      scopes: string[];
      is_bootstrap: boolean;
      created_at: Date;
      revoked_at: Date | null;
      last_used_at: Date | null;
      caller_system: string | null;
      expires_at: Date | null;
    }>({
      name: 'api-key-by-key-id',
      text: `SELECT id, tenant_id, key_id, secret_hash, name, scopes, is_bootstrap, created_at, revoked_at, last_used_at,
                    caller_system, expires_at
               FROM api_keys WHERE key_id = $1`,
      values: [keyId],
    });
    const row = rows[0];
    return row
      ? {
          id: row.id,
          tenantId: row.tenant_id,
          keyId: row.key_id,
          secretHash: row.secret_hash,
          name: row.name,
          scopes: row.scopes as Scope[],
          isBootstrap: row.is_bootstrap,
          createdAt: row.created_at,
          revokedAt: row.revoked_at,
          lastUsedAt: row.last_used_at,
          callerSystem: row.caller_system,
          expiresAt: row.expires_at,
        }
      : null;
  }

  async findById(tenantId: string, id: string): Promise<ApiKeyRow | null> {
    const row = await this.db.prisma.apiKey.findFirst({ where: { id, tenantId } });
    return row ? toRow(row) : null;
  }

  async listByTenant(tenantId: string): Promise<ApiKeyRow[]> {
    const rows = await this.db.prisma.apiKey.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } });
    return rows.map(toRow);
  }

  async listBootstrapKeys(tenantId: string): Promise<ApiKeyRow[]> {
    const rows = await this.db.prisma.apiKey.findMany({
      where: { tenantId, isBootstrap: true, revokedAt: null },
    });
    return rows.map(toRow);
  }

  /**
   * Run in the audit-trail batch that records the key's creation; the row names that entry (a
   * trigger refuses a key row without it, see the access_rows_bound_to_chain migration).
   */
  insertStatements(rows: Array<NewApiKey & { createdSequence: number }>): SqlStatement[] {
    return rows.map((r) => ({
      text: `INSERT INTO api_keys (id, tenant_id, key_id, secret_hash, name, scopes, is_bootstrap, created_at,
                                   caller_system, expires_at, created_sequence)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      values: [
        r.id,
        r.tenantId,
        r.keyId,
        Buffer.from(r.secretHash),
        r.name,
        r.scopes,
        r.isBootstrap,
        r.createdAt,
        r.callerSystem ?? null,
        r.expiresAt,
        r.createdSequence,
      ],
    }));
  }

  /** Run in the audit-trail batch that records the revocation. */
  revokeStatement(id: string, at: Date): SqlStatement {
    return {
      text: 'UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL',
      values: [id, at],
    };
  }

  /** Marks keys used at `at`, in one statement; a key marked in the minute before is left alone. */
  async touchLastUsed(ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.pool.query({
      name: 'api-keys-touch-last-used',
      text: `UPDATE api_keys SET last_used_at = $2::timestamptz
              WHERE id = ANY($1::uuid[])
                AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
      values: [ids, at],
    });
  }
}
