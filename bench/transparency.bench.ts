/**
 * npm run bench:transparency [-- --leaves 1000000 --samples 1000]
 *
 * The transparency log's read side at scale, on a fresh embedded PostgreSQL:
 * - an inclusion proof for one entry of a tree of N leaves (default 1,000,000; target ≤ 5 ms), read
 *   through the repository exactly as GET /v1/audit/proofs/inclusion reads it, each proof checked;
 *   beside it, in the same run, a one-row primary-key SELECT through the same pool (the cost of one
 *   round trip), so the figure can be read as a ratio on a shared machine;
 * - verifying one dossier offline (target ≤ 50 ms): scripts/verify-export.mjs on the sample
 *   dossier, in-process (the checks alone) and as a process (Node's start-up included).
 * The tree's stored nodes are written directly from synthetic leaves: a proof's cost depends only on
 * the tree's size, not on what the leaves hold.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inclusionProof, leafHash, MerkleFrontier, rootHash, verifyInclusion } from '../src/audit/merkle.js';
import { Database } from '../src/db/database.js';
import { TreeRepository } from '../src/repositories/tree-repository.js';
import { startBenchDatabase } from './support/bench-database.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const leaves = option('leaves', 1_000_000);
const samples = option('samples', 1_000);
const out = (line = '') => process.stdout.write(`${line}\n`);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const fmt = (ms: number) => ms.toFixed(2);

const database = await startBenchDatabase();
try {
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  const tenantId = randomUUID();
  await owner.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'Benchmark']);

  out(`bench:transparency — a tree of ${leaves.toLocaleString('en')} leaves, ${samples} proofs`);
  let started = performance.now();
  const frontier = new MerkleFrontier();
  const BATCH = 20_000;
  for (let from = 0; from < leaves; from += BATCH) {
    const indexes: number[] = [];
    const hashes: Buffer[] = [];
    for (let i = from; i < Math.min(leaves, from + BATCH); i++) {
      const completed = frontier.append(leafHash(Buffer.from(`leaf ${i}`)));
      indexes.push(i);
      hashes.push(Buffer.concat(completed.map((c) => c.hash)));
    }
    await owner.query(
      'INSERT INTO audit_tree_nodes (tenant_id, leaf_index, hashes) SELECT $1, unnest($2::bigint[]), unnest($3::bytea[])',
      [tenantId, indexes, hashes],
    );
  }
  await owner.query('INSERT INTO audit_tree_heads (tenant_id, tree_size) VALUES ($1, $2)', [
    tenantId,
    leaves,
  ]);
  await owner.query('ANALYZE audit_tree_nodes');
  out(`tree written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const db = new Database({
    url: database.appUrl,
    poolMax: 4,
    connectionTimeoutMs: 3_000,
    idleTimeoutMs: 30_000,
    statementTimeoutMs: 5_000,
  });
  const trees = new TreeRepository(db);
  const reader = trees.nodeReader(tenantId);
  const root = await rootHash(leaves, reader);
  if (Buffer.compare(root, frontier.root()) !== 0) throw new Error('stored root differs from the built one');

  // Warm-up, then alternate a proof and a one-row lookup so drift hits both alike.
  for (let i = 0; i < 50; i++) await inclusionProof(Math.floor(Math.random() * leaves), leaves, reader);
  const proofMs: number[] = [];
  const lookupMs: number[] = [];
  for (let s = 0; s < samples; s++) {
    const index = Math.floor(Math.random() * leaves);
    started = performance.now();
    const proof = await inclusionProof(index, leaves, reader);
    proofMs.push(performance.now() - started);
    if (!verifyInclusion(leafHash(Buffer.from(`leaf ${index}`)), index, leaves, proof, root)) {
      throw new Error(`the proof of leaf ${index} does not verify`);
    }
    started = performance.now();
    await db.pool.query('SELECT hashes FROM audit_tree_nodes WHERE tenant_id = $1 AND leaf_index = $2', [
      tenantId,
      index,
    ]);
    lookupMs.push(performance.now() - started);
  }
  out();
  out('                                    p50 ms   p99 ms   max ms');
  out(
    `inclusion proof (read + compute)   ${fmt(percentile(proofMs, 50)).padStart(7)}  ${fmt(percentile(proofMs, 99)).padStart(7)}  ${fmt(Math.max(...proofMs)).padStart(7)}`,
  );
  out(
    `one-row primary-key SELECT         ${fmt(percentile(lookupMs, 50)).padStart(7)}  ${fmt(percentile(lookupMs, 99)).padStart(7)}  ${fmt(Math.max(...lookupMs)).padStart(7)}`,
  );
  out(
    `ratio proof/lookup at p50: ${(percentile(proofMs, 50) / percentile(lookupMs, 50)).toFixed(2)}  (target: proof p99 ≤ 5 ms)`,
  );
  await db.close();
  await owner.end();

  // Offline verification of one dossier.
  const script = new URL('../scripts/verify-export.mjs', import.meta.url);
  const dossierPath = new URL('../docs/sample-dossier.json', import.meta.url);
  const keysPath = new URL('../docs/sample-keys.json', import.meta.url);
  const { verifyDossier } = (await import(script.href)) as {
    verifyDossier(d: unknown, k: string): Promise<{ results: Array<{ ok: boolean }> }>;
  };
  const dossier = JSON.parse(readFileSync(dossierPath, 'utf8'));
  const keys = readFileSync(keysPath, 'utf8');
  for (let i = 0; i < 20; i++) await verifyDossier(dossier, keys);
  const inProcess: number[] = [];
  for (let i = 0; i < 200; i++) {
    started = performance.now();
    const report = await verifyDossier(structuredClone(dossier), keys);
    inProcess.push(performance.now() - started);
    if (report.results.some((r) => !r.ok)) throw new Error('the sample dossier does not verify');
  }
  const asProcess: number[] = [];
  const nodeOnly: number[] = [];
  for (let i = 0; i < 7; i++) {
    started = performance.now();
    execFileSync(process.execPath, [script.pathname, dossierPath.pathname, keysPath.pathname]);
    asProcess.push(performance.now() - started);
    started = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    nodeOnly.push(performance.now() - started);
  }
  out();
  out(
    `verifying one dossier offline, in-process: p50 ${fmt(percentile(inProcess, 50))} ms, p99 ${fmt(percentile(inProcess, 99))} ms  (target ≤ 50 ms)`,
  );
  out(
    `as a process (node verify-export.mjs): median ${fmt(percentile(asProcess, 50))} ms, of which Node's own start-up ` +
      `(node -e 0) ${fmt(percentile(nodeOnly, 50))} ms`,
  );
} finally {
  await database.stop();
}
