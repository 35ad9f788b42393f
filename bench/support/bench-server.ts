/**
 * The service as the benchmarks run it: a separate process (so the load generator does not share
 * its event loop), production settings, plus two extra routes: the baseline — a plain insert of
 * a row of the same size as a recorded weighing, through the same node-postgres pool — and
 * GET /bench/stats, which reports (and resets) what the service measured of itself since the last
 * call: time in the service per route, append transactions and their sizes, event-loop delay.
 * Prints one JSON line with its URL, an API key (and BENCH_KEYS more keys) and the size of a
 * recorded weighing, then serves until SIGTERM.
 */
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { parseEnv } from '../../src/config/env.js';
import { Database } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import { AssessmentRequestBody, toAssessmentRequest } from '../../src/http/schemas/assessment.js';
import { newSpanId, newTraceId } from '../../src/lib/trace-context.js';
import { appOptions, createBackend } from '../../src/server.js';
import { REQUEST_MIX } from './requests.js';

const env = parseEnv();
const db = new Database({
  url: env.DATABASE_URL!,
  poolMax: env.DB_POOL_MAX,
  connectionTimeoutMs: env.DB_CONNECTION_TIMEOUT_MS,
  idleTimeoutMs: env.DB_IDLE_TIMEOUT_MS,
  statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
});
const backend = createBackend(db, env);
// BENCH_TENANT: bench:api --compare-with runs two checkouts' services on one database, each its own chain.
const tenant = await backend.tenants.ensure(process.env.BENCH_TENANT ?? 'Benchmark');
const createdKey = await backend.apiKeys.create(
  tenant.id,
  { name: 'bench', scopes: ['assess', 'read', 'audit'] },
  { operator: 'cli' },
);
const key = createdKey.key;
// More keys of the same organisation (bench:load spreads calling systems over them).
const keys = await Promise.all(
  Array.from({ length: Number(process.env.BENCH_KEYS ?? 0) }, async (_, i) => {
    const created = await backend.apiKeys.create(
      tenant.id,
      { name: `bench ${i}`, scopes: ['assess', 'read', 'audit'] },
      { operator: 'cli' },
    );
    return created.key;
  }),
);

// Logs are produced at the configured level, as in production, and thrown away.
const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
const app = await buildApp({ ...appOptions(env, backend), logStream: sink });

/**
 * The size of a recorded weighing as stored (chain entry content + index row), measured on one
 * recorded here; the baseline's rows are padded to it, so it inserts "a row of similar size".
 */
async function recordedSize(): Promise<number> {
  const created = await backend.assessments.record(
    { tenantId: tenant.id, apiKeyId: createdKey.id, scopes: createdKey.scopes },
    toAssessmentRequest(AssessmentRequestBody.parse(REQUEST_MIX[0])),
    {},
    { record: 'nl', response: 'nl' },
    undefined,
    {
      tenantId: tenant.id,
      traceId: newTraceId(),
      spanId: newSpanId(),
      parentSpanId: null,
      foreign: null,
      startedAt: new Date(),
    },
  );
  const { rows } = await db.pool.query<{ content: number; row: number }>(
    `SELECT length(c.content) AS content, pg_column_size(a.*) AS row
       FROM assessments a JOIN audit_chain c ON c.tenant_id = a.tenant_id AND c.sequence = a.sequence
      WHERE a.id = $1`,
    [created.response.id],
  );
  return rows[0]!.content + rows[0]!.row;
}
const padding = process.env.BENCH_RECORD_BYTES
  ? Number(process.env.BENCH_RECORD_BYTES)
  : await recordedSize();
app.post('/bench/baseline', async (request, reply) => {
  const body = JSON.stringify(request.body);
  const content = body.length >= padding ? body : body + ' '.repeat(padding - body.length);
  const id = randomUUID();
  await db.pool.query(
    'INSERT INTO bench_baseline (id, tenant_id, recorded_at, content) VALUES ($1, $2, now(), $3)',
    [id, tenant.id, content],
  );
  return reply.code(201).send({ id });
});

// The transparency log's schedules (tree builder, checkpoint signer) are off unless switched on
// here, so bench:api can measure recorded weighings with and without them in one run. Each switch
// first brings the trees up to date, so a round never pays for the backlog of the one before.
let treeSchedules: Array<{ stop(): Promise<void> }> = [];
const quiet = (await import('pino')).default({ level: 'warn' }, sink);
app.post<{ Querystring: { on?: string } }>('/bench/tree', async (request) => {
  await Promise.all(treeSchedules.map((s) => s.stop()));
  treeSchedules = [];
  await backend.trees.catchUpAll();
  if (request.query.on === '1') {
    treeSchedules = [
      backend.trees.startSchedule(env.TREE_BUILD_INTERVAL_MS, quiet),
      backend.transparency.startSchedule(env.CHECKPOINT_INTERVAL_MS, quiet),
    ];
  }
  return { on: treeSchedules.length > 0 };
});

if (process.env.BENCH_TRACE_LOOP) {
  const { monitorEventLoopDelay, performance: perf } = await import('node:perf_hooks');
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let last = perf.eventLoopUtilization();
  setInterval(() => {
    const now = perf.eventLoopUtilization();
    const elu = perf.eventLoopUtilization(now, last);
    last = now;
    process.stderr.write(
      `loop delay p50 ${(histogram.percentile(50) / 1e6).toFixed(1)} ms p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms, utilisation ${(elu.utilization * 100).toFixed(0)}%\n`,
    );
    histogram.reset();
  }, 1000).unref();
}

if (process.env.BENCH_TRACE_CPU) {
  let last = process.cpuUsage();
  let requests = 0;
  app.addHook('onResponse', async () => {
    requests += 1;
  });
  setInterval(() => {
    const now = process.cpuUsage();
    const user = (now.user - last.user) / 1000;
    const system = (now.system - last.system) / 1000;
    last = now;
    if (requests > 0) {
      process.stderr.write(
        `cpu per request: user ${(user / requests).toFixed(3)} ms, system ${(system / requests).toFixed(3)} ms (${requests} req/s)\n`,
      );
    }
    requests = 0;
  }, 1000).unref();
}

// A CPU profile of a window of the run (bench:profile): started and stopped over HTTP so that
// start-up and warm-up stay out of it. The profile is returned as the JSON of a .cpuprofile.
{
  const { Session } = await import('node:inspector/promises');
  let session: InstanceType<typeof Session> | null = null;
  app.post<{ Querystring: { intervalUs?: string } }>('/bench/profile/start', async (request) => {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', {
      interval: Number(request.query.intervalUs ?? 200),
    });
    await session.post('Profiler.start');
    return { profiling: true };
  });
  app.post('/bench/profile/stop', async (_request, reply) => {
    if (!session) return reply.code(409).send({ profiling: false });
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    session = null;
    return reply.type('application/json').send(JSON.stringify(profile));
  });
}

// What the service measures of itself, for GET /bench/stats.
const serviceMs = new Map<string, number[]>();
const transactions: Array<{ ms: number; entries: number }> = [];
let refused = 0;
/** Why batches were refused (messages with ids blanked), for diagnosis. */
const refusals = new Map<string, number>();
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const routeOf = (url: string) =>
  url.startsWith('/bench/baseline')
    ? 'baseline'
    : url.startsWith('/v1/assessments?dryRun=true')
      ? 'dry run'
      : url.startsWith('/v1/assessments')
        ? 'recorded'
        : null;
app.addHook('onResponse', async (request, reply) => {
  const route = routeOf(request.url);
  if (!route) return;
  const list = serviceMs.get(route) ?? [];
  list.push(reply.elapsedTime);
  serviceMs.set(route, list);
});
// Every append transaction: the pipelined one-round-trip batch, and the retry on the locked head.
for (const method of ['pipelinedTransaction', 'sqlTransaction'] as const) {
  const original = db[method].bind(db) as (...args: unknown[]) => Promise<unknown>;
  (db as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    const started = performance.now();
    const result = await original(...args).catch((error: unknown) => {
      // A batch built on a head that had moved, refused by the database (then written again).
      if (args[1] === db.appendPool) {
        refused += 1;
        const message =
          error instanceof Error ? error.message.replace(/[0-9a-f-]{36}/g, '<uuid>') : String(error);
        refusals.set(message, (refusals.get(message) ?? 0) + 1);
      }
      throw error;
    });
    if (args[1] === db.appendPool) {
      const entries =
        method === 'sqlTransaction' ? (Array.isArray(result) ? result.length : 1) : countEntries(args[0]);
      transactions.push({ ms: performance.now() - started, entries });
    }
    return result;
  };
}
/** Entries in a pipelined batch: the rows of its chain insert (8 parameters each). */
function countEntries(statements: unknown): number {
  const insert = (statements as Array<{ text: string; values: unknown[] }>).find((s) =>
    s.text.includes('INSERT INTO audit_chain '),
  );
  return insert ? insert.values.length / 8 : 0;
}
const percentiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { count: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: sorted.at(-1) ?? 0 };
};
app.get('/bench/stats', async () => {
  const report = {
    serviceMs: Object.fromEntries([...serviceMs].map(([route, list]) => [route, percentiles(list)])),
    transactionMs: percentiles(transactions.map((t) => t.ms)),
    entriesPerTransaction: percentiles(transactions.map((t) => t.entries)),
    entries: transactions.reduce((n, t) => n + t.entries, 0),
    refusedTransactions: refused,
    refusals: Object.fromEntries(refusals),
    loopDelayMs: {
      p50: loopDelay.percentile(50) / 1e6,
      p99: loopDelay.percentile(99) / 1e6,
      max: loopDelay.max / 1e6,
    },
  };
  serviceMs.clear();
  transactions.length = 0;
  refused = 0;
  refusals.clear();
  loopDelay.reset();
  return report;
});

const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url, key, tenantId: tenant.id, keys, recordBytes: padding })}\n`);
process.on('SIGTERM', () => {
  app
    .close()
    .then(() => db.close())
    .then(() => process.exit(0));
});
