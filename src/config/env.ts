/**
 * Configuration: one zod schema over the environment, parsed once at start-up. An invalid value
 * stops the process with a message naming the variable (see ConfigError).
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { isEd25519PrivateKeyPem } from '../audit/signing.js';
import { isProcessingKind, PROCESSING_KIND_NAMES, type ProcessingKind } from '../ldv/processing-kinds.js';
import {
  parseKeyHistory,
  parseWitnessList,
  parseWitnessLogs,
  transparencyRefinements,
} from './transparency.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .transform((v) => (v.trim() === '' ? undefined : v))
  .optional();

const int = (min: number, max: number, fallback: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message })
    .default(fallback);
};

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

const CONTACT_URL_EXPECTED =
  'must be an https:// URL with a domain name, such as https://gemeente.example/api-beheer';

/** The default register: a reserved name (RFC 2606) that says "not configured" in every record. */
export const PLACEHOLDER_REGISTER = 'https://register.invalid/verwerkingsactiviteiten/';

/**
 * A password with `/`, `#`, `@`, `?` or `:` breaks a URL (and tools then quote its pieces as a
 * host or port): such a URL is refused here, naming the fix, before anything reads it.
 */
export const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL')
  .refine((v) => {
    try {
      const url = new URL(v);
      return url.hostname !== '' || url.searchParams.has('host');
    } catch {
      return false;
    }
  }, 'is not a valid URL: percent-encode a password containing / # @ ? or : (or leave it out and set PGPASSWORD)');

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: int(0, 65535, 3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    DATABASE_URL: optionalString.pipe(postgresUrl.optional()),
    MIGRATION_DATABASE_URL: optionalString.pipe(postgresUrl.optional()),
    DATA_DIR: z.string().min(1).default('.data'),
    EMBEDDED_PG_PORT: int(1024, 65535, 54329),
    DB_POOL_MAX: int(1, 200, 10),
    DB_CONNECTION_TIMEOUT_MS: int(100, 60_000, 3_000),
    DB_IDLE_TIMEOUT_MS: int(1_000, 3_600_000, 30_000),
    DB_STATEMENT_TIMEOUT_MS: int(100, 600_000, 5_000),
    AUTH_BOOTSTRAP_KEY: optionalString.pipe(
      z.string().min(32, 'must be at least 32 characters (it grants every scope)').optional(),
    ),
    BOOTSTRAP_TENANT_NAME: z.string().min(1).max(200).default('bootstrap'),
    PSEUDONYMISATION_SECRET: optionalString.pipe(
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    /** Ed25519 private key (PEM, PKCS#8) that signs checkpoints of the chains; see docs/exports.md. */
    SIGNING_KEY: optionalString.pipe(
      z
        .string()
        .refine(
          isEd25519PrivateKeyPem,
          'must be an Ed25519 private key in PEM (PKCS#8), e.g. from `openssl genpkey -algorithm ed25519`',
        )
        .optional(),
    ),
    /**
     * Transparency log (docs/verifying-a-dossier.md, src/config/transparency.ts): how often a
     * grown tree gets a signed checkpoint (so at most this long after growth, plus the tree
     * builder's interval), and how often the tree builder extends trees from committed entries.
     */
    CHECKPOINT_INTERVAL_MS: int(1_000, 3_600_000, 30_000),
    TREE_BUILD_INTERVAL_MS: int(100, 60_000, 1_000),
    /** Origin line of checkpoints is `<LOG_ORIGIN_PREFIX>/<organisation id>` (c2sp.org/tlog-checkpoint). */
    LOG_ORIGIN_PREFIX: z
      .string()
      .default('beroepsgeheim.localhost')
      .refine(
        (v) => /^[^\s+]+$/u.test(v) && !v.endsWith('/'),
        'must be a schema-less URL such as host.example/log, without spaces, "+" or a trailing slash',
      ),
    /** When SIGNING_KEY became valid (published in the key history); ISO 8601. */
    SIGNING_KEY_VALID_FROM: optionalString.pipe(z.iso.datetime({ offset: true }).optional()),
    /** During a key rotation: the next key (Ed25519 PEM); checkpoints are signed with both keys. */
    SIGNING_KEY_NEXT: optionalString.pipe(
      z.string().refine(isEd25519PrivateKeyPem, 'must be an Ed25519 private key in PEM (PKCS#8)').optional(),
    ),
    SIGNING_KEY_NEXT_VALID_FROM: optionalString.pipe(z.iso.datetime({ offset: true }).optional()),
    /**
     * Retired signing keys, still valid for what they signed: a JSON array of
     * { "publicKey": base64 of the 32-byte Ed25519 key, "validFrom": ISO time, "validUntil": ISO time }.
     */
    SIGNING_KEY_HISTORY: z.string().default('[]').transform(parseKeyHistory),
    /** Witnesses to submit checkpoints to: `<url> <cosignature vkey>` per entry, entries separated by commas or newlines. */
    WITNESSES: z.string().default('').transform(parseWitnessList),
    /** Cosignatures a dossier's checkpoint must carry; default 1 when witnesses are configured, else 0. */
    WITNESS_THRESHOLD: z.coerce.number().int().min(0).max(100).optional(),
    WITNESS_TIMEOUT_MS: int(100, 60_000, 5_000),
    /** This service as a witness for other logs: its key name, Ed25519 key (PEM) and the logs' vkeys. */
    WITNESS_NAME: optionalString.pipe(
      z
        .string()
        .regex(/^[^\s+]+$/u, 'must be a key name without spaces or "+" (e.g. witness.example/w1)')
        .optional(),
    ),
    WITNESS_KEY: optionalString.pipe(
      z.string().refine(isEd25519PrivateKeyPem, 'must be an Ed25519 private key in PEM (PKCS#8)').optional(),
    ),
    WITNESS_LOGS: z.string().default('').transform(parseWitnessLogs),
    /** RFC 3161 Time-Stamping Authority: its URL, and its certificate (or issuing CA) to trust, PEM. */
    TSA_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    TSA_CERTIFICATE: optionalString,
    TSA_TIMEOUT_MS: int(100, 60_000, 10_000),
    /** Bulk export: the widest from–to range, the exports running at once, and how long one may take. */
    EXPORT_MAX_RANGE_DAYS: int(1, 3_660, 366),
    EXPORT_MAX_CONCURRENT: int(1, 50, 2),
    EXPORT_TIMEOUT_MS: int(10_000, 3_600_000, 600_000),
    /** The longest term (validFrom to validUntil, in days) a registered consent may have. */
    CONSENT_MAX_TERM_DAYS: int(1, 3_660, 366),
    /** Full verifications (GET /v1/audit/verify) running at once in one process; more get 503. */
    VERIFY_MAX_CONCURRENT: int(1, 64, 2),
    BODY_LIMIT_BYTES: int(1_024, 10_485_760, 65_536),
    SHUTDOWN_TIMEOUT_MS: int(1_000, 120_000, 15_000),
    TRUST_PROXY: bool(false),
    // Abuse limits (docs/security.md). Per-key limits apply after authentication, per-IP limits
    // before it (so floods of bad keys cannot make the database look them all up).
    RATE_LIMIT_PER_KEY_PER_MINUTE: int(1, 1_000_000, 1_200),
    RATE_LIMIT_PER_IP_PER_MINUTE: int(1, 1_000_000, 6_000),
    /** API keys that do not authenticate, per address per minute, before that address gets 429. */
    AUTH_FAILURES_PER_IP_PER_MINUTE: int(1, 1_000_000, 300),
    REQUEST_TIMEOUT_MS: int(1_000, 600_000, 30_000),
    // 0 turns event-loop load shedding off: a starved process reports an infinite delay (no
    // samples in an interval) and then sheds every request, which tests on a shared machine
    // that are not about load shedding must not see.
    MAX_EVENT_LOOP_DELAY_MS: int(0, 60_000, 500),
    /** Requests waiting for a database connection beyond which new requests get 503. */
    DB_POOL_QUEUE_LIMIT: int(1, 100_000, 100),
    /** Records waiting to be appended to one organisation's chain beyond which new ones get 503. */
    AUDIT_QUEUE_LIMIT: int(1, 1_000_000, 300),
    /**
     * Worker threads a full verification of a long chain runs on (each with its own database
     * connection); 0 verifies in the main thread. Default: the machine's cores, at most 4.
     */
    AUDIT_VERIFY_WORKERS: int(0, 64, Math.min(4, availableParallelism())),
    // The LDV processing log (docs/ldv.md). The base URI is the organisation's register of
    // processing activities; each kind of processing is a versioned entry under it, unless named
    // explicitly in PROCESSING_ACTIVITY_URIS ("kind=uri,kind=uri").
    PROCESSING_ACTIVITY_BASE_URI: optionalString
      .pipe(z.url({ protocol: /^https?$/ }).optional())
      .transform((v) => v ?? PLACEHOLDER_REGISTER),
    PROCESSING_ACTIVITY_URIS: z
      .string()
      .default('')
      .transform((v, ctx) => parseKindUris(v, ctx)),
    /** dpl.core.data_subject_id_type; default: an entry under PROCESSING_ACTIVITY_BASE_URI. */
    DATA_SUBJECT_ID_TYPE_URI: optionalString.pipe(z.url().optional()),
    /** The draft NEN 7513 extension attributes (dpl.nen7513.*) in every record. */
    LDV_NEN7513: bool(false),
    LDV_NEN7513_AUDIT_SOURCE_ID: z.string().trim().min(1).max(200).default('beroepsgeheim-service'),
    /** Optional copy of the log to an OpenTelemetry collector (OTLP/HTTP JSON); off when unset. */
    LDV_OTLP_TRACES_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    LDV_OTLP_HEADERS: z
      .string()
      .default('')
      .transform((v, ctx) => parseHeaderList(v, ctx)),
    LDV_OTLP_TIMEOUT_MS: int(1_000, 60_000, 10_000),
    LDV_OTLP_INTERVAL_MS: int(100, 3_600_000, 5_000),
    LDV_OTLP_BATCH_SIZE: int(1, 10_000, 500),
    /** Comma-separated origins allowed to call the API from a browser; empty: CORS closed. */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.url({ protocol: /^https?$/ }).refine((u) => !u.endsWith('/'), 'an origin has no trailing slash'),
        ),
      ),
    /**
     * Who integrators contact about this deployment: the OpenAPI document's `info.contact` and the
     * docs UI (NL GOV API Design Rules /core/doc-openapi-contact: name, e-mail and URL). All three
     * or none; none means the "not configured" placeholder (src/http/openapi.ts), refused in
     * production (see below).
     */
    API_CONTACT_NAME: optionalString.pipe(
      z
        .string()
        .trim()
        .max(200, 'must be at most 200 characters')
        .refine((v) => !/\p{Cc}/u.test(v), 'must be one line of text, without control characters')
        .optional(),
    ),
    API_CONTACT_EMAIL: optionalString.pipe(
      z.email({ error: 'must be an e-mail address, such as api-beheer@gemeente.example' }).optional(),
    ),
    API_CONTACT_URL: optionalString.pipe(
      z
        .url({
          protocol: /^https$/,
          hostname: z.regexes.domain,
          error: CONTACT_URL_EXPECTED,
        })
        // WHATWG URL parsing would take `https:host` too; the document shows the value as written.
        .refine((v) => v.startsWith('https://'), CONTACT_URL_EXPECTED)
        .optional(),
    ),
  })
  .superRefine(transparencyRefinements)
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    // In production nothing is generated or started implicitly: the operator supplies the database
    // and every secret, so a misconfigured deployment fails loudly instead of running on defaults.
    if (!env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required when NODE_ENV=production',
      });
    }
    if (!env.PSEUDONYMISATION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['PSEUDONYMISATION_SECRET'],
        message: 'is required when NODE_ENV=production',
      });
    }
    if (env.LDV_OTLP_TRACES_ENDPOINT && !env.LDV_OTLP_TRACES_ENDPOINT.startsWith('https://')) {
      // LDV: a logbook must enforce TLS on its connections.
      ctx.addIssue({
        code: 'custom',
        path: ['LDV_OTLP_TRACES_ENDPOINT'],
        message: 'must be an https:// URL when NODE_ENV=production',
      });
    }
    if (!env.SIGNING_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['SIGNING_KEY'],
        message: 'is required when NODE_ENV=production',
      });
    }
  })
  .superRefine(contactRefinements);

export const API_CONTACT_VARIABLES = ['API_CONTACT_NAME', 'API_CONTACT_EMAIL', 'API_CONTACT_URL'] as const;

/**
 * The contact is name, e-mail and URL together (ADR /core/doc-openapi-contact), so a partial one
 * is a mistake in any environment. In production an unset contact is refused, like a missing
 * secret: the published document would otherwise send integrators' questions and incident reports
 * to a placeholder address that reaches no one.
 */
function contactRefinements(
  env: Partial<Record<(typeof API_CONTACT_VARIABLES)[number] | 'NODE_ENV', string>>,
  ctx: z.RefinementCtx,
): void {
  const set = API_CONTACT_VARIABLES.filter((name) => env[name] !== undefined);
  if (set.length === API_CONTACT_VARIABLES.length) return;
  if (set.length === 0 && env.NODE_ENV !== 'production') return;
  for (const name of API_CONTACT_VARIABLES.filter((n) => env[n] === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message:
        set.length > 0
          ? `is required with ${set.join(' and ')}: the API's contact is a name, an e-mail address and a URL`
          : 'is required when NODE_ENV=production: the API contact integrators see in the OpenAPI document and /docs',
    });
  }
}

/** The configured API contact, or undefined when none is (development and test only). */
export function apiContact(env: Env): { name: string; email: string; url: string } | undefined {
  const { API_CONTACT_NAME: name, API_CONTACT_EMAIL: email, API_CONTACT_URL: url } = env;
  return name && email && url ? { name, email, url } : undefined;
}

/** "kind=uri,kind=uri": explicit processing activity URIs per kind of processing. */
function parseKindUris(value: string, ctx: z.RefinementCtx): Partial<Record<ProcessingKind, string>> {
  const out: Partial<Record<ProcessingKind, string>> = {};
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    const kind = item.slice(0, eq).trim();
    const uri = item.slice(eq + 1).trim();
    if (eq <= 0 || !isProcessingKind(kind)) {
      ctx.addIssue({
        code: 'custom',
        message: `each item is kind=uri with kind one of ${PROCESSING_KIND_NAMES.join(', ')}`,
      });
      return out;
    }
    if (!z.url().safeParse(uri).success) {
      ctx.addIssue({ code: 'custom', message: `the URI for ${kind} is not an absolute URI` });
      return out;
    }
    out[kind] = uri;
  }
  return out;
}

/** "Name=value,Name=value" (values percent-encoded), as OTEL_EXPORTER_OTLP_HEADERS is written. */
function parseHeaderList(value: string, ctx: z.RefinementCtx): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq).trim();
    let decoded: string | undefined;
    try {
      decoded = decodeURIComponent(item.slice(eq + 1).trim());
    } catch {
      decoded = undefined;
    }
    if (
      eq <= 0 ||
      !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) ||
      decoded === undefined ||
      /[\r\n]/.test(decoded)
    ) {
      // Never echo the value: it is usually a credential.
      ctx.addIssue({ code: 'custom', message: 'each item is Header-Name=percent-encoded value' });
      return out;
    }
    out[name] = decoded;
  }
  return out;
}

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    // Never echo the value: it may be a secret.
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}
