/**
 * npm run bench:verify-contention [-- --records 60000 --rate 20 --seconds 10 --verifications 12 --chains 3]
 *
 * Can full verifications stall everyone else? Seeds a chain of N recorded weighings (default
 * 60,000) for each of three organisations, starts the service as its own process, and offers
 * other requests of another organisation at a constant rate (open loop: each request is sent at
 * its scheduled time whatever the answers do, and its latency counts from that time): dry-run
 * weighings and list queries, alternating. It measures them
 *   1. alone, for `seconds`;
 *   2. while `verifications` full verifications of one organisation's chain are asked for at once;
 *   3. while as many are asked for, spread over the three organisations (beyond the service-wide
 *      cap, VERIFY_MAX_CONCURRENT, they get 503 with Retry-After).
 * Prints p50, p99 and max of the other requests per phase, the ratio of p99 to phase 1, and what
 * the verification requests got. Machine-dependent figures: compare ratios within one run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { TEST_API_CONTACT_ENV } from '../test/support/contact.js';
import { startBenchDatabase } from './support/bench-database.js';
import { REQUEST_MIX } from './support/requests.js';
import { seedAssessments } from './support/seed.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const records = option('records', 60_000);
const rate = option('rate', 20);
const seconds = option('seconds', 10);
const verifications = option('verifications', 12);
const chains = option('chains', 3);

const out = (line = '') => process.stdout.write(`${line}\n`);
const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  latencyMs: number;
  status: number;
}

/**
 * Sends requests at `rate` per second until `until` resolves (and for at least `minMs`); the
 * latency of each counts from the moment it was due to be sent.
 */
async function openLoop(url: string, key: string, until: Promise<unknown>, minMs: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const pending: Array<Promise<void>> = [];
  const interval = 1000 / rate;
  const start = performance.now();
  let done = false;
  void until.finally(() => {
    done = true;
  });
  for (let n = 0; ; n++) {
    const due = start + n * interval;
    if (done && due - start >= minMs) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const request =
      n % 2 === 0
        ? fetch(`${url}/v1/assessments?dryRun=true`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify(REQUEST_MIX[n % REQUEST_MIX.length]),
          })
        : fetch(`${url}/v1/assessments?limit=25`, { headers: { authorization: `Bearer ${key}` } });
    pending.push(
      request
        .then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        })
        .catch(() => 0)
        .then((status) => {
          samples.push({ latencyMs: performance.now() - due, status });
        }),
    );
  }
  await Promise.all(pending);
  return samples;
}

function describe(name: string, samples: Sample[], baselineP99?: number): number {
  const latencies = samples.map((s) => s.latencyMs);
  const p99 = percentile(latencies, 99);
  const statuses: Record<number, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  out(
    `  ${name.padEnd(44)} ${String(samples.length).padStart(4)} requests  p50 ${percentile(latencies, 50).toFixed(1)} ms` +
      `  p99 ${p99.toFixed(1)} ms  max ${Math.max(...latencies).toFixed(1)} ms` +
      (baselineP99 ? `  p99 ratio ${(p99 / baselineP99).toFixed(2)}` : '') +
      `  statuses ${JSON.stringify(statuses)}`,
  );
  return p99;
}

async function askVerifications(url: string, keys: string[]) {
  const started = performance.now();
  const answers = await Promise.all(
    keys.map(async (key) => {
      const res = await fetch(`${url}/v1/audit/verify`, { headers: { authorization: `Bearer ${key}` } });
      const body = (await res.json()) as { intact?: boolean; recordsChecked?: number; verifiedAt?: string };
      return { status: res.status, ms: performance.now() - started, body };
    }),
  );
  return answers;
}

function summarise(answers: Awaited<ReturnType<typeof askVerifications>>) {
  const byStatus: Record<number, number> = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const runs = new Set(answers.filter((a) => a.status === 200).map((a) => a.body.verifiedAt)).size;
  const slowest = Math.max(...answers.map((a) => a.ms));
  const intact = answers.filter((a) => a.status === 200).every((a) => a.body.intact === true);
  out(
    `  verification requests: ${JSON.stringify(byStatus)} (${runs} run(s) shared by the 200s, all intact: ${intact}), last answer after ${(slowest / 1000).toFixed(1)} s`,
  );
}

const database = await startBenchDatabase();
let server: ChildProcess | undefined;
try {
  const secret = randomBytes(32).toString('base64url');
  out(`bench:verify-contention — seeding ${chains} × ${records.toLocaleString('en')} recorded weighings…`);
  const seeded: Array<{ key: string }> = [];
  for (const name of ['Bulk A', 'Bulk B', 'Bulk C', 'Bulk D', 'Bulk E'].slice(0, chains)) {
    seeded.push(
      await seedAssessments({
        url: database.appUrl,
        tenantName: name,
        pseudonymisationSecret: secret,
        records,
      }),
    );
  }
  server = spawn(
    process.execPath,
    ['--max-semi-space-size=64', '--import', 'tsx', 'bench/support/bench-server.ts'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: database.appUrl,
        PSEUDONYMISATION_SECRET: secret,
        SIGNING_KEY: generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000',
        RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
        // Verification reads a whole chain per statement batch: give it room, as the CLI does.
        DB_STATEMENT_TIMEOUT_MS: '120000',
        ...TEST_API_CONTACT_ENV,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const child = server;
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const { url, key } = JSON.parse(line) as { url: string; key: string };
  // Warm up: the key remembered, the code paths compiled.
  await openLoop(url, key, sleep(2_000), 2_000);

  out(`other requests (dry runs and list queries, another organisation) at ${rate}/s, open loop:`);
  const alone = describe('1. alone', await openLoop(url, key, sleep(seconds * 1000), seconds * 1000));

  const sameOrg = askVerifications(url, Array(verifications).fill(seeded[0]!.key));
  describe(
    `2. while ${verifications} verifications of one chain are asked`,
    await openLoop(url, key, sameOrg, seconds * 1000),
    alone,
  );
  summarise(await sameOrg);

  if (chains >= 2) {
    const spread = askVerifications(
      url,
      Array.from({ length: verifications }, (_, i) => seeded[i % seeded.length]!.key),
    );
    describe(
      `3. while ${verifications} are asked over ${chains} chains`,
      await openLoop(url, key, spread, seconds * 1000),
      alone,
    );
    summarise(await spread);
  }
} finally {
  server?.kill('SIGTERM');
  if (server) await new Promise((r) => server!.once('exit', r));
  await database.stop();
}
