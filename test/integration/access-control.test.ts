/**
 * Access control over every /v1 route, on the real service and database (OWASP API1 and API5,
 * API2 for the key properties). The tables are keyed by the routes the app really serves: a new
 * route without a row makes the coverage test fail.
 *
 * - Function-level authorisation: every route answers 403 problem+json to a key without its
 *   scope, records nothing then, and serves a key with it; no key, a revoked key and a forged key
 *   (a real key id with a wrong secret) get 401 everywhere.
 * - Object-level authorisation (tenant isolation): organisation A holds weighings, events, keys
 *   and a grant; organisation B, with every scope, hits every route with A's ids, references and
 *   filters. The answer is 404 or a list without A's data, nothing of A's changes, and no
 *   response body anywhere contains any of A's ids, references or texts.
 */
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/auth/principal.js';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { liveRoutes, routeKey } from '../support/routes.js';
import { startTestApp, type TestApp } from '../support/service.js';

type Key = { key: string; tenantId: string; apiKeyId: string };

let t: TestApp;
let orgA: Key;
let orgB: Key;
let orgC: Key;
let orgD: Key;
const single = {} as Record<Scope, Key>;

const auth = (k: string) => ({ Authorization: `Bearer ${k}` });
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

/** Everything of organisation A that must never reach organisation B. */
const A = {
  name: 'Isolatie Organisatie A 7Q',
  caseRef: 'ISO-A-CASE-7Q',
  clientRef: 'iso-a-client-7q',
  professionalRef: 'iso-a-prof-7q',
  recipientName: 'Iso A ontvanger 7Q',
  purposeDescription: 'Iso A doel omschrijving 7Q',
  noteText: 'Iso A notitie vrije tekst 7Q',
  idempotencyKey: 'iso-a-idempotency-7q',
  keyName: 'Iso A sleutel 7Q',
  assessmentId: '',
  eventId: '',
  grantId: '',
  extraKeyId: '',
  extraKeyKeyId: '',
  pseudonym: '',
  consentOrganisation: 'Iso A advocatenkantoor 7Q',
  consentMotivation: 'Iso A toestemming toelichting 7Q',
  withdrawalText: 'Iso A intrekking notitie 7Q',
  consentId: '',
  withdrawnConsentId: '',
  consentHash: '',
};

/** A consent of A's client for a lawyer, as organisation `k` registers it. */
const consentOf = (
  clientRef: string,
  texts = { organisation: A.consentOrganisation, motivation: A.consentMotivation },
) => ({
  client: { ref: clientRef, ageGroup: 'adult', decisionCapacity: 'capable' },
  grantor: { type: 'client' },
  recipient: { type: 'lawyer', organisation: texts.organisation },
  purposes: ['legal_proceedings'],
  categories: ['treatment'],
  form: 'written',
  informed: true,
  freelyGiven: true,
  validFrom: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
  validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  motivation: texts.motivation,
});
const B_TEXTS = { organisation: 'B advocatenkantoor', motivation: 'B toelichting' };

/** Fails when the text holds any id, reference or text of organisation A. */
function expectNothingOfA(res: Response, except: string[] = []): void {
  const text = res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('latin1') : '');
  const secrets = [
    orgA.tenantId,
    A.name,
    A.caseRef,
    A.clientRef,
    A.professionalRef,
    A.recipientName,
    A.purposeDescription,
    A.noteText,
    A.keyName,
    A.assessmentId,
    A.eventId,
    A.grantId,
    A.extraKeyId,
    A.extraKeyKeyId,
    A.pseudonym,
    orgA.apiKeyId,
    A.consentOrganisation,
    A.consentMotivation,
    A.withdrawalText,
    A.consentId,
    A.withdrawnConsentId,
    A.consentHash,
  ].filter((s) => s && !except.includes(s));
  for (const secret of secrets) expect(text, `response leaks "${secret}"`).not.toContain(secret);
}

function expectProblem(res: Response, status: number): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
}

beforeAll(async () => {
  t = await startTestApp();
  const tenantA = await t.backend.tenants.ensure(A.name);
  const createdA = await t.backend.apiKeys.create(
    tenantA.id,
    { name: 'A alles', scopes: ['assess', 'read', 'audit', 'admin'] },
    { operator: 'cli' },
  );
  orgA = { key: createdA.key, tenantId: tenantA.id, apiKeyId: createdA.id };
  orgB = await t.createKey('Isolatie Organisatie B');
  orgC = await t.createKey('Isolatie Veiligheidshuis C');
  orgD = await t.createKey('Isolatie Ketenpartner D');
  for (const scope of ['assess', 'read', 'audit', 'admin'] as const) {
    single[scope] = await t.createKey(A.name, [scope]);
  }

  const recorded = await t.http
    .post('/v1/assessments')
    .set(auth(orgA.key))
    .set('Idempotency-Key', A.idempotencyKey)
    .send(
      sharingRequest({
        caseRef: A.caseRef,
        client: { ref: A.clientRef, ageGroup: 'adult', decisionCapacity: 'capable' },
        professional: { ref: A.professionalRef, profession: 'social_worker' },
        recipient: { type: 'municipality', name: A.recipientName },
        purpose: { type: 'eligibility_assessment', description: A.purposeDescription },
      }),
    );
  expect(recorded.status).toBe(201);
  A.assessmentId = recorded.body.id;
  const event = await t.http
    .post(`/v1/assessments/${A.assessmentId}/events`)
    .set(auth(orgA.key))
    .send({ type: 'note', professionalRef: A.professionalRef, text: A.noteText });
  expect(event.status).toBe(201);
  A.eventId = event.body.id;
  const grant = await t.http
    .post('/v1/access-grants')
    .set(auth(orgA.key))
    .send({ granteeOrganisationId: orgC.tenantId, caseRef: A.caseRef, expiresAt: inAnHour() });
  expect(grant.status).toBe(201);
  A.grantId = grant.body.id;
  // A grant shows nothing until the grantee accepts it.
  expect((await t.http.post(`/v1/access-grants/${A.grantId}/accept`).set(auth(orgC.key))).status).toBe(200);
  const extraKey = await t.http
    .post('/v1/api-keys')
    .set(auth(orgA.key))
    .send({ name: A.keyName, scopes: ['read'] });
  expect(extraKey.status).toBe(201);
  A.extraKeyId = extraKey.body.id;
  A.extraKeyKeyId = extraKey.body.keyId;
  const consent = await t.http.post('/v1/consents').set(auth(orgA.key)).send(consentOf(A.clientRef));
  expect(consent.status).toBe(201);
  A.consentId = consent.body.id;
  A.consentHash = consent.body.integrity.hash;
  const withdrawn = await t.http.post('/v1/consents').set(auth(orgA.key)).send(consentOf(A.clientRef));
  A.withdrawnConsentId = withdrawn.body.id;
  expect(
    (
      await t.http
        .post(`/v1/consents/${A.withdrawnConsentId}/withdrawal`)
        .set(auth(orgA.key))
        .send({ withdrawnBy: { type: 'client' }, text: A.withdrawalText })
    ).status,
  ).toBe(201);
  const detail = await t.http.get(`/v1/assessments/${A.assessmentId}`).set(auth(orgA.key));
  A.pseudonym = detail.body.request.client.refPseudonym;
  expect(A.pseudonym).toMatch(/^[0-9a-f]{64}$/);

  // B has data of its own, so that its lists are not empty by accident.
  expect(
    (await t.http.post('/v1/consents').set(auth(orgB.key)).send(consentOf('iso-b-client', B_TEXTS))).status,
  ).toBe(201);
  const own = await t.http
    .post('/v1/assessments')
    .set(auth(orgB.key))
    .send(consentRequest({ caseRef: 'ISO-B-CASE' }));
  expect(own.status).toBe(201);
  const bGrant = await t.http
    .post('/v1/access-grants')
    .set(auth(orgB.key))
    .send({ granteeOrganisationId: orgD.tenantId, caseRef: 'ISO-B-CASE', expiresAt: inAnHour() });
  expect(bGrant.status).toBe(201);
  expect((await t.http.post(`/v1/access-grants/${bGrant.body.id}/accept`).set(auth(orgD.key))).status).toBe(
    200,
  );
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// Function-level authorisation (API5)

interface ScopeRow {
  /** Scopes that open the route (any one of them). */
  scopes: Scope[];
  /** Status of a valid request with one of those scopes. */
  ok: number;
  /** Makes a fresh target for a request that consumes one (a key or grant to revoke). */
  prepare?: () => Promise<string>;
  /** A valid request. */
  send(key: string, target: string): Promise<Response>;
}

const ALL: Scope[] = ['assess', 'read', 'audit', 'admin'];

const scopeTable: Record<string, ScopeRow> = {
  'POST /v1/assessments': {
    scopes: ['assess'],
    ok: 201,
    send: (k) =>
      t.http
        .post('/v1/assessments')
        .set(auth(k))
        .set('Idempotency-Key', unique('scope-idem'))
        .send(consentRequest({ caseRef: unique('SCOPE') })),
  },
  'GET /v1/assessments': {
    scopes: ['read'],
    ok: 200,
    send: (k) => t.http.get('/v1/assessments').query({ caseRef: A.caseRef }).set(auth(k)),
  },
  'GET /v1/assessments/:id': {
    scopes: ['read'],
    ok: 200,
    send: (k) => t.http.get(`/v1/assessments/${A.assessmentId}`).set(auth(k)),
  },
  'POST /v1/assessments/:id/events': {
    scopes: ['assess'],
    ok: 201,
    send: (k) =>
      t.http
        .post(`/v1/assessments/${A.assessmentId}/events`)
        .set(auth(k))
        .send({ type: 'client_informed', professionalRef: 'p-scope' }),
  },
  'GET /v1/assessments/:id/events/:eventId': {
    scopes: ['read'],
    ok: 200,
    send: (k) => t.http.get(`/v1/assessments/${A.assessmentId}/events/${A.eventId}`).set(auth(k)),
  },
  'POST /v1/assessments/:id/replay': {
    scopes: ['audit'],
    ok: 200,
    send: (k) => t.http.post(`/v1/assessments/${A.assessmentId}/replay`).set(auth(k)),
  },
  'GET /v1/assessments/:id/export': {
    scopes: ['read', 'audit'],
    ok: 200,
    send: (k) => t.http.get(`/v1/assessments/${A.assessmentId}/export`).set(auth(k)),
  },
  'GET /v1/api-keys': {
    scopes: ['admin'],
    ok: 200,
    send: (k) => t.http.get('/v1/api-keys').set(auth(k)),
  },
  'POST /v1/api-keys': {
    scopes: ['admin'],
    ok: 201,
    send: (k) =>
      t.http
        .post('/v1/api-keys')
        .set(auth(k))
        .send({ name: unique('scope key'), scopes: ['read'] }),
  },
  'GET /v1/api-keys/:id': {
    scopes: ['admin'],
    ok: 200,
    send: (k) => t.http.get(`/v1/api-keys/${A.extraKeyId}`).set(auth(k)),
  },
  'DELETE /v1/api-keys/:id': {
    scopes: ['admin'],
    ok: 200,
    prepare: async () => (await t.createKey(A.name, ['read'])).apiKeyId,
    send: (k, target) => t.http.delete(`/v1/api-keys/${target}`).set(auth(k)),
  },
  'GET /v1/questions': {
    scopes: ['assess', 'read'],
    ok: 200,
    send: (k) => t.http.get('/v1/questions').set(auth(k)),
  },
  'GET /v1/rules': {
    scopes: ['assess', 'read', 'audit'],
    ok: 200,
    send: (k) => t.http.get('/v1/rules').set(auth(k)),
  },
  'GET /v1/audit/verify': {
    scopes: ['audit'],
    ok: 200,
    send: (k) => t.http.get('/v1/audit/verify').set(auth(k)),
  },
  'GET /v1/audit/public-key': {
    scopes: ['read', 'audit'],
    ok: 200,
    send: (k) => t.http.get('/v1/audit/public-key').set(auth(k)),
  },
  // Proofs of the caller's own log need `audit` (a grantee's `read` reaches only granted logs).
  'GET /v1/audit/checkpoint': {
    scopes: ['audit'],
    ok: 200,
    prepare: async () => {
      await t.backend.transparency.signCheckpoint(orgA.tenantId);
      return '';
    },
    send: (k) => t.http.get('/v1/audit/checkpoint').set(auth(k)),
  },
  'GET /v1/audit/proofs/inclusion': {
    scopes: ['audit'],
    ok: 200,
    send: (k) => t.http.get('/v1/audit/proofs/inclusion').query({ leafIndex: 0, treeSize: 1 }).set(auth(k)),
  },
  'GET /v1/audit/proofs/consistency': {
    scopes: ['audit'],
    ok: 200,
    send: (k) => t.http.get('/v1/audit/proofs/consistency').query({ from: 1, to: 1 }).set(auth(k)),
  },
  'GET /v1/audit/keys': {
    scopes: ['audit'],
    ok: 200,
    send: (k) => t.http.get('/v1/audit/keys').set(auth(k)),
  },
  'GET /v1/exports/assessments': {
    scopes: ['audit'],
    ok: 200,
    send: (k) =>
      t.http
        .get('/v1/exports/assessments')
        .query({ from: new Date(Date.now() - 86_400_000).toISOString(), to: inAnHour() })
        .set(auth(k)),
  },
  'GET /v1/organisation': {
    scopes: ALL,
    ok: 200,
    send: (k) => t.http.get('/v1/organisation').set(auth(k)),
  },
  'PATCH /v1/organisation': {
    scopes: ['admin'],
    ok: 200,
    send: (k) => t.http.patch('/v1/organisation').set(auth(k)).send({ language: 'nl' }),
  },
  'POST /v1/access-grants': {
    scopes: ['admin'],
    ok: 201,
    send: (k) =>
      t.http
        .post('/v1/access-grants')
        .set(auth(k))
        .send({
          granteeOrganisationId: orgC.tenantId,
          caseRef: unique('SCOPE-GRANT'),
          expiresAt: inAnHour(),
        }),
  },
  'GET /v1/access-grants': {
    scopes: ['admin', 'read'],
    ok: 200,
    send: (k) => t.http.get('/v1/access-grants').set(auth(k)),
  },
  'GET /v1/access-grants/:id': {
    scopes: ['admin', 'read'],
    ok: 200,
    send: (k) => t.http.get(`/v1/access-grants/${A.grantId}`).set(auth(k)),
  },
  'DELETE /v1/access-grants/:id': {
    scopes: ['admin'],
    ok: 200,
    prepare: async () => {
      const created = await t.http
        .post('/v1/access-grants')
        .set(auth(orgA.key))
        .send({
          granteeOrganisationId: orgC.tenantId,
          caseRef: unique('SCOPE-REVOKE'),
          expiresAt: inAnHour(),
        });
      expect(created.status).toBe(201);
      return created.body.id as string;
    },
    send: (k, target) => t.http.delete(`/v1/access-grants/${target}`).set(auth(k)),
  },
  'POST /v1/access-grants/:id/accept': {
    scopes: ['admin'],
    ok: 200,
    // A grant to A's organisation (whose single-scope keys are tried), from an organisation that
    // takes no part in the isolation probes.
    prepare: async () => {
      const granter = await t.createKey(unique('Isolatie Gever'), ['admin']);
      const created = await t.http
        .post('/v1/access-grants')
        .set(auth(granter.key))
        .send({
          granteeOrganisationId: orgA.tenantId,
          caseRef: unique('SCOPE-ACCEPT'),
          expiresAt: inAnHour(),
        });
      expect(created.status).toBe(201);
      return created.body.id as string;
    },
    send: (k, target) => t.http.post(`/v1/access-grants/${target}/accept`).set(auth(k)),
  },
  'GET /v1/cases/:caseRef/assessments': {
    scopes: ['read'],
    ok: 200,
    send: (k) => t.http.get(`/v1/cases/${A.caseRef}/assessments`).set(auth(k)),
  },
  'GET /v1/processing-logs': {
    scopes: ['audit'],
    ok: 200,
    send: (k) => t.http.get('/v1/processing-logs').query({ dataSubjectRef: A.clientRef }).set(auth(k)),
  },
  'POST /v1/consents': {
    scopes: ['assess'],
    ok: 201,
    send: (k) =>
      t.http
        .post('/v1/consents')
        .set(auth(k))
        .send(consentOf(unique('scope-client'))),
  },
  'GET /v1/consents': {
    scopes: ['read'],
    ok: 200,
    send: (k) => t.http.get('/v1/consents').query({ clientRef: A.clientRef }).set(auth(k)),
  },
  'GET /v1/consents/:id': {
    scopes: ['read'],
    ok: 200,
    send: (k) => t.http.get(`/v1/consents/${A.consentId}`).set(auth(k)),
  },
  'POST /v1/consents/:id/withdrawal': {
    scopes: ['assess'],
    ok: 201,
    prepare: async () => {
      const created = await t.http
        .post('/v1/consents')
        .set(auth(orgA.key))
        .send(consentOf(unique('scope-wd')));
      expect(created.status).toBe(201);
      return created.body.id as string;
    },
    send: (k, target) =>
      t.http
        .post(`/v1/consents/${target}/withdrawal`)
        .set(auth(k))
        .send({ withdrawnBy: { type: 'client' } }),
  },
};

describe('function-level authorisation (API5)', () => {
  it('the table covers every /v1 route the app serves', () => {
    const served = liveRoutes(t.app).map(routeKey).sort();
    expect(served.length).toBeGreaterThan(15);
    expect(Object.keys(scopeTable).sort()).toEqual(served);
  });

  const cases = Object.entries(scopeTable).flatMap(([route, row]) =>
    ALL.map((scope) => [route, scope, row.scopes.includes(scope)] as const),
  );

  it.each(cases)('%s with only the %s scope: allowed = %s', async (route, scope, allowed) => {
    const row = scopeTable[route]!;
    const target = (await row.prepare?.()) ?? '';
    const before = await t.db.rowCounts();
    const res = await row.send(single[scope].key, target);
    if (allowed) {
      expect(res.status, res.text.slice(0, 300)).toBe(row.ok);
      return;
    }
    expectProblem(res, 403);
    for (const needed of row.scopes) expect(res.body.detail).toContain(`"${needed}"`);
    // A refused request leaves nothing behind, and a refused revocation revokes nothing.
    expect(await t.db.rowCounts()).toEqual(before);
    if (target) {
      const { rows } = await t.db.query(
        `SELECT revoked_at FROM api_keys WHERE id = $1 UNION ALL SELECT revoked_at FROM access_grants WHERE id = $1
         UNION ALL SELECT NULL FROM consents WHERE id = $1
                     AND NOT EXISTS (SELECT 1 FROM consent_withdrawals WHERE consent_id = $1)`,
        [target],
      );
      expect(rows).toEqual([{ revoked_at: null }]);
    }
  });

  it('no key, a forged key (a real key id, a wrong secret) and a revoked key get 401 on every route', async () => {
    const revoked = await t.createKey(A.name);
    await t.backend.apiKeys.revoke(revoked.tenantId, revoked.apiKeyId, { operator: 'cli' });
    const keyId = /^pss_([a-z0-9]{12})_/.exec(orgA.key)![1]!;
    const forged = `pss_${keyId}_${'A'.repeat(43)}`;
    expect(forged).not.toBe(orgA.key);
    const before = await t.db.rowCounts();
    for (const [route, row] of Object.entries(scopeTable)) {
      for (const presented of [undefined, forged, revoked.key, `${orgA.key}x`]) {
        // A key that does not authenticate never reaches the target: a random id will do.
        const res =
          presented === undefined ? await withoutKey(route) : await row.send(presented, crypto.randomUUID());
        expectProblem(res, 401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
    expect(await t.db.rowCounts()).toEqual(before);
  });
});

function withoutKey(route: string): Promise<Response> {
  const [method, url] = route.split(' ') as [string, string];
  const path = url
    .replace(':id', url.startsWith('/v1/consents') ? A.consentId : A.assessmentId)
    .replace(':caseRef', A.caseRef);
  return method === 'POST'
    ? t.http.post(path).send({})
    : method === 'DELETE'
      ? t.http.delete(path)
      : t.http.get(path);
}

// ---------------------------------------------------------------------------------------------
// Object-level authorisation: tenant isolation (API1)

type Probe = () => Promise<void>;

const isolationTable: Record<string, Probe> = {
  'POST /v1/consents': async () => {
    // B registers a consent for the client reference A uses: it is B's own, under B's pseudonym.
    const res = await t.http.post('/v1/consents').set(auth(orgB.key)).send(consentOf(A.clientRef, B_TEXTS));
    expect(res.status).toBe(201);
    expect(res.body.client.refPseudonym).not.toBe(A.pseudonym);
    expectNothingOfA(res);
  },
  'GET /v1/consents': async () => {
    for (const query of [
      {},
      { clientRef: A.clientRef },
      { status: 'withdrawn' },
      { recipientType: 'lawyer' },
    ]) {
      for (const accept of ['application/json', 'application/fhir+json']) {
        const res = await t.http.get('/v1/consents').query(query).set(auth(orgB.key)).set('Accept', accept);
        expect(res.status).toBe(200);
        // B's own consents for the same client reference may be listed, under B's own pseudonym.
        expectNothingOfA(res);
      }
    }
    const own = await t.http.get('/v1/consents').set(auth(orgB.key));
    expect(own.body.items.length).toBeGreaterThan(0);
  },
  'GET /v1/consents/:id': async () => {
    for (const format of ['json', 'fhir']) {
      const res = await t.http.get(`/v1/consents/${A.consentId}`).query({ format }).set(auth(orgB.key));
      expectProblem(res, 404);
      expectNothingOfA(res);
    }
  },
  'POST /v1/consents/:id/withdrawal': async () => {
    const before = await t.db.rowCounts();
    for (const k of [orgB.key, orgC.key]) {
      const res = await t.http
        .post(`/v1/consents/${A.consentId}/withdrawal`)
        .set(auth(k))
        .send({ withdrawnBy: { type: 'client' } });
      expectProblem(res, 404);
      expectNothingOfA(res);
    }
    expect(await t.db.rowCounts()).toEqual(before);
    const mine = await t.http.get(`/v1/consents/${A.consentId}`).set(auth(orgA.key));
    expect(mine.body.withdrawal).toBeNull();
  },
  'POST /v1/assessments': async () => {
    // B cannot weigh with A's registered consent, nor learn anything of it.
    const before = await t.db.rowCounts();
    const borrowed = await t.http
      .post('/v1/assessments')
      .set(auth(orgB.key))
      .send(
        sharingRequest({
          client: { ref: A.clientRef, ageGroup: 'adult', decisionCapacity: 'capable' },
          recipient: { type: 'lawyer' },
          purpose: { type: 'legal_proceedings' },
          requestedInformation: ['treatment'],
          answers: {},
          consentId: A.consentId,
        }),
      );
    expectProblem(borrowed, 422);
    expectNothingOfA(borrowed);
    expect(await t.db.rowCounts()).toEqual(before);
    // B sends A's case reference and A's Idempotency-Key: B gets a record of its own, never A's
    // stored response.
    const res = await t.http
      .post('/v1/assessments')
      .set(auth(orgB.key))
      .set('Idempotency-Key', A.idempotencyKey)
      .send(consentRequest({ caseRef: A.caseRef }));
    expect(res.status).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(res.body.id).not.toBe(A.assessmentId);
    expectNothingOfA(res, [A.caseRef]);
    const view = await t.http.get(`/v1/cases/${A.caseRef}/assessments`).set(auth(orgB.key));
    expect(view.status).toBe(200);
    expect(view.body.items.length).toBeGreaterThan(0);
    for (const item of view.body.items) expect(item.organisation.id).toBe(orgB.tenantId);
    expectNothingOfA(view, [A.caseRef]);
  },
  'GET /v1/assessments': async () => {
    for (const query of [
      {},
      { caseRef: A.caseRef },
      { clientRef: A.clientRef },
      { recipientType: 'municipality' },
      { limit: '100' },
    ]) {
      const res = await t.http.get('/v1/assessments').query(query).set(auth(orgB.key));
      expect(res.status).toBe(200);
      for (const item of res.body.items) expect(item.id).not.toBe(A.assessmentId);
      expectNothingOfA(res, [A.caseRef]);
      if ('clientRef' in query) expect(res.body.items).toEqual([]);
    }
    // B's own records are listed: the filter is there, not an empty table.
    const own = await t.http.get('/v1/assessments').set(auth(orgB.key));
    expect(own.body.items.length).toBeGreaterThan(0);
  },
  'GET /v1/assessments/:id': async () => {
    const res = await t.http.get(`/v1/assessments/${A.assessmentId}`).set(auth(orgB.key));
    expectProblem(res, 404);
    expectNothingOfA(res);
  },
  'POST /v1/assessments/:id/events': async () => {
    const before = await t.db.rowCounts();
    const res = await t.http
      .post(`/v1/assessments/${A.assessmentId}/events`)
      .set(auth(orgB.key))
      .set('Idempotency-Key', unique('iso-event'))
      .send({ type: 'note', professionalRef: 'p-b', text: 'B schrijft bij A' });
    expectProblem(res, 404);
    expectNothingOfA(res);
    expect(await t.db.rowCounts()).toEqual(before);
  },
  'GET /v1/assessments/:id/events/:eventId': async () => {
    const res = await t.http.get(`/v1/assessments/${A.assessmentId}/events/${A.eventId}`).set(auth(orgB.key));
    expectProblem(res, 404);
    expectNothingOfA(res);
  },
  'POST /v1/assessments/:id/replay': async () => {
    const res = await t.http.post(`/v1/assessments/${A.assessmentId}/replay`).set(auth(orgB.key));
    expectProblem(res, 404);
    expectNothingOfA(res);
  },
  'GET /v1/assessments/:id/export': async () => {
    const before = await t.db.rowCounts();
    for (const format of ['json', 'pdf']) {
      const res = await t.http
        .get(`/v1/assessments/${A.assessmentId}/export`)
        .query({ format })
        .set(auth(orgB.key));
      expectProblem(res, 404);
      expectNothingOfA(res);
    }
    // Not even an export checkpoint is signed for A's chain.
    expect(await t.db.rowCounts()).toEqual(before);
  },
  'GET /v1/api-keys': async () => {
    const res = await t.http.get('/v1/api-keys').set(auth(orgB.key));
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expectNothingOfA(res);
  },
  'POST /v1/api-keys': async () => {
    // There is no way to name another organisation: a key made by B belongs to B.
    const res = await t.http
      .post('/v1/api-keys')
      .set(auth(orgB.key))
      .send({ name: 'B maakt een sleutel', scopes: ['read', 'admin', 'audit'] });
    expect(res.status).toBe(201);
    const organisation = await t.http.get('/v1/organisation').set(auth(res.body.key));
    expect(organisation.body.id).toBe(orgB.tenantId);
    const list = await t.http.get('/v1/assessments').query({ caseRef: A.caseRef }).set(auth(res.body.key));
    for (const item of list.body.items) expect(item.id).not.toBe(A.assessmentId);
    expectNothingOfA(list, [A.caseRef]);
  },
  'GET /v1/api-keys/:id': async () => {
    for (const id of [A.extraKeyId, orgA.apiKeyId]) {
      const res = await t.http.get(`/v1/api-keys/${id}`).set(auth(orgB.key));
      expectProblem(res, 404);
      expectNothingOfA(res);
    }
  },
  'DELETE /v1/api-keys/:id': async () => {
    const before = await t.db.rowCounts();
    for (const id of [A.extraKeyId, orgA.apiKeyId]) {
      const res = await t.http.delete(`/v1/api-keys/${id}`).set(auth(orgB.key));
      expectProblem(res, 404);
      expectNothingOfA(res);
    }
    expect(await t.db.rowCounts()).toEqual(before);
    // A's key still works.
    expect((await t.http.get('/v1/organisation').set(auth(orgA.key))).status).toBe(200);
    const { rows } = await t.db.query('SELECT revoked_at FROM api_keys WHERE id = $1', [A.extraKeyId]);
    expect(rows[0]!.revoked_at).toBeNull();
  },
  'GET /v1/questions': async () => {
    const res = await t.http.get('/v1/questions').set(auth(orgB.key));
    expect(res.status).toBe(200);
    expectNothingOfA(res);
  },
  'GET /v1/rules': async () => {
    const res = await t.http.get('/v1/rules').set(auth(orgB.key));
    expect(res.status).toBe(200);
    expectNothingOfA(res);
  },
  'GET /v1/audit/verify': async () => {
    const res = await t.http.get('/v1/audit/verify').set(auth(orgB.key));
    expect(res.status).toBe(200);
    expect(res.body.intact).toBe(true);
    const { rows } = await t.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM audit_chain WHERE tenant_id = $1',
      [orgB.tenantId],
    );
    // B's own chain, entry for entry: none of A's.
    expect(res.body.headSequence).toBe(Number(rows[0]!.n));
    expectNothingOfA(res);
  },
  'GET /v1/audit/public-key': async () => {
    const res = await t.http.get('/v1/audit/public-key').set(auth(orgB.key));
    expect(res.status).toBe(200);
    expectNothingOfA(res);
  },
  // B holds no access grant from A: A's log is closed to it, whatever it asks.
  'GET /v1/audit/checkpoint': async () => {
    await t.backend.transparency.signCheckpoint(orgA.tenantId);
    const res = await t.http
      .get('/v1/audit/checkpoint')
      .query({ organisation: orgA.tenantId })
      .set(auth(orgB.key));
    expectProblem(res, 403);
    expectNothingOfA(res);
    const own = await t.http.get('/v1/audit/checkpoint').set(auth(orgB.key));
    expect([200, 404]).toContain(own.status);
    expectNothingOfA(own);
  },
  'GET /v1/audit/proofs/inclusion': async () => {
    const res = await t.http
      .get('/v1/audit/proofs/inclusion')
      .query({ leafIndex: 0, treeSize: 1, organisation: orgA.tenantId })
      .set(auth(orgB.key));
    expectProblem(res, 403);
    expectNothingOfA(res);
  },
  'GET /v1/audit/proofs/consistency': async () => {
    const res = await t.http
      .get('/v1/audit/proofs/consistency')
      .query({ from: 1, to: 1, organisation: orgA.tenantId })
      .set(auth(orgB.key));
    expectProblem(res, 403);
    expectNothingOfA(res);
  },
  'GET /v1/audit/keys': async () => {
    const res = await t.http.get('/v1/audit/keys').query({ organisation: orgA.tenantId }).set(auth(orgB.key));
    expectProblem(res, 403);
    expectNothingOfA(res);
    const own = await t.http.get('/v1/audit/keys').set(auth(orgB.key));
    expect(own.status).toBe(200);
    expect(own.body.origin.endsWith(orgB.tenantId)).toBe(true);
  },
  'GET /v1/exports/assessments': async () => {
    for (const format of ['ndjson', 'csv', 'fhir']) {
      const res = await t.http
        .get('/v1/exports/assessments')
        .query({ format, from: new Date(Date.now() - 86_400_000).toISOString(), to: inAnHour() })
        .set(auth(orgB.key))
        .buffer(true)
        .parse((stream, done) => {
          let text = '';
          stream.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
          });
          stream.on('end', () => done(null, text));
        });
      expect(res.status).toBe(200);
      const text = res.body as string;
      expect(text.length).toBeGreaterThan(0);
      expect(text).toContain('ISO-B-CASE');
      expectNothingOfA({ ...res, text } as Response, [A.caseRef]);
      expect(text).not.toContain(A.assessmentId);
    }
  },
  'GET /v1/organisation': async () => {
    const res = await t.http.get('/v1/organisation').set(auth(orgB.key));
    expect(res.body).toEqual({ id: orgB.tenantId, name: 'Isolatie Organisatie B', language: 'nl' });
  },
  'PATCH /v1/organisation': async () => {
    // There is no way to name another organisation: B changes only its own setting.
    const res = await t.http.patch('/v1/organisation').set(auth(orgB.key)).send({ language: 'en' });
    expect(res.body).toEqual({ id: orgB.tenantId, name: 'Isolatie Organisatie B', language: 'en' });
    expect((await t.http.get('/v1/organisation').set(auth(orgA.key))).body.language).toBe('nl');
    await t.http.patch('/v1/organisation').set(auth(orgB.key)).send({ language: 'nl' });
  },
  'POST /v1/access-grants': async () => {
    // B grants D the case reference A uses: D sees only B's records of it, never A's.
    const res = await t.http
      .post('/v1/access-grants')
      .set(auth(orgB.key))
      .send({ granteeOrganisationId: orgD.tenantId, caseRef: A.caseRef, expiresAt: inAnHour() });
    expect(res.status).toBe(201);
    expect(res.body.grantingOrganisation.id).toBe(orgB.tenantId);
    expect((await t.http.post(`/v1/access-grants/${res.body.id}/accept`).set(auth(orgD.key))).status).toBe(
      200,
    );
    const view = await t.http.get(`/v1/cases/${A.caseRef}/assessments`).set(auth(orgD.key));
    if (view.status === 200) {
      for (const item of view.body.items) expect(item.organisation.id).toBe(orgB.tenantId);
    } else {
      expectProblem(view, 404);
    }
    expectNothingOfA(view, [A.caseRef]);
  },
  'GET /v1/access-grants': async () => {
    const res = await t.http.get('/v1/access-grants').set(auth(orgB.key));
    expect(res.status).toBe(200);
    expect(res.body.given.length).toBeGreaterThan(0);
    expectNothingOfA(res, [A.caseRef]);
    // D, who holds a grant from B only, does not see A's grant to C either.
    const d = await t.http.get('/v1/access-grants').set(auth(orgD.key));
    expect(d.body.received.length).toBeGreaterThan(0);
    expectNothingOfA(d, [A.caseRef]);
  },
  'GET /v1/access-grants/:id': async () => {
    // Neither a bystander nor a partner of A's grantee sees the grant; the grantee does.
    for (const k of [orgB.key, orgD.key]) {
      const res = await t.http.get(`/v1/access-grants/${A.grantId}`).set(auth(k));
      expectProblem(res, 404);
      expectNothingOfA(res);
    }
    const grantee = await t.http.get(`/v1/access-grants/${A.grantId}`).set(auth(orgC.key));
    expect(grantee.status).toBe(200);
  },
  'DELETE /v1/access-grants/:id': async () => {
    const before = await t.db.rowCounts();
    for (const k of [orgB.key, orgD.key]) {
      const res = await t.http.delete(`/v1/access-grants/${A.grantId}`).set(auth(k));
      expectProblem(res, 404);
      expectNothingOfA(res);
    }
    // Not even the grantee can revoke it.
    const byGrantee = await t.http.delete(`/v1/access-grants/${A.grantId}`).set(auth(orgC.key));
    expectProblem(byGrantee, 404);
    expect(await t.db.rowCounts()).toEqual(before);
    const { rows } = await t.db.query('SELECT revoked_at FROM access_grants WHERE id = $1', [A.grantId]);
    expect(rows[0]!.revoked_at).toBeNull();
  },
  'POST /v1/access-grants/:id/accept': async () => {
    // Only the grantee (C) can accept A's grant; A itself, B and D get 404 and change nothing.
    const before = await t.db.rowCounts();
    for (const k of [orgB.key, orgD.key, orgA.key]) {
      const res = await t.http.post(`/v1/access-grants/${A.grantId}/accept`).set(auth(k));
      expectProblem(res, 404);
      expectNothingOfA(res);
    }
    expect(await t.db.rowCounts()).toEqual(before);
  },
  'GET /v1/cases/:caseRef/assessments': async () => {
    // D has no grant from A for A's case (and B's records exist only for the POST probe).
    for (const k of [orgD.key, orgB.key]) {
      const res = await t.http.get(`/v1/cases/${A.caseRef}/assessments`).set(auth(k));
      if (res.status === 200) {
        for (const item of res.body.items) expect(item.organisation.id).not.toBe(orgA.tenantId);
      } else {
        expectProblem(res, 404);
      }
      expectNothingOfA(res, [A.caseRef]);
    }
    // The grantee does see A's records: the probe above is not empty because nothing is there.
    const grantee = await t.http.get(`/v1/cases/${A.caseRef}/assessments`).set(auth(orgC.key));
    expect(grantee.status).toBe(200);
    expect(
      grantee.body.items.some((i: { organisation: { id: string } }) => i.organisation.id === orgA.tenantId),
    ).toBe(true);
  },
  'GET /v1/processing-logs': async () => {
    // A's client, asked by reference, by A's pseudonym, or by a processing activity both log under.
    const activity = 'https://register.invalid/verwerkingsactiviteiten/afweging-beroepsgeheim-vastleggen/v1';
    for (const query of [
      { dataSubjectRef: A.clientRef },
      { dataSubjectId: A.pseudonym },
      { processingActivityId: activity },
    ]) {
      const res = await t.http.get('/v1/processing-logs').query(query).set(auth(orgB.key));
      expect(res.status).toBe(200);
      expectNothingOfA(res);
    }
    const own = await t.http
      .get('/v1/processing-logs')
      .query({ processingActivityId: activity })
      .set(auth(orgA.key));
    expect(JSON.stringify(own.body)).toContain(A.pseudonym);
  },
};

/** Each probe runs once, in its own test or, if that has not run yet, in the test after them all. */
const probes = new Map<string, Promise<void>>();
function probed(route: string): Promise<void> {
  let run = probes.get(route);
  if (!run) {
    run = isolationTable[route]!();
    probes.set(route, run);
  }
  return run;
}

describe('tenant isolation (API1)', () => {
  it('the table covers every /v1 route the app serves', () => {
    expect(Object.keys(isolationTable).sort()).toEqual(liveRoutes(t.app).map(routeKey).sort());
  });

  it.each(Object.keys(isolationTable))('%s: another organisation gets 404 or nothing of A', async (route) => {
    await probed(route);
  });

  it("A's records, grant and keys are untouched and A's chain still verifies", async () => {
    // After every probe: those no test has run yet run now (their failures are their own tests').
    for (const route of Object.keys(isolationTable)) await probed(route).catch(() => undefined);
    const res = await t.http.get(`/v1/assessments/${A.assessmentId}`).set(auth(orgA.key));
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { id: string }) => e.id)).toContain(A.eventId);
    expect(res.body.events.every((e: { professionalRef: string }) => e.professionalRef !== 'p-b')).toBe(true);
    const verify = await t.http.get('/v1/audit/verify').set(auth(orgA.key));
    expect(verify.body.intact).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// API keys (API2)

describe('API keys', () => {
  it('records the last use at minute resolution, in batches off the request path', async () => {
    const created = await t.createKey(A.name, ['read']);
    const lastUsed = async () =>
      (await t.db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [created.apiKeyId])).rows[0]!
        .last_used_at as Date | null;
    expect(await lastUsed()).toBeNull();
    expect((await t.http.get('/v1/questions').set(auth(created.key))).status).toBe(200);
    // Not written per request: gathered, and written for all keys at once (every 30 s).
    expect(await lastUsed()).toBeNull();
    await t.backend.apiKeys.flushUsage();
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    expect(Math.abs(first!.getTime() - Date.now())).toBeLessThan(60_000);
    // Within the minute, further use does not write the row again.
    expect((await t.http.get('/v1/questions').set(auth(created.key))).status).toBe(200);
    await t.backend.apiKeys.flushUsage();
    expect((await lastUsed())!.getTime()).toBe(first!.getTime());
    // The listing shows it.
    const list = await t.http.get('/v1/api-keys').set(auth(orgA.key));
    const listed = list.body.items.find((k: { id: string }) => k.id === created.apiKeyId);
    expect(listed.lastUsedAt).toBe(first!.toISOString());
  });

  it('a revocation made by another instance of the service takes effect within a second', async () => {
    // (test/integration/key-cache.test.ts proves it with two processes and measures it.)
    const created = await t.createKey(A.name, ['read']);
    expect((await t.http.get('/v1/questions').set(auth(created.key))).status).toBe(200);
    const other = await startTestApp({ database: t.db });
    try {
      const revoked = await other.http.delete(`/v1/api-keys/${created.apiKeyId}`).set(auth(orgA.key));
      expect(revoked.status).toBe(200);
    } finally {
      await other.close();
    }
    const revokedAt = Date.now();
    let res = await t.http.get('/v1/questions').set(auth(created.key));
    while (res.status === 200 && Date.now() - revokedAt < 1_000) {
      res = await t.http.get('/v1/questions').set(auth(created.key));
    }
    expectProblem(res, 401);
    expect(res.body.detail).toContain('revoked');
  });

  it('every key change over the API is an entry in the organisation chain naming the acting key', async () => {
    const created = await t.http
      .post('/v1/api-keys')
      .set(auth(orgA.key))
      .send({ name: 'chain key', scopes: ['read'] });
    await t.http.delete(`/v1/api-keys/${created.body.id}`).set(auth(orgA.key));
    const { rows } = await t.db.query<{ entry_type: string; content: string }>(
      `SELECT entry_type, content FROM audit_chain WHERE tenant_id = $1 AND entity_id = $2 ORDER BY sequence`,
      [orgA.tenantId, created.body.id],
    );
    expect(rows.map((r) => r.entry_type)).toEqual(['api_key.created', 'api_key.revoked']);
    for (const row of rows) {
      const data = JSON.parse(row.content).data;
      expect(data.actor).toEqual({ apiKeyId: orgA.apiKeyId });
      expect(row.content).not.toContain(created.body.key.slice(-43));
    }
  });
});
