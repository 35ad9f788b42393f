/**
 * npm run bench:profile [-- --seconds 10 --connections 16 --interval-us 200 --out FILE --compact --dry-run]
 *
 * Where the service's CPU goes for a recorded POST /v1/assessments: runs the service as bench:api
 * does (a separate process, production settings, its own embedded PostgreSQL), warms it up, then
 * loads it with the bench:api request mix (autocannon, closed loop) while V8's sampling profiler
 * runs in the service (inspector, started and stopped over the benchmark's own routes, so start-up
 * and warm-up are not in it). Prints the service's CPU per request from /proc for the same window,
 * and the profile apportioned to components (bench/support/profile-components.ts); writes the
 * .cpuprofile (open it in Chrome DevTools or speedscope) to --out. --dry-run profiles the dry run
 * (`?dryRun=true`) instead, --compact asks for the compact form (`Prefer: return=minimal`).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { connectOwner, startBenchDatabase } from './support/bench-database.js';
import { createBaselineTable, startBenchService } from './support/bench-service.js';
import { cpuPerRequest, sampleCpu } from './support/cpu-accounting.js';
import { apportion, type CpuProfile, formatApportionment } from './support/profile-components.js';
import { REQUEST_MIX } from './support/requests.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const seconds = Number(option('seconds', '10'));
const connections = Number(option('connections', '16'));
const intervalUs = Number(option('interval-us', '200'));
const outFile = option('out', join(tmpdir(), `recorded-post-${Date.now()}.cpuprofile`));
const compact = args.includes('--compact');
const path = args.includes('--dry-run') ? '/v1/assessments?dryRun=true' : '/v1/assessments';
const out = (line = '') => process.stdout.write(`${line}\n`);

const database = await startBenchDatabase();
const admin = await connectOwner(database);
await createBaselineTable(admin);
await admin.end();
const service = await startBenchService(database);
try {
  const server = service.servers[0]!;
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${server.key}`,
    ...(compact ? { prefer: 'return=minimal' } : {}),
  };
  const run = (duration: number) =>
    autocannon({
      url: server.url,
      connections,
      duration,
      requests: REQUEST_MIX.map((body) => ({
        method: 'POST' as const,
        path,
        headers,
        body: JSON.stringify(body),
      })),
    });
  out(
    `bench:profile — recorded POST /v1/assessments${compact ? ' (Prefer: return=minimal)' : ''}, ${connections} connections, ${seconds} s, sampling every ${intervalUs} µs`,
  );
  out('warm-up…');
  await run(3);
  const started = await fetch(`${server.url}/bench/profile/start?intervalUs=${intervalUs}`, {
    method: 'POST',
  });
  if (!started.ok) throw new Error(`starting the profiler answered ${started.status}`);
  const cpuOf = () => sampleCpu([server.child.pid!], database.dataDir);
  const before = cpuOf();
  const result = await run(seconds);
  const after = cpuOf();
  const stopped = await fetch(`${server.url}/bench/profile/stop`, { method: 'POST' });
  const profile = (await stopped.json()) as CpuProfile;
  writeFileSync(outFile, JSON.stringify(profile));
  const cpu = cpuPerRequest(before, after, result.requests.total);
  out(
    `${result.requests.total} requests (${result['2xx']} 2xx, ${result.non2xx} other), ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
  );
  if (cpu) {
    out(
      `CPU per request from /proc (µs): service ${cpu.service.toFixed(0)}, PostgreSQL ${cpu.postgres.toFixed(0)}, load generator ${cpu.loadGenerator.toFixed(0)} (profiler overhead included in the service's)`,
    );
  }
  out(`profile written to ${outFile}`);
  out();
  out(formatApportionment(apportion(profile), result.requests.total, cpu?.service));
} finally {
  await service.stop();
  await database.stop();
}
