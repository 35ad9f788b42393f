import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';

export interface TenantRow {
  id: string;
  name: string;
  createdAt: Date;
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

  list(): Promise<TenantRow[]> {
    return this.db.prisma.tenant.findMany({ orderBy: { createdAt: 'asc' } });
  }
}
