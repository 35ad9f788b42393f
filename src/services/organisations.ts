/**
 * The organisation's own settings. One for now: the language its records are written in (issue
 * #14), `nl` unless set. A weighing's texts are recorded in it unless the request names another;
 * each record names its language, so the setting is not evidence and is not in the chain.
 *
 * Every weighing reads it, so it is remembered for a short while: a change made through another
 * process of the service reaches this one within `ttlMs` (a change made here, at once).
 */
import type { Language } from '../engine/vocabulary.js';
import { NotFoundError } from '../errors.js';
import type { TenantRepository, TenantRow } from '../repositories/tenant-repository.js';

export class OrganisationSettings {
  private readonly languages = new Map<string, { language: Language; until: number }>();

  constructor(
    private readonly tenants: TenantRepository,
    private readonly ttlMs = 30_000,
  ) {}

  findById(id: string): Promise<TenantRow | null> {
    return this.tenants.findById(id);
  }

  /** The language the organisation's records are written in. */
  async language(tenantId: string): Promise<Language> {
    const known = this.languages.get(tenantId);
    if (known && known.until > Date.now()) return known.language;
    const language = await this.tenants.language(tenantId);
    if (language === null) throw new NotFoundError('organisation');
    this.remember(tenantId, language);
    return language;
  }

  async setLanguage(tenantId: string, language: Language): Promise<TenantRow> {
    const row = await this.tenants.setLanguage(tenantId, language);
    if (!row) throw new NotFoundError('organisation');
    this.remember(tenantId, language);
    return row;
  }

  private remember(tenantId: string, language: Language): void {
    if (this.languages.size > 10_000) this.languages.clear();
    this.languages.set(tenantId, { language, until: Date.now() + this.ttlMs });
  }
}
