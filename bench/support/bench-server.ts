/**
 * The service as the benchmarks run it: a separate process (so the load generator does not share
 * its event loop), production settings, plus one extra route for the baseline — a plain insert of
 * a row of the same size as a recorded weighing, through the same node-postgres pool. Prints one
 * JSON line with its URL and an API key (and BENCH_KEYS more keys), then serves until SIGTERM.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { parseEnv } from '../../src/config/env.js';
import { Database } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import { appOptions, createBackend } from '../../src/server.js';

const env = parseEnv();
const db = new Database({
  url: env.DATABASE_URL!,
  poolMax: env.DB_POOL_MAX,
  connectionTimeoutMs: env.DB_CONNECTION_TIMEOUT_MS,
  idleTimeoutMs: env.DB_IDLE_TIMEOUT_MS,
  statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
});
const backend = createBackend(db, env);
const tenant = await backend.tenants.ensure('Benchmark');
const { key } = await backend.apiKeys.create(
  tenant.id,
  { name: 'bench', scopes: ['assess', 'read', 'audit'] },
  { operator: 'cli' },
);
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

const padding = Number(process.env.BENCH_RECORD_BYTES ?? 4000);
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

if (process.env.BENCH_TRACE_BATCHES) {
  const original = db.sqlTransaction.bind(db);
  const sizes: number[] = [];
  const times: number[] = [];
  db.sqlTransaction = async (fn) => {
    const t = performance.now();
    const result = await original(fn);
    times.push(performance.now() - t);
    sizes.push(Array.isArray(result) ? result.length : 1);
    return result;
  };
  setInterval(() => {
    if (sizes.length === 0) return;
    const avg = (a: number[]) => (a.reduce((x, y) => x + y, 0) / a.length).toFixed(1);
    process.stderr.write(
      `batches/s ${sizes.length} avg size ${avg(sizes)} avg ms ${avg(times)} max ms ${Math.max(...times).toFixed(1)}\n`,
    );
    sizes.length = 0;
    times.length = 0;
  }, 1000).unref();
}

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

const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url, key, tenantId: tenant.id, keys })}\n`);
process.on('SIGTERM', () => {
  app
    .close()
    .then(() => db.close())
    .then(() => process.exit(0));
});
