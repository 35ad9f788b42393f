/**
 * What the HTTP layer needs from the rest of the service. Routes depend on these interfaces, not
 * on the database, so the OpenAPI document can be generated without one.
 */
import type { AccessGrantService } from '../services/access-grants.js';
import type { ApiKeyService } from '../services/api-keys.js';
import type { AssessmentService } from '../services/assessments.js';
import type { AuditVerifier } from '../services/audit-verifier.js';
import type { BulkExportService } from '../services/bulk-export.js';
import type { CheckpointService } from '../services/checkpoints.js';
import type { ConsentService } from '../services/consents.js';
import type { DossierService } from '../services/dossier.js';
import type { IdempotencyService } from '../services/idempotency.js';
import type { LogKeyHistoryView } from '../services/key-history.js';
import type { OrganisationSettings } from '../services/organisations.js';
import type { ProcessingLog } from '../services/processing-log.js';
import type { TransparencyLog } from '../services/transparency.js';
import type { VerificationRunner } from '../services/verification-runner.js';
import type { WitnessService } from '../services/witness.js';
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
  apiKeys: Pick<ApiKeyService, 'create' | 'list' | 'revoke'>;
  verifier: Pick<AuditVerifier, 'verify'>;
  /** Full verifications asked for over the API: shared per organisation, capped, stoppable. */
  verification: Pick<VerificationRunner, 'verify'>;
  assessments: AssessmentService;
  consents: Pick<
    ConsentService,
    'create' | 'withdraw' | 'read' | 'list' | 'recordedAnswer' | 'recordedWithdrawalAnswer'
  >;
  idempotency: IdempotencyService;
  dossiers: Pick<DossierService, 'build'>;
  bulkExports: Pick<BulkExportService, 'open'>;
  checkpoints: Pick<CheckpointService, 'publicKey'>;
  accessGrants: Pick<AccessGrantService, 'create' | 'list' | 'revoke' | 'accept' | 'caseView'>;
  organisations: Pick<OrganisationSettings, 'findById' | 'language' | 'setLanguage'>;
  processingLogs: Pick<ProcessingLog, 'read'>;
  transparency: Pick<TransparencyLog, 'latestNote' | 'inclusion' | 'consistency'>;
  /** The published key history of an organisation's log (GET /v1/audit/keys). */
  keyHistory(tenantId: string): LogKeyHistoryView;
  /** What a case-view grantee may see of another organisation's log. */
  grantedLogs: {
    hasActiveGrant(granteeTenantId: string, grantingTenantId: string): Promise<boolean>;
    grantsEntry(granteeTenantId: string, grantingTenantId: string, sequence: number): Promise<boolean>;
  };
  /** Set when this service is a witness for other logs (WITNESS_NAME, WITNESS_KEY). */
  witness?: WitnessService;
}
