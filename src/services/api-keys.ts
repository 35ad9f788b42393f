/**
 * API keys: authentication, the bootstrap key, and management. Every creation and revocation is
 * an entry in the tenant's integrity chain, written in the same transaction as the key row, so the
 * history of who could act for an organisation is as tamper-evident as the weighings themselves.
 */
import { randomUUID } from 'node:crypto';
import { generateKey, hashKey, keyIdOf, keyMatches } from '../auth/api-key-format.js';
import { type Principal, SCOPES, type Scope } from '../auth/principal.js';
import type { ApiKeyRepository, ApiKeyRow, NewApiKey } from '../repositories/api-key-repository.js';
import type { TenantRepository } from '../repositories/tenant-repository.js';
import type { AuditTrail } from './audit-trail.js';

export const API_KEY_CREATED = 'api_key.created';
export const API_KEY_REVOKED = 'api_key.revoked';

/** Who made a key change: another key (over the API) or an operator (CLI, bootstrap). */
export type KeyActor = { apiKeyId: string } | { operator: 'cli' | 'bootstrap' };

/** A key as callers see it: never its tenant column nor its secret's hash. */
export type ApiKeyView = Omit<ApiKeyRow, 'tenantId' | 'secretHash'>;

export interface CreatedKey extends ApiKeyView {
  /** The whole key. Shown once; only its hash is stored. */
  key: string;
}

const LAST_USED_RESOLUTION_MS = 60_000;

const view = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  keyId: row.keyId,
  name: row.name,
  scopes: row.scopes,
  isBootstrap: row.isBootstrap,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
  lastUsedAt: row.lastUsedAt,
  callerSystem: row.callerSystem ?? null,
});

export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly tenants: TenantRepository,
    private readonly trail: AuditTrail,
  ) {
    trail.registerProjector<NewApiKey>(API_KEY_CREATED, (items) =>
      keys.insertStatements(items.map((i) => ({ ...i.payload, createdAt: i.placed.recordedAt }))),
    );
    trail.registerProjector<{ id: string }>(API_KEY_REVOKED, (items) =>
      items.map((i) => keys.revokeStatement(i.payload.id, i.placed.recordedAt)),
    );
  }

  async authenticate(presented: string): Promise<Principal | null> {
    const row = await this.keys.findByKeyId(keyIdOf(presented));
    if (!row || row.revokedAt || !keyMatches(presented, row.secretHash)) return null;
    const now = Date.now();
    if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      // Recorded at minute resolution and off the request path: a failure here must not fail
      // the request, and a write per request would contend on the key row.
      this.keys.touchLastUsed(row.id, new Date(now)).catch(() => undefined);
    }
    return {
      tenantId: row.tenantId,
      apiKeyId: row.id,
      scopes: row.scopes,
      callerSystem: row.callerSystem ?? null,
    };
  }

  async create(
    tenantId: string,
    input: { name: string; scopes: Scope[]; callerSystem?: string | null | undefined },
    actor: KeyActor,
    options: { presetKey?: string; isBootstrap?: boolean } = {},
  ): Promise<CreatedKey> {
    const generated = options.presetKey
      ? { key: options.presetKey, keyId: keyIdOf(options.presetKey), secretHash: hashKey(options.presetKey) }
      : generateKey();
    const scopes = SCOPES.filter((s) => input.scopes.includes(s));
    const row: NewApiKey = {
      id: randomUUID(),
      tenantId,
      keyId: generated.keyId,
      secretHash: generated.secretHash,
      name: input.name,
      scopes,
      isBootstrap: options.isBootstrap ?? false,
      createdAt: new Date(),
      callerSystem: input.callerSystem ?? null,
    };
    const placed = await this.trail.append<NewApiKey>(tenantId, {
      entryType: API_KEY_CREATED,
      entityId: row.id,
      data: {
        apiKeyId: row.id,
        keyId: row.keyId,
        name: row.name,
        scopes,
        isBootstrap: row.isBootstrap,
        // The hash of the secret (never the secret): swapping it in the key row would let someone
        // act as this key, so verification compares it (see projection-checks.ts).
        secretHash: Buffer.from(row.secretHash).toString('hex'),
        // Names the calling application in LDV records (docs/ldv.md): as tamper-evident as the scopes.
        callerSystem: row.callerSystem ?? null,
        actor,
      },
      payload: row,
    });
    return {
      ...view({ ...row, createdAt: placed.recordedAt, revokedAt: null, lastUsedAt: null }),
      key: generated.key,
    };
  }

  async list(tenantId: string): Promise<ApiKeyView[]> {
    return (await this.keys.listByTenant(tenantId)).map(view);
  }

  /** Revokes a key of this tenant; returns null when there is no such key. Idempotent. */
  async revoke(tenantId: string, id: string, actor: KeyActor): Promise<ApiKeyView | null> {
    const row = await this.keys.findById(tenantId, id);
    if (!row) return null;
    if (row.revokedAt) return view(row);
    const placed = await this.trail.append<{ id: string }>(tenantId, {
      entryType: API_KEY_REVOKED,
      entityId: row.id,
      data: { apiKeyId: row.id, keyId: row.keyId, actor },
      payload: { id: row.id },
    });
    return view({ ...row, revokedAt: placed.recordedAt });
  }

  /**
   * Makes sure the key in AUTH_BOOTSTRAP_KEY exists with every scope for the bootstrap tenant.
   * Idempotent across restarts and concurrent starts; when the configured secret changes, the
   * previous bootstrap key is revoked so rotating the variable rotates the key.
   */
  async ensureBootstrapKey(
    tenantName: string,
    presetKey: string,
  ): Promise<{ tenantId: string; keyId: string }> {
    const tenant = await this.tenants.ensure(tenantName);
    const keyId = keyIdOf(presetKey);
    const existing = await this.keys.findByKeyId(keyId);
    if (existing && existing.tenantId !== tenant.id) {
      throw new Error('AUTH_BOOTSTRAP_KEY is already in use by another organisation; choose another secret.');
    }
    if (!existing) {
      try {
        await this.create(
          tenant.id,
          { name: 'bootstrap (AUTH_BOOTSTRAP_KEY)', scopes: [...SCOPES] },
          { operator: 'bootstrap' },
          { presetKey, isBootstrap: true },
        );
      } catch (error) {
        // Another process created it at the same moment: that is the outcome we wanted.
        if (!(await this.keys.findByKeyId(keyId))) throw error;
      }
    } else if (existing.revokedAt) {
      throw new Error('AUTH_BOOTSTRAP_KEY names a key that was revoked; set a new secret.');
    }
    for (const old of await this.keys.listBootstrapKeys(tenant.id)) {
      if (old.keyId !== keyId) await this.revoke(tenant.id, old.id, { operator: 'bootstrap' });
    }
    return { tenantId: tenant.id, keyId };
  }
}
