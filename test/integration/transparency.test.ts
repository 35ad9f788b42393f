/**
 * The transparency log end to end on a real PostgreSQL: the tree built from committed entries, a
 * checkpoint signed over it, the proof endpoints (verified here with the spec code), dossier
 * format 2 verified offline by the copied script with the published key history, and the schedule.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../src/audit/checkpoint.js';
import { leafHash, parseHash, verifyConsistency, verifyInclusion } from '../../src/audit/merkle.js';
import { noteVerifierFromVkey, openNote } from '../../src/audit/note.js';
import { verifyOffline } from '../support/dossier.js';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
let tenantId: string;
const auth = (k = key) => ({ Authorization: `Bearer ${k}` });

const record = async (caseRef: string) => {
  const res = await t.http.post('/v1/assessments').set(auth()).send(consentRequest({ caseRef }));
  expect(res.status).toBe(201);
  return res.body as { id: string; integrity: { sequence: number } };
};
const keysJson = async () => (await t.http.get('/v1/audit/keys').set(auth())).body;
const checkpointNote = async () => {
  const res = await t.http.get('/v1/audit/checkpoint').set(auth());
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return res.text;
};
const contentOf = async (sequence: number) =>
  (
    await t.db.query<{ content: string }>(
      'SELECT content FROM audit_chain WHERE tenant_id = $1 AND sequence = $2',
      [tenantId, sequence],
    )
  ).rows[0]!.content;
const b64 = (s: string) => parseHash(s)!;
/** Each test stands alone (any order): it records what it needs and has the log signed. */
const signedLog = async (caseRef: string) => {
  await record(caseRef);
  await t.backend.transparency.signCheckpoint(tenantId);
};

beforeAll(async () => {
  t = await startTestApp();
  ({ key, tenantId } = await t.createKey('Wijkteam Transparant'));
});
afterAll(() => t.close());

describe('tree, checkpoint and proofs', () => {
  it('builds the tree from every committed entry and signs a checkpoint the published keys verify', async () => {
    for (let i = 0; i < 5; i++) await record(`TL-${i}`);
    const signed = await t.backend.transparency.signCheckpoint(tenantId);
    const { rows } = await t.db.query<{ n: string }>(
      'SELECT max(sequence) AS n FROM audit_chain WHERE tenant_id = $1',
      [tenantId],
    );
    expect(signed!.treeSize).toBe(Number(rows[0]!.n));
    const keys = await keysJson();
    expect(keys.origin).toBe(`beroepsgeheim.localhost/${tenantId}`);
    expect(keys.keys.map((k: { status: string }) => k.status)).toEqual(['current']);
    const note = await checkpointNote();
    const opened = openNote(
      note,
      keys.keys.map((k: { vkey: string }) => noteVerifierFromVkey(k.vkey)),
    );
    const checkpoint = parseCheckpoint(opened.text);
    expect(checkpoint).toMatchObject({ origin: keys.origin, treeSize: signed!.treeSize });
  });

  it('answers inclusion proofs that bind each entry content to the signed root', async () => {
    await signedLog('TL-inclusion');
    const checkpoint = parseCheckpoint(`${(await checkpointNote()).split('\n\n')[0]!}\n`);
    for (let index = 0; index < checkpoint.treeSize; index++) {
      const res = await t.http
        .get(`/v1/audit/proofs/inclusion?leafIndex=${index}&treeSize=${checkpoint.treeSize}`)
        .set(auth());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ leafIndex: index, treeSize: checkpoint.treeSize });
      const leaf = leafHash(Buffer.from(await contentOf(index + 1), 'utf8'));
      expect(
        verifyInclusion(leaf, index, checkpoint.treeSize, res.body.proof.map(b64), checkpoint.rootHash),
      ).toBe(true);
      expect(
        verifyInclusion(
          leafHash(Buffer.from('other')),
          index,
          checkpoint.treeSize,
          res.body.proof.map(b64),
          checkpoint.rootHash,
        ),
      ).toBe(false);
    }
  });

  it('answers consistency proofs between checkpoints as the log grows', async () => {
    await signedLog('TL-consistency');
    const before = parseCheckpoint(`${(await checkpointNote()).split('\n\n')[0]!}\n`);
    await record('TL-later-1');
    await record('TL-later-2');
    await t.backend.transparency.signCheckpoint(tenantId);
    const after = parseCheckpoint(`${(await checkpointNote()).split('\n\n')[0]!}\n`);
    expect(after.treeSize).toBe(before.treeSize + 2);
    const res = await t.http
      .get(`/v1/audit/proofs/consistency?from=${before.treeSize}&to=${after.treeSize}`)
      .set(auth());
    expect(res.status).toBe(200);
    expect(
      verifyConsistency(
        before.treeSize,
        after.treeSize,
        before.rootHash,
        after.rootHash,
        res.body.proof.map(b64),
      ),
    ).toBe(true);
  });

  it('refuses proofs beyond the log or with impossible sizes (400, naming the field) and without the audit scope', async () => {
    await signedLog('TL-refusals');
    const size = parseCheckpoint(`${(await checkpointNote()).split('\n\n')[0]!}\n`).treeSize;
    const bad = [
      [`/v1/audit/proofs/inclusion?leafIndex=${size}&treeSize=${size}`, 'leafIndex'],
      [`/v1/audit/proofs/inclusion?leafIndex=0&treeSize=${size + 1000}`, 'treeSize'],
      [`/v1/audit/proofs/consistency?from=3&to=2`, 'from'],
      [`/v1/audit/proofs/consistency?from=1&to=${size + 1000}`, 'to'],
      ['/v1/audit/proofs/inclusion?leafIndex=-1&treeSize=2', 'leafIndex'],
      ['/v1/audit/proofs/inclusion?leafIndex=1.5&treeSize=2', 'leafIndex'],
    ] as const;
    for (const [url, field] of bad) {
      const res = await t.http.get(url).set(auth());
      expect(res.status, url).toBe(400);
      expect(JSON.stringify(res.body.invalidParams), url).toContain(field);
    }
    const reader = await t.createKey('Wijkteam Transparant', ['read']);
    const res = await t.http.get('/v1/audit/proofs/consistency?from=1&to=2').set(auth(reader.key));
    expect(res.status).toBe(403);
  });
});

describe('dossier format 2', () => {
  it('verifies offline with the published key history, and says what is covered', async () => {
    const { id } = await record('TL-DOSSIER');
    const res = await t.http.get(`/v1/assessments/${id}/export`).set(auth());
    expect(res.status).toBe(200);
    const dossier = JSON.parse(res.text);
    expect(dossier.schema).toBe('beroepsgeheim.dossier/3');
    expect(dossier.verification).toMatchObject({
      method: 'inclusion_proofs',
      intact: true,
      entriesChecked: 1,
    });
    expect(dossier.transparency.entries[0].tlogProof.startsWith('c2sp.org/tlog-proof@v1\nindex ')).toBe(true);
    const { code, output } = await verifyOffline(dossier, JSON.stringify(await keysJson()));
    expect(output).toContain('VERIFIED');
    expect(code).toBe(0);
    expect(output).toMatch(/NOT covered by any signature: `verification`/);

    // Each readable part outside the chain is signed: editing one fails.
    for (const edit of [
      (d: typeof dossier) => (d.organisation.name = 'Een andere organisatie'),
      (d: typeof dossier) => (d.exportedAt = '2020-01-01T00:00:00.000Z'),
      (d: typeof dossier) => (d.questions[0].text = 'Een andere vraag?'),
      (d: typeof dossier) => (d.questions[0].sources = []),
      (d: typeof dossier) => (d.labels.decision = 'mag altijd'),
      (d: typeof dossier) => (d.language = 'en'),
      (d: typeof dossier) => (d.bibliography = []),
      (d: typeof dossier) => (d.legalBasis = ['art. 7:457 lid 2 BW']),
      (d: typeof dossier) => (d.labels.eventTypes.shared_despite_advice = 'Gedeeld'),
    ]) {
      const copy = JSON.parse(res.text);
      edit(copy);
      const edited = await verifyOffline(copy, JSON.stringify(await keysJson()));
      expect(edited.code).toBe(1);
      expect(edited.output).toMatch(/FAIL +presentation/);
    }
  });
});

describe('the checkpoint schedule', () => {
  it('runs by itself once started, and stops', async () => {
    const latest = async () =>
      Number(
        (
          await t.db.query<{ n: string | null }>(
            'SELECT max(tree_size) AS n FROM audit_tree_checkpoints WHERE tenant_id = $1',
            [tenantId],
          )
        ).rows[0]!.n ?? 0,
      );
    const head = async () =>
      Number(
        (
          await t.db.query<{ n: string }>('SELECT max(sequence) AS n FROM audit_chain WHERE tenant_id = $1', [
            tenantId,
          ])
        ).rows[0]!.n,
      );
    await record('SCHED-1');
    const logger = pino({ level: 'silent' });
    const builder = t.backend.trees.startSchedule(20, logger);
    const schedule = t.backend.transparency.startSchedule(20, logger);
    try {
      // Poll the table only: the schedule itself must sign the new head.
      const target = await head();
      for (let i = 0; i < 500 && (await latest()) < target; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await latest()).toBe(target);
    } finally {
      await schedule.stop();
      await builder.stop();
    }
    const signedBefore = await latest();
    await record('SCHED-2');
    // Past several intervals: nothing more may be signed once stopped.
    await new Promise((r) => setTimeout(r, 200));
    expect(await head()).toBeGreaterThan(signedBefore);
    expect(await latest()).toBe(signedBefore);
  });
});

describe('a case-view grantee', () => {
  it('gets proofs of the granting log for the weighings of its granted case, and nothing else', async () => {
    const granter = await t.createKey('Wijkteam Verlenend');
    const grantee = await t.createKey('Veiligheidshuis Proef', ['read']);
    const as = (k: string) => ({ Authorization: `Bearer ${k}` });
    const recordFor = async (caseRef: string) => {
      const res = await t.http.post('/v1/assessments').set(as(granter.key)).send(consentRequest({ caseRef }));
      expect(res.status).toBe(201);
      return res.body.integrity.sequence as number;
    };
    const granted = await recordFor('VH-GEDEELD');
    const other = await recordFor('VH-NIET-GEDEELD');
    await t.backend.transparency.signCheckpoint(granter.tenantId);
    const size = other;
    const inclusion = (sequence: number) =>
      t.http
        .get('/v1/audit/proofs/inclusion')
        .query({ organisation: granter.tenantId, leafIndex: sequence - 1, treeSize: size })
        .set(as(grantee.key));

    // Before any grant: nothing of the other log.
    expect((await inclusion(granted)).status).toBe(403);
    expect(
      (
        await t.http
          .get('/v1/audit/checkpoint')
          .query({ organisation: granter.tenantId })
          .set(as(grantee.key))
      ).status,
    ).toBe(403);

    const grant = await t.http
      .post('/v1/access-grants')
      .set(as(granter.key))
      .send({
        granteeOrganisationId: grantee.tenantId,
        caseRef: 'VH-GEDEELD',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    expect(grant.status).toBe(201);
    // A grant takes effect once its grantee accepts it: until then the other log stays closed.
    expect((await inclusion(granted)).status).toBe(403);
    expect(
      (
        await t.http
          .get('/v1/audit/checkpoint')
          .query({ organisation: granter.tenantId })
          .set(as(grantee.key))
      ).status,
    ).toBe(403);
    const granteeAdmin = await t.createKey('Veiligheidshuis Proef', ['admin']);
    expect(granteeAdmin.tenantId).toBe(grantee.tenantId);
    expect(
      (await t.http.post(`/v1/access-grants/${grant.body.id}/accept`).set(as(granteeAdmin.key))).status,
    ).toBe(200);

    const proof = await inclusion(granted);
    expect(proof.status).toBe(200);
    const note = await t.http
      .get('/v1/audit/checkpoint')
      .query({ organisation: granter.tenantId })
      .set(as(grantee.key));
    expect(note.status).toBe(200);
    const checkpoint = parseCheckpoint(`${note.text.split('\n\n')[0]!}\n`);
    const content = (
      await t.db.query<{ content: string }>(
        'SELECT content FROM audit_chain WHERE tenant_id = $1 AND sequence = $2',
        [granter.tenantId, granted],
      )
    ).rows[0]!.content;
    expect(checkpoint.treeSize).toBeGreaterThanOrEqual(size);
    const atSize = await t.http
      .get('/v1/audit/proofs/inclusion')
      .query({ organisation: granter.tenantId, leafIndex: granted - 1, treeSize: checkpoint.treeSize })
      .set(as(grantee.key));
    expect(
      verifyInclusion(
        leafHash(Buffer.from(content, 'utf8')),
        granted - 1,
        checkpoint.treeSize,
        atSize.body.proof.map(b64),
        checkpoint.rootHash,
      ),
    ).toBe(true);
    // Another case of the same organisation stays closed; consistency and keys are open to it.
    expect((await inclusion(other)).status).toBe(403);
    expect(
      (
        await t.http
          .get('/v1/audit/proofs/consistency')
          .query({ organisation: granter.tenantId, from: 1, to: size })
          .set(as(grantee.key))
      ).status,
    ).toBe(200);
    expect(
      (await t.http.get('/v1/audit/keys').query({ organisation: granter.tenantId }).set(as(grantee.key))).body
        .origin,
    ).toBe(`beroepsgeheim.localhost/${granter.tenantId}`);

    // Revoked: closed again.
    expect((await t.http.delete(`/v1/access-grants/${grant.body.id}`).set(as(granter.key))).status).toBe(200);
    expect((await inclusion(granted)).status).toBe(403);
  });
});
