import type { Database } from '../db/database.js';

export class SchemaRepository {
  constructor(private readonly db: Database) {}

  /** Versions recorded by dbmate in schema_migrations. */
  async appliedMigrations(): Promise<string[]> {
    const rows = await this.db.prisma.$queryRaw<
      Array<{ version: string }>
    >`SELECT version FROM schema_migrations`;
    return rows.map((r) => r.version.trim());
  }
}
