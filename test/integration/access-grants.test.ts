/**
 * The Veiligheidshuis case view: grants as chain events of the granting organisation, the reduced
 * view across organisations, and 404 without a grant, after expiry and after revocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let wijkteam: { key: string; tenantId: string };
let vhuis: { key: string; tenantId: string };
let outsider: { key: string; tenantId: string };

const CASE = 'VH-2026-0001';
const auth = (k: string) => ({ Authorization: `Bearer ${k}` });
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const caseView = (k: string, caseRef = CASE) =>
  t.http.get(`/v1/cases/${encodeURIComponent(caseRef)}/assessments`).set(auth(k));
const grant = (body: Record<string, unknown>, k = wijkteam.key) =>
  t.http.post('/v1/access-grants').set(auth(k)).send(body);

beforeAll(async () => {
  t = await startTestApp();
  wijkteam = await t.createKey('Wijkteam Centrum');
  vhuis = await t.createKey('Veiligheidshuis Regio');
  outsider = await t.createKey('Ander ketenpartner');
  const free = {
    recipient: { type: 'municipality', name: 'Vrije tekst ontvanger XQZ' },
    purpose: { type: 'eligibility_assessment', description: 'Vrije tekst doel XQZ' },
  };
  for (const body of [
    sharingRequest({ caseRef: CASE, ...free }),
    consentRequest({ caseRef: CASE }),
    sharingRequest({ caseRef: 'VH-ANDERE-ZAAK' }),
  ]) {
    expect((await t.http.post('/v1/assessments').set(auth(wijkteam.key)).send(body)).status).toBe(201);
  }
  const [first] = (await t.http.get('/v1/assessments').query({ caseRef: CASE }).set(auth(wijkteam.key))).body
    .items;
  await t.http
    .post(`/v1/assessments/${first.id}/events`)
    .set(auth(wijkteam.key))
    .send({ type: 'note', professionalRef: 'p-1', text: 'Notitie vrije tekst XQZ' });
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
    const res = await caseView(vhuis.key);
    expect(res.status).toBe(404);
    expect((await caseView(vhuis.key, 'BESTAAT-NERGENS')).body.detail).toBe(res.body.detail);
  });

  it('shows the owner its own records of the case, in the same reduced view', async () => {
    const res = await caseView(wijkteam.key);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items.every((i: { ownRecord: boolean }) => i.ownRecord)).toBe(true);
  });
});

describe('granting', () => {
  let grantId: string;

  it('is refused for oneself, an unknown organisation, a past or too distant expiry, a BSN, or without admin', async () => {
    const year = new Date(Date.now() + 400 * 86_400_000).toISOString();
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { granteeOrganisationId: wijkteam.tenantId, caseRef: CASE, expiresAt: inAnHour() },
        'body.granteeOrganisationId',
      ],
      [
        { granteeOrganisationId: crypto.randomUUID(), caseRef: CASE, expiresAt: inAnHour() },
        'body.granteeOrganisationId',
      ],
      [
        {
          granteeOrganisationId: vhuis.tenantId,
          caseRef: CASE,
          expiresAt: new Date(Date.now() - 1000).toISOString(),
        },
        'body.expiresAt',
      ],
      [{ granteeOrganisationId: vhuis.tenantId, caseRef: CASE, expiresAt: year }, 'body.expiresAt'],
      [
        { granteeOrganisationId: vhuis.tenantId, caseRef: '123456782', expiresAt: inAnHour() },
        'body.caseRef',
      ],
    ];
    for (const [body, param] of cases) {
      const res = await grant(body);
      expect(res.status, param).toBe(400);
      expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(param);
    }
    const reader = await t.createKey('Wijkteam Centrum', ['read']);
    expect(
      (
        await grant(
          { granteeOrganisationId: vhuis.tenantId, caseRef: CASE, expiresAt: inAnHour() },
          reader.key,
        )
      ).status,
    ).toBe(403);
    const { rows } = await t.db.query('SELECT 1 FROM access_grants');
    expect(rows).toHaveLength(0);
  });

  it('records the grant in the granting organisation chain', async () => {
    const res = await grant({ granteeOrganisationId: vhuis.tenantId, caseRef: CASE, expiresAt: inAnHour() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      grantingOrganisation: { id: wijkteam.tenantId, name: 'Wijkteam Centrum' },
      granteeOrganisation: { id: vhuis.tenantId, name: 'Veiligheidshuis Regio' },
      caseRef: CASE,
      status: 'active',
      revokedAt: null,
    });
    grantId = res.body.id;
    const { rows } = await t.db.query<{ tenant_id: string; content: string }>(
      `SELECT tenant_id, content FROM audit_chain WHERE entry_type = 'access_grant.created'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tenant_id).toBe(wijkteam.tenantId);
    expect(JSON.parse(rows[0]!.content).data).toMatchObject({
      grantId,
      granteeTenantId: vhuis.tenantId,
      caseRef: CASE,
    });
    expect((await t.http.get('/v1/audit/verify').set(auth(wijkteam.key))).body.intact).toBe(true);
  });

  it('lists the grant as given by one and received by the other', async () => {
    const given = (await t.http.get('/v1/access-grants').set(auth(wijkteam.key))).body;
    const received = (await t.http.get('/v1/access-grants').set(auth(vhuis.key))).body;
    expect(given.given.map((g: { id: string }) => g.id)).toEqual([grantId]);
    expect(given.received).toEqual([]);
    expect(received.received.map((g: { id: string }) => g.id)).toEqual([grantId]);
    expect(received.given).toEqual([]);
  });

  it('shows the grantee the reduced view only: no answers, free texts or dossier notes', async () => {
    const res = await caseView(vhuis.key);
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
    await t.http
      .post('/v1/assessments')
      .set(auth(vhuis.key))
      .send(sharingRequest({ caseRef: CASE }));
    const items = (await caseView(vhuis.key)).body.items;
    expect(items.map((i: { ownRecord: boolean }) => i.ownRecord)).toEqual([false, false, true]);
  });

  it('shows nothing of the case to an organisation without a grant, nor another case to the grantee', async () => {
    expect((await caseView(outsider.key)).status).toBe(404);
    expect((await caseView(vhuis.key, 'VH-ANDERE-ZAAK')).status).toBe(404);
    // The owner still sees only its own records; grants work one way.
    expect((await caseView(wijkteam.key)).body.items).toHaveLength(2);
  });

  it('ends at expiry', async () => {
    const other = await t.createKey('Zorgaanbieder Noord');
    await t.http
      .post('/v1/assessments')
      .set(auth(other.key))
      .send(sharingRequest({ caseRef: 'VH-VERLOPEN' }));
    const created = await grant(
      { granteeOrganisationId: outsider.tenantId, caseRef: 'VH-VERLOPEN', expiresAt: inAnHour() },
      other.key,
    );
    expect(created.status).toBe(201);
    expect((await caseView(outsider.key, 'VH-VERLOPEN')).status).toBe(200);
    // An hour passes (the owner moves the clock of this row back, as time would).
    await t.db.query(
      `UPDATE access_grants SET created_at = created_at - interval '2 hours', expires_at = now() - interval '1 second' WHERE id = $1`,
      [created.body.id],
    );
    expect((await caseView(outsider.key, 'VH-VERLOPEN')).status).toBe(404);
    const listed = (await t.http.get('/v1/access-grants').set(auth(outsider.key))).body.received;
    expect(listed.find((g: { id: string }) => g.id === created.body.id).status).toBe('expired');
  });

  it('ends at revocation, recorded in the chain; only the granting organisation can revoke', async () => {
    expect((await t.http.delete(`/v1/access-grants/${grantId}`).set(auth(vhuis.key))).status).toBe(404);
    const revoked = await t.http.delete(`/v1/access-grants/${grantId}`).set(auth(wijkteam.key));
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: grantId, status: 'revoked', revokedAt: expect.any(String) });
    // Only the grantee's own record of the case is left.
    const items = (await caseView(vhuis.key)).body.items;
    expect(items.map((i: { ownRecord: boolean }) => i.ownRecord)).toEqual([true]);
    // A grantee with no records of its own sees nothing at all again.
    const other = await grant({
      granteeOrganisationId: outsider.tenantId,
      caseRef: CASE,
      expiresAt: inAnHour(),
    });
    expect((await caseView(outsider.key)).status).toBe(200);
    expect((await t.http.delete(`/v1/access-grants/${other.body.id}`).set(auth(wijkteam.key))).status).toBe(
      200,
    );
    expect((await caseView(outsider.key)).status).toBe(404);
    const again = await t.http.delete(`/v1/access-grants/${grantId}`).set(auth(wijkteam.key));
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const { rows } = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_chain WHERE entry_type = 'access_grant.revoked' AND tenant_id = $1`,
      [wijkteam.tenantId],
    );
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it('the service role can set only revoked_at and can delete nothing', async () => {
    const { default: pg } = await import('pg');
    const app = new pg.Client({ connectionString: t.db.appUrl });
    await app.connect();
    try {
      for (const sql of [
        `UPDATE access_grants SET expires_at = now() + interval '1 year'`,
        `UPDATE access_grants SET case_ref = 'x'`,
        'DELETE FROM access_grants',
        'TRUNCATE access_grants',
      ]) {
        await expect(app.query(sql), sql).rejects.toThrow(/permission denied/);
      }
    } finally {
      await app.end();
    }
  });
});
