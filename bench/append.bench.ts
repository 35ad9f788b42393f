/**
 * npm run bench:append [-- --weighings 300]
 *
 * A lone weighing at low load, in process (no HTTP): weighings are recorded one at a time with a
 * pause between them, so every one finds its organisation idle, through the service's own code on
 * an embedded PostgreSQL with default durability. Three variants alternate in one run, so drift of
 * the machine hits them alike:
 *
 * - remembered head: as the service runs (the batch is written on the head this process left, in
 *   one round trip);
 * - locked read: the same service told not to remember heads (the head is read under the lock
 *   first: two round trips);
 * - baseline: a plain insert of a row of the same size through node-postgres (one round trip).
 *
 * Prints medians and p90 of the whole weighing and of its append transaction, and the ratios.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { parseEnv } from '../src/config/env.js';
import { Database } from '../src/db/database.js';
import { AssessmentRequestBody, toAssessmentRequest } from '../src/http/schemas/assessment.js';
import { newSpanId, newTraceId } from '../src/lib/trace-context.js';
import { type Backend, createBackend } from '../src/server.js';
import { TEST_API_CONTACT_ENV } from '../test/support/contact.js';
import { connectOwner, startBenchDatabase } from './support/bench-database.js';
import { createBaselineTable } from './support/bench-service.js';
import { percentile } from './support/open-loop.js';
import { REQUEST_MIX } from './support/requests.js';

const args = process.argv.slice(2);
const i = args.indexOf('--weighings');
const weighings = i >= 0 ? Number(args[i + 1]) : 300;
const out = (line = '') => process.stdout.write(`${line}\n`);

const database = await startBenchDatabase();
const admin = await connectOwner(database);
await createBaselineTable(admin);
const env = parseEnv({
  NODE_ENV: 'production',
  DATABASE_URL: database.appUrl,
  PSEUDONYMISATION_SECRET: randomBytes(32).toString('base64url'),
  SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  ...TEST_API_CONTACT_ENV,
});
const databases: Database[] = [];
const backendWith = (rememberIdleHeads: boolean): Backend => {
  const db = new Database({
    url: database.appUrl,
    poolMax: 4,
    connectionTimeoutMs: 5_000,
    idleTimeoutMs: 60_000,
    statementTimeoutMs: 10_000,
  });
  databases.push(db);
  const backend = createBackend(db, env);
  // The trail as the service builds it, with only this option changed.
  (backend.trail as unknown as { options: { rememberIdleHeads: boolean } }).options.rememberIdleHeads =
    rememberIdleHeads;
  return backend;
};
try {
  const variants = { 'remembered head': backendWith(true), 'locked read': backendWith(false) };
  const requests = REQUEST_MIX.map((body) => toAssessmentRequest(AssessmentRequestBody.parse(body)));
  const times: Record<string, { weighing: number[]; transaction: number[] }> = {};
  const principals = new Map<Backend, { tenantId: string; apiKeyId: string; scopes: ['assess'] }>();
  for (const [name, backend] of Object.entries(variants)) {
    const tenant = await backend.tenants.ensure(`Append ${name}`);
    const key = await backend.apiKeys.create(tenant.id, { name, scopes: ['assess'] }, { operator: 'cli' });
    principals.set(backend, { tenantId: tenant.id, apiKeyId: key.id, scopes: ['assess'] });
    const entry = { weighing: [] as number[], transaction: [] as number[] };
    times[name] = entry;
    for (const method of ['pipelinedTransaction', 'sqlTransaction'] as const) {
      const db = backend.db;
      const original = db[method].bind(db) as (...a: unknown[]) => Promise<unknown>;
      (db as unknown as Record<string, unknown>)[method] = async (...a: unknown[]) => {
        const started = performance.now();
        const result = await original(...a);
        if (a[1] === db.appendPool) entry.transaction.push(performance.now() - started);
        return result;
      };
    }
  }
  times.baseline = { weighing: [], transaction: [] };
  const padding = ' '.repeat(6_800);
  const pool = variants['locked read'].db.pool;
  const baselineTenant = principals.get(variants['locked read'])!.tenantId;

  out(`bench:append — ${weighings} lone weighings per variant, alternating, in process`);
  for (let n = 0; n < weighings; n++) {
    for (const [name, backend] of Object.entries(variants)) {
      const started = performance.now();
      const principal = principals.get(backend)!;
      await backend.assessments.record(
        principal,
        requests[n % requests.length]!,
        {},
        { record: 'nl', response: 'nl' },
        undefined,
        {
          tenantId: principal.tenantId,
          traceId: newTraceId(),
          spanId: newSpanId(),
          parentSpanId: null,
          foreign: null,
          startedAt: new Date(),
        },
      );
      times[name]!.weighing.push(performance.now() - started);
    }
    const started = performance.now();
    await pool.query(
      'INSERT INTO bench_baseline (id, tenant_id, recorded_at, content) VALUES ($1, $2, now(), $3)',
      [randomUUID(), baselineTenant, padding],
    );
    const took = performance.now() - started;
    times.baseline.weighing.push(took);
    times.baseline.transaction.push(took);
    // Idle between weighings, as at low load.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = (n: number) => n.toFixed(2);
  out();
  out('variant            weighing p50   p90 ms | append transaction p50   p90 ms');
  for (const [name, t] of Object.entries(times)) {
    out(
      `${name.padEnd(18)} ${ms(percentile(t.weighing, 50)).padStart(12)} ${ms(percentile(t.weighing, 90)).padStart(6)}    | ${ms(percentile(t.transaction, 50)).padStart(22)} ${ms(percentile(t.transaction, 90)).padStart(6)}`,
    );
  }
  const p50 = (name: string) => percentile(times[name]!.weighing, 50);
  out();
  out(`remembered head / locked read, p50: ${(p50('remembered head') / p50('locked read')).toFixed(2)}`);
  out(`remembered head / baseline insert, p50: ${(p50('remembered head') / p50('baseline')).toFixed(2)}`);
  out(`locked read / baseline insert, p50: ${(p50('locked read') / p50('baseline')).toFixed(2)}`);
} finally {
  await Promise.all(databases.map((db) => db.close()));
  await admin.end();
  await database.stop();
}
