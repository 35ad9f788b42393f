/**
 * Logs never hold personal data (docs/security.md, API3/API8): every /v1 route is exercised with
 * unique marker values in every place a caller can put personal data — case, client and
 * professional references, recipient names, purpose descriptions, note texts, answers, key names,
 * grant references, Idempotency-Keys, query strings, paths, malformed bodies, a BSN, the API key
 * itself — on success and failure paths, including a genuine server error whose database error
 * quotes the failing row. Then the captured log text must contain none of them, while holding a
 * line with a request id for every request sent (so the test cannot pass on empty logs).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharingRequest } from '../support/requests.js';
import { liveRoutes, routeKey } from '../support/routes.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
let granteeId: string;
let partnerKey: string;
let ownId: string;
let pseudonym = '';

/** Every value marker starts with M, so one search finds any of them. */
const M = `PIIMARK${randomBytes(5).toString('hex')}`;
/**
 * Markers sent as field names. An unknown field is named back to the caller in invalidParams (a
 * name made of [A-Za-z0-9_.-], never a value: see validation.ts), so these are only kept out of
 * the logs.
 */
const K = `PIIKEY${randomBytes(5).toString('hex')}`;
const BSN = '123456782';
const ANSWER_DATE = '2037-03-14';
/** A consent's end date (within the maximum term), searched for in the logs like the other markers. */
const ANSWER_DATE_SOON = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
const sent: string[] = [];
const statuses: number[] = [];
const secrets: string[] = [];

const auth = (k = key) => ({ Authorization: `Bearer ${k}` });
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** Sends with a request id of ours, so each request's log line can be found afterwards. */
async function send(request: ReturnType<TestApp['http']['get']>): Promise<Response> {
  const id = `log-privacy-${sent.length}-${randomBytes(3).toString('hex')}`;
  sent.push(id);
  const res = await request.set('X-Request-Id', id);
  statuses.push(res.status);
  // Error answers do not echo submitted personal data either.
  if (res.status >= 400) {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.text).not.toContain(M);
    expect(res.text).not.toContain(BSN);
  }
  return res;
}

const markedRequest = (suffix: string) =>
  sharingRequest({
    caseRef: `${M}-case-${suffix}`,
    client: { ref: `${M}-client`, ageGroup: 'adult', decisionCapacity: 'capable' },
    professional: { ref: `${M}-prof`, profession: 'social_worker' },
    recipient: { type: 'municipality', name: `${M} ontvanger` },
    purpose: { type: 'eligibility_assessment', description: `${M} doelomschrijving` },
    answers: { 'consent.given': true, 'consent.validUntil': ANSWER_DATE },
  });

let assessmentId = '';
let consentId = '';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const markedConsent = (overrides: Record<string, unknown> = {}) => ({
  client: { ref: `${M}-client`, ageGroup: 'adult', decisionCapacity: 'capable' },
  grantor: { type: 'client' },
  recipient: { type: 'municipality', organisation: `${M} gemeente` },
  purposes: ['eligibility_assessment'],
  categories: ['attendance', 'social_circumstances'],
  form: 'written',
  evidenceRef: `${M}-doc`,
  informed: true,
  freelyGiven: true,
  validFrom: day(-1),
  validUntil: ANSWER_DATE_SOON,
  motivation: `${M} toelichting`,
  ...overrides,
});

/**
 * Each scenario runs once, in the test named after it or, if that has not run yet, in the final
 * test, which looks at the logs of them all: the tests pass alone and in any order.
 */
const started = new Map<string, Promise<void>>();
function once(name: string, scenario: () => Promise<void>): Promise<void> {
  let run = started.get(name);
  if (!run) {
    run = scenario();
    started.set(name, run);
  }
  return run;
}

/** Per route: requests on the success and the failure paths, with markers wherever they fit. */
const exercise: Record<string, () => Promise<void>> = {
  'POST /v1/assessments': async () => {
    const withKey = (body: object) =>
      send(t.http.post('/v1/assessments').set(auth()).set('Idempotency-Key', `${M}-idem`).send(body));
    // Replayed, mismatched, dry run, invalid in several ways, malformed, a BSN.
    expect((await withKey(markedRequest('1'))).status).toBe(201);
    expect((await withKey(markedRequest('2'))).status).toBe(422);
    expect(
      (await send(t.http.post('/v1/assessments?dryRun=true').set(auth()).send(markedRequest('3')))).status,
    ).toBe(200);
    const invalid = [
      { ...markedRequest('4'), [`${K}Field`]: `${M} extra` },
      { ...markedRequest('5'), caseRef: `${M}`.repeat(20) },
      { ...markedRequest('6'), answers: { [`${K}.vraag`]: true, 'consent.given': `${M}` } },
      {
        ...markedRequest('7'),
        client: { ref: `${M}-${BSN}`, ageGroup: 'adult', decisionCapacity: 'capable' },
      },
      { ...markedRequest('8'), caseRef: BSN },
      { ...markedRequest('9'), recipient: { type: `${M}`, name: `${M}` } },
      { ...markedRequest('10'), purpose: { type: 'eligibility_assessment', description: `${M}\u0000` } },
    ];
    for (const body of invalid) {
      // 422 for the BSNs, 400 for the rest.
      expect([400, 422]).toContain(
        (await send(t.http.post('/v1/assessments').set(auth()).send(body))).status,
      );
    }
    const malformed = await send(
      t.http
        .post('/v1/assessments')
        .set(auth())
        .set('Content-Type', 'application/json')
        .send(`{"caseRef": "${M}-kapot", "client": {"ref": "${M}"`),
    );
    expect(malformed.status).toBe(400);
    const proto = await send(
      t.http
        .post('/v1/assessments')
        .set(auth())
        .set('Content-Type', 'application/json')
        .send(`{"caseRef":"${M}","__proto__":{"${K}":"${M}"}}`),
    );
    expect(proto.status).toBe(400);
  },
  'GET /v1/assessments': async () => {
    const ok = await send(
      t.http
        .get('/v1/assessments')
        .query({ caseRef: `${M}-case-1`, clientRef: `${M}-client` })
        .set(auth()),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.items).toHaveLength(1);
    for (const query of [
      { clientRef: BSN },
      { cursor: M },
      { limit: M },
      { caseRef: `${M}`.repeat(30) },
      { [K]: M },
    ]) {
      expect([400, 422]).toContain(
        (await send(t.http.get('/v1/assessments').query(query).set(auth()))).status,
      );
    }
  },
  'GET /v1/assessments/:id': async () => {
    const ok = await send(t.http.get(`/v1/assessments/${assessmentId}`).set(auth()));
    expect(ok.status).toBe(200);
    expect(ok.body.request.client.refPseudonym).toBe(pseudonym);
    expect((await send(t.http.get(`/v1/assessments/${M}`).set(auth()))).status).toBe(400);
    expect((await send(t.http.get(`/v1/assessments/${randomUUID()}`).set(auth()))).status).toBe(404);
  },
  'GET /v1/assessments/:id/events/:eventId': async () => {
    const path = `/v1/assessments/${assessmentId}/events`;
    const created = await t.http
      .post(path)
      .set(auth())
      .send({ type: 'note', professionalRef: `${M}-prof`, text: `${M} notitie` });
    expect(created.status).toBe(201);
    const eventId = created.body.id as string;
    expect((await send(t.http.get(`${path}/${eventId}`).set(auth()))).status).toBe(200);
    expect((await send(t.http.get(`${path}/${M}`).set(auth()))).status).toBe(400);
    expect((await send(t.http.get(`${path}/${randomUUID()}`).set(auth()))).status).toBe(404);
  },
  'POST /v1/assessments/:id/events': async () => {
    const note = { type: 'note', professionalRef: `${M}-prof`, text: `${M} notitie over de cliënt` };
    expect(
      (
        await send(
          t.http
            .post(`/v1/assessments/${assessmentId}/events`)
            .set(auth())
            .set('Idempotency-Key', `${M}-ev`)
            .send(note),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await send(
          t.http
            .post(`/v1/assessments/${assessmentId}/events`)
            .set(auth())
            .send({ ...note, type: M }),
        )
      ).status,
    ).toBe(400);
    expect(
      (await send(t.http.post(`/v1/assessments/${randomUUID()}/events`).set(auth()).send(note))).status,
    ).toBe(404);
  },
  'POST /v1/assessments/:id/replay': async () => {
    expect((await send(t.http.post(`/v1/assessments/${assessmentId}/replay`).set(auth()))).status).toBe(200);
    expect((await send(t.http.post(`/v1/assessments/${randomUUID()}/replay`).set(auth()))).status).toBe(404);
  },
  'GET /v1/assessments/:id/export': async () => {
    for (const format of ['json', 'pdf']) {
      expect(
        (await send(t.http.get(`/v1/assessments/${assessmentId}/export`).query({ format }).set(auth())))
          .status,
      ).toBe(200);
    }
    expect(
      (await send(t.http.get(`/v1/assessments/${assessmentId}/export`).query({ format: M }).set(auth())))
        .status,
    ).toBe(400);
    expect((await send(t.http.get(`/v1/assessments/${randomUUID()}/export`).set(auth()))).status).toBe(404);
  },
  'GET /v1/api-keys': async () => {
    expect((await send(t.http.get('/v1/api-keys').set(auth()))).status).toBe(200);
  },
  'POST /v1/api-keys': async () => {
    const ok = await send(
      t.http
        .post('/v1/api-keys')
        .set(auth())
        .send({ name: `${M} sleutel`, scopes: ['read'] }),
    );
    expect(ok.status).toBe(201);
    secrets.push(ok.body.key);
    // The new key in use, and a bearer token that is not a key.
    expect((await send(t.http.get('/v1/organisation').set(auth(ok.body.key)))).status).toBe(200);
    expect((await send(t.http.get('/v1/organisation').set(auth(`${M}-not-a-key-but-a-secret`)))).status).toBe(
      401,
    );
    expect(
      (
        await send(
          t.http
            .post('/v1/api-keys')
            .set(auth())
            .send({ name: `${M}`, scopes: [M], [K]: M }),
        )
      ).status,
    ).toBe(400);
  },
  'GET /v1/api-keys/:id': async () => {
    const target = await t.createKey('Log privacy org', ['read']);
    expect((await send(t.http.get(`/v1/api-keys/${target.apiKeyId}`).set(auth()))).status).toBe(200);
    expect((await send(t.http.get(`/v1/api-keys/${M}`).set(auth()))).status).toBe(400);
  },
  'DELETE /v1/api-keys/:id': async () => {
    const target = await t.createKey('Log privacy org', ['read']);
    expect((await send(t.http.delete(`/v1/api-keys/${target.apiKeyId}`).set(auth()))).status).toBe(200);
    expect((await send(t.http.delete(`/v1/api-keys/${M}`).set(auth()))).status).toBe(400);
  },
  'GET /v1/questions': async () => {
    expect((await send(t.http.get('/v1/questions').set(auth()).set('Accept-Language', `${M}`))).status).toBe(
      200,
    );
    expect((await send(t.http.get('/v1/questions').query({ recipientType: M }).set(auth()))).status).toBe(
      400,
    );
  },
  'GET /v1/rules': async () => {
    expect((await send(t.http.get('/v1/rules').set(auth()))).status).toBe(200);
    expect((await send(t.http.get('/v1/rules').query({ rulesetHash: M }).set(auth()))).status).toBe(400);
  },
  'GET /v1/audit/verify': async () => {
    expect((await send(t.http.get('/v1/audit/verify').set(auth()))).status).toBe(200);
  },
  'GET /v1/audit/public-key': async () => {
    expect((await send(t.http.get('/v1/audit/public-key').set(auth()))).status).toBe(200);
  },
  'GET /v1/audit/keys': async () => {
    expect((await send(t.http.get('/v1/audit/keys').set(auth()))).status).toBe(200);
  },
  'GET /v1/audit/checkpoint': async () => {
    expect([200, 404]).toContain((await send(t.http.get('/v1/audit/checkpoint').set(auth()))).status);
  },
  'GET /v1/audit/proofs/inclusion': async () => {
    const res = await send(
      t.http.get('/v1/audit/proofs/inclusion').query({ leafIndex: 0, treeSize: 1 }).set(auth()),
    );
    expect(res.status).toBe(200);
  },
  'GET /v1/audit/proofs/consistency': async () => {
    const res = await send(t.http.get('/v1/audit/proofs/consistency').query({ from: 0, to: 1 }).set(auth()));
    expect(res.status).toBe(200);
  },
  'GET /v1/exports/assessments': async () => {
    const range = { from: new Date(Date.now() - 3_600_000).toISOString(), to: inAnHour() };
    for (const format of ['ndjson', 'csv', 'fhir']) {
      const res = await send(
        t.http
          .get('/v1/exports/assessments')
          .query({ ...range, format })
          .set(auth()),
      );
      expect(res.status).toBe(200);
    }
    expect(
      (
        await send(
          t.http
            .get('/v1/exports/assessments')
            .query({ ...range, from: M })
            .set(auth()),
        )
      ).status,
    ).toBe(400);
  },
  'GET /v1/organisation': async () => {
    expect((await send(t.http.get('/v1/organisation').set(auth()))).status).toBe(200);
  },
  'PATCH /v1/organisation': async () => {
    expect((await send(t.http.patch('/v1/organisation').set(auth()).send({ language: 'nl' }))).status).toBe(
      200,
    );
    expect((await send(t.http.patch('/v1/organisation').set(auth()).send({ language: M }))).status).toBe(400);
  },
  'POST /v1/access-grants': async () => {
    const ok = await send(
      t.http
        .post('/v1/access-grants')
        .set(auth())
        .send({ granteeOrganisationId: granteeId, caseRef: `${M}-case-1`, expiresAt: inAnHour() }),
    );
    expect(ok.status).toBe(201);
    for (const body of [
      { granteeOrganisationId: granteeId, caseRef: BSN, expiresAt: inAnHour() },
      { granteeOrganisationId: randomUUID(), caseRef: `${M}-case-1`, expiresAt: inAnHour() },
      { granteeOrganisationId: M, caseRef: `${M}-case-1`, expiresAt: M },
    ]) {
      expect([400, 422]).toContain(
        (await send(t.http.post('/v1/access-grants').set(auth()).send(body))).status,
      );
    }
  },
  'GET /v1/access-grants': async () => {
    expect((await send(t.http.get('/v1/access-grants').set(auth()))).status).toBe(200);
  },
  'GET /v1/access-grants/:id': async () => {
    const created = await t.http
      .post('/v1/access-grants')
      .set(auth())
      .send({ granteeOrganisationId: granteeId, caseRef: `${M}-case-3`, expiresAt: inAnHour() });
    expect((await send(t.http.get(`/v1/access-grants/${created.body.id}`).set(auth()))).status).toBe(200);
    expect((await send(t.http.get(`/v1/access-grants/${randomUUID()}`).set(auth()))).status).toBe(404);
  },
  'DELETE /v1/access-grants/:id': async () => {
    const created = await t.http
      .post('/v1/access-grants')
      .set(auth())
      .send({ granteeOrganisationId: granteeId, caseRef: `${M}-case-2`, expiresAt: inAnHour() });
    expect((await send(t.http.delete(`/v1/access-grants/${created.body.id}`).set(auth()))).status).toBe(200);
    expect((await send(t.http.delete(`/v1/access-grants/${randomUUID()}`).set(auth()))).status).toBe(404);
  },
  'POST /v1/consents': async () => {
    const ok = await send(
      t.http.post('/v1/consents').set(auth()).set('Idempotency-Key', `${M}-consent`).send(markedConsent()),
    );
    expect(ok.status).toBe(201);
    consentId = ok.body.id;
    for (const [body, status] of [
      [markedConsent({ client: { ref: `${M}-${BSN}`, ageGroup: 'adult' } }), 422],
      [markedConsent({ motivation: `${M} bsn ${BSN}` }), 422],
      [markedConsent({ [`${K}Field`]: M }), 400],
      [markedConsent({ validFrom: day(-30), validUntil: day(-2) }), 422],
      [markedConsent({ grantor: { type: 'representative', role: 'mentor' } }), 422],
    ] as const) {
      expect((await send(t.http.post('/v1/consents').set(auth()).send(body))).status).toBe(status);
    }
    // A weighing that uses it, one that may not (consent answers given as well), and a dry run.
    const weighing = {
      ...markedRequest('consent'),
      answers: {},
      consentId,
    };
    expect((await send(t.http.post('/v1/assessments').set(auth()).send(weighing))).status).toBe(201);
    expect(
      (
        await send(
          t.http
            .post('/v1/assessments')
            .set(auth())
            .send({ ...weighing, answers: { 'consent.validUntil': ANSWER_DATE } }),
        )
      ).status,
    ).toBe(422);
    expect((await send(t.http.post('/v1/assessments?dryRun=true').set(auth()).send(weighing))).status).toBe(
      200,
    );
  },
  'GET /v1/consents': async () => {
    for (const accept of ['application/json', 'application/fhir+json']) {
      const ok = await send(
        t.http
          .get('/v1/consents')
          .query({ clientRef: `${M}-client` })
          .set(auth())
          .set('Accept', accept),
      );
      expect(ok.status).toBe(200);
    }
    expect((await send(t.http.get('/v1/consents').query({ clientRef: BSN }).set(auth()))).status).toBe(422);
    expect((await send(t.http.get('/v1/consents').query({ status: M }).set(auth()))).status).toBe(400);
  },
  'GET /v1/consents/:id': async () => {
    // The consent registered (and used by a weighing) there, whichever test runs first.
    await once('POST /v1/consents', exercise['POST /v1/consents']!);
    expect((await send(t.http.get(`/v1/consents/${consentId}`).set(auth()))).status).toBe(200);
    expect((await send(t.http.get(`/v1/consents/${consentId}?format=fhir`).set(auth()))).status).toBe(200);
    expect((await send(t.http.get(`/v1/consents/${M}`).set(auth()))).status).toBe(400);
    expect((await send(t.http.get(`/v1/consents/${randomUUID()}`).set(auth()))).status).toBe(404);
  },
  'POST /v1/consents/:id/withdrawal': async () => {
    // Withdrawn only after the weighing there has used it.
    await once('POST /v1/consents', exercise['POST /v1/consents']!);
    const body = { withdrawnBy: { type: 'client' }, text: `${M} ingetrokken` };
    expect(
      (await send(t.http.post(`/v1/consents/${consentId}/withdrawal`).set(auth()).send(body))).status,
    ).toBe(201);
    expect(
      (await send(t.http.post(`/v1/consents/${consentId}/withdrawal`).set(auth()).send(body))).status,
    ).toBe(409);
    expect(
      (
        await send(
          t.http
            .post(`/v1/consents/${randomUUID()}/withdrawal`)
            .set(auth())
            .send({ ...body, text: `${M} ${BSN}` }),
        )
      ).status,
    ).toBe(422);
    expect(
      (await send(t.http.post(`/v1/consents/${randomUUID()}/withdrawal`).set(auth()).send(body))).status,
    ).toBe(404);
  },
  'POST /v1/access-grants/:id/accept': async () => {
    // A grant the partner gives this organisation, accepted; then one that does not exist.
    const given = await t.http
      .post('/v1/access-grants')
      .set(auth(partnerKey))
      .send({ granteeOrganisationId: ownId, caseRef: `${M}-case-3`, expiresAt: inAnHour() });
    expect(given.status).toBe(201);
    expect((await send(t.http.post(`/v1/access-grants/${given.body.id}/accept`).set(auth()))).status).toBe(
      200,
    );
    expect((await send(t.http.post(`/v1/access-grants/${randomUUID()}/accept`).set(auth()))).status).toBe(
      404,
    );
  },
  'GET /v1/cases/:caseRef/assessments': async () => {
    expect((await send(t.http.get(`/v1/cases/${M}-case-1/assessments`).set(auth()))).status).toBe(200);
    expect((await send(t.http.get(`/v1/cases/${M}-nergens/assessments`).set(auth()))).status).toBe(404);
    expect((await send(t.http.get(`/v1/cases/${BSN}/assessments`).set(auth()))).status).toBe(422);
  },
  'GET /v1/processing-logs': async () => {
    const log = (query: Record<string, string>) =>
      send(t.http.get('/v1/processing-logs').query(query).set(auth()));
    expect((await log({ dataSubjectRef: `${M}-client` })).status).toBe(200);
    expect((await log({ processingActivityId: `https://${M}.example.nl/x` })).status).toBe(200);
    expect((await log({ dataSubjectRef: BSN })).status).toBe(422);
    expect((await log({ traceId: `${M}-trace` })).status).toBe(400);
    expect((await log({ from: `${M}` })).status).toBe(400);
  },
};

/** Beyond the routes: a genuine server error, and paths that match no route. */
const beyond: Record<string, () => Promise<void>> = {
  'a server error whose database message quotes the failing row': async () => {
    // A constraint that refuses this one case reference: PostgreSQL's error then carries the whole
    // row (case reference, professional reference, client pseudonym) in its detail.
    await t.db.query(
      `ALTER TABLE assessments ADD CONSTRAINT log_privacy_probe CHECK (case_ref NOT LIKE '%-boom')`,
    );
    try {
      const res = await send(
        t.http
          .post('/v1/assessments')
          .set(auth())
          .set('Idempotency-Key', `${M}-boom`)
          .send(markedRequest('boom')),
      );
      expect(res.status).toBe(500);
      expect(res.body.detail).not.toMatch(/constraint|violates|log_privacy_probe/);
    } finally {
      await t.db.query('ALTER TABLE assessments DROP CONSTRAINT log_privacy_probe');
    }
    // The key was freed: the retry records it now.
    const retry = await send(
      t.http
        .post('/v1/assessments')
        .set(auth())
        .set('Idempotency-Key', `${M}-boom`)
        .send(markedRequest('boom')),
    );
    expect(retry.status).toBe(201);
    const failed = t.logs.find((line) => line.msg === 'request failed');
    expect(failed).toBeDefined();
    expect(failed!.err).toMatchObject({ type: expect.any(String), code: '23514', stack: expect.any(String) });
  },
  'unknown routes, with markers in the path and the query': async () => {
    expect((await send(t.http.get(`/v1/${M}/x`).query({ q: M }).set(auth()))).status).toBe(404);
    expect((await send(t.http.get(`/v1/assessments/${assessmentId}/${M}`).set(auth()))).status).toBe(404);
  },
};

beforeAll(async () => {
  // The most verbose level: even debug and trace output must not carry personal data.
  t = await startTestApp({ env: { LOG_LEVEL: 'trace' } });
  let own: { key: string; tenantId: string };
  ({ key } = own = await t.createKey('Log privacy org'));
  ownId = own.tenantId;
  const partner = await t.createKey('Log privacy partner');
  granteeId = partner.tenantId;
  partnerKey = partner.key;
  secrets.push(key);
  // The marked weighing the routes below read, whichever of them runs first (POST /v1/assessments
  // sends it again: a replay).
  const recorded = await t.http
    .post('/v1/assessments')
    .set(auth())
    .set('Idempotency-Key', `${M}-idem`)
    .send(markedRequest('1'));
  expect(recorded.status).toBe(201);
  assessmentId = recorded.body.id;
  const read = await t.http.get(`/v1/assessments/${assessmentId}`).set(auth());
  pseudonym = read.body.request.client.refPseudonym;
});
afterAll(() => t.close());

describe('logs hold no personal data', () => {
  it('exercises every /v1 route', () => {
    expect(Object.keys(exercise).sort()).toEqual(liveRoutes(t.app).map(routeKey).sort());
  });

  it.each(Object.keys(exercise))('%s, on success and failure paths', async (route) => {
    await once(route, exercise[route]!);
  });

  it.each(Object.keys(beyond))('%s', async (name) => {
    await once(name, beyond[name]!);
  });

  it('the captured logs name every request, and none of the markers, secrets or the pseudonym', async () => {
    // Whatever has not run yet runs now (a scenario's own failure is its own test's to report).
    for (const [name, scenario] of Object.entries({ ...exercise, ...beyond }))
      await once(name, scenario).catch(() => undefined);
    // Not vacuous: every request sent left a line with its id, route pattern and status, and the
    // failure paths were really taken.
    const completed = t.logs.filter((line) => line.msg === 'request completed');
    const ids = new Set(completed.map((line) => line.requestId));
    for (const id of sent) expect(ids.has(id), id).toBe(true);
    for (const line of completed) {
      expect(line).toMatchObject({ req: { method: expect.any(String), route: expect.any(String) } });
      expect((line.res as { statusCode: number }).statusCode).toBeGreaterThanOrEqual(200);
    }
    for (const status of [200, 201, 400, 401, 404, 409, 422, 500]) expect(statuses).toContain(status);
    expect(pseudonym).toMatch(/^[0-9a-f]{64}$/);

    const text = t.logs.map((line) => JSON.stringify(line)).join('\n');
    expect(text.length).toBeGreaterThan(10_000);
    for (const forbidden of [
      M,
      K,
      BSN,
      ANSWER_DATE,
      ANSWER_DATE_SOON,
      pseudonym,
      ...secrets,
      ...secrets.map((s) => s.slice(-20)),
    ]) {
      expect(text.includes(forbidden), `logs contain "${forbidden.slice(0, 24)}"`).toBe(false);
    }
    // Case references travel in paths; only route patterns are logged.
    expect(text).toContain('"/v1/cases/:caseRef/assessments"');
  });
});
