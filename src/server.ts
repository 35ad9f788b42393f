/**
 * Composition root: wires configuration, database, repositories, services and the HTTP app, and
 * tears them down in order. `main.ts` runs it as a process; tests run it in-process.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { Pseudonymiser } from './audit/pseudonym.js';
import { apiContact, type Env, PLACEHOLDER_REGISTER, parseEnv } from './config/env.js';
import { loadLocalSecrets, resolvePseudonymisationSecret, resolveSigningKey } from './config/secrets.js';
import { privateKeyOf, unescapePem } from './config/transparency.js';
import { Database } from './db/database.js';
import type { EmbeddedDatabase } from './db/embedded.js';
import {
  applyMigrations,
  ensureAppRole,
  shippedMigrationVersions,
  withCredentials,
} from './db/migrations.js';
import { probeDatabase } from './db/preflight.js';
import { StartupError } from './errors.js';
import { type AppOptions, buildApp } from './http/app.js';
import { loggerOptions } from './http/logging.js';
import type { AppServices } from './http/services.js';
import { activityUri, defaultSubjectIdType, PROCESSING_KIND_NAMES } from './ldv/processing-kinds.js';
import { AccessGrantRepository } from './repositories/access-grant-repository.js';
import { ApiKeyRepository } from './repositories/api-key-repository.js';
import { AssessmentRepository } from './repositories/assessment-repository.js';
import { AuditChainRepository } from './repositories/audit-chain-repository.js';
import { CheckpointRepository } from './repositories/checkpoint-repository.js';
import { ConsentRepository } from './repositories/consent-repository.js';
import { ExportRepository } from './repositories/export-repository.js';
import { IdempotencyRepository } from './repositories/idempotency-repository.js';
import { ProcessingLogOutbox, ProcessingLogRepository } from './repositories/processing-log-repository.js';
import { SchemaRepository } from './repositories/schema-repository.js';
import { TenantRepository } from './repositories/tenant-repository.js';
import { TreeRepository } from './repositories/tree-repository.js';
import { VerificationRepository } from './repositories/verification-repository.js';
import { AccessGrantService } from './services/access-grants.js';
import { ApiKeyService } from './services/api-keys.js';
import { assessmentIndexSource, eventIndexSource } from './services/assessment-index.js';
import { ASSESSMENT_EVENT, ASSESSMENT_RECORDED, AssessmentService } from './services/assessments.js';
import { AuditTrail } from './services/audit-trail.js';
import { AuditVerifier } from './services/audit-verifier.js';
import { BulkExportService } from './services/bulk-export.js';
import { CheckpointService } from './services/checkpoints.js';
import { consentIndexSource, withdrawalIndexSource } from './services/consent-index.js';
import { CONSENT_RECORDED, CONSENT_WITHDRAWN } from './services/consent-view.js';
import { ConsentService } from './services/consents.js';
import { DossierService } from './services/dossier.js';
import { entryChecks } from './services/entry-checks.js';
import { IdempotencyService } from './services/idempotency.js';
import { keyHistoryOf } from './services/key-history.js';
import { LogKeys } from './services/log-keys.js';
import { OrganisationSettings } from './services/organisations.js';
import { ProcessingLog, type ProcessingLogConfig } from './services/processing-log.js';
import { ProcessingLogExporter } from './services/processing-log-exporter.js';
import {
  accessGrantAcceptanceCheck,
  accessGrantRowsCheck,
  apiKeyRowsCheck,
} from './services/projection-checks.js';
import { DatabaseReadiness } from './services/readiness.js';
import { TimestampClient } from './services/timestamping.js';
import { TransparencyLog } from './services/transparency.js';
import { TreeBuilder } from './services/tree-builder.js';
import { VerificationRunner } from './services/verification-runner.js';
import { WitnessService } from './services/witness.js';

/** The login role the service uses in the embedded database (member of pss_app). */
export const EMBEDDED_APP_ROLE = 'pss_service';

export interface Backend {
  db: Database;
  tenants: TenantRepository;
  apiKeys: ApiKeyService;
  trail: AuditTrail;
  chain: AuditChainRepository;
  verifier: AuditVerifier;
  assessments: AssessmentService;
  checkpoints: CheckpointService;
  processingLog: ProcessingLog;
  trees: TreeBuilder;
  transparency: TransparencyLog;
  services: AppServices;
  pseudonymisationSecret: string;
}

/** Builds repositories and services on an open database. */
export function createBackend(db: Database, env: Env, logger?: Logger): Backend {
  const tenants = new TenantRepository(db);
  const chain = new AuditChainRepository(db);
  const trail = new AuditTrail(db, chain, { maxQueue: env.AUDIT_QUEUE_LIMIT });
  const apiKeyRows = new ApiKeyRepository(db);
  const apiKeys = new ApiKeyService(apiKeyRows, tenants, trail, {
    notifications: {
      connectionString: db.pool.options.connectionString ?? '',
      closed: () => db.pool.ending,
    },
    ...(logger ? { logger } : {}),
  });
  const accessGrantRows = new AccessGrantRepository(db);
  const readiness = new DatabaseReadiness(new SchemaRepository(db), shippedMigrationVersions());
  const verifier = new AuditVerifier(chain, {
    parallel: { url: db.url, workers: env.AUDIT_VERIFY_WORKERS },
  });
  // A dossier says when the whole chain was last verified in full: every full run is recorded.
  const verifications = new VerificationRepository(db);
  verifier.onFullVerification((report) =>
    verifications.insert({
      tenantId: report.tenantId,
      verifiedAt: new Date(report.verifiedAt),
      intact: report.intact,
      headSequence: report.headSequence,
      headHash: report.headHash,
      firstBrokenSequence: report.firstBrokenLink?.sequence ?? null,
    }),
  );
  const organisations = new OrganisationSettings(tenants);
  const pseudonymisationSecret = resolvePseudonymisationSecret(env);
  const pseudonymiser = new Pseudonymiser(pseudonymisationSecret);
  const processingLog = new ProcessingLog(
    new ProcessingLogRepository(db),
    processingLogConfig(env),
    pseudonymiser,
  );
  const assessmentRows = new AssessmentRepository(db);
  const idempotencyKeys = new IdempotencyRepository(db);
  const idempotency = new IdempotencyService(idempotencyKeys);
  const consentRows = new ConsentRepository(db);
  const consents = new ConsentService(
    trail,
    consentRows,
    chain,
    idempotencyKeys,
    pseudonymiser,
    processingLog,
    {
      maxTermDays: env.CONSENT_MAX_TERM_DAYS,
    },
  );
  const assessments = new AssessmentService(
    trail,
    assessmentRows,
    chain,
    idempotencyKeys,
    pseudonymiser,
    processingLog,
    consents,
  );
  verifier.registerIndex(ASSESSMENT_RECORDED, assessmentIndexSource(assessmentRows));
  verifier.registerIndex(ASSESSMENT_EVENT, eventIndexSource(assessmentRows));
  verifier.registerStrayIndexProbe((tenantId, after) => assessmentRows.firstStrayIndexRow(tenantId, after));
  verifier.registerIndex(CONSENT_RECORDED, consentIndexSource(consentRows));
  verifier.registerIndex(CONSENT_WITHDRAWN, withdrawalIndexSource(consentRows));
  verifier.registerStrayIndexProbe((tenantId, after) => consentRows.firstStrayIndexRow(tenantId, after));
  const keys = new LogKeys({
    originPrefix: env.LOG_ORIGIN_PREFIX,
    current: privateKeyOf(resolveSigningKey(env)),
    currentValidFrom: env.SIGNING_KEY_VALID_FROM ? new Date(env.SIGNING_KEY_VALID_FROM) : null,
    ...(env.SIGNING_KEY_NEXT
      ? {
          next: {
            key: privateKeyOf(env.SIGNING_KEY_NEXT),
            validFrom: env.SIGNING_KEY_NEXT_VALID_FROM
              ? new Date(env.SIGNING_KEY_NEXT_VALID_FROM)
              : new Date(),
          },
        }
      : {}),
    retired: env.SIGNING_KEY_HISTORY,
  });
  const checkpoints = new CheckpointService(new CheckpointRepository(db), keys);
  // Unknown entry types and entries dated in the future (the chain trigger refuses both); first, so
  // that such an entry is reported as what it is rather than as a row it lacks.
  verifier.registerChainCheck(entryChecks());
  verifier.registerChainCheck(checkpoints.chainCheck());
  const treeRows = new TreeRepository(db);
  const trees = new TreeBuilder(treeRows, chain);
  const tsaCertificatePem = env.TSA_CERTIFICATE ? unescapePem(env.TSA_CERTIFICATE) : null;
  const transparency = new TransparencyLog(treeRows, chain, trees, keys, {
    witnesses: env.WITNESSES,
    threshold: env.WITNESS_THRESHOLD ?? Math.min(1, env.WITNESSES.length),
    witnessTimeoutMs: env.WITNESS_TIMEOUT_MS,
    ...(env.TSA_URL
      ? {
          tsa: new TimestampClient({
            url: env.TSA_URL,
            timeoutMs: env.TSA_TIMEOUT_MS,
            ...(tsaCertificatePem ? { trustedCertificatePem: tsaCertificatePem } : {}),
          }),
        }
      : {}),
    ...(logger ? { logger } : {}),
  });
  verifier.registerChainCheck(transparency.chainCheck());
  const witness =
    env.WITNESS_NAME && env.WITNESS_KEY
      ? new WitnessService(treeRows, {
          name: env.WITNESS_NAME,
          key: privateKeyOf(env.WITNESS_KEY),
          logs: env.WITNESS_LOGS,
        })
      : undefined;
  // Keys and grants decide who may act and who may see a case: their rows must agree with the chain.
  const headSequence = (tenantId: string) => chain.headSequence(tenantId);
  verifier.registerChainCheck(apiKeyRowsCheck(apiKeyRows, headSequence));
  verifier.registerChainCheck(accessGrantRowsCheck(accessGrantRows, headSequence));
  verifier.registerChainCheck(accessGrantAcceptanceCheck(accessGrantRows, headSequence));
  const exportServices = {
    dossiers: new DossierService(
      assessments,
      chain,
      organisations,
      transparency,
      processingLog,
      verifications,
      consents,
    ),
    bulkExports: new BulkExportService(
      new ExportRepository(db, {
        maxConcurrent: env.EXPORT_MAX_CONCURRENT,
        timeoutMs: env.EXPORT_TIMEOUT_MS,
      }),
      tenants,
      { maxRangeDays: env.EXPORT_MAX_RANGE_DAYS },
      processingLog,
    ),
    checkpoints,
    accessGrants: new AccessGrantService(accessGrantRows, tenants, trail, processingLog),
    organisations,
    transparency,
    keyHistory: keyHistoryOf(transparency, tsaCertificatePem),
    grantedLogs: accessGrantRows,
    ...(witness ? { witness } : {}),
  };
  return {
    db,
    tenants,
    apiKeys,
    trail,
    chain,
    pseudonymisationSecret,
    verifier,
    assessments,
    checkpoints,
    processingLog,
    trees,
    transparency,
    services: {
      authenticator: apiKeys,
      readiness,
      apiKeys,
      verifier,
      verification: new VerificationRunner(verifier, { maxConcurrent: env.VERIFY_MAX_CONCURRENT }),
      assessments,
      consents,
      idempotency,
      processingLogs: processingLog,
      ...exportServices,
    },
  };
}

/** Where LDV records point: the organisation's register entries and the pseudonym scheme. */
export function processingLogConfig(env: Env): ProcessingLogConfig {
  const base = env.PROCESSING_ACTIVITY_BASE_URI;
  return {
    activityUris: Object.fromEntries(
      PROCESSING_KIND_NAMES.map((kind) => [
        kind,
        env.PROCESSING_ACTIVITY_URIS[kind] ?? activityUri(base, kind),
      ]),
    ) as ProcessingLogConfig['activityUris'],
    subjectIdType: env.DATA_SUBJECT_ID_TYPE_URI ?? defaultSubjectIdType(base),
    nen7513: env.LDV_NEN7513 ? { auditSourceId: env.LDV_NEN7513_AUDIT_SOURCE_ID } : null,
  };
}

/** The HTTP app's options as configured by the environment. */
export function appOptions(env: Env, backend: Backend): AppOptions {
  return {
    services: backend.services,
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    contact: apiContact(env),
    protection: {
      corsOrigins: env.CORS_ORIGINS,
      ratePerIpPerMinute: env.RATE_LIMIT_PER_IP_PER_MINUTE,
      ratePerKeyPerMinute: env.RATE_LIMIT_PER_KEY_PER_MINUTE,
      authFailuresPerIpPerMinute: env.AUTH_FAILURES_PER_IP_PER_MINUTE,
      maxEventLoopDelayMs: env.MAX_EVENT_LOOP_DELAY_MS,
    },
    load: {
      // Turned away at the door (before parsing, validation and evaluation) once the audit queue
      // is half full, so that requests are rarely refused by the queue itself after all that work.
      saturated: () =>
        backend.db.pool.waitingCount > env.DB_POOL_QUEUE_LIMIT ||
        backend.trail.pendingCount() > env.AUDIT_QUEUE_LIMIT / 2,
    },
  };
}

export interface DatabaseConnection {
  /** URL the service connects with (its own least-privilege role). */
  appUrl: string;
  /** Owner/superuser URL, when this process manages the database (embedded). */
  ownerUrl?: string;
  embedded?: EmbeddedDatabase;
}

/**
 * Without DATABASE_URL: start the embedded PostgreSQL, apply migrations and connect as the
 * service's own role. With DATABASE_URL: use that server; migrations are applied implicitly only
 * outside production (in production `npm run db:migrate` does it, as a deliberate step).
 */
export async function prepareDatabase(env: Env, logger: Logger): Promise<DatabaseConnection> {
  if (env.DATABASE_URL) {
    // Every start-up reaches the database first, in production too: it either serves, or stops
    // with a sentence naming host and port (never "ready" on a database it cannot reach).
    if (env.NODE_ENV !== 'production') {
      const migrationUrl = env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL;
      await probeDatabase(
        env.MIGRATION_DATABASE_URL ? 'MIGRATION_DATABASE_URL' : 'DATABASE_URL',
        migrationUrl,
      );
      await applyMigrations(migrationUrl);
      logger.info('migrations applied');
    }
    await probeDatabase('DATABASE_URL', env.DATABASE_URL);
    return { appUrl: env.DATABASE_URL };
  }
  const secrets = loadLocalSecrets(env.DATA_DIR);
  const started = Date.now();
  // Loaded only here: production images do not ship the embedded server.
  const { startEmbeddedPostgres } = await import('./db/embedded.js');
  const embedded = await startEmbeddedPostgres({
    dataDir: `${env.DATA_DIR}/postgres`,
    port: env.EMBEDDED_PG_PORT,
    password: secrets.postgresPassword,
  });
  try {
    const ownerUrl = embedded.superuserUrl('beroepsgeheim');
    await ensureDatabaseExists(embedded.superuserUrl('postgres'), 'beroepsgeheim');
    await applyMigrations(ownerUrl);
    await ensureAppRole(ownerUrl, EMBEDDED_APP_ROLE, secrets.appDbPassword);
    logger.info(
      { ms: Date.now() - started, port: env.EMBEDDED_PG_PORT },
      'embedded PostgreSQL ready, migrations applied',
    );
    return {
      appUrl: withCredentials(ownerUrl, EMBEDDED_APP_ROLE, secrets.appDbPassword),
      ownerUrl,
      embedded,
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

async function ensureDatabaseExists(maintenanceUrl: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

async function listen(app: FastifyInstance, port: number, host: string): Promise<string> {
  try {
    return await app.listen({ port, host });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(
        `Port ${port} on ${host} is in use by another program; set PORT to a free port.`,
      );
    }
    if (code === 'EACCES') {
      throw new StartupError(`Port ${port} needs privileges this process lacks; set PORT to 1024 or above.`);
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new StartupError(
        `HOST ${host} is not an address of this machine; set HOST (e.g. 127.0.0.1 or 0.0.0.0).`,
      );
    }
    throw error;
  }
}

export interface RunningService {
  app: FastifyInstance;
  backend: Backend;
  url: string;
  stop(): Promise<void>;
}

export async function startService(
  env: Env = parseEnv(),
  logger?: Logger,
  /** Where the HTTP app writes its log lines (main.ts: a readable form on a terminal). */
  logStream?: NodeJS.WritableStream,
): Promise<RunningService> {
  const log = logger ?? pino(loggerOptions(env.LOG_LEVEL));
  const connection = await prepareDatabase(env, log);
  const db = new Database(
    {
      url: connection.appUrl,
      poolMax: env.DB_POOL_MAX,
      connectionTimeoutMs: env.DB_CONNECTION_TIMEOUT_MS,
      idleTimeoutMs: env.DB_IDLE_TIMEOUT_MS,
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
    },
    log,
  );
  let app: FastifyInstance | undefined;
  let signing: { stop(): Promise<void> } | undefined;
  let building: { stop(): Promise<void> } | undefined;
  let purging: ReturnType<typeof setInterval> | undefined;
  let exporting: { stop(): Promise<void> } | undefined;
  try {
    const backend = createBackend(db, env, log);
    building = backend.trees.startSchedule(env.TREE_BUILD_INTERVAL_MS, log);
    signing = backend.transparency.startSchedule(env.CHECKPOINT_INTERVAL_MS, log);
    // Idempotency-Keys (and the responses they store) expire after 24 hours; clear them hourly.
    purging = setInterval(() => {
      backend.services.idempotency
        .purgeExpired()
        .catch((error: unknown) => log.warn({ err: error }, 'purging expired idempotency keys failed'));
    }, 3_600_000);
    purging.unref();
    if (env.NODE_ENV === 'production' && env.PROCESSING_ACTIVITY_BASE_URI === PLACEHOLDER_REGISTER) {
      // Not fatal (the log is still complete), but records name a register that does not exist
      // and cannot be corrected later: say so loudly at every start.
      log.warn(
        'PROCESSING_ACTIVITY_BASE_URI is not set: LDV processing-log records name the placeholder register ' +
          `${PLACEHOLDER_REGISTER}; set it to your register of processing activities (docs/ldv.md)`,
      );
    }
    if (env.LDV_OTLP_TRACES_ENDPOINT) {
      exporting = new ProcessingLogExporter(
        new ProcessingLogOutbox(db, { sendTimeoutMs: env.LDV_OTLP_TIMEOUT_MS }),
        {
          endpoint: env.LDV_OTLP_TRACES_ENDPOINT,
          headers: env.LDV_OTLP_HEADERS,
          timeoutMs: env.LDV_OTLP_TIMEOUT_MS,
          intervalMs: env.LDV_OTLP_INTERVAL_MS,
          batchSize: env.LDV_OTLP_BATCH_SIZE,
        },
        log,
      ).start();
      log.info('LDV processing log export to an OpenTelemetry collector started');
    }
    if (env.AUTH_BOOTSTRAP_KEY) {
      const { keyId } = await backend.apiKeys.ensureBootstrapKey(
        env.BOOTSTRAP_TENANT_NAME,
        env.AUTH_BOOTSTRAP_KEY,
      );
      log.info({ keyId }, 'bootstrap API key ensured');
    }
    app = await buildApp({ ...appOptions(env, backend), ...(logStream ? { logStream } : {}) });
    const url = await listen(app, env.PORT, env.HOST);
    const started = app;
    let stopping: Promise<void> | undefined;
    return {
      app: started,
      backend,
      url,
      stop: () => {
        stopping ??= (async () => {
          // Stop accepting, let in-flight requests finish, then release the database.
          await started.close();
          clearInterval(purging);
          await exporting?.stop();
          await building?.stop();
          await signing?.stop();
          await backend.apiKeys.close();
          await backend.verifier.close();
          await db.close();
          await connection.embedded?.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    clearInterval(purging);
    await exporting?.stop().catch(() => undefined);
    await building?.stop().catch(() => undefined);
    await signing?.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    await connection.embedded?.stop().catch(() => undefined);
    throw error;
  }
}
