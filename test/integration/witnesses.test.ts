/**
 * Witnesses both ways (c2sp.org/tlog-witness) with real service instances on real sockets: two
 * instances witness each other's logs, a third is a witness only. Then the tamper suite: after a
 * witnessed checkpoint, an attacker with full database access (superuser, triggers off) rewrites,
 * truncates, forks, swaps and crafts. Each attack is caught three ways: by the service's own
 * verification, by the witness refusing, and offline by verify-export.mjs given the earlier dossier.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../src/audit/chain.js';
import { formatCheckpoint } from '../../src/audit/checkpoint.js';
import { EMPTY_ROOT, leafHash, MerkleFrontier } from '../../src/audit/merkle.js';
import {
  ed25519NoteSigner,
  formatVerifierKey,
  rawEd25519PublicKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  signNote,
} from '../../src/audit/note.js';
import { generateSigningKeyPem, Signer } from '../../src/audit/signing.js';
import { formatAddCheckpoint } from '../../src/audit/witness-protocol.js';
import { privateKeyOf } from '../../src/config/transparency.js';
import { canonicalJson } from '../../src/lib/canonical-json.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { verifyOffline } from '../support/dossier.js';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });

const witnessVkey = (name: string, pem: string) =>
  formatVerifierKey(name, SIGNATURE_TYPE_COSIGNATURE_V1, rawEd25519PublicKey(privateKeyOf(pem)));

const SCENARIOS = ['pair', 'rewrite', 'exported', 'truncate', 'fork', 'swap', 'crafted'] as const;
type Scenario = (typeof SCENARIOS)[number];

const keyA = generateSigningKeyPem();
const keyB = generateSigningKeyPem();
const witnessA = generateSigningKeyPem();
const witnessB = generateSigningKeyPem();
const witnessC = generateSigningKeyPem();
const vkeyWitnessA = witnessVkey('a.example/witness', witnessA);
const vkeyWitnessB = witnessVkey('b.example/witness', witnessB);
const vkeyWitnessC = witnessVkey('c.example/witness', witnessC);

let dbA: TestDatabase;
let dbB: TestDatabase;
let dbC: TestDatabase;
let a: TestApp;
let b: TestApp;
let c: TestApp;
let ports: { a: number; b: number; c: number };
/** Per scenario: the organisation in A, its API key and log vkey. */
const orgs = {} as Record<Scenario, { tenantId: string; key: string; vkey: string; origin: string }>;
let orgB: { tenantId: string; key: string; vkey: string };

const envA = (extra: Record<string, string> = {}) => ({
  LOG_ORIGIN_PREFIX: 'a.example',
  SIGNING_KEY: keyA,
  ...extra,
});

beforeAll(async () => {
  [dbA, dbB, dbC] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
  ports = { a: await freePort(), b: await freePort(), c: await freePort() };
  // First learn the organisations and their log keys (origins name the organisation).
  const a0 = await startTestApp({ database: dbA, env: envA() });
  for (const scenario of SCENARIOS) {
    const { key, tenantId } = await a0.createKey(`Organisatie ${scenario}`);
    const res = await a0.http.get('/v1/audit/keys').set({ Authorization: `Bearer ${key}` });
    expect(res.status).toBe(200);
    const keys = res.body;
    orgs[scenario] = { tenantId, key, vkey: keys.keys[0].vkey, origin: keys.origin };
  }
  await a0.close();
  const b0 = await startTestApp({
    database: dbB,
    env: { LOG_ORIGIN_PREFIX: 'b.example', SIGNING_KEY: keyB },
  });
  const created = await b0.createKey('Veiligheidshuis');
  orgB = {
    ...created,
    vkey: (await b0.http.get('/v1/audit/keys').set({ Authorization: `Bearer ${created.key}` })).body.keys[0]
      .vkey,
  };
  await b0.close();

  const logsOfA = SCENARIOS.map((s) => orgs[s].vkey).join(',');
  a = await startTestApp({
    database: dbA,
    env: envA({
      WITNESS_NAME: 'a.example/witness',
      WITNESS_KEY: witnessA,
      WITNESS_LOGS: orgB.vkey,
      WITNESSES: `http://127.0.0.1:${ports.b}/witness ${vkeyWitnessB}`,
      WITNESS_THRESHOLD: '1',
    }),
  });
  b = await startTestApp({
    database: dbB,
    env: {
      LOG_ORIGIN_PREFIX: 'b.example',
      SIGNING_KEY: keyB,
      WITNESS_NAME: 'b.example/witness',
      WITNESS_KEY: witnessB,
      WITNESS_LOGS: logsOfA,
      WITNESSES: `http://127.0.0.1:${ports.a}/witness ${vkeyWitnessA}`,
      WITNESS_THRESHOLD: '1',
    },
  });
  c = await startTestApp({
    database: dbC,
    env: { WITNESS_NAME: 'c.example/witness', WITNESS_KEY: witnessC, WITNESS_LOGS: logsOfA },
  });
  await a.app.listen({ port: ports.a, host: '127.0.0.1' });
  await b.app.listen({ port: ports.b, host: '127.0.0.1' });
  await c.app.listen({ port: ports.c, host: '127.0.0.1' });
}, 180_000);

afterAll(async () => {
  for (const app of [a, b, c]) await app?.close();
  for (const db of [dbA, dbB, dbC]) await db?.drop();
});

const as = (key: string) => ({ Authorization: `Bearer ${key}` });
async function record(app: TestApp, key: string, caseRef: string) {
  const res = await app.http.post('/v1/assessments').set(as(key)).send(consentRequest({ caseRef }));
  expect(res.status).toBe(201);
  return res.body as { id: string; integrity: { sequence: number } };
}
async function exportJson(app: TestApp, key: string, id: string) {
  const res = await app.http.get(`/v1/assessments/${id}/export`).set(as(key));
  return { status: res.status, dossier: res.status === 200 ? JSON.parse(res.text) : null };
}
const publicPem = (pem: string) => new Signer(pem).publicKeyPem;
const witnessArgs = (vkey: string) => ['--witness', vkey, '--threshold', '1'];

/** A witnessed log of four weighings with an exported dossier: the "earlier dossier" of each attack. */
async function witnessedLog(scenario: Scenario) {
  const org = orgs[scenario];
  const records = [];
  for (let i = 0; i < 4; i++) records.push(await record(a, org.key, `${scenario.toUpperCase()}-${i}`));
  const checkpoint = await a.backend.transparency.signCheckpoint(org.tenantId);
  const cosigned = await a.db.query(
    'SELECT witness FROM audit_tree_cosignatures WHERE tenant_id = $1 AND tree_size = $2',
    [org.tenantId, checkpoint!.treeSize],
  );
  expect(cosigned.rows).toEqual([{ witness: 'b.example/witness' }]);
  const earlier = await exportJson(a, org.key, records[1]!.id);
  expect(earlier.status).toBe(200);
  return { org, records, size: checkpoint!.treeSize, earlier: earlier.dossier };
}

/**
 * The attacker: rewrites the organisation's chain from `mutate`'s result (recomputing every hash),
 * rebuilds its tree from it so that proofs match, and deletes its checkpoints, cosignatures and
 * timestamps, as someone with full access to the database would to cover their tracks.
 */
async function forge(
  tenantId: string,
  mutate: (
    contents: Array<{ sequence: number; content: string }>,
  ) => Array<{ sequence: number; content: string }>,
) {
  await a.db.asAttacker(async (client) => {
    const { rows } = await client.query<{ sequence: string; content: string }>(
      'SELECT sequence, content FROM audit_chain WHERE tenant_id = $1 ORDER BY sequence',
      [tenantId],
    );
    const before = rows.map((r) => ({ sequence: Number(r.sequence), content: r.content }));
    const after = mutate(before);
    const frontier = new MerkleFrontier();
    let previous = '0'.repeat(64);
    await client.query('DELETE FROM audit_tree_cosignatures WHERE tenant_id = $1', [tenantId]);
    await client.query('DELETE FROM audit_tree_timestamps WHERE tenant_id = $1', [tenantId]);
    await client.query('DELETE FROM audit_tree_checkpoints WHERE tenant_id = $1', [tenantId]);
    await client.query('DELETE FROM audit_tree_nodes WHERE tenant_id = $1', [tenantId]);
    const dropped = before
      .filter((e) => !after.some((x) => x.sequence === e.sequence))
      .map((e) => e.sequence);
    if (dropped.length > 0) {
      await client.query(
        'DELETE FROM assessment_events WHERE tenant_id = $1 AND sequence = ANY($2::bigint[])',
        [tenantId, dropped],
      );
      await client.query('DELETE FROM assessments WHERE tenant_id = $1 AND sequence = ANY($2::bigint[])', [
        tenantId,
        dropped,
      ]);
      await client.query('DELETE FROM audit_chain WHERE tenant_id = $1 AND sequence = ANY($2::bigint[])', [
        tenantId,
        dropped,
      ]);
    }
    for (const entry of after) {
      const hash = chainHash(previous, entry.content);
      await client.query(
        'UPDATE audit_chain SET content = $3, previous_hash = $4, hash = $5 WHERE tenant_id = $1 AND sequence = $2',
        [tenantId, entry.sequence, entry.content, previous, hash],
      );
      const completed = frontier.append(leafHash(Buffer.from(entry.content, 'utf8')));
      await client.query('INSERT INTO audit_tree_nodes (tenant_id, leaf_index, hashes) VALUES ($1, $2, $3)', [
        tenantId,
        entry.sequence - 1,
        Buffer.concat(completed.map((x) => x.hash)),
      ]);
      previous = hash;
    }
    await client.query('UPDATE audit_tree_heads SET tree_size = $2 WHERE tenant_id = $1', [
      tenantId,
      after.length,
    ]);
  });
}

/** The decision of a recorded weighing, rewritten in its content (and index row, for the index check). */
function rewriteDecision(content: string): string {
  const envelope = JSON.parse(content);
  envelope.data.result.decision = 'not_allowed';
  envelope.data.result.ground = 'none';
  envelope.index.decision = 'not_allowed';
  envelope.index.ground = 'none';
  return canonicalJson(envelope);
}

async function rewriteIndexRow(tenantId: string, sequence: number) {
  await a.db.asAttacker((client) =>
    client.query(
      `UPDATE assessments SET decision = 'not_allowed', ground = 'none' WHERE tenant_id = $1 AND sequence = $2`,
      [tenantId, sequence],
    ),
  );
}

async function verifyReport(key: string) {
  const res = await a.http.get('/v1/audit/verify').set(as(key));
  expect(res.status).toBe(200);
  return res.body as { intact: boolean; firstBrokenLink: { sequence: number; reason: string } | null };
}

async function consistencyFile(key: string, from: number, to: number) {
  const res = await a.http.get(`/v1/audit/proofs/consistency?from=${from}&to=${to}`).set(as(key));
  expect(res.status).toBe(200);
  return `${(res.body.proof as string[]).join('\n')}\n`;
}

describe('two instances witness each other', () => {
  it('each cosigns the other; a dossier carries the cosignature and verifies offline with only the two public keys', async () => {
    const org = orgs.pair;
    const { id } = await record(a, org.key, 'PAIR-1');
    const { status, dossier } = await exportJson(a, org.key, id);
    expect(status).toBe(200);
    expect(dossier.transparency.checkpoint).toContain('\u2014 b.example/witness ');
    const result = await verifyOffline(dossier, publicPem(keyA), [], { args: witnessArgs(vkeyWitnessB) });
    expect(result.output).toMatch(
      /witnesses: 1 of the trusted witnesses cosigned this checkpoint \(1 required\)/,
    );
    expect(result.code).toBe(0);

    // Without the witness key the threshold is not met.
    const alone = await verifyOffline(dossier, publicPem(keyA), [], { args: ['--threshold', '1'] });
    expect(alone.code).toBe(1);

    // And the other way round: B's log, cosigned by A.
    const other = await record(b, orgB.key, 'PAIR-B');
    const fromB = await exportJson(b, orgB.key, other.id);
    expect(fromB.status).toBe(200);
    expect(fromB.dossier.transparency.checkpoint).toContain('\u2014 a.example/witness ');
    const resultB = await verifyOffline(fromB.dossier, publicPem(keyB), [], {
      args: witnessArgs(vkeyWitnessA),
    });
    expect(resultB.code).toBe(0);
  });

  it('answers add-checkpoint with the specification status codes', async () => {
    const org = orgs.pair;
    const post = (body: string) =>
      b.http.post('/witness/add-checkpoint').set('content-type', 'text/plain').send(body);
    const signer = ed25519NoteSigner(org.origin, privateKeyOf(keyA));
    await record(a, org.key, 'PAIR-codes');
    await a.backend.transparency.signCheckpoint(org.tenantId);
    const signed = (size: number, root: Uint8Array) =>
      signNote(formatCheckpoint({ origin: org.origin, treeSize: size, rootHash: root }), [signer]);
    const latest = await a.db.query<{ tree_size: string; note: string }>(
      'SELECT tree_size, note FROM audit_tree_checkpoints WHERE tenant_id = $1 ORDER BY tree_size DESC LIMIT 1',
      [org.tenantId],
    );
    const size = Number(latest.rows[0]!.tree_size);

    expect((await post('garbage')).status).toBe(400);
    const unknown = signNote(
      formatCheckpoint({ origin: 'elsewhere.example/x', treeSize: 1, rootHash: EMPTY_ROOT }),
      [ed25519NoteSigner('elsewhere.example/x', privateKeyOf(keyA))],
    );
    expect((await post(formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: unknown }))).status).toBe(
      404,
    );
    const foreignSigner = ed25519NoteSigner(org.origin, privateKeyOf(generateSigningKeyPem()));
    const unsigned = signNote(
      formatCheckpoint({ origin: org.origin, treeSize: size + 5, rootHash: EMPTY_ROOT }),
      [foreignSigner],
    );
    expect((await post(formatAddCheckpoint({ oldSize: size, proof: [], checkpoint: unsigned }))).status).toBe(
      403,
    );
    expect(
      (
        await post(
          formatAddCheckpoint({ oldSize: size + 9, proof: [], checkpoint: signed(size + 5, EMPTY_ROOT) }),
        )
      ).status,
    ).toBe(400);
    const conflict = await post(
      formatAddCheckpoint({ oldSize: 1, proof: [], checkpoint: signed(size + 5, EMPTY_ROOT) }),
    );
    expect(conflict.status).toBe(409);
    expect(conflict.headers['content-type']).toBe('text/x.tlog.size');
    expect(conflict.text).toBe(`${size}\n`);
    expect(
      (
        await post(
          formatAddCheckpoint({
            oldSize: size,
            proof: [EMPTY_ROOT],
            checkpoint: signed(size + 5, EMPTY_ROOT),
          }),
        )
      ).status,
    ).toBe(422);
    // The same size with another root: a fork.
    expect(
      (
        await post(
          formatAddCheckpoint({
            oldSize: size,
            proof: [],
            checkpoint: signed(size, leafHash(Buffer.from('x'))),
          }),
        )
      ).status,
    ).toBe(422);
    // The witness kept its state: the genuine latest checkpoint again is accepted.
    const again = await post(
      formatAddCheckpoint({ oldSize: size, proof: [], checkpoint: latest.rows[0]!.note }),
    );
    expect(again.status).toBe(200);
    expect(again.text.startsWith('\u2014 b.example/witness ')).toBe(true);
  });
});

describe('tamper suite, after a witnessed checkpoint', () => {
  it('rewrite with every hash (and the tree) recomputed', async () => {
    const { org, records, size, earlier } = await witnessedLog('rewrite');
    const target = records[0]!.integrity.sequence;
    await forge(org.tenantId, (entries) =>
      entries.map((e) => (e.sequence === target ? { ...e, content: rewriteDecision(e.content) } : e)),
    );
    await rewriteIndexRow(org.tenantId, target);
    // The service's own verification: the witness's cosigned tree is not the recomputed one.
    const report = await verifyReport(org.key);
    expect(report.intact).toBe(false);
    expect(report.firstBrokenLink!.reason).toMatch(/witness b\.example\/witness cosigned has another root/);

    // The witness refuses the rewritten log's next checkpoint (422); no cosignature, so no dossier.
    await record(a, org.key, 'REWRITE-after');
    const forged = await a.backend.transparency.signCheckpoint(org.tenantId);
    expect(forged!.treeSize).toBe(size + 1);
    expect(
      a.backend.transparency
        .witnessAlarms(org.tenantId)
        .map((x) => x.reason)
        .join(),
    ).toMatch(/rewritten or forked/);
    const refused = await exportJson(a, org.key, records[1]!.id);
    expect(refused.status).toBe(503);

    // Offline: the earlier dossier against the new checkpoint, with the proof the service now gives.
    const proof = await consistencyFile(org.key, earlier.transparency.treeSize, size + 1);
    const result = await verifyOffline(earlier, publicPem(keyA), [forged!.note], {
      args: [...witnessArgs(vkeyWitnessB), '--consistency-proof', 'proof.txt'],
      files: { 'proof.txt': proof },
    });
    expect(result.output).toMatch(/FAIL +other-0.txt: the tree of \d+ extends the tree of \d+/);
    expect(result.code).toBe(1);
  });

  it('a dossier exported after a rewrite fails offline against the witnessed checkpoint', async () => {
    // An instance of the same database without witnesses (threshold 0) still exports after a
    // rewrite: its dossier is signed by the log key, but fails beside the witnessed checkpoint.
    const { org, records, size } = await witnessedLog('exported');
    await forge(org.tenantId, (entries) =>
      entries.map((e) =>
        e.sequence === records[0]!.integrity.sequence ? { ...e, content: rewriteDecision(e.content) } : e,
      ),
    );
    await rewriteIndexRow(org.tenantId, records[0]!.integrity.sequence);
    await record(a, org.key, 'EXPORTED-after');
    const unwitnessed = await startTestApp({ database: dbA, env: envA() });
    try {
      const { rows } = await a.db.query<{ id: string }>(
        'SELECT id FROM assessments WHERE tenant_id = $1 ORDER BY sequence LIMIT 1',
        [org.tenantId],
      );
      const later = await exportJson(unwitnessed, org.key, rows[0]!.id);
      expect(later.status).toBe(200);
      // B's view of the log: the witnessed checkpoint (with its cosignature), from B's database.
      const witnessedNote = (
        await b.db.query<{ checkpoint: string }>('SELECT checkpoint FROM witness_logs WHERE origin = $1', [
          org.origin,
        ])
      ).rows[0]!.checkpoint;
      const proof = await consistencyFile(org.key, size, later.dossier.transparency.treeSize);
      const result = await verifyOffline(later.dossier, publicPem(keyA), [witnessedNote], {
        args: ['--witness', vkeyWitnessB, '--consistency-proof', 'proof.txt'],
        files: { 'proof.txt': proof },
      });
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/FAIL +other-0.txt/);
      // And it does not meet a threshold of one cosignature.
      const threshold = await verifyOffline(later.dossier, publicPem(keyA), [], {
        args: witnessArgs(vkeyWitnessB),
      });
      expect(threshold.output).toMatch(/FAIL +witnesses: 0 of the trusted witnesses/);
    } finally {
      await unwitnessed.close();
    }
  });

  it('truncate', async () => {
    const { org, size, earlier } = await witnessedLog('truncate');
    await forge(org.tenantId, (entries) => entries.filter((e) => e.sequence <= size - 2));
    const report = await verifyReport(org.key);
    expect(report.intact).toBe(false);
    expect(report.firstBrokenLink!.reason).toMatch(
      /names \d+ entries, but the chain ends at \d+: entries were removed/,
    );

    // Grow back past the witnessed size: the witness refuses the new history.
    for (let i = 0; i < 3; i++) await record(a, org.key, `TRUNC-after-${i}`);
    const next = await a.backend.transparency.signCheckpoint(org.tenantId);
    expect(next!.treeSize).toBe(size + 1);
    expect(a.backend.transparency.witnessAlarms(org.tenantId).length).toBeGreaterThan(0);
    const proof = await consistencyFile(org.key, size, size + 1);
    const result = await verifyOffline(earlier, publicPem(keyA), [next!.note], {
      args: [...witnessArgs(vkeyWitnessB), '--consistency-proof', 'proof.txt'],
      files: { 'proof.txt': proof },
    });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/FAIL +other-0.txt: the tree of \d+ extends/);
  });

  it('fork: two different trees of the same size shown to two witnesses', async () => {
    const { org, records, size, earlier } = await witnessedLog('fork');
    await forge(org.tenantId, (entries) =>
      entries.map((e) =>
        e.sequence === records[2]!.integrity.sequence ? { ...e, content: rewriteDecision(e.content) } : e,
      ),
    );
    await rewriteIndexRow(org.tenantId, records[2]!.integrity.sequence);
    // The forked tree of the same size is signed and shown to witness C, which never saw this log.
    const forker = await startTestApp({
      database: dbA,
      env: envA({ WITNESSES: `http://127.0.0.1:${ports.c}/witness ${vkeyWitnessC}`, WITNESS_THRESHOLD: '1' }),
    });
    try {
      const forked = await forker.backend.transparency.signCheckpoint(org.tenantId);
      expect(forked!.treeSize).toBe(size);
      const note = await forker.backend.transparency.latestNote(org.tenantId);
      expect(note).toContain('\u2014 c.example/witness ');

      // Witness B refuses it: same size, another root.
      const refused = await b.http
        .post('/witness/add-checkpoint')
        .set('content-type', 'text/plain')
        .send(formatAddCheckpoint({ oldSize: size, proof: [], checkpoint: forked!.note }));
      expect(refused.status).toBe(422);

      // The service's verification (witness B configured) sees B's tree differ.
      const report = await verifyReport(org.key);
      expect(report.intact).toBe(false);

      // Offline: both checkpoints are validly signed and cosigned, but they differ at one size.
      const result = await verifyOffline(earlier, publicPem(keyA), [note!], {
        args: ['--witness', vkeyWitnessB, '--witness', vkeyWitnessC, '--threshold', '1'],
      });
      expect(result.code).toBe(1);
      expect(result.output).toMatch(
        /FAIL +other-0.txt: the same tree of \d+ \(a different root means the log was forked/,
      );
    } finally {
      await forker.close();
    }
  });

  it('swap two records (every hash and the tree recomputed)', async () => {
    const { org, records, size, earlier } = await witnessedLog('swap');
    const [x, y] = [records[1]!.integrity.sequence, records[2]!.integrity.sequence];
    await forge(org.tenantId, (entries) => {
      const contentOf = (s: number) => JSON.parse(entries.find((e) => e.sequence === s)!.content);
      const swapped = (s: number, from: number) => canonicalJson({ ...contentOf(from), sequence: s });
      return entries.map((e) =>
        e.sequence === x
          ? { ...e, content: swapped(x, y) }
          : e.sequence === y
            ? { ...e, content: swapped(y, x) }
            : e,
      );
    });
    const report = await verifyReport(org.key);
    expect(report.intact).toBe(false);
    await record(a, org.key, 'SWAP-after');
    const next = await a.backend.transparency.signCheckpoint(org.tenantId);
    expect(
      a.backend.transparency
        .witnessAlarms(org.tenantId)
        .map((z) => z.reason)
        .join(),
    ).toMatch(/rewritten or forked/);
    const proof = await consistencyFile(org.key, size, next!.treeSize);
    const result = await verifyOffline(earlier, publicPem(keyA), [next!.note], {
      args: [...witnessArgs(vkeyWitnessB), '--consistency-proof', 'proof.txt'],
      files: { 'proof.txt': proof },
    });
    expect(result.code).toBe(1);
  });

  it('crafted checkpoints: refused by verification at entry 1, by the witness, and offline', async () => {
    const { org, earlier } = await witnessedLog('crafted');
    const legacy = new Signer(keyA);
    const statement = (kind: string, extra: Record<string, unknown>) =>
      canonicalJson({
        schema: 'beroepsgeheim.checkpoint/1',
        kind,
        tenantId: org.tenantId,
        signedAt: new Date().toISOString(),
        publicKeyId: legacy.publicKeyId,
        ...extra,
      });
    const insertLegacy = async (kind: string, text: string, signature: string, headSequence = 1) =>
      a.db.asAttacker((client) =>
        client.query(
          `INSERT INTO audit_checkpoints (tenant_id, id, kind, signed_at, public_key_id, head_sequence, head_hash, statement, signature)
           VALUES ($1, gen_random_uuid(), $2, now(), $3, $4, $5, $6, $7)`,
          [org.tenantId, kind, legacy.publicKeyId, headSequence, '0'.repeat(64), text, signature],
        ),
      );
    // A genuine head statement whose row says 'export'; a signed statement with a position that
    // is not an integer; a garbage statement claiming a huge head. None may pass, all at entry 1.
    const head = statement('head', { sequence: 1, hash: 'a'.repeat(64) });
    const cases: Array<[string, string, string, number?]> = [
      ['export', head, legacy.sign(head)],
      ['head', statement('head', { sequence: 1.5, hash: 'a'.repeat(64) }), ''],
      ['head', 'garbage', legacy.sign('garbage'), 9_000_000_000],
    ];
    cases[1]![2] = legacy.sign(cases[1]![1]);
    for (const [kind, text, signature, headSequence] of cases) {
      await a.db.asAttacker((client) =>
        client.query('DELETE FROM audit_checkpoints WHERE tenant_id = $1', [org.tenantId]),
      );
      await insertLegacy(kind, text, signature, headSequence);
      const report = await verifyReport(org.key);
      expect(report.intact, text).toBe(false);
      expect(report.firstBrokenLink!.sequence, text).toBe(1);
    }
    await a.db.asAttacker((client) =>
      client.query('DELETE FROM audit_checkpoints WHERE tenant_id = $1', [org.tenantId]),
    );

    // A crafted note checkpoint (not signed by the log) claiming a huge tree.
    const crafted = `${formatCheckpoint({ origin: org.origin, treeSize: 9_000_000_000, rootHash: EMPTY_ROOT })}\n\u2014 ${org.origin} AAAAAAAA\n`;
    await a.db.asAttacker((client) =>
      client.query(
        'INSERT INTO audit_tree_checkpoints (tenant_id, tree_size, root_hash, note, signed_at) VALUES ($1, $2, $3, $4, now())',
        [org.tenantId, 9_000_000_000, Buffer.from(EMPTY_ROOT), crafted],
      ),
    );
    const report = await verifyReport(org.key);
    expect(report.intact).toBe(false);
    expect(report.firstBrokenLink!.sequence).toBe(1);
    // The service refuses to sign on top of it.
    await record(a, org.key, 'CRAFTED-after');
    await expect(a.backend.transparency.signCheckpoint(org.tenantId)).rejects.toThrow(
      /not what the log signed|removed/,
    );
    // The witness refuses it.
    const refused = await b.http
      .post('/witness/add-checkpoint')
      .set('content-type', 'text/plain')
      .send(formatAddCheckpoint({ oldSize: 4 + 1, proof: [], checkpoint: crafted }));
    expect([403, 409]).toContain(refused.status);
    // Offline, given as an earlier checkpoint.
    const result = await verifyOffline(earlier, publicPem(keyA), [crafted], {
      args: witnessArgs(vkeyWitnessB),
    });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/FAIL +other-0.txt/);
  });
});
