/**
 * npm run bench:scale [-- --records 1000000 --rounds 2 --skip-lists]
 *
 * The service at scale: seeds a chain of N recorded weighings (default 1,000,000) into a fresh
 * embedded PostgreSQL, then measures through the real HTTP API the latency of filtered list
 * queries (p50/p95/max per filter and overall; target p95 <= 50 ms; --skip-lists leaves them out)
 * and the speed of a full verification of the whole chain: in this thread, over ranges in 1 and
 * in 2 worker threads (alternating, --rounds each), and as the CLI runs it. Then the ceilings it
 * is measured against, in the same run: the chain's bytes read with nothing checked, by PostgreSQL
 * alone and into this process (binary COPY on one connection, and on two at once; rows decoded by
 * node-postgres). Targets: parallel verification >= 0.8 x the binary-COPY delivery ceiling.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pg from 'pg';
import { parseEnv } from '../src/config/env.js';
import { Database } from '../src/db/database.js';
import { buildApp } from '../src/http/app.js';
import { appOptions, createBackend } from '../src/server.js';
import { TEST_API_CONTACT_ENV } from '../test/support/contact.js';
import { startBenchDatabase } from './support/bench-database.js';
import { seedAssessments } from './support/seed.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const records = option('records', 1_000_000);
const samples = option('samples', 40);
const rounds = option('rounds', 2);
const skipLists = args.includes('--skip-lists');
const out = (line = '') => process.stdout.write(`${line}\n`);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const database = await startBenchDatabase();
const secret = randomBytes(32).toString('base64url');
const env = parseEnv({
  NODE_ENV: 'production',
  DATABASE_URL: database.appUrl,
  PSEUDONYMISATION_SECRET: secret,
  SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000',
  RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
  ...TEST_API_CONTACT_ENV,
});
const db = new Database({
  url: database.appUrl,
  poolMax: env.DB_POOL_MAX,
  connectionTimeoutMs: env.DB_CONNECTION_TIMEOUT_MS,
  idleTimeoutMs: env.DB_IDLE_TIMEOUT_MS,
  statementTimeoutMs: 120_000,
});
const backend = createBackend(db, env);
try {
  out(`bench:scale — seeding ${records.toLocaleString('en')} recorded weighings…`);
  const seedStart = performance.now();
  let lastReport = 0;
  const seeded = await seedAssessments({
    url: database.appUrl,
    tenantName: 'Bulk',
    pseudonymisationSecret: secret,
    records,
    onProgress: (done) => {
      if (done - lastReport >= 100_000 || done === records) {
        lastReport = done;
        const seconds = (performance.now() - seedStart) / 1000;
        out(
          `  ${done.toLocaleString('en')} in ${seconds.toFixed(0)} s (${Math.round(done / seconds).toLocaleString('en')} records/s)`,
        );
      }
    },
  });
  const admin = new pg.Client({ connectionString: database.ownerUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  await admin.query('ANALYZE');
  const size = await admin.query<{ size: string }>(
    "SELECT pg_size_pretty(pg_database_size('bench')) AS size",
  );
  await admin.end();
  out(
    `seeded in ${((performance.now() - seedStart) / 1000).toFixed(0)} s; database size ${size.rows[0]!.size}`,
  );

  // List queries through the real HTTP API.
  if (!skipLists) await listQueries();
  async function listQueries() {
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const app = await buildApp({ ...appOptions(env, backend), logStream: sink });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/assessments`;
    const headers = { Authorization: `Bearer ${seeded.key}` };
    const random = (n: number) => Math.floor(Math.random() * n);
    const pick = <T>(values: readonly T[]) => values[random(values.length)]!;
    const day = 86_400_000;
    const window = () => {
      const from = Date.now() - random(358) * day - 7 * day;
      return `recordedFrom=${new Date(from).toISOString()}&recordedTo=${new Date(from + 7 * day).toISOString()}`;
    };
    const recipients = [
      'police',
      'municipality',
      'veilig_thuis',
      'lawyer',
      'risk_youth_index',
      'employer',
      'treating_professional',
    ];
    const decisions = ['required', 'allowed', 'not_allowed', 'needs_more_information'];
    const grounds = [
      'legal_obligation',
      'consent',
      'conflict_of_duties',
      'reporting_right',
      'none',
      'representative',
    ];
    const kinds: Array<[string, () => string]> = [
      ['caseRef', () => `caseRef=CASE-${random(50_000)}`],
      ['clientRef', () => `clientRef=client-${random(200_000)}`],
      ['recipientType', () => `recipientType=${pick(recipients)}`],
      ['decision', () => `decision=${pick(decisions)}`],
      ['ground', () => `ground=${pick(grounds)}`],
      ['recorded-at week', window],
      [
        'decision+ground+recipient',
        () => `decision=${pick(decisions)}&ground=${pick(grounds)}&recipientType=${pick(recipients)}`,
      ],
      ['recipient + week', () => `recipientType=${pick(recipients)}&${window()}`],
      ['limit=100', () => 'limit=100'],
    ];
    const timeOne = async (query: string) => {
      const t = performance.now();
      const res = await fetch(`${base}?${query}`, { headers });
      const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
      if (res.status !== 200) throw new Error(`${query}: ${res.status}`);
      return { ms: performance.now() - t, body };
    };
    out();
    out('list queries (HTTP, sequential, after warm-up)       p50 ms   p95 ms   max ms');
    const all: number[] = [];
    for (const [name, make] of kinds) {
      for (let i = 0; i < 5; i++) await timeOne(make());
      const times: number[] = [];
      for (let i = 0; i < samples; i++) times.push((await timeOne(make())).ms);
      all.push(...times);
      out(
        `  ${name.padEnd(48)} ${percentile(times, 50).toFixed(1).padStart(6)}  ${percentile(times, 95).toFixed(1).padStart(7)}  ${Math.max(
          ...times,
        )
          .toFixed(1)
          .padStart(7)}`,
      );
    }
    // Deep pages: follow the cursor ten pages down.
    const deep: number[] = [];
    for (let i = 0; i < samples / 4; i++) {
      let cursor = '';
      for (let page = 0; page < 10; page++) {
        const { ms, body } = await timeOne(`decision=${pick(decisions)}${cursor ? `&cursor=${cursor}` : ''}`);
        deep.push(ms);
        if (!body.nextCursor) break;
        cursor = body.nextCursor;
      }
    }
    all.push(...deep);
    out(
      `  ${'following cursors 10 pages deep'.padEnd(48)} ${percentile(deep, 50).toFixed(1).padStart(6)}  ${percentile(deep, 95).toFixed(1).padStart(7)}  ${Math.max(
        ...deep,
      )
        .toFixed(1)
        .padStart(7)}`,
    );
    out(
      `  ${'all list queries'.padEnd(48)} ${percentile(all, 50).toFixed(1).padStart(6)}  ${percentile(all, 95).toFixed(1).padStart(7)}  ${Math.max(
        ...all,
      )
        .toFixed(1)
        .padStart(7)}   (target p95 <= 50 ms)`,
    );
    await app.close();
  }

  out();
  // Full verifications, alternating, so drift of the machine hits them alike.
  // The delivery ceilings are measured in the same rounds (the machine's other load moves them).
  const readAll = async (read: (after: number) => Promise<Array<{ sequence: number }>>) => {
    const begun = performance.now();
    let count = 0;
    for (let after = 0; ; ) {
      const rows = await read(after);
      if (rows.length === 0) break;
      count += rows.length;
      after = rows[rows.length - 1]!.sequence;
    }
    return Math.round((count / (performance.now() - begun)) * 1000);
  };
  const copyOne = () => readAll((after) => backend.chain.readRangeBytes(seeded.tenantId, after, 5_000));
  // Two connections at once, each reading every other range of 5,000 (as two workers do).
  const copyBoth = async () => {
    const head = await backend.chain.headSequence(seeded.tenantId);
    const begun = performance.now();
    await Promise.all(
      [0, 1].map(async (lane) => {
        for (let after = lane * 5_000; after < head; after += 10_000) {
          await backend.chain.readRangeBytes(seeded.tenantId, after, 5_000);
        }
      }),
    );
    return Math.round((head / (performance.now() - begun)) * 1000);
  };
  const variants: Array<[string, number]> = [
    ['in this thread', 0],
    ['1 worker thread', 1],
    ['2 worker threads', 2],
  ];
  const rates = new Map<string, number[]>(
    [...variants.map(([name]) => name), 'COPY ceiling', 'COPY ceiling, 2 conn.'].map((n) => [n, []]),
  );
  let report = await backend.verifier.verify(seeded.tenantId, { workers: 0 });
  for (let round = 0; round < rounds; round++) {
    rates.get('COPY ceiling')!.push(await copyOne());
    for (const [name, workers] of variants) {
      report = await backend.verifier.verify(seeded.tenantId, { workers, minEntries: 0 });
      if (!report.intact) throw new Error(`verification (${name}) found the chain broken`);
      rates.get(name)!.push(Math.round((report.recordsChecked / report.durationMs) * 1000));
    }
    rates.get('COPY ceiling, 2 conn.')!.push(await copyBoth());
  }
  for (const [name, list] of rates) {
    if (name.startsWith('COPY'))
      out(
        `${name.padEnd(36)} ${list.map((r) => r.toLocaleString('en')).join(', ')} records/s (reading only, nothing checked)`,
      );
  }
  const perRound = (name: string, ceiling: string) =>
    rates
      .get(name)!
      .map((r, i) => (r / rates.get(ceiling)![i]!).toFixed(2))
      .join(', ');
  for (const [name] of variants) {
    out(
      `full verification, ${name.padEnd(17)} ${rates
        .get(name)!
        .map((r) => r.toLocaleString('en'))
        .join(', ')} records/s (${report.recordsChecked.toLocaleString('en')} records, intact)`,
    );
  }
  out(
    `2 workers / 1 worker, per round: ${rates
      .get('2 worker threads')!
      .map((r, i) => (r / rates.get('1 worker thread')![i]!).toFixed(2))
      .join(', ')}`,
  );
  out(
    `full verification / binary-COPY delivery ceiling of the same round: in this thread ${perRound('in this thread', 'COPY ceiling')}; 1 worker ${perRound('1 worker thread', 'COPY ceiling')}; 2 workers ${perRound('2 worker threads', 'COPY ceiling')} (target >= 0.8); 2 workers / the two-connection ceiling ${perRound('2 worker threads', 'COPY ceiling, 2 conn.')}`,
  );
  const cli = await new Promise<string>((resolve) => {
    let text = '';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/audit-verify.ts', '--tenant', 'Bulk'],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: database.appUrl,
          AUDIT_VERIFY_WORKERS: '2',
          PSEUDONYMISATION_SECRET: secret,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.stdout.on('data', (chunk) => {
      text += chunk;
    });
    child.on('exit', () => resolve(text.trim()));
  });
  out(`npm run audit:verify -- --tenant Bulk: ${cli}`);

  // Ceilings, for reading the figures above: how fast the chain's bytes can merely be read, with
  // nothing checked — by PostgreSQL alone (server side, content detoasted, nothing sent), and
  // through node-postgres into this process as verification reads them.
  const ceilingAdmin = new pg.Client({ connectionString: database.ownerUrl });
  await ceilingAdmin.connect();
  const started = performance.now();
  await ceilingAdmin.query(
    `SELECT sum(octet_length(textsend(content))) FROM audit_chain WHERE tenant_id = $1`,
    [seeded.tenantId],
  );
  const serverRate = Math.round((report.recordsChecked / (performance.now() - started)) * 1000);
  await ceilingAdmin.end();
  // Both ways of getting the bytes into Node: as binary COPY (what verification uses) and as rows
  // decoded into strings by node-postgres (what it used before).
  const rowPool = new pg.Pool({ connectionString: database.appUrl, max: 1 });
  const rowRate = await readAll(async (after) => {
    const { rows } = await rowPool.query<unknown[]>({
      text: `SELECT sequence, entry_type, entity_id, extract(epoch FROM recorded_at) * 1000, content, previous_hash, hash
               FROM audit_chain WHERE tenant_id = $1 AND sequence > $2 ORDER BY sequence LIMIT 5000`,
      values: [seeded.tenantId, after],
      rowMode: 'array',
    });
    return rows.map((r) => ({ sequence: Number(r[0]) }));
  });
  await rowPool.end();
  out(
    `ceiling, reading only, nothing checked: PostgreSQL alone ${serverRate.toLocaleString('en')} records/s; into this process as rows decoded by node-postgres ${rowRate.toLocaleString('en')} records/s`,
  );
} finally {
  await backend.verifier.close();
  await db.close();
  await database.stop();
}
