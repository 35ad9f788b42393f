/**
 * Format-1 checkpoints (`beroepsgeheim.checkpoint/1`, version 0.1): no longer written, still
 * verified. Rows as 0.1 wrote them are inserted here, signed with the service key of that time:
 * verification checks their signature under a key of the published history (so a key rotation
 * does not break them), their shape strictly, and every (sequence, hash) they name against the
 * chain. The transparency log's own schedule is tested in transparency.test.ts.
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../src/audit/chain.js';
import { rawEd25519PublicKey } from '../../src/audit/note.js';
import { generateSigningKeyPem, Signer } from '../../src/audit/signing.js';
import { privateKeyOf } from '../../src/config/transparency.js';
import { canonicalJson } from '../../src/lib/canonical-json.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';
import { expectParallelAgrees } from '../support/verification.js';

/** The key that signed in 0.1; rotated away from in part of these tests. */
const OLD_KEY = generateSigningKeyPem();
const NEW_KEY = generateSigningKeyPem();
const oldSigner = new Signer(OLD_KEY);
const rawOf = (pem: string) => Buffer.from(rawEd25519PublicKey(privateKeyOf(pem))).toString('base64');

let db: TestDatabase;
let t: TestApp;
let key: string;
let tenantId: string;
const auth = () => ({ Authorization: `Bearer ${key}` });
const verify = async (app = t) => {
  const { body } = await app.http.get('/v1/audit/verify').set(auth());
  await expectParallelAgrees(app.backend, tenantId, body);
  return body;
};

async function record(caseRef: string) {
  const res = await t.http.post('/v1/assessments').set(auth()).send(consentRequest({ caseRef }));
  expect(res.status).toBe(201);
  return res.body as { id: string; integrity: { sequence: number; hash: string } };
}

/** A format-1 statement row as 0.1 stored it. */
async function insertStatement(
  statement: Record<string, unknown>,
  signer: Signer,
  kind = String(statement.kind),
) {
  const text = canonicalJson({
    schema: 'beroepsgeheim.checkpoint/1',
    publicKeyId: signer.publicKeyId,
    ...statement,
  });
  const head = (statement.head ?? statement) as { sequence: unknown; hash: unknown };
  // The row's own columns hold what the database accepts; the statement may say anything.
  const headSequence = Number.isSafeInteger(head.sequence) ? head.sequence : 1;
  const headHash =
    typeof head.hash === 'string' && /^[0-9a-f]{64}$/.test(head.hash) ? head.hash : 'a'.repeat(64);
  await db.query(
    `INSERT INTO audit_checkpoints (tenant_id, id, kind, signed_at, public_key_id, head_sequence, head_hash, statement, signature)
     VALUES ($1, $2, $3, now(), $4, $5, $6, $7, $8)`,
    [tenantId, randomUUID(), kind, signer.publicKeyId, headSequence, headHash, text, signer.sign(text)],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  t = await startTestApp({ database: db, env: { SIGNING_KEY: OLD_KEY } });
  ({ key, tenantId } = await t.createKey('GGZ Oost'));
});
afterAll(async () => {
  await t.close();
  await db.drop();
});

describe('the format-1 checkpoint table is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE to the service role and to the owner', async () => {
    await insertStatement(
      { kind: 'head', tenantId, sequence: 1, hash: 'b'.repeat(64), signedAt: new Date().toISOString() },
      oldSigner,
    );
    const { default: pg } = await import('pg');
    const app = new pg.Client({ connectionString: db.appUrl });
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
    await expect(db.query(`UPDATE audit_checkpoints SET signature = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
    await db.asAttacker((client) =>
      client.query(`DELETE FROM audit_checkpoints WHERE head_hash = $1`, ['b'.repeat(64)]),
    );
  });
});

describe('format-1 statements are still verified', () => {
  let first: Awaited<ReturnType<typeof record>>;
  let second: Awaited<ReturnType<typeof record>>;

  beforeAll(async () => {
    first = await record('LEGACY-1');
    second = await record('LEGACY-2');
    await insertStatement(
      {
        kind: 'export',
        tenantId,
        assessmentId: second.id,
        entries: [{ sequence: second.integrity.sequence, hash: second.integrity.hash }],
        head: { sequence: second.integrity.sequence, hash: second.integrity.hash },
        verifiedAt: new Date().toISOString(),
        signedAt: new Date().toISOString(),
      },
      oldSigner,
    );
    await insertStatement(
      {
        kind: 'head',
        tenantId,
        sequence: first.integrity.sequence,
        hash: first.integrity.hash,
        signedAt: new Date().toISOString(),
      },
      oldSigner,
    );
  });

  it('genuine statements pass, and are counted', async () => {
    const report = await verify();
    expect(report).toMatchObject({
      intact: true,
      checks: expect.arrayContaining([{ name: 'signed_checkpoints', checked: 2 }]),
    });
  });

  it('after a key rotation they pass under the retired key of the published history, and fail without it', async () => {
    const history = JSON.stringify([
      {
        publicKey: rawOf(OLD_KEY),
        validFrom: '2020-01-01T00:00:00Z',
        validUntil: new Date(Date.now() + 60_000).toISOString(),
      },
    ]);
    const rotated = await startTestApp({
      database: db,
      env: { SIGNING_KEY: NEW_KEY, SIGNING_KEY_HISTORY: history },
    });
    try {
      expect((await verify(rotated)).intact).toBe(true);
      const keys = (await rotated.http.get('/v1/audit/keys').set(auth())).body;
      expect(keys.keys.map((k: { status: string }) => k.status)).toEqual(['current', 'retired']);
    } finally {
      await rotated.close();
    }
    const forgetful = await startTestApp({ database: db, env: { SIGNING_KEY: NEW_KEY } });
    try {
      const report = await verify(forgetful);
      expect(report.intact).toBe(false);
      expect(report.firstBrokenLink).toMatchObject({
        sequence: 1,
        reason: expect.stringMatching(/not in the published key history/),
      });
    } finally {
      await forgetful.close();
    }
  });

  it('a chain rewritten after them fails at the first entry they name', async () => {
    const local = await createTestDatabase();
    const app = await startTestApp({ database: local, env: { SIGNING_KEY: OLD_KEY } });
    try {
      const created = await app.createKey('Rewritten');
      const res = await app.http
        .post('/v1/assessments')
        .set({ Authorization: `Bearer ${created.key}` })
        .send(consentRequest());
      const entry = res.body.integrity as { sequence: number; hash: string };
      const text = canonicalJson({
        schema: 'beroepsgeheim.checkpoint/1',
        kind: 'head',
        tenantId: created.tenantId,
        sequence: entry.sequence,
        hash: entry.hash,
        signedAt: new Date().toISOString(),
        publicKeyId: oldSigner.publicKeyId,
      });
      await local.query(
        `INSERT INTO audit_checkpoints (tenant_id, id, kind, signed_at, public_key_id, head_sequence, head_hash, statement, signature)
         VALUES ($1, $2, 'head', now(), $3, $4, $5, $6, $7)`,
        [
          created.tenantId,
          randomUUID(),
          oldSigner.publicKeyId,
          entry.sequence,
          entry.hash,
          text,
          oldSigner.sign(text),
        ],
      );
      await local.asAttacker(async (client) => {
        const { rows } = await client.query<{ content: string; previous_hash: string }>(
          'SELECT content, previous_hash FROM audit_chain WHERE tenant_id = $1 AND sequence = $2',
          [created.tenantId, entry.sequence],
        );
        const envelope = JSON.parse(rows[0]!.content);
        envelope.data.serviceVersion = 'rewritten';
        const content = canonicalJson(envelope);
        await client.query(
          'UPDATE audit_chain SET content = $3, hash = $4 WHERE tenant_id = $1 AND sequence = $2',
          [created.tenantId, entry.sequence, content, chainHash(rows[0]!.previous_hash, content)],
        );
      });
      const report = (await app.http.get('/v1/audit/verify').set({ Authorization: `Bearer ${created.key}` }))
        .body;
      expect(report.intact).toBe(false);
      expect(report.firstBrokenLink).toMatchObject({ sequence: entry.sequence });
    } finally {
      await app.close();
      await local.drop();
    }
  });

  it('forged or malformed statements fail at entry 1, never as "no failure" and never at NaN', async () => {
    const attacker = generateKeyPairSync('ed25519');
    const cases: Array<() => Promise<void>> = [
      // Signed by a key outside the history.
      async () => {
        const text = canonicalJson({
          schema: 'beroepsgeheim.checkpoint/1',
          kind: 'head',
          tenantId,
          sequence: 1,
          hash: 'a'.repeat(64),
          signedAt: new Date().toISOString(),
          publicKeyId: '0123456789abcdef',
        });
        await db.query(
          `INSERT INTO audit_checkpoints (tenant_id, id, kind, signed_at, public_key_id, head_sequence, head_hash, statement, signature)
           VALUES ($1, $2, 'head', now(), '0123456789abcdef', 1, $3, $4, $5)`,
          [
            tenantId,
            randomUUID(),
            'a'.repeat(64),
            text,
            sign(null, Buffer.from(text), attacker.privateKey).toString('base64'),
          ],
        );
      },
      // Genuinely signed, but the row's kind set to 'head' on an export statement.
      () =>
        insertStatement(
          {
            kind: 'export',
            tenantId,
            assessmentId: second.id,
            entries: [{ sequence: second.integrity.sequence, hash: second.integrity.hash }],
            head: { sequence: second.integrity.sequence, hash: second.integrity.hash },
            verifiedAt: new Date().toISOString(),
            signedAt: new Date().toISOString(),
          },
          oldSigner,
          'head',
        ),
      // Genuinely signed garbage naming a huge head, and a non-integer position.
      () =>
        insertStatement({ kind: 'head', tenantId, sequence: 'many', hash: 'x', signedAt: 'now' }, oldSigner),
      () =>
        insertStatement(
          {
            kind: 'head',
            tenantId,
            sequence: 9_000_000_000.5,
            hash: 'a'.repeat(64),
            signedAt: new Date().toISOString(),
          },
          oldSigner,
        ),
      () =>
        insertStatement(
          {
            kind: 'export',
            tenantId,
            assessmentId: second.id,
            entries: [],
            head: { sequence: 1, hash: 'a'.repeat(64) },
            verifiedAt: new Date().toISOString(),
            signedAt: new Date().toISOString(),
          },
          oldSigner,
        ),
    ];
    for (const [i, insert] of cases.entries()) {
      await insert();
      const report = await verify();
      expect(report.intact, `case ${i}`).toBe(false);
      expect(report.firstBrokenLink.sequence, `case ${i}`).toBe(1);
      await db.asAttacker(async (client) => {
        // Keep the two genuine statements of beforeAll; drop the one just added.
        await client.query(
          `DELETE FROM audit_checkpoints WHERE tenant_id = $1 AND id NOT IN (
             SELECT id FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY signed_at LIMIT 2)`,
          [tenantId],
        );
      });
      expect((await verify()).intact, `case ${i} cleaned`).toBe(true);
    }
  });
});
