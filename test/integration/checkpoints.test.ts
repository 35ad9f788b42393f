/**
 * Signed checkpoints against an attacker with full database access who rewrites a record and
 * recomputes every later hash, so that the chain alone still verifies.
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../src/audit/chain.js';
import { canonicalJson } from '../../src/lib/canonical-json.js';
import { AssessmentRepository } from '../../src/repositories/assessment-repository.js';
import { assessmentIndexSource, eventIndexSource } from '../../src/services/assessment-index.js';
import { ASSESSMENT_EVENT, ASSESSMENT_RECORDED } from '../../src/services/assessments.js';
import { AuditVerifier } from '../../src/services/audit-verifier.js';
import { verifyOffline } from '../support/dossier.js';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
let tenantId: string;
let publicKeyPem: string;

const auth = () => ({ Authorization: `Bearer ${key}` });
const record = async (caseRef: string) => {
  const res = await t.http.post('/v1/assessments').set(auth()).send(consentRequest({ caseRef }));
  expect(res.status).toBe(201);
  return res.body as { id: string; integrity: { sequence: number } };
};
const exportDossier = async (id: string) => {
  const res = await t.http.get(`/v1/assessments/${id}/export`).set(auth());
  expect(res.status).toBe(200);
  return JSON.parse(res.text) as { checkpoint: unknown; verification: { intact: boolean } };
};
const verify = async () => (await t.http.get('/v1/audit/verify').set(auth())).body;

beforeAll(async () => {
  t = await startTestApp();
  ({ key, tenantId } = await t.createKey('GGZ Oost'));
  publicKeyPem = (await t.http.get('/v1/audit/public-key').set(auth())).body.publicKeyPem;
});
afterAll(() => t.close());

describe('head checkpoints on a schedule', () => {
  it('signs the head of every chain that moved, and nothing when none moved', async () => {
    await record('SCHED-1');
    expect(await t.backend.checkpoints.signMovedHeads()).toBeGreaterThanOrEqual(1);
    expect(await t.backend.checkpoints.signMovedHeads()).toBe(0);
    await record('SCHED-2');
    expect(await t.backend.checkpoints.signMovedHeads()).toBe(1);
  });

  it('runs by itself once started, and stops', async () => {
    await record('SCHED-3');
    const schedule = t.backend.checkpoints.startSchedule(20, pino({ level: 'silent' }));
    try {
      for (let i = 0; i < 200 && (await t.backend.checkpoints.signMovedHeads()) !== 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const { rows } = await t.db.query<{ head: string; chain: string }>(
        `SELECT (SELECT max(head_sequence) FROM audit_checkpoints WHERE tenant_id = $1) AS head,
                (SELECT max(sequence) FROM audit_chain WHERE tenant_id = $1) AS chain`,
        [tenantId],
      );
      expect(rows[0]!.head).toBe(rows[0]!.chain);
    } finally {
      await schedule.stop();
    }
  });
});

describe('the checkpoint table is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE to the service role and to the owner', async () => {
    const { default: pg } = await import('pg');
    const app = new pg.Client({ connectionString: t.db.appUrl });
    await app.connect();
    try {
      for (const sql of [
        `UPDATE audit_checkpoints SET signature = 'x'`,
        'DELETE FROM audit_checkpoints',
        'TRUNCATE audit_checkpoints',
      ]) {
        await expect(app.query(sql), sql).rejects.toThrow(/permission denied/);
      }
    } finally {
      await app.end();
    }
    await expect(t.db.query(`UPDATE audit_checkpoints SET signature = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
  });
});

describe('a chain rewritten wholesale', () => {
  let first: { id: string; integrity: { sequence: number } };
  let second: { id: string; integrity: { sequence: number } };
  let before: Awaited<ReturnType<typeof exportDossier>>;

  beforeAll(async () => {
    first = await record('REWRITE-1');
    second = await record('REWRITE-2');
    await record('REWRITE-3');
    before = await exportDossier(second.id);
    expect(before.checkpoint).not.toBeNull();
    await record('REWRITE-4');
    expect((await verify()).intact).toBe(true);

    // The attacker turns the first record's "allowed" into "not_allowed" (content and index row)
    // and recomputes every hash from there to the head.
    await t.db.asAttacker(async (client) => {
      const { rows } = await client.query<{ sequence: string; content: string; previous_hash: string }>(
        'SELECT sequence, content, previous_hash FROM audit_chain WHERE tenant_id = $1 AND sequence >= $2 ORDER BY sequence',
        [tenantId, first.integrity.sequence],
      );
      let previous = rows[0]!.previous_hash;
      for (const row of rows) {
        let content = row.content;
        if (Number(row.sequence) === first.integrity.sequence) {
          const envelope = JSON.parse(content);
          envelope.data.result.decision = 'not_allowed';
          envelope.data.result.ground = 'none';
          envelope.index.decision = 'not_allowed';
          envelope.index.ground = 'none';
          content = canonicalJson(envelope);
        }
        const hash = chainHash(previous, content);
        await client.query(
          'UPDATE audit_chain SET content = $3, previous_hash = $4, hash = $5 WHERE tenant_id = $1 AND sequence = $2',
          [tenantId, row.sequence, content, previous, hash],
        );
        previous = hash;
      }
      await client.query(`UPDATE assessments SET decision = 'not_allowed', ground = 'none' WHERE id = $1`, [
        first.id,
      ]);
    });
  });

  it('still passes verification of the chain and index alone', async () => {
    const plain = new AuditVerifier(t.backend.chain);
    const rows = new AssessmentRepository(t.backend.db);
    plain.registerIndex(ASSESSMENT_RECORDED, assessmentIndexSource(rows));
    plain.registerIndex(ASSESSMENT_EVENT, eventIndexSource(rows));
    expect(await plain.verify(tenantId)).toMatchObject({ intact: true, firstBrokenLink: null });
  });

  it('fails checkpoint verification at the first checkpointed entry after the altered record', async () => {
    const { rows } = await t.db.query<{ statement: string }>(
      'SELECT statement FROM audit_checkpoints WHERE tenant_id = $1',
      [tenantId],
    );
    const named = rows.flatMap(({ statement }) => {
      const s = JSON.parse(statement);
      return s.kind === 'head'
        ? [s.sequence]
        : [...s.entries.map((e: { sequence: number }) => e.sequence), s.head.sequence];
    });
    const firstAffected = Math.min(...named.filter((n) => n >= first.integrity.sequence));
    const report = await verify();
    expect(report.intact).toBe(false);
    expect(report.firstBrokenLink.sequence).toBe(firstAffected);
    expect(report.firstBrokenLink.reason).toMatch(/checkpoint .* names another hash .* rewritten/);
  });

  it('gets no signature on a new export, so that export fails offline', async () => {
    const after = await exportDossier(second.id);
    expect(after.verification.intact).toBe(false);
    expect(after.checkpoint).toBeNull();
    const { code, output } = await verifyOffline(after, publicKeyPem);
    expect(code).toBe(1);
    expect(output).toMatch(/FAIL .*signed checkpoint/);
  });

  it('gets no scheduled head checkpoint either: a head is signed only after its chain verified', async () => {
    await record('REWRITE-5'); // the head moves, so the schedule would sign it
    const before = await t.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM audit_checkpoints WHERE tenant_id = $1',
      [tenantId],
    );
    expect(await t.backend.checkpoints.signMovedHeads()).toBe(0);
    const after = await t.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM audit_checkpoints WHERE tenant_id = $1',
      [tenantId],
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('is exposed by the export the professional holds, even after the attacker deletes every checkpoint', async () => {
    // The export from before the rewrite was true when signed and still verifies on its own.
    const alone = await verifyOffline(before, publicKeyPem);
    expect(alone.output).not.toContain('FAIL');
    expect(alone.code).toBe(0);
    await t.db.asAttacker((client) =>
      client.query('DELETE FROM audit_checkpoints WHERE tenant_id = $1', [tenantId]),
    );
    // With no checkpoint left the service verifies the rewritten chain and signs it again...
    const resigned = await exportDossier(second.id);
    expect(resigned.checkpoint).not.toBeNull();
    expect((await verifyOffline(resigned, publicKeyPem)).code).toBe(0);
    // ...but the two signed statements disagree about the same entry: the rewrite is proven.
    const { code, output } = await verifyOffline(before, publicKeyPem, [resigned]);
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`FAIL .*entry ${second.integrity.sequence} has the same hash in both`));
  });
});

describe('forged checkpoints', () => {
  it('are reported: a statement signed with another key, or altered after signing', async () => {
    const t2 = await startTestApp();
    try {
      const { key: k, tenantId: tid } = await t2.createKey('Jeugdzorg West');
      await t2.http
        .post('/v1/assessments')
        .set({ Authorization: `Bearer ${k}` })
        .send(sharingRequest());
      await t2.backend.checkpoints.signMovedHeads();
      const report = async () =>
        (await t2.http.get('/v1/audit/verify').set({ Authorization: `Bearer ${k}` })).body;
      expect((await report()).intact).toBe(true);

      // Altered after signing: the hash in the statement no longer matches its signature.
      await t2.db.asAttacker((c) =>
        c.query(
          `UPDATE audit_checkpoints SET statement = replace(statement, '"kind":"head"', '"kind":"head" ')`,
        ),
      );
      expect((await report()).firstBrokenLink.reason).toMatch(/signature that does not verify/);
      await t2.db.asAttacker((c) => c.query('DELETE FROM audit_checkpoints'));

      // Signed with a key the attacker made: not this service's key.
      const { rows } = await t2.db.query<{ sequence: string; hash: string }>(
        'SELECT sequence, hash FROM audit_chain WHERE tenant_id = $1 ORDER BY sequence DESC LIMIT 1',
        [tid],
      );
      const attackerKey = generateKeyPairSync('ed25519');
      const statement = canonicalJson({
        schema: 'beroepsgeheim.checkpoint/1',
        kind: 'head',
        tenantId: tid,
        sequence: Number(rows[0]!.sequence),
        hash: rows[0]!.hash,
        signedAt: new Date().toISOString(),
        publicKeyId: '0123456789abcdef',
      });
      await t2.db.query(
        `INSERT INTO audit_checkpoints (tenant_id, id, kind, signed_at, public_key_id, head_sequence, head_hash, statement, signature)
         VALUES ($1, $2, 'head', now(), '0123456789abcdef', $3, $4, $5, $6)`,
        [
          tid,
          randomUUID(),
          rows[0]!.sequence,
          rows[0]!.hash,
          statement,
          sign(null, Buffer.from(statement), attackerKey.privateKey).toString('base64'),
        ],
      );
      expect((await report()).firstBrokenLink.reason).toMatch(/key this service does not hold/);
    } finally {
      await t2.close();
    }
  });
});
