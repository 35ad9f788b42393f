/**
 * npm run bench:load [-- --seconds 30 --rate <req/s> --connections <n> --runaway-rate 60]
 *
 * Overload: recorded POST /v1/assessments at a fixed overall rate of twice what the service
 * sustains (measured first by a short calibration run of the bench:api workload, unless --rate is
 * given), for a bounded time, then an account of what happened to every request:
 *
 * - answers by class: 2xx, 429 (rate limited), 503 (shed), other 4xx, 5xx, and no answer;
 * - records in the database against the 201s: lost (a 201 without its record), recorded without a
 *   201, more than one record per Idempotency-Key, a 201 whose id is not the stored one;
 * - the organisation's chain verified through GET /v1/audit/verify.
 *
 * Targets: zero 5xx, zero lost, zero duplicated, chain intact (exit code 1 otherwise).
 *
 * Setting: the calling systems are many keys of one organisation (one chain, as in bench:api),
 * each under the default per-key limit (RATE_LIMIT_PER_KEY_PER_MINUTE 1200), plus one runaway
 * key sending --runaway-rate requests per second (default three times that limit), so 429s appear
 * as they would in production. The per-address limit is raised (1 000 000/min) because the load generator is one
 * address where production has many callers. Every request has its own Idempotency-Key and case
 * reference. The service runs in its own process on an embedded PostgreSQL with default durability
 * (bench/support), with the same pool size as bench:api.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import pg from 'pg';
import { TEST_API_CONTACT_ENV } from '../test/support/contact.js';
import { startBenchDatabase } from './support/bench-database.js';
import { REQUEST_MIX } from './support/requests.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = option('seconds', 30);
const givenRate = option('rate', 0);
const givenConnections = option('connections', 0);
const PER_KEY_PER_MINUTE = 1_200;
const runawayRate = option('runaway-rate', (3 * PER_KEY_PER_MINUTE) / 60);
const calibrationSeconds = option('calibration-seconds', 6);

const out = (line = '') => process.stdout.write(`${line}\n`);
const pct = (n: number, total: number) => (total === 0 ? '–' : `${((100 * n) / total).toFixed(1)} %`);
const run = randomBytes(3).toString('hex');

interface Started {
  child: ChildProcess;
  url: string;
  key: string;
  tenantId: string;
  keys: string[];
}

const database = await startBenchDatabase();
let server: ChildProcess | undefined;
let failed = false;

const baseEnv = {
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: database.appUrl,
  PSEUDONYMISATION_SECRET: randomBytes(32).toString('base64url'),
  SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  LOG_LEVEL: 'info',
  DB_POOL_MAX: '20',
  ...TEST_API_CONTACT_ENV,
};

async function startServer(env: Record<string, string | undefined>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/bench-server.ts'], {
    env: { ...baseEnv, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as Omit<Started, 'child'>) };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

try {
  // 1. Calibration: the bench:api workload (32 connections, the request mix, rate limits out of
  //    the way), as a short single round.
  let rate = givenRate;
  let calibrated: number | undefined;
  if (!rate) {
    const calibration = await startServer({
      RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    });
    server = calibration.child;
    const requests = REQUEST_MIX.map((body) => ({
      method: 'POST' as const,
      path: '/v1/assessments',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${calibration.key}` },
      body: JSON.stringify(body),
    }));
    await autocannon({ url: calibration.url, connections: 32, duration: 2, requests });
    const result = await autocannon({
      url: calibration.url,
      connections: 32,
      duration: calibrationSeconds,
      requests,
    });
    calibrated = result.requests.average;
    rate = Math.round(2 * calibrated);
    await stopServer(calibration.child);
    server = undefined;
  }

  // 2. The load run, with the default per-key limit.
  const perKeyPerSecond = PER_KEY_PER_MINUTE / 60;
  const runawayShare = Math.min(0.5, runawayRate / rate);
  const wellBehavedRate = rate * (1 - runawayShare);
  const keyCount = Math.ceil(wellBehavedRate / (0.8 * perKeyPerSecond));
  const loaded = await startServer({
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    BENCH_KEYS: String(keyCount + 1),
  });
  server = loaded.child;
  const [runaway, ...wellBehaved] = loaded.keys as [string, ...string[]];

  interface Sent {
    n: number;
    sentAt: number;
    retryId?: string | undefined;
    ms?: number;
    status?: number;
    id?: string;
  }
  const sent = new Map<string, Sent>();
  let next = 0;
  let unmatched = 0;
  let mismatched = 0;
  const shedReasons = new Map<string, number>();
  const caseRef = (n: number) => `LOAD-${run}-${n}`;

  // rate × seconds requests, paced at the rate: the well-behaved keys from one autocannon
  // instance, the runaway key from another at its own rate (so it exceeds its limit whatever
  // happens to the rest). autocannon paces each connection and a connection waits for its answers,
  // so with slow answers a closed loop would offer less than the rate: each connection may have 4
  // requests outstanding (pipelined; the service handles them concurrently and answers in order).
  // Every request gets its answer; a run that falls far behind is stopped at 2 × seconds. Whether
  // the rate was really offered is printed ("sent … req/s").
  const pipelining = 4;
  const started = Date.now();
  const instances: autocannon.Instance[] = [];
  const cap = setTimeout(
    () => {
      for (const instance of instances) instance.stop();
    },
    2 * seconds * 1000,
  );

  const load = (keys: readonly string[], perSecond: number, connections: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      let roundRobin = 0;
      const instance = autocannon(
        {
          url: loaded.url,
          connections,
          pipelining,
          amount: Math.round(perSecond * seconds),
          overallRate: Math.max(1, Math.round(perSecond)),
          timeout: 30,
          requests: [
            {
              method: 'POST',
              path: '/v1/assessments',
              // Each answer is matched to its request by X-Request-Id, which the service echoes on
              // every answer (201, 429, 503 alike); pipelined answers share a connection.
              setupRequest: (request) => {
                const n = next++;
                const idempotencyKey = `load-${run}-${n}`;
                sent.set(idempotencyKey, { n, sentAt: performance.now() });
                return {
                  ...request,
                  headers: {
                    'content-type': 'application/json',
                    authorization: `Bearer ${keys[roundRobin++ % keys.length]}`,
                    'idempotency-key': idempotencyKey,
                    'x-request-id': idempotencyKey,
                  },
                  body: JSON.stringify({ ...REQUEST_MIX[n % REQUEST_MIX.length], caseRef: caseRef(n) }),
                };
              },
              onResponse: (status, body, _context, headers) => {
                const entry = sent.get(String(headers?.['x-request-id'] ?? ''));
                if (!entry) {
                  unmatched += 1;
                  return;
                }
                entry.status = status;
                entry.ms = performance.now() - entry.sentAt;
                if (status === 503) {
                  const detail = (JSON.parse(body) as { detail?: string }).detail ?? '(none)';
                  shedReasons.set(detail, (shedReasons.get(detail) ?? 0) + 1);
                }
                if (status === 201) {
                  const created = JSON.parse(body) as { id: string; caseRef: string };
                  entry.id = created.id;
                  if (created.caseRef !== caseRef(entry.n)) mismatched += 1;
                }
              },
            },
          ],
        },
        (error, finished) => (error ? reject(error) : resolve(finished)),
      );
      instances.push(instance);
    });
  const wellBehavedConnections = givenConnections || Math.min(Math.round(wellBehavedRate), 2_000);
  await Promise.all([
    load(wellBehaved, wellBehavedRate, wellBehavedConnections),
    load([runaway], rate * runawayShare, Math.max(1, Math.round(rate * runawayShare))),
  ]);
  clearTimeout(cap);
  const elapsed = (Date.now() - started) / 1000;

  // 3. The account.
  const all = [...sent.values()];
  const classes = {
    '2xx': all.filter((s) => s.status !== undefined && s.status < 300).length,
    '429': all.filter((s) => s.status === 429).length,
    '503': all.filter((s) => s.status === 503).length,
    'other 4xx': all.filter(
      (s) => s.status !== undefined && s.status >= 400 && s.status < 500 && s.status !== 429,
    ).length,
    '5xx': all.filter((s) => s.status !== undefined && s.status >= 500 && s.status !== 503).length,
    'no answer (timeout, error)': all.filter((s) => s.status === undefined).length,
  };
  const otherStatuses = [
    ...new Set(all.map((s) => s.status).filter((s) => s && s !== 201 && s !== 429 && s !== 503)),
  ];

  const admin = new pg.Client({ connectionString: database.ownerUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  // Requests cut off by the time cap may still be under way in the service: let them finish.
  const inFlightSql = `SELECT count(*) AS n FROM idempotency_keys WHERE idempotency_key LIKE $1 AND state = 'in_flight'`;
  for (let waited = 0; waited < 30_000; waited += 250) {
    const { rows: busy } = await admin.query<{ n: string }>(inFlightSql, [`load-${run}-%`]);
    if (Number(busy[0]!.n) === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const { rows } = await admin.query<{ case_ref: string; id: string }>(
    'SELECT case_ref, id FROM assessments WHERE case_ref LIKE $1',
    [`LOAD-${run}-%`],
  );
  // Answers the load generator did not receive (cut off when it stopped): retried as a client
  // would, with the same Idempotency-Key; a committed request must replay, never record again.
  const unanswered = all.filter((s) => s.status === undefined);
  let replayed = 0;
  let recordedOnRetry = 0;
  let retryFailed = 0;
  const retryKeys = wellBehaved.slice(0, Math.max(1, Math.min(wellBehaved.length, 16)));
  for (let i = 0; i < unanswered.length; i += retryKeys.length) {
    await Promise.all(
      unanswered.slice(i, i + retryKeys.length).map(async (s, j) => {
        const res = await fetch(`${loaded.url}/v1/assessments`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${retryKeys[j]}`,
            'idempotency-key': `load-${run}-${s.n}`,
          },
          body: JSON.stringify({ ...REQUEST_MIX[s.n % REQUEST_MIX.length], caseRef: caseRef(s.n) }),
        });
        const body = (await res.json()) as { id?: string };
        if (res.status !== 201) retryFailed += 1;
        else if (res.headers.get('idempotent-replayed') === 'true') replayed += 1;
        else recordedOnRetry += 1;
        s.retryId = body.id;
      }),
    );
  }
  const stored = new Map<string, string[]>();
  for (const row of rows) stored.set(row.case_ref, [...(stored.get(row.case_ref) ?? []), row.id]);
  let lost = 0;
  let wrongId = 0;
  let withoutAnswer = 0;
  let withoutCreated = 0;
  for (const s of all) {
    const ids = stored.get(caseRef(s.n)) ?? [];
    if (s.status === 201) {
      if (ids.length === 0) lost += 1;
      else if (!ids.includes(s.id!)) wrongId += 1;
    } else if (ids.length > 0) {
      if (s.status === undefined) withoutAnswer += 1;
      else withoutCreated += 1;
    }
  }
  // A replay must name the record that was stored before the retry.
  for (const s of unanswered) {
    const ids = stored.get(caseRef(s.n)) ?? [];
    if (ids.length > 0 && s.retryId !== ids[0]) wrongId += 1;
  }
  // After the retries: still exactly one record per key.
  const doubled = await admin.query<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT case_ref FROM assessments WHERE case_ref LIKE $1
       GROUP BY case_ref HAVING count(*) > 1) d`,
    [`LOAD-${run}-%`],
  );
  const moreThanOne = Math.max(
    [...stored.values()].filter((ids) => ids.length > 1).length,
    Number(doubled.rows[0]!.n),
  );
  const unknown = [...stored.keys()].filter(
    (ref) => !sent.has(`load-${run}-${ref.split('-').at(-1)}`),
  ).length;
  const inFlight = await admin.query<{ n: string }>(inFlightSql, [`load-${run}-%`]);
  await admin.end();

  const verify = (await (
    await fetch(`${loaded.url}/v1/audit/verify`, { headers: { authorization: `Bearer ${loaded.key}` } })
  ).json()) as { intact: boolean; recordsChecked: number; firstBrokenLink: unknown };

  const created = all.filter((s) => s.status === 201).length;
  out(`bench:load — recorded POST /v1/assessments at twice the sustained throughput, ${seconds} s`);
  out();
  if (calibrated !== undefined) {
    out(
      `calibration (bench:api workload, 32 connections, ${calibrationSeconds} s): ${calibrated.toFixed(0)} req/s sustained`,
    );
  }
  out(
    `offered: ${rate} req/s overall (${givenRate ? '--rate' : '2 × calibration'}), ${wellBehavedConnections} + ${Math.max(1, Math.round(rate * runawayShare))} connections × ${pipelining} pipelined, ` +
      `${wellBehaved.length} keys under the default limit of ${PER_KEY_PER_MINUTE}/min + 1 runaway key ` +
      `(${(runawayShare * rate).toFixed(0)} req/s, ${(runawayShare * 100).toFixed(0)} % of requests)`,
  );
  out(
    `sent: ${all.length} of ${Math.round(rate * seconds)} requests in ${elapsed.toFixed(1)} s (${(all.length / elapsed).toFixed(0)} req/s); ` +
      `${(all.filter((s) => s.status !== undefined).length / elapsed).toFixed(0)} answers/s`,
  );
  out();
  const percentile = (values: number[], p: number) => {
    if (values.length === 0) return '–';
    const sorted = [...values].sort((a, b) => a - b);
    return String(Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!));
  };
  const classOf: Record<keyof typeof classes, (s: Sent) => boolean> = {
    '2xx': (s) => s.status !== undefined && s.status < 300,
    '429': (s) => s.status === 429,
    '503': (s) => s.status === 503,
    'other 4xx': (s) => s.status !== undefined && s.status >= 400 && s.status < 500 && s.status !== 429,
    '5xx': (s) => s.status !== undefined && s.status >= 500 && s.status !== 503,
    'no answer (timeout, error)': (s) => s.status === undefined,
  };
  out('answers                          count     share   p50 ms  p99 ms');
  for (const [name, count] of Object.entries(classes)) {
    const ms = all
      .filter((s) => s.ms !== undefined && classOf[name as keyof typeof classes](s))
      .map((s) => s.ms!);
    out(
      `  ${name.padEnd(28)} ${String(count).padStart(8)}  ${pct(count, all.length).padStart(8)} ` +
        `${percentile(ms, 50).padStart(7)} ${percentile(ms, 99).padStart(7)}`,
    );
  }
  for (const [detail, count] of shedReasons) out(`  503 "${detail}": ${count}`);
  if (otherStatuses.length > 0) out(`  (statuses other than 201/429/503: ${otherStatuses.join(', ')})`);
  out();
  out('records                                   count   target');
  const rowOut = (name: string, value: number | string, target = '') =>
    out(`  ${name.padEnd(38)} ${String(value).padStart(6)}   ${target}`);
  rowOut('201 answers', created);
  rowOut('records stored for this run', rows.length);
  rowOut('lost (201 without its record)', lost, '0');
  rowOut('201 naming another id than stored', wrongId, '0');
  rowOut('recorded although answered 4xx/5xx', withoutCreated, '0');
  rowOut('more than one record per key', moreThanOne, '0');
  rowOut('records no request of this run made', unknown, '0');
  rowOut('recorded, answer not received', withoutAnswer);
  rowOut(`  retried with its key: replayed`, replayed, String(withoutAnswer));
  rowOut(`  retried with its key: recorded now`, recordedOnRetry, String(unanswered.length - withoutAnswer));
  rowOut(`  retried with its key: not 201`, retryFailed, '0');
  rowOut('reservations left in flight', Number(inFlight.rows[0]!.n), '0');
  rowOut('answers not matched to a request', unmatched + mismatched, '0');
  out();
  out(
    `chain: ${verify.intact ? 'intact' : `BROKEN at ${JSON.stringify(verify.firstBrokenLink)}`} (${verify.recordsChecked} entries verified)`,
  );

  const targets: Array<[string, boolean]> = [
    ['zero 5xx', classes['5xx'] === 0],
    ['zero lost', lost === 0 && wrongId === 0 && mismatched === 0],
    [
      'zero duplicated',
      moreThanOne === 0 &&
        withoutCreated === 0 &&
        unknown === 0 &&
        replayed === withoutAnswer &&
        retryFailed === 0,
    ],
    ['no reservation left in flight', Number(inFlight.rows[0]!.n) === 0],
    ['chain intact', verify.intact],
  ];
  out();
  out(`targets: ${targets.map(([name, ok]) => `${name} ${ok ? 'met' : 'MISSED'}`).join('; ')}`);
  failed = targets.some(([, ok]) => !ok);
} finally {
  if (server) await stopServer(server);
  await database.stop();
}
process.exitCode = failed ? 1 : 0;
