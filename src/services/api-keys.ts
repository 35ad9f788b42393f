/**
 * API keys: authentication, the bootstrap key, and management. Every creation and revocation is
 * an entry in the tenant's integrity chain, written in the same transaction as the key row, so the
 * history of who could act for an organisation is as tamper-evident as the weighings themselves.
 *
 * Keys are resolved from memory once known (services/api-key-cache.ts): a revocation reaches every
 * instance within a second through the database's notifications, and the cache is not used while
 * that channel is not proven to work. The last-use time is written in batches, off the request
 * path.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { generateKey, hashKey, keyIdOf, keyMatches } from '../auth/api-key-format.js';
import { type Authentication, type Principal, SCOPES, type Scope } from '../auth/principal.js';
import { ApiKeyRequestError, BootstrapKeyError } from '../errors.js';
import { KeyChangeListener } from '../repositories/api-key-notifications.js';
import type { ApiKeyRepository, ApiKeyRow, NewApiKey } from '../repositories/api-key-repository.js';
import type { TenantRepository } from '../repositories/tenant-repository.js';
import { ApiKeyCache, type CachedKey } from './api-key-cache.js';
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

/** How often the last-use times gathered in memory are written (one statement for all keys). */
const LAST_USED_FLUSH_MS = 30_000;
/** The longest an API key may be created to last. */
export const MAX_KEY_LIFETIME_DAYS = 5 * 366;
/** An expiry must lie at least this far ahead (so a key is never born expired). */
const MIN_KEY_LIFETIME_MS = 60_000;

// Kept importable from here; the classes live with the other domain errors.
export { ApiKeyRequestError, BootstrapKeyError };

export interface ApiKeyServiceOptions {
  /** The database to listen on for key changes; without it every request looks its key up. */
  notifications?: { connectionString: string; closed: () => boolean };
  logger?: Logger;
  maxStalenessMs?: number;
}

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
  expiresAt: row.expiresAt,
});

export class ApiKeyService {
  readonly cache: ApiKeyCache;
  private readonly listener: KeyChangeListener | undefined;
  /** Keys used since the last write of their last-use time. */
  private used = new Set<string>();
  private flushing: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly tenants: TenantRepository,
    private readonly trail: AuditTrail,
    private readonly options: ApiKeyServiceOptions = {},
  ) {
    trail.registerProjector<NewApiKey>(API_KEY_CREATED, (items) =>
      keys.insertStatements(
        items.map((i) => ({
          ...i.payload,
          createdAt: i.placed.recordedAt,
          createdSequence: i.placed.sequence,
        })),
      ),
    );
    trail.registerProjector<{ id: string }>(API_KEY_REVOKED, (items) =>
      items.map((i) => keys.revokeStatement(i.payload.id, i.placed.recordedAt)),
    );
    this.cache = new ApiKeyCache(async (keyId): Promise<CachedKey | null> => this.keys.findByKeyId(keyId), {
      maxStalenessMs: options.maxStalenessMs,
    });
    const notifications = options.notifications;
    this.listener = notifications
      ? new KeyChangeListener(
          {
            changed: (keyId) => this.cache.invalidate(keyId),
            confirmed: (sentAt) => this.cache.confirm(sentAt),
            lost: () => this.cache.lost(),
          },
          { ...notifications, logger: options.logger },
        )
      : undefined;
  }

  /** The principal of a key known valid without a database round trip; undefined when not known. */
  cached(presented: string): Principal | undefined {
    const entry = this.cache.peek(keyIdOf(presented));
    if (!entry) return undefined;
    const result = this.judge(entry, presented);
    return 'principal' in result ? result.principal : undefined;
  }

  async authenticate(presented: string): Promise<Authentication> {
    this.start();
    return this.judge(await this.cache.get(keyIdOf(presented)), presented);
  }

  private judge(row: CachedKey | null, presented: string): Authentication {
    // The secret first: without it, nothing about the key (revoked, expired) is said.
    if (!row || !keyMatches(presented, row.secretHash)) return { failure: 'unknown' };
    if (row.revokedAt) return { failure: 'revoked' };
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return { failure: 'expired' };
    this.used.add(row.id);
    return {
      principal: {
        tenantId: row.tenantId,
        apiKeyId: row.id,
        scopes: row.scopes as Scope[],
        callerSystem: row.callerSystem ?? null,
      },
    };
  }

  /** Starts listening for key changes and writing last-use times (on first use). */
  private start(): void {
    if (this.flushing) return;
    this.listener?.start();
    this.flushing = setInterval(() => {
      if (this.options.notifications?.closed()) {
        clearInterval(this.flushing);
        return;
      }
      void this.flushUsage();
    }, LAST_USED_FLUSH_MS);
    this.flushing.unref();
  }

  /**
   * Writes the last-use time of the keys used since the previous write, in one statement. Off the
   * request path: a failure here fails no request (the next write covers those keys again).
   */
  async flushUsage(at = new Date()): Promise<void> {
    if (this.used.size === 0) return;
    const ids = [...this.used];
    this.used = new Set();
    await this.keys.touchLastUsed(ids, at).catch((error: unknown) => {
      for (const id of ids) this.used.add(id);
      this.options.logger?.warn({ err: error }, 'writing API key last-use times failed');
    });
  }

  /** Stops listening and writes the last-use times still in memory. */
  async close(): Promise<void> {
    clearInterval(this.flushing);
    await this.listener?.stop();
    await this.flushUsage();
  }

  /** The listening connection's backend pid (tests end it to show the cache fails closed). */
  listenerPid(): Promise<number | undefined> {
    return this.listener?.backendPid() ?? Promise.resolve(undefined);
  }

  async create(
    tenantId: string,
    input: {
      name: string;
      scopes: Scope[];
      callerSystem?: string | null | undefined;
      expiresAt?: Date | undefined;
    },
    actor: KeyActor,
    options: { presetKey?: string; isBootstrap?: boolean; now?: Date } = {},
  ): Promise<CreatedKey> {
    const now = options.now ?? new Date();
    if (input.expiresAt) {
      const ahead = input.expiresAt.getTime() - now.getTime();
      if (ahead < MIN_KEY_LIFETIME_MS) {
        throw new ApiKeyRequestError('expiresAt', 'must be at least a minute in the future');
      }
      if (ahead > MAX_KEY_LIFETIME_DAYS * 86_400_000) {
        throw new ApiKeyRequestError('expiresAt', `must be at most ${MAX_KEY_LIFETIME_DAYS} days ahead`);
      }
    }
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
      createdAt: now,
      callerSystem: input.callerSystem ?? null,
      expiresAt: input.expiresAt ?? null,
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
        expiresAt: row.expiresAt?.toISOString() ?? null,
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

  /**
   * Revokes a key of this tenant; returns null when there is no such key. Idempotent. The
   * bootstrap key cannot be revoked over the API (BootstrapKeyError).
   */
  async revoke(tenantId: string, id: string, actor: KeyActor): Promise<ApiKeyView | null> {
    const row = await this.keys.findById(tenantId, id);
    if (!row) return null;
    if (row.revokedAt) return view(row);
    if (row.isBootstrap && 'apiKeyId' in actor) throw new BootstrapKeyError();
    const placed = await this.trail.append<{ id: string }>(tenantId, {
      entryType: API_KEY_REVOKED,
      entityId: row.id,
      data: { apiKeyId: row.id, keyId: row.keyId, actor },
      payload: { id: row.id },
    });
    // This instance knows at once; the others through the database's notification.
    this.cache.invalidate(row.keyId);
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
