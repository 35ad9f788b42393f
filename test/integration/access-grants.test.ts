/**
 * The Veiligheidshuis case view: grants as chain events of the granting organisation, accepted by
 * the grantee in its own chain before they show anything, the reduced view across organisations,
 * and 404 without an accepted grant, after expiry and after revocation. Every test seeds its own
 * case and grants, so the tests hold alone and in any order.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, envelopeContent } from '../../src/audit/chain.js';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let wijkteam: { key: string; tenantId: string };
let vhuis: { key: string; tenantId: string };
let outsider: { key: string; tenantId: string };

const auth = (k: string) => ({ Authorization: `Bearer ${k}` });
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const caseView = (k: string, caseRef: string) =>
  t.http.get(`/v1/cases/${encodeURIComponent(caseRef)}/assessments`).set(auth(k));
const grant = (body: Record<string, unknown>, k = wijkteam.key) =>
  t.http.post('/v1/access-grants').set(auth(k)).send(body);
const accept = (id: string, k = vhuis.key) => t.http.post(`/v1/access-grants/${id}/accept`).set(auth(k));

/**
 * A case of its own for a test: two weighings by the wijkteam (one with free texts) and a note on
 * the first, plus one weighing of another case.
 */
async function seedCase(owner = wijkteam): Promise<string> {
  const caseRef = `VH-${randomUUID().slice(0, 8)}`;
  const free = {
    recipient: { type: 'municipality', name: 'Vrije tekst ontvanger XQZ' },
    purpose: { type: 'eligibility_assessment', description: 'Vrije tekst doel XQZ' },
  };
  const first = await t.http
    .post('/v1/assessments')
    .set(auth(owner.key))
    .send(sharingRequest({ caseRef, ...free }));
  expect(first.status).toBe(201);
  for (const body of [consentRequest({ caseRef }), sharingRequest({ caseRef: `${caseRef}-ANDERE` })]) {
    expect((await t.http.post('/v1/assessments').set(auth(owner.key)).send(body)).status).toBe(201);
  }
  const note = await t.http
    .post(`/v1/assessments/${first.body.id}/events`)
    .set(auth(owner.key))
    .send({ type: 'note', professionalRef: 'p-1', text: 'Notitie vrije tekst XQZ' });
  expect(note.status).toBe(201);
  return caseRef;
}

/** A grant of the case (by the wijkteam, to the Veiligheidshuis), accepted unless asked not to. */
async function grantCase(
  caseRef: string,
  options: { accepted?: boolean; to?: typeof vhuis; from?: typeof wijkteam } = {},
) {
  const to = options.to ?? vhuis;
  const res = await grant(
    { granteeOrganisationId: to.tenantId, caseRef, expiresAt: inAnHour() },
    (options.from ?? wijkteam).key,
  );
  expect(res.status).toBe(201);
  if (options.accepted !== false) expect((await accept(res.body.id, to.key)).status).toBe(200);
  return res.body.id as string;
}

beforeAll(async () => {
  t = await startTestApp();
  wijkteam = await t.createKey('Wijkteam Centrum');
  vhuis = await t.createKey('Veiligheidshuis Regio');
  outsider = await t.createKey('Ander ketenpartner');
});
afterAll(() => t.close());

describe('GET /v1/organisation', () => {
  it('tells an organisation its own id and name, with any scope', async () => {
    const reader = await t.createKey('Veiligheidshuis Regio', ['assess']);
    const res = await t.http.get('/v1/organisation').set(auth(reader.key));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: vhuis.tenantId, name: 'Veiligheidshuis Regio', language: 'nl' });
  });
});

describe('without a grant', () => {
  it('answers 404, as for a case that does not exist anywhere', async () => {
    const caseRef = await seedCase();
    const res = await caseView(vhuis.key, caseRef);
    expect(res.status).toBe(404);
    expect((await caseView(vhuis.key, 'BESTAAT-NERGENS')).body.detail).toBe(res.body.detail);
  });

  it('shows the owner its own records of the case, in the same reduced view', async () => {
    const caseRef = await seedCase();
    const res = await caseView(wijkteam.key, caseRef);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items.every((i: { ownRecord: boolean }) => i.ownRecord)).toBe(true);
  });
});

describe('granting', () => {
  it('is refused for oneself, an unknown organisation, a past or too distant expiry, a BSN, or without admin', async () => {
    const caseRef = `VH-REFUSED-${randomUUID().slice(0, 8)}`;
    const year = new Date(Date.now() + 400 * 86_400_000).toISOString();
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [
        { granteeOrganisationId: wijkteam.tenantId, caseRef, expiresAt: inAnHour() },
        'body.granteeOrganisationId',
        400,
      ],
      [
        { granteeOrganisationId: randomUUID(), caseRef, expiresAt: inAnHour() },
        'body.granteeOrganisationId',
        400,
      ],
      [
        {
          granteeOrganisationId: vhuis.tenantId,
          caseRef,
          expiresAt: new Date(Date.now() - 1000).toISOString(),
        },
        'body.expiresAt',
        400,
      ],
      [{ granteeOrganisationId: vhuis.tenantId, caseRef, expiresAt: year }, 'body.expiresAt', 400],
      [
        { granteeOrganisationId: vhuis.tenantId, caseRef: '123456782', expiresAt: inAnHour() },
        'body.caseRef',
        422,
      ],
    ];
    const before = await t.db.rowCounts();
    for (const [body, param, status] of cases) {
      const res = await grant(body);
      expect(res.status, param).toBe(status);
      expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(param);
    }
    const reader = await t.createKey('Wijkteam Centrum', ['read']);
    const withoutAdmin = await grant(
      { granteeOrganisationId: vhuis.tenantId, caseRef, expiresAt: inAnHour() },
      reader.key,
    );
    expect(withoutAdmin.status).toBe(403);
    const after = await t.db.rowCounts();
    expect({ ...after, api_keys: before.api_keys, audit_chain: before.audit_chain }).toEqual(before);
    // The only new chain entry is the read key's creation.
    expect((after.audit_chain ?? 0) - (before.audit_chain ?? 0)).toBe(1);
  });

  it('records the grant in the granting organisation chain, pending until accepted', async () => {
    const caseRef = await seedCase();
    const res = await grant({ granteeOrganisationId: vhuis.tenantId, caseRef, expiresAt: inAnHour() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      grantingOrganisation: { id: wijkteam.tenantId, name: 'Wijkteam Centrum' },
      granteeOrganisation: { id: vhuis.tenantId, name: 'Veiligheidshuis Regio' },
      caseRef,
      status: 'pending',
      acceptedAt: null,
      revokedAt: null,
    });
    const grantId = res.body.id;
    const { rows } = await t.db.query<{ tenant_id: string; content: string }>(
      `SELECT tenant_id, content FROM audit_chain WHERE entry_type = 'access_grant.created' AND entity_id = $1`,
      [grantId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tenant_id).toBe(wijkteam.tenantId);
    expect(JSON.parse(rows[0]!.content).data).toMatchObject({
      grantId,
      granteeTenantId: vhuis.tenantId,
      caseRef,
    });
    expect((await t.http.get('/v1/audit/verify').set(auth(wijkteam.key))).body.intact).toBe(true);
  });

  it('lists the grant as given by one and received by the other', async () => {
    const caseRef = await seedCase();
    const grantId = await grantCase(caseRef, { accepted: false });
    const given = (await t.http.get('/v1/access-grants').set(auth(wijkteam.key))).body;
    const received = (await t.http.get('/v1/access-grants').set(auth(vhuis.key))).body;
    expect(given.given.map((g: { id: string }) => g.id)).toContain(grantId);
    expect(given.received).toEqual([]);
    expect(received.received.find((g: { id: string }) => g.id === grantId)).toMatchObject({
      status: 'pending',
    });
    expect(received.given).toEqual([]);
  });
});

describe('acceptance by the grantee', () => {
  it('a grant nobody accepted shows nothing: no organisation can push its records into another view', async () => {
    const caseRef = await seedCase();
    await grantCase(caseRef, { accepted: false });
    expect((await caseView(vhuis.key, caseRef)).status).toBe(404);
  });

  it('once accepted, shows the granting organisation records; the acceptance is in the grantee chain', async () => {
    const caseRef = await seedCase();
    const grantId = await grantCase(caseRef, { accepted: false });
    const accepted = await accept(grantId);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: grantId, status: 'active', acceptedAt: expect.any(String) });
    expect((await caseView(vhuis.key, caseRef)).status).toBe(200);
    const { rows } = await t.db.query<{ tenant_id: string; content: string; recorded_at: Date }>(
      `SELECT tenant_id, content, recorded_at FROM audit_chain WHERE entry_type = 'access_grant.accepted' AND entity_id = $1`,
      [grantId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tenant_id).toBe(vhuis.tenantId);
    expect(rows[0]!.recorded_at.toISOString()).toBe(accepted.body.acceptedAt);
    expect(JSON.parse(rows[0]!.content).data).toMatchObject({
      grantId,
      grantingTenantId: wijkteam.tenantId,
      caseRef,
    });
    // Accepting again changes nothing; both chains still verify.
    const again = await accept(grantId);
    expect(again.body.acceptedAt).toBe(accepted.body.acceptedAt);
    for (const k of [wijkteam.key, vhuis.key]) {
      expect((await t.http.get('/v1/audit/verify').set(auth(k))).body.intact).toBe(true);
    }
  });

  it('only the grantee can accept; a revoked grant cannot be accepted (409)', async () => {
    const caseRef = await seedCase();
    const grantId = await grantCase(caseRef, { accepted: false });
    for (const k of [wijkteam.key, outsider.key]) expect((await accept(grantId, k)).status).toBe(404);
    expect((await t.http.delete(`/v1/access-grants/${grantId}`).set(auth(wijkteam.key))).status).toBe(200);
    const late = await accept(grantId);
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('revoked');
    expect((await caseView(vhuis.key, caseRef)).status).toBe(404);
  });
});

describe('the case view', () => {
  it('shows the grantee the reduced view only: no answers, free texts or dossier notes', async () => {
    const caseRef = await seedCase();
    await grantCase(caseRef);
    const res = await caseView(vhuis.key, caseRef);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    for (const item of res.body.items) {
      expect(Object.keys(item).sort()).toEqual([
        'decision',
        'ground',
        'organisation',
        'ownRecord',
        'purposeType',
        'recipientType',
        'recordedAt',
        'sharedCategories',
      ]);
      expect(item).toMatchObject({
        organisation: { id: wijkteam.tenantId, name: 'Wijkteam Centrum' },
        ownRecord: false,
      });
    }
    const times = res.body.items.map((i: { recordedAt: string }) => i.recordedAt);
    expect(times).toEqual([...times].sort());
    for (const hidden of ['XQZ', 'answers', 'consent.given', 'dossierNote', 'c-81f3', 'explanation'])
      expect(res.text).not.toContain(hidden);
  });

  it('adds the grantee own records of the case, chronologically', async () => {
    const caseRef = await seedCase();
    await grantCase(caseRef);
    await t.http.post('/v1/assessments').set(auth(vhuis.key)).send(sharingRequest({ caseRef }));
    const items = (await caseView(vhuis.key, caseRef)).body.items;
    expect(items.map((i: { ownRecord: boolean }) => i.ownRecord)).toEqual([false, false, true]);
  });

  it('shows nothing of the case to an organisation without a grant, nor another case to the grantee', async () => {
    const caseRef = await seedCase();
    await grantCase(caseRef);
    expect((await caseView(outsider.key, caseRef)).status).toBe(404);
    expect((await caseView(vhuis.key, `${caseRef}-ANDERE`)).status).toBe(404);
    // The owner still sees only its own records; grants work one way.
    expect((await caseView(wijkteam.key, caseRef)).body.items).toHaveLength(2);
  });

  it('ends at expiry', async () => {
    // An organisation of its own: the rows are edited below, which its chain's verification reports.
    const owner = await t.createKey(`Zorgaanbieder ${randomUUID().slice(0, 8)}`);
    const caseRef = await seedCase(owner);
    const grantId = await grantCase(caseRef, { to: outsider, from: owner });
    expect((await caseView(outsider.key, caseRef)).status).toBe(200);
    // An hour passes: the row's times are moved back, as time would (the triggers that keep the
    // service's own role from moving them are switched off for this).
    await t.db.asAttacker((c) =>
      c.query(
        `UPDATE access_grants SET created_at = created_at - interval '2 hours', expires_at = now() - interval '1 second'
          WHERE id = $1`,
        [grantId],
      ),
    );
    expect((await caseView(outsider.key, caseRef)).status).toBe(404);
    const listed = (await t.http.get('/v1/access-grants').set(auth(outsider.key))).body.received;
    expect(listed.find((g: { id: string }) => g.id === grantId).status).toBe('expired');
  });

  it('ends at revocation, recorded in the chain; only the granting organisation can revoke', async () => {
    const caseRef = await seedCase();
    const grantId = await grantCase(caseRef);
    await t.http.post('/v1/assessments').set(auth(vhuis.key)).send(sharingRequest({ caseRef }));
    const entries = async () =>
      Number(
        (
          await t.db.query<{ n: string }>(
            `SELECT count(*) AS n FROM audit_chain WHERE entry_type = 'access_grant.revoked' AND entity_id = $1`,
            [grantId],
          )
        ).rows[0]!.n,
      );
    expect((await t.http.delete(`/v1/access-grants/${grantId}`).set(auth(vhuis.key))).status).toBe(404);
    const revoked = await t.http.delete(`/v1/access-grants/${grantId}`).set(auth(wijkteam.key));
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: grantId, status: 'revoked', revokedAt: expect.any(String) });
    // Only the grantee's own record of the case is left.
    const items = (await caseView(vhuis.key, caseRef)).body.items;
    expect(items.map((i: { ownRecord: boolean }) => i.ownRecord)).toEqual([true]);
    // A second revocation answers the first, and records nothing.
    const again = await t.http.delete(`/v1/access-grants/${grantId}`).set(auth(wijkteam.key));
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    expect(await entries()).toBe(1);
  });

  it('a grantee with no records of its own sees nothing at all after revocation', async () => {
    const caseRef = await seedCase();
    const grantId = await grantCase(caseRef, { to: outsider });
    expect((await caseView(outsider.key, caseRef)).status).toBe(200);
    expect((await t.http.delete(`/v1/access-grants/${grantId}`).set(auth(wijkteam.key))).status).toBe(200);
    expect((await caseView(outsider.key, caseRef)).status).toBe(404);
  });
});

describe("the service's own database role", () => {
  async function asService<T>(fn: (client: import('pg').Client) => Promise<T>): Promise<T> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: t.db.appUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  it('can set revoked_at once (the allowed update), and change nothing else nor delete', async () => {
    const owner = await t.createKey(`Zorgaanbieder ${randomUUID().slice(0, 8)}`);
    const caseRef = await seedCase(owner);
    const grantId = await grantCase(caseRef, { from: owner });
    await asService(async (app) => {
      for (const sql of [
        `UPDATE access_grants SET expires_at = now() + interval '1 year' WHERE id = $1`,
        `UPDATE access_grants SET case_ref = 'x' WHERE id = $1`,
        'DELETE FROM access_grants WHERE id = $1',
      ]) {
        await expect(app.query(sql, [grantId]), sql).rejects.toThrow(/permission denied/);
      }
      await expect(app.query('TRUNCATE access_grants')).rejects.toThrow(/permission denied/);
      // The allowed update: revocation, once.
      const revoked = await app.query(
        'UPDATE access_grants SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
        [grantId],
      );
      expect(revoked.rowCount).toBe(1);
      // A revocation is never undone or moved.
      for (const sql of [
        'UPDATE access_grants SET revoked_at = NULL WHERE id = $1',
        `UPDATE access_grants SET revoked_at = now() + interval '1 day' WHERE id = $1`,
      ]) {
        await expect(app.query(sql, [grantId]), sql).rejects.toThrow(/never undone or moved/);
      }
    });
    expect((await caseView(vhuis.key, caseRef)).status).toBe(404);
    // A revocation without its entry changes who sees the case outside the chain: verification
    // reports it.
    const verify = await t.http.get('/v1/audit/verify').set(auth(owner.key));
    expect(verify.body.intact).toBe(false);
    expect(verify.body.firstBrokenLink.reason).toContain('revoked without an entry in the chain');
  });

  it('cannot insert a grant or accept one without the chain entry that makes it', async () => {
    const caseRef = await seedCase();
    const pending = await grantCase(caseRef, { accepted: false });
    const { rows } = await t.db.query<{ sequence: string }>(
      `SELECT sequence FROM audit_chain WHERE tenant_id = $1 AND entity_id = $2`,
      [wijkteam.tenantId, pending],
    );
    const creationSequence = Number(rows[0]!.sequence);
    await asService(async (app) => {
      // No entry named; another grant's entry; an entry of another kind.
      for (const sequence of [null, creationSequence, 1]) {
        await expect(
          app.query(
            `INSERT INTO access_grants (id, granting_tenant_id, grantee_tenant_id, case_ref, expires_at, created_at, created_sequence)
             VALUES (gen_random_uuid(), $1, $2, $3, now() + interval '1 day', now(), $4)`,
            [wijkteam.tenantId, outsider.tenantId, caseRef, sequence],
          ),
        ).rejects.toThrow(/does not name the chain entry/);
      }
      // Accepting by naming the grant's creation entry (not an acceptance in the grantee's chain).
      await expect(
        app.query('UPDATE access_grants SET accepted_at = now(), accepted_sequence = 1 WHERE id = $1', [
          pending,
        ]),
      ).rejects.toThrow(/does not name its chain entry|violates foreign key/);
    });
    expect((await caseView(vhuis.key, caseRef)).status).toBe(404);
  });

  it('can insert a grant row only as its creation entry states it', async () => {
    const caseRef = await seedCase();
    // A correct entry appended by the service's role, and a row that widens what it states.
    const id = randomUUID();
    await asService(async (app) => {
      await app.query('BEGIN');
      try {
        const head = await app.query<{ sequence: string; hash: string; recorded_at: Date }>(
          'SELECT sequence, hash, recorded_at FROM audit_chain WHERE tenant_id = $1 ORDER BY sequence DESC LIMIT 1',
          [wijkteam.tenantId],
        );
        const sequence = Number(head.rows[0]!.sequence) + 1;
        const recordedAt = new Date();
        const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
        const content = envelopeContent({
          tenantId: wijkteam.tenantId,
          sequence,
          entryType: 'access_grant.created',
          entityId: id,
          recordedAt: recordedAt.toISOString(),
          data: {
            grantId: id,
            granteeTenantId: vhuis.tenantId,
            caseRef,
            expiresAt,
            actor: { operator: 'cli' },
          },
        });
        await app.query(
          `INSERT INTO audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash)
           VALUES ($1, $2, 'access_grant.created', $3, $4, $5, $6, $7)`,
          [
            wijkteam.tenantId,
            sequence,
            id,
            recordedAt,
            content,
            head.rows[0]!.hash,
            chainHash(head.rows[0]!.hash, content),
          ],
        );
        await expect(
          app.query(
            `INSERT INTO access_grants (id, granting_tenant_id, grantee_tenant_id, case_ref, expires_at, created_at, created_sequence)
             VALUES ($1, $2, $3, $4, now() + interval '300 days', $5, $6)`,
            [id, wijkteam.tenantId, vhuis.tenantId, caseRef, recordedAt, sequence],
          ),
        ).rejects.toThrow(/disagrees with the chain entry/);
      } finally {
        await app.query('ROLLBACK');
      }
    });
  });
});
