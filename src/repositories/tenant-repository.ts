import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import type { Language } from '../engine/vocabulary.js';

export interface TenantRow {
  id: string;
  name: string;
  createdAt: Date;
  /** The language the organisation's records are written in (`nl` unless set). */
  language: string;
}

export class TenantRepository {
  constructor(private readonly db: Database) {}

  /** Returns the tenant with this name, creating it when absent (safe under concurrency). */
  async ensure(name: string): Promise<TenantRow> {
    await this.db.prisma.tenant.createMany({ data: [{ id: randomUUID(), name }], skipDuplicates: true });
    return this.db.prisma.tenant.findUniqueOrThrow({ where: { name } });
  }

  findByName(name: string): Promise<TenantRow | null> {
    return this.db.prisma.tenant.findUnique({ where: { name } });
  }

  findById(id: string): Promise<TenantRow | null> {
    return this.db.prisma.tenant.findUnique({ where: { id } });
  }

  /** The organisation's record language; null when there is no such organisation. */
  async language(id: string): Promise<Language | null> {
    const row = await this.db.prisma.tenant.findUnique({ where: { id }, select: { language: true } });
    return row ? (row.language as Language) : null;
  }

  /** Sets the organisation's record language (the one column of an organisation the service may change). */
  async setLanguage(id: string, language: Language): Promise<TenantRow | null> {
    const { count } = await this.db.prisma.tenant.updateMany({ where: { id }, data: { language } });
    return count === 0 ? null : this.findById(id);
  }

  list(): Promise<TenantRow[]> {
    return this.db.prisma.tenant.findMany({ orderBy: { createdAt: 'asc' } });
  }
}
