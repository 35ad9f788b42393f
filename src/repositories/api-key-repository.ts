import type { Scope } from '../auth/principal.js';
import type { Database, Tx } from '../db/database.js';

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
}

export type NewApiKey = Omit<ApiKeyRow, 'revokedAt' | 'lastUsedAt'>;

const toRow = (row: { scopes: string[] } & Omit<ApiKeyRow, 'scopes'>): ApiKeyRow => ({
  ...row,
  scopes: row.scopes as Scope[],
});

export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  async findByKeyId(keyId: string): Promise<ApiKeyRow | null> {
    const row = await this.db.prisma.apiKey.findUnique({ where: { keyId } });
    return row ? toRow(row) : null;
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

  async insertMany(tx: Tx, rows: NewApiKey[]): Promise<void> {
    await tx.apiKey.createMany({
      data: rows.map((r) => ({ ...r, secretHash: Uint8Array.from(r.secretHash) })),
    });
  }

  async markRevoked(tx: Tx, ids: string[], at: Date): Promise<void> {
    await tx.apiKey.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: at } });
  }

  async touchLastUsed(id: string, at: Date): Promise<void> {
    await this.db.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
