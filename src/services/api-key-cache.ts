/**
 * API keys resolved from memory instead of a database round trip per request, with revocation
 * still effective on every instance within a second.
 *
 * Entries are dropped when the database says a key changed: a trigger on api_keys NOTIFYs the key
 * id when its revocation commits, and every instance LISTENs (repositories/api-key-notifications).
 * Lost notifications must not leave a revoked key valid, so the cache is used only while the
 * channel is *proven* to work: each instance NOTIFYs itself a ping every quarter second, stamped
 * with when it was sent, and serves from memory only while it received a ping sent less than
 * `maxStalenessMs` ago. PostgreSQL delivers notifications in commit order, so every revocation that
 * committed before that ping was sent has been received (and its entry dropped) by then. A key
 * revoked on another instance is therefore refused here within `maxStalenessMs` (plus the lookup a
 * request may already be waiting for). When pings stop arriving (the connection dropped, the
 * database is away or too slow), the cache empties itself and every request looks its key up
 * again until the channel is back: it fails closed.
 *
 * Revocation is never undone (a trigger refuses it), so a revoked key's entry may stay revoked.
 * A lookup that was under way when a notification arrived is not stored (its row may predate it).
 */

export interface CachedKey {
  id: string;
  tenantId: string;
  keyId: string;
  secretHash: Uint8Array;
  scopes: readonly string[];
  revokedAt: Date | null;
  expiresAt: Date | null;
  callerSystem?: string | null;
}

export interface ApiKeyCacheOptions {
  /** Longest a revocation on another instance can go unnoticed here. */
  maxStalenessMs?: number;
  /** Most keys held (the oldest go first). */
  maxEntries?: number;
  now?: () => number;
}

export class ApiKeyCache {
  private readonly entries = new Map<string, CachedKey>();
  /** Bumped by every invalidation; a lookup started under an older generation is not stored. */
  private generation = 0;
  /** When (this process's clock) the latest ping received was sent. */
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private readonly maxStalenessMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly lookup: (keyId: string) => Promise<CachedKey | null>,
    options: ApiKeyCacheOptions = {},
  ) {
    this.maxStalenessMs = options.maxStalenessMs ?? 900;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether the change channel was confirmed working recently enough to serve from memory. */
  isLive(): boolean {
    return this.now() - this.confirmedAt < this.maxStalenessMs;
  }

  size(): number {
    return this.entries.size;
  }

  /** The key from memory when the channel is live; never a database round trip. */
  peek(keyId: string): CachedKey | undefined {
    if (!this.isLive()) {
      if (this.entries.size > 0) this.entries.clear();
      return undefined;
    }
    return this.entries.get(keyId);
  }

  /** The key from memory, or looked up (and remembered while the channel is live). */
  async get(keyId: string): Promise<CachedKey | null> {
    const hit = this.peek(keyId);
    if (hit) return hit;
    const generation = this.generation;
    const row = await this.lookup(keyId);
    if (row && generation === this.generation && this.isLive()) {
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(keyId, row);
    }
    return row;
  }

  /** A key changed (a notification, or a change this process made itself). */
  invalidate(keyId: string): void {
    this.generation += 1;
    this.entries.delete(keyId);
  }

  /** A ping sent at `sentAt` (this process's clock) came back: everything before it has arrived. */
  confirm(sentAt: number): void {
    if (sentAt > this.confirmedAt) this.confirmedAt = sentAt;
  }

  /** The channel is gone: notifications may be missed, so nothing in memory can be trusted. */
  lost(): void {
    this.generation += 1;
    this.confirmedAt = Number.NEGATIVE_INFINITY;
    this.entries.clear();
  }
}
