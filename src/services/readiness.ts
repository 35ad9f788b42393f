import { isDatabaseUnavailable } from '../db/errors.js';
import type { Readiness, ReadinessReport } from '../http/services.js';
import type { SchemaRepository } from '../repositories/schema-repository.js';

/** Ready = the database answers and every migration this build ships has been applied. */
export class DatabaseReadiness implements Readiness {
  constructor(
    private readonly schema: SchemaRepository,
    private readonly shippedVersions: string[],
  ) {}

  async check(): Promise<ReadinessReport> {
    let applied: string[];
    try {
      applied = await this.schema.appliedMigrations();
    } catch (error) {
      // Reachable, but no schema_migrations table (undefined_table): nothing has been migrated yet.
      if (
        !isDatabaseUnavailable(error) &&
        JSON.stringify(error, Object.getOwnPropertyNames(error)).includes('42P01')
      ) {
        return {
          ready: false,
          database: 'up',
          migrations: 'pending',
          pendingMigrations: this.shippedVersions,
        };
      }
      return { ready: false, database: 'down', migrations: 'unknown' };
    }
    const done = new Set(applied);
    const pending = this.shippedVersions.filter((v) => !done.has(v));
    return pending.length === 0
      ? { ready: true, database: 'up', migrations: 'current' }
      : { ready: false, database: 'up', migrations: 'pending', pendingMigrations: pending };
  }
}
