/**
 * The integrity chain under concurrency, across processes, and under attack by someone with full
 * database access.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../src/audit/chain.js';
import { AssessmentRepository } from '../../src/repositories/assessment-repository.js';
import { assessmentIndexSource, eventIndexSource } from '../../src/services/assessment-index.js';
import { ASSESSMENT_EVENT, ASSESSMENT_RECORDED } from '../../src/services/assessments.js';
import { AuditVerifier } from '../../src/services/audit-verifier.js';
import { TEST_API_CONTACT_ENV } from '../support/contact.js';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { startTestApp, TEST_PSEUDONYMISATION_SECRET, type TestApp } from '../support/service.js';
import { expectParallelAgrees } from '../support/verification.js';

let t: TestApp;
let key: string;
let tenantId: string;
let base: string;

beforeAll(async () => {
  t = await startTestApp({ env: { DB_POOL_MAX: '10' } });
  ({ key, tenantId } = await t.createKey('Ketenpartner'));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

/** A port nothing listens on now (the operating system picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * POSTs as a well-behaved client does: with an Idempotency-Key, retrying after a 503 or 409 (the
 * service sheds load when the machine is busy) until the weighing is recorded. The key guarantees
 * a retry never records twice, so every call ends with exactly one record.
 */
async function postAt(url: string, body: unknown, k = key): Promise<Response> {
  const idempotencyKey = randomUUID();
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${url}/v1/assessments`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${k}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    if ((res.status !== 503 && res.status !== 409) || attempt === 20) return res;
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
  }
}

/**
 * Verifies over the API, again with batches of 7 entries (the service reads thousands at a
 * time), and again over ranges in worker threads: every finding must be the same when the chain,
 * a gap or a tampered row lies across the boundaries of batches and ranges.
 */
async function verify(): Promise<{
  intact: boolean;
  recordsChecked: number;
  headSequence: number;
  firstBrokenLink: { sequence: number; reason: string } | null;
}> {
  const res = await t.http.get('/v1/audit/verify').set('Authorization', `Bearer ${key}`);
  expect(res.status).toBe(200);
  const small = new AuditVerifier(t.backend.chain, { batchSize: 7 });
  const rows = new AssessmentRepository(t.backend.db);
  small.registerIndex(ASSESSMENT_RECORDED, assessmentIndexSource(rows));
  small.registerIndex(ASSESSMENT_EVENT, eventIndexSource(rows));
  small.registerStrayIndexProbe((id, after) => rows.firstStrayIndexRow(id, after));
  const report = await small.verify(tenantId);
  const { intact, recordsChecked, headSequence, firstBrokenLink } = res.body;
  expect({
    intact: report.intact,
    recordsChecked: report.recordsChecked,
    headSequence: report.headSequence,
    firstBrokenLink: report.firstBrokenLink,
  }).toEqual({ intact, recordsChecked, headSequence, firstBrokenLink });
  await expectParallelAgrees(t.backend, tenantId, res.body);
  return res.body;
}

async function chainShape(): Promise<{ count: number; max: number; forks: number }> {
  const { rows } = await t.db.query<{ count: string; max: string; forks: string }>(
    `SELECT count(*) AS count, max(sequence) AS max,
            count(*) - count(DISTINCT previous_hash) AS forks
       FROM audit_chain WHERE tenant_id = $1`,
    [tenantId],
  );
  return { count: Number(rows[0]!.count), max: Number(rows[0]!.max), forks: Number(rows[0]!.forks) };
}

describe('concurrent appends', () => {
  it('200 concurrent POSTs from many connections: all recorded, chain intact and gap-free', async () => {
    const before = await chainShape();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postAt(
          base,
          i % 2 ? consentRequest({ caseRef: `CONC-${i}` }) : sharingRequest({ caseRef: `CONC-${i}` }),
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
    const sequences = (await Promise.all(responses.map((r) => r.json()))).map(
      (b) => (b as { integrity: { sequence: number } }).integrity.sequence,
    );
    expect(new Set(sequences).size).toBe(200);
    const after = await chainShape();
    expect(after.count - before.count).toBe(200);
    expect(after.max).toBe(after.count); // sequences 1..n: no gaps
    expect(after.forks).toBe(0);
    const report = await verify();
    expect(report).toMatchObject({
      intact: true,
      recordsChecked: after.count,
      headSequence: after.count,
      firstBrokenLink: null,
    });
  });

  it('two service processes writing to one database keep one unforked chain', async () => {
    const port = await freePort();
    // Production mode: the second process migrates nothing and needs every secret from us.
    const second: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: t.db.appUrl,
        PSEUDONYMISATION_SECRET: TEST_PSEUDONYMISATION_SECRET,
        SIGNING_KEY: generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...TEST_API_CONTACT_ENV,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Its log lines (stdout) and anything else it prints, to explain a failed start.
    let stderr = '';
    const collect = (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    };
    second.stdout?.on('data', collect);
    second.stderr?.on('data', collect);
    // node-postgres 8 warns (once per process) when statements are queued on a connection, which
    // pg 9 removes; the append path pipelines instead (issue: no statement queueing).
    let deprecations = '';
    second.stderr?.on('data', (chunk: Buffer) => {
      if (/DeprecationWarning/.test(chunk.toString())) deprecations += chunk.toString();
    });
    try {
      const other = `http://127.0.0.1:${port}`;
      let ready = false;
      for (let i = 0; i < 150 && !ready && second.exitCode === null; i++) {
        ready = await fetch(`${other}/health/ready`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (!ready) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ready, `second process did not become ready: ${stderr.slice(-2000)}`).toBe(true);
      const before = await chainShape();
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          postAt(i % 2 ? base : other, consentRequest({ caseRef: `PROC-${i}` })),
        ),
      ).catch((error: unknown) => {
        throw new Error(`requests failed; second process stderr: ${stderr.slice(-2000)}`, { cause: error });
      });
      expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
      const after = await chainShape();
      expect(after.count - before.count).toBe(200);
      expect(after.max).toBe(after.count);
      expect(after.forks).toBe(0);
      expect((await verify()).intact).toBe(true);
      expect(deprecations).toBe('');
    } finally {
      if (second.exitCode === null) {
        second.kill('SIGTERM');
        await new Promise((r) => second.once('exit', r));
      }
    }
  }, 120_000);
});

describe('verification while weighings are being recorded', () => {
  it('an entry committed after its batch’s index rows were read is not reported as missing its row', async () => {
    // Deterministically: the index rows are read, then a weighing commits, then the entries are
    // read (and include it). Its index row must be read again rather than reported missing.
    const real = t.backend.chain;
    let committed!: () => void;
    const appended = new Promise<void>((resolve) => {
      committed = resolve;
    });
    const chain = Object.create(real) as typeof real;
    chain.readRangeBytes = async (...args) => {
      await appended;
      return real.readRangeBytes(...args);
    };
    const rows = new AssessmentRepository(t.backend.db);
    const source = assessmentIndexSource(rows);
    let first = true;
    const verifier = new AuditVerifier(chain);
    verifier.registerIndex(ASSESSMENT_RECORDED, async (id, from, to) => {
      const found = await source(id, from, to);
      if (first) {
        first = false;
        expect((await postAt(base, consentRequest({ caseRef: 'WT-TIJDENS' }))).status).toBe(201);
        committed();
      }
      return found;
    });
    verifier.registerIndex(ASSESSMENT_EVENT, eventIndexSource(rows));
    const before = await t.backend.chain.headSequence(tenantId);
    const report = await verifier.verify(tenantId);
    expect(report).toMatchObject({ intact: true, firstBrokenLink: null, headSequence: before + 1 });
  });
});

describe('append-only in the database itself', () => {
  // Rows of its own to protect, whatever ran before (tests run in a random order): a weighing
  // and a follow-up, so the chain has a head with a predecessor and every table a row.
  beforeAll(async () => {
    for (const caseRef of ['APPEND-ONLY-1', 'APPEND-ONLY-2']) {
      const res = await postAt(base, consentRequest({ caseRef }));
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const event = await fetch(`${base}/v1/assessments/${id}/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'note', professionalRef: 'p-append', text: 'Gebeld.' }),
      });
      expect(event.status).toBe(201);
    }
  });

  it('the service role may not UPDATE, DELETE or TRUNCATE audit tables', async () => {
    const { default: pg } = await import('pg');
    const app = new pg.Client({ connectionString: t.db.appUrl });
    await app.connect();
    try {
      for (const sql of [
        `UPDATE audit_chain SET content = content WHERE tenant_id = '${tenantId}'`,
        `DELETE FROM audit_chain WHERE tenant_id = '${tenantId}'`,
        'TRUNCATE audit_chain CASCADE',
        `UPDATE assessments SET decision = 'allowed'`,
        'DELETE FROM assessments',
        'DELETE FROM assessment_events',
        'ALTER TABLE audit_chain DISABLE TRIGGER USER',
      ]) {
        await expect(app.query(sql), sql).rejects.toThrow(/permission denied|must be owner/);
      }
    } finally {
      await app.end();
    }
  });

  it('even the owner is stopped by the triggers', async () => {
    await expect(
      t.db.query(`UPDATE audit_chain SET content = content WHERE tenant_id = $1`, [tenantId]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM assessments')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE assessment_events')).rejects.toThrow(/append-only/);
  });

  it('refuses an entry that forks, skips or mislinks the chain', async () => {
    const { rows } = await t.db.query<{ sequence: string; hash: string; previous_hash: string }>(
      'SELECT sequence, hash, previous_hash FROM audit_chain WHERE tenant_id = $1 ORDER BY sequence DESC LIMIT 1',
      [tenantId],
    );
    const head = rows[0]!;
    const insert = (sequence: number, previous: string, content: string) =>
      t.db.query(
        `INSERT INTO audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash)
         VALUES ($1, $2, 'assessment.event', gen_random_uuid(), now(), $3, $4, $5)`,
        [tenantId, sequence, content, previous, chainHash(previous, content)],
      );
    const next = Number(head.sequence) + 1;
    await expect(insert(next, head.previous_hash, '{"fork":1}'), 'mislinked').rejects.toThrow(/link broken/);
    // With the triggers off, the unique constraint alone still refuses a second successor.
    await expect(
      t.db.asAttacker((c) =>
        c.query(
          `INSERT INTO audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash)
           VALUES ($1, $2, 'forged', gen_random_uuid(), now(), '{}', $3, $4)`,
          [tenantId, next + 5, head.previous_hash, chainHash(head.previous_hash, '{}')],
        ),
      ),
      'fork',
    ).rejects.toThrow(/audit_chain_no_fork/);
    await expect(insert(next + 1, head.hash, '{"gap":1}'), 'gap').rejects.toThrow(/gap/);
    await expect(
      t.db.query(
        `INSERT INTO audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash)
         VALUES ($1, $2, 'assessment.event', gen_random_uuid(), now(), '{}', $3, $4)`,
        [tenantId, next, head.hash, 'f'.repeat(64)],
      ),
      'wrong hash',
    ).rejects.toThrow(/hash mismatch/);
  });
});

describe('tampering by a superuser is detected at exactly the altered entry', () => {
  let target: { id: string; sequence: number; content: string; caseRef: string };
  beforeAll(async () => {
    // Weighings of its own, whatever else this file recorded before: the target is the middle one
    // of 20, with entries before and after it, across several of verify()'s batches of 7.
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await t.http
        .post('/v1/assessments')
        .set('Authorization', `Bearer ${key}`)
        .send(
          i % 2 ? consentRequest({ caseRef: `TAMPER-${i}` }) : sharingRequest({ caseRef: `TAMPER-${i}` }),
        );
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const { rows } = await t.db.query<{ id: string; sequence: string; content: string; case_ref: string }>(
      `SELECT a.id, c.sequence, c.content, a.case_ref FROM audit_chain c JOIN assessments a USING (tenant_id, sequence)
        WHERE c.tenant_id = $1 AND a.id = $2`,
      [tenantId, ids[10]],
    );
    const row = rows[0]!;
    target = { id: row.id, sequence: Number(row.sequence), content: row.content, caseRef: row.case_ref };
    expect((await verify()).intact).toBe(true);
  });

  const at = () => [tenantId, target.sequence] as const;

  it('a changed record (its case reference rewritten inside the hashed content)', async () => {
    const forged = target.content.replace(`"caseRef":"${target.caseRef}"`, '"caseRef":"ANDERE-ZAAK"');
    expect(forged).not.toBe(target.content);
    await t.db.asAttacker((c) =>
      c.query('UPDATE audit_chain SET content = $3 WHERE tenant_id = $1 AND sequence = $2', [
        ...at(),
        forged,
      ]),
    );
    try {
      expect((await verify()).firstBrokenLink).toMatchObject({
        sequence: target.sequence,
        reason: expect.stringContaining('hash'),
      });
    } finally {
      await t.db.asAttacker((c) =>
        c.query('UPDATE audit_chain SET content = $3 WHERE tenant_id = $1 AND sequence = $2', [
          ...at(),
          target.content,
        ]),
      );
    }
    expect((await verify()).intact).toBe(true);
  });

  it('a changed index row (the record made findable under another case)', async () => {
    await t.db.asAttacker((c) =>
      c.query(`UPDATE assessments SET case_ref = 'ANDERE-ZAAK' WHERE tenant_id = $1 AND sequence = $2`, [
        ...at(),
      ]),
    );
    try {
      expect((await verify()).firstBrokenLink).toMatchObject({
        sequence: target.sequence,
        reason: expect.stringContaining('caseRef'),
      });
    } finally {
      await t.db.asAttacker((c) =>
        c.query('UPDATE assessments SET case_ref = $3 WHERE tenant_id = $1 AND sequence = $2', [
          ...at(),
          target.caseRef,
        ]),
      );
    }
    expect((await verify()).intact).toBe(true);
  });

  /** A copy of the target's index row under another id, at another chain position. */
  const forgeIndexRow = (sequence: number) =>
    t.db.asAttacker((c) =>
      c.query(
        `INSERT INTO assessments (id, tenant_id, sequence, recorded_at, case_ref, client_ref_hash, professional_ref,
                                  recipient_type, purpose_type, decision, ground, shared_categories,
                                  withheld_categories, ruleset_version, ruleset_hash, api_key_id)
         SELECT gen_random_uuid(), tenant_id, $3, recorded_at, 'VERZONNEN', client_ref_hash, professional_ref,
                recipient_type, purpose_type, decision, ground, shared_categories, withheld_categories,
                ruleset_version, ruleset_hash, api_key_id
           FROM assessments WHERE tenant_id = $1 AND sequence = $2`,
        [...at(), sequence],
      ),
    );
  const dropForged = () =>
    t.db.asAttacker((c) => c.query(`DELETE FROM assessments WHERE case_ref = 'VERZONNEN'`));

  it('an index row beyond the end of the chain (a weighing that was never made, listed)', async () => {
    const head = (await verify()).headSequence;
    await forgeIndexRow(head + 1000);
    try {
      expect((await verify()).firstBrokenLink).toEqual({
        sequence: head + 1,
        reason: `an index row names entry ${head + 1000}, which is not in the chain`,
      });
    } finally {
      await dropForged();
    }
    expect((await verify()).intact).toBe(true);
  });

  it('a second index row naming an entry that already has one (of another kind)', async () => {
    const event = await t.http
      .post(`/v1/assessments/${target.id}/events`)
      .set('Authorization', `Bearer ${key}`)
      .send({ type: 'client_informed', professionalRef: 'p-17' });
    expect(event.status).toBe(201);
    const eventSequence = event.body.integrity.sequence as number;
    await forgeIndexRow(eventSequence);
    try {
      expect((await verify()).firstBrokenLink).toEqual({
        sequence: eventSequence,
        reason: 'more than one index row names this entry',
      });
    } finally {
      await dropForged();
    }
    expect((await verify()).intact).toBe(true);
  });

  it('a deleted record', async () => {
    // Both rows as they were, put back afterwards (as an attacker can), so the other tests here
    // find the chain intact in whatever order they run.
    const { rows } = await t.db.query<{ entry: unknown; row: unknown }>(
      `SELECT (SELECT row_to_json(c) FROM audit_chain c WHERE tenant_id = $1 AND sequence = $2) AS entry,
              (SELECT row_to_json(a) FROM assessments a WHERE tenant_id = $1 AND sequence = $2) AS row`,
      [...at()],
    );
    const saved = rows[0]!;
    await t.db.asAttacker(async (c) => {
      await c.query('DELETE FROM assessments WHERE tenant_id = $1 AND sequence = $2', [...at()]);
      await c.query('DELETE FROM audit_chain WHERE tenant_id = $1 AND sequence = $2', [...at()]);
    });
    try {
      const report = await verify();
      expect(report.intact).toBe(false);
      expect(report.firstBrokenLink).toMatchObject({
        sequence: target.sequence,
        reason: expect.stringContaining('missing'),
      });
      expect(report.recordsChecked).toBe(target.sequence - 1);
    } finally {
      await t.db.asAttacker(async (c) => {
        await c.query('INSERT INTO audit_chain SELECT * FROM json_populate_record(NULL::audit_chain, $1)', [
          saved.entry,
        ]);
        await c.query('INSERT INTO assessments SELECT * FROM json_populate_record(NULL::assessments, $1)', [
          saved.row,
        ]);
      });
    }
    expect((await verify()).intact).toBe(true);
  });
});
