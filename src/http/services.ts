/**
 * What the HTTP layer needs from the rest of the service. Routes depend on these interfaces, not
 * on the database, so the OpenAPI document can be generated without one.
 */
import type { Authenticator } from './auth.js';

export interface ReadinessReport {
  ready: boolean;
  database: 'up' | 'down';
  migrations: 'current' | 'pending' | 'unknown';
  pendingMigrations?: string[];
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

export interface AppServices {
  authenticator: Authenticator;
  readiness: Readiness;
}
