import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseEnv } from '../src/config/env.js';
import { Database } from '../src/db/database.js';
import { createBackend } from '../src/server.js';
import { startBenchDatabase } from '../bench/support/bench-database.js';
import { seedAssessments } from '../bench/support/seed.js';

const database = await startBenchDatabase();
try {
  const secret = randomBytes(32).toString('base64url');
  const seeded = await seedAssessments({ url: database.appUrl, tenantName: 'X', pseudonymisationSecret: secret, records: Number(process.argv[2] ?? 20000) });
  const env = parseEnv({ NODE_ENV: 'production', DATABASE_URL: database.appUrl, PSEUDONYMISATION_SECRET: secret,
    SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), LOG_LEVEL: 'warn' });
  const db = new Database({ url: database.appUrl, poolMax: 10, connectionTimeoutMs: 3000, idleTimeoutMs: 30000, statementTimeoutMs: 120000 });
  const backend = createBackend(db, env);
  // where does time go: wrap hot functions
  const stalls: Array<[number, string]> = [];
  let last = performance.now(); let phase = 'idle';
  const timer = setInterval(() => { const now = performance.now(); if (now - last > 30) stalls.push([Math.round(now - last), phase]); last = now; }, 5);
  const h = monitorEventLoopDelay({ resolution: 5 }); h.enable();
  await new Promise((r) => setTimeout(r, 5000));
  console.log('idle 5 s: stalls >30ms', stalls.length, stalls.sort((a, b) => b[0] - a[0]).slice(0, 5), 'p99', h.percentile(99) / 1e6);
  stalls.length = 0; h.reset();
  const { PerformanceObserver } = await import('node:perf_hooks');
  const gcs: number[] = [];
  const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push(Math.round(e.duration)); });
  obs.observe({ entryTypes: ['gc'] });
  const chain = backend.chain; const rr = chain.readRangeBytes.bind(chain);
  chain.readRangeBytes = async (...a) => { phase = 'read'; const r = await rr(...a); phase = 'after-read'; return r; };
  const t0 = performance.now();
  const report = await backend.verifier.verify(seeded.tenantId);
  const ms = performance.now() - t0;
  clearInterval(timer); h.disable(); obs.disconnect();
  console.log('gc total', gcs.reduce((a, b) => a + b, 0), 'count', gcs.length, 'max', Math.max(...gcs), 'over30', gcs.filter((g) => g > 30));
  console.log({ intact: report.intact, records: report.recordsChecked, ms: Math.round(ms), p99: h.percentile(99) / 1e6, max: h.max / 1e6 });
  console.log('stalls >30ms:', stalls.length, stalls.sort((a, b) => b[0] - a[0]).slice(0, 10));
  await db.close();
} finally { await database.stop(); }
