/**
 * npm run bench:latency [-- --rates 20,100,200 --seconds 10 --rounds 1 --compact]
 *
 * The latency a caller feels at realistic load, with an open-loop generator (bench/support/
 * open-loop.ts: requests start at a constant rate whatever the answers do). At each rate, three
 * routes are measured the same way, one after the other, in the same run and on the same service
 * process and database:
 *
 * - recorded: POST /v1/assessments (the request mix of bench:api);
 * - dry run:  POST /v1/assessments?dryRun=true (the same requests, nothing recorded);
 * - baseline: a plain insert of a row of the same size through node-postgres (bench-server.ts);
 * - with --compact also both weighing routes with `Prefer: return=minimal` (the compact form).
 *
 * Prints per route and rate p50, p90, p99 and max (ms, from each request's scheduled start to the
 * end of its answer), how late the generator sent requests, CPU per request of the service,
 * PostgreSQL and the generator, and what the service measured of itself (time from receiving a
 * request to answering it; append transactions and their sizes). Then a line per rate:
 *
 *   latency at R/s: recorded p50 A ms p99 B ms; baseline p50 C ms p99 D ms; ratio p50 A/C p99 B/D
 *
 * Afterwards it checks that every 201 left exactly one record and that the chain verifies, and
 * that no service process printed a deprecation warning. Targets at 100/s and 200/s: ratio p50 <=
 * 2.0, p99 <= 3.0, dry-run p50 below the baseline's.
 */
import { connectOwner, startBenchDatabase } from './support/bench-database.js';
import { createBaselineTable, startBenchService } from './support/bench-service.js';
import { cpuPerRequest, sampleCpu } from './support/cpu-accounting.js';
import { type OpenLoopRequest, type OpenLoopResult, openLoop, percentile } from './support/open-loop.js';
import { REQUEST_MIX } from './support/requests.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const rates = option('rates', '20,100,200')
  .split(',')
  .map(Number)
  .filter((r) => r > 0);
const seconds = Number(option('seconds', '10'));
const rounds = Number(option('rounds', '1'));
const compactToo = args.includes('--compact');

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');

type Route = 'recorded' | 'dry run' | 'baseline' | 'recorded, compact' | 'dry run, compact';
const ROUTES: Route[] = [
  'baseline',
  'dry run',
  'recorded',
  ...(compactToo ? (['dry run, compact', 'recorded, compact'] as const) : []),
];
/** The route as the service counts it (by path). */
const served = (route: Route) => route.replace(', compact', '');

interface ServiceStats {
  serviceMs: Record<string, { count: number; p50: number; p90: number; p99: number; max: number }>;
  transactionMs: { count: number; p50: number; p99: number; max: number };
  entriesPerTransaction: { count: number; p50: number; p99: number; max: number };
  loopDelayMs: { p50: number; p99: number; max: number };
}

interface Phase {
  result: OpenLoopResult;
  cpu: ReturnType<typeof cpuPerRequest>;
  /** Share of one core the generator used during the phase. */
  generatorCore: number;
  stats: ServiceStats;
}

const bodies = REQUEST_MIX.map((body) => Buffer.from(JSON.stringify(body)));

const database = await startBenchDatabase();
const admin = await connectOwner(database);
let failed = false;
const service = await (async () => {
  await createBaselineTable(admin);
  return startBenchService(database);
})().catch(async (error: unknown) => {
  await admin.end();
  await database.stop();
  throw error;
});
try {
  const server = service.servers[0]!;
  const auth = `Bearer ${server.key}`;
  const requestFor =
    (route: Route) =>
    (i: number): OpenLoopRequest => ({
      method: 'POST',
      path:
        route === 'baseline'
          ? '/bench/baseline'
          : served(route) === 'dry run'
            ? '/v1/assessments?dryRun=true'
            : '/v1/assessments',
      headers: {
        'content-type': 'application/json',
        ...(route === 'baseline' ? {} : { authorization: auth }),
        ...(route.endsWith(', compact') ? { prefer: 'return=minimal' } : {}),
      },
      body: bodies[i % bodies.length]!,
    });
  const stats = async (): Promise<ServiceStats> =>
    (await (await fetch(`${server.url}/bench/stats`)).json()) as ServiceStats;
  const cpuOf = () => sampleCpu([server.child.pid!], database.dataDir);

  const run = async (route: Route, rate: number, duration: number): Promise<Phase> => {
    await stats();
    const before = cpuOf();
    const wallBefore = performance.now();
    const result = await openLoop({ url: server.url, rate, seconds: duration, request: requestFor(route) });
    const after = cpuOf();
    const wall = performance.now() - wallBefore;
    return {
      result,
      cpu: cpuPerRequest(before, after, result.latencies.length),
      generatorCore: before && after ? (after.loadGenerator - before.loadGenerator) / wall : Number.NaN,
      stats: await stats(),
    };
  };

  const countRecords = async () =>
    Number(
      (
        await admin.query<{ n: string }>('SELECT count(*) AS n FROM assessments WHERE tenant_id = $1', [
          server.tenantId,
        ])
      ).rows[0]!.n,
    );
  const recordsBefore = await countRecords();

  out(
    `bench:latency — open loop, rates ${rates.join(', ')} req/s, ${rounds} round(s) of ${seconds} s per route and rate`,
  );
  out(
    `recorded weighing ≈ ${server.recordBytes} bytes stored (chain entry + index row); baseline rows padded to that size`,
  );
  out('warm-up…');
  const created: string[] = [];
  for (const route of ROUTES.filter((r) => !r.endsWith(', compact'))) {
    const warm = await run(route, 50, 3);
    created.push(...warm.result.locations);
  }

  const phases = new Map<string, Phase[]>();
  for (const rate of rates) {
    for (let round = 0; round < rounds; round++) {
      for (const route of ROUTES) {
        const phase = await run(route, rate, seconds);
        created.push(...phase.result.locations);
        const key = `${rate} ${route}`;
        phases.set(key, [...(phases.get(key) ?? []), phase]);
      }
    }
  }

  const all = (rate: number, route: Route) => phases.get(`${rate} ${route}`) ?? [];
  const latencies = (rate: number, route: Route) => all(rate, route).flatMap((p) => p.result.latencies);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

  out();
  out(
    'rate   route              sent   2xx  other  err |   p50    p90    p99    max ms | send lag p99 ms | CPU µs/req: service  PostgreSQL  generator | generator % of a core',
  );
  for (const rate of rates) {
    for (const route of ROUTES) {
      const list = all(rate, route);
      const lat = latencies(rate, route);
      const count = (pred: (status: number) => boolean) =>
        list.reduce(
          (n, p) => n + [...p.result.statuses].filter(([s]) => pred(s)).reduce((m, [, c]) => m + c, 0),
          0,
        );
      const cpu = (k: 'service' | 'postgres' | 'loadGenerator') =>
        list.every((p) => p.cpu) ? mean(list.map((p) => p.cpu![k])).toFixed(0) : 'n/a';
      out(
        `${String(rate).padEnd(6)} ${route.padEnd(17)} ${String(list.reduce((n, p) => n + p.result.scheduled, 0)).padStart(5)} ${String(count((s) => s >= 200 && s < 300)).padStart(5)} ${String(count((s) => s < 200 || s >= 300)).padStart(6)} ${String(list.reduce((n, p) => n + p.result.errors, 0)).padStart(4)} | ${ms(percentile(lat, 50)).padStart(5)} ${ms(percentile(lat, 90)).padStart(6)} ${ms(percentile(lat, 99)).padStart(6)} ${ms(percentile(lat, 100)).padStart(6)}    | ${ms(
          percentile(
            list.flatMap((p) => p.result.sendLag),
            99,
          ),
        ).padStart(
          15,
        )} | ${cpu('service').padStart(19)} ${cpu('postgres').padStart(11)} ${cpu('loadGenerator').padStart(10)} | ${(100 * mean(list.map((p) => p.generatorCore))).toFixed(0).padStart(6)} %`,
      );
    }
  }

  out();
  out('measured by the service itself (medians over rounds):');
  out(
    'rate   route      in service p50  p99 ms | append transaction p50  p99 ms | entries per transaction p50  max | event-loop delay p99 ms',
  );
  const med = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  for (const rate of rates) {
    for (const route of ROUTES) {
      const list = all(rate, route);
      const svc = (k: 'p50' | 'p99') =>
        med(list.map((p) => p.stats.serviceMs[served(route)]?.[k] ?? Number.NaN));
      const tx = served(route) === 'recorded';
      out(
        `${String(rate).padEnd(6)} ${route.padEnd(17)} ${ms(svc('p50')).padStart(15)} ${ms(svc('p99')).padStart(6)}    | ${tx ? ms(med(list.map((p) => p.stats.transactionMs.p50))).padStart(22) : ''.padStart(22)} ${tx ? ms(med(list.map((p) => p.stats.transactionMs.p99))).padStart(6) : ''.padStart(6)}    | ${tx ? String(med(list.map((p) => p.stats.entriesPerTransaction.p50))).padStart(27) : ''.padStart(27)} ${tx ? String(Math.max(...list.map((p) => p.stats.entriesPerTransaction.max))).padStart(4) : ''.padStart(4)} | ${ms(med(list.map((p) => p.stats.loopDelayMs.p99))).padStart(23)}`,
      );
    }
  }

  out();
  for (const rate of rates) {
    const r = latencies(rate, 'recorded');
    const b = latencies(rate, 'baseline');
    const [a50, a99, b50, b99] = [percentile(r, 50), percentile(r, 99), percentile(b, 50), percentile(b, 99)];
    out(
      `latency at ${rate}/s: recorded p50 ${ms(a50)} ms p99 ${ms(a99)} ms; baseline p50 ${ms(b50)} ms p99 ${ms(b99)} ms; ratio p50 ${(a50 / b50).toFixed(2)} p99 ${(a99 / b99).toFixed(2)}`,
    );
  }
  if (compactToo) {
    for (const rate of rates) {
      const c = latencies(rate, 'recorded, compact');
      const b = latencies(rate, 'baseline');
      out(
        `compact at ${rate}/s: recorded p50 ${ms(percentile(c, 50))} ms p99 ${ms(percentile(c, 99))} ms; ratio to baseline p50 ${(percentile(c, 50) / percentile(b, 50)).toFixed(2)} p99 ${(percentile(c, 99) / percentile(b, 99)).toFixed(2)}; dry run p50 ${ms(percentile(latencies(rate, 'dry run, compact'), 50))} ms`,
      );
    }
  }
  for (const rate of rates) {
    const d50 = percentile(latencies(rate, 'dry run'), 50);
    const b50 = percentile(latencies(rate, 'baseline'), 50);
    out(
      `dry run at ${rate}/s: p50 ${ms(d50)} ms vs baseline p50 ${ms(b50)} ms (${d50 < b50 ? 'below' : 'not below'} the baseline)`,
    );
  }
  out('targets at 100/s and 200/s: ratio p50 <= 2.0, p99 <= 3.0; dry-run p50 below the baseline p50');

  // Every 201 left exactly one record, nothing else was recorded, and the chain verifies.
  out();
  const ids = created.map((location) => location.slice(location.lastIndexOf('/') + 1));
  const unique = new Set(ids);
  const found = await admin.query<{ n: string }>(
    'SELECT count(*) AS n FROM assessments WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
    [server.tenantId, [...unique]],
  );
  const recordsAfter = await countRecords();
  const verify = (await (
    await fetch(`${server.url}/v1/audit/verify`, { headers: { authorization: auth } })
  ).json()) as { intact: boolean; recordsChecked: number };
  const exact =
    unique.size === ids.length &&
    Number(found.rows[0]!.n) === ids.length &&
    recordsAfter - recordsBefore === ids.length;
  out(
    `records: ${ids.length} answered 201 (warm-up included), ${unique.size} distinct ids, ${found.rows[0]!.n} of them stored, ${recordsAfter - recordsBefore} records added: ${exact ? 'exactly one record per 201' : 'MISMATCH'}`,
  );
  out(`chain intact: ${verify.intact} (${verify.recordsChecked} entries)`);
  out(
    `deprecation warnings printed by the service: ${service.deprecations.length === 0 ? 'none' : service.deprecations.join(' | ')}`,
  );
  failed = !exact || !verify.intact || service.deprecations.length > 0;
} finally {
  await service.stop();
  await admin.end();
  await database.stop();
}
if (failed) process.exitCode = 1;
