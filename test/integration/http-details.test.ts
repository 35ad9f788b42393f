/**
 * HTTP details integrators trip over (issue: "a newcomer and an integrator succeed first time"):
 * 405 with Allow, Location on every 201, one title per status, JSON syntax errors that say where,
 * content negotiation of the dossier, the Content-Security-Policy only upgrading over TLS, the
 * public OpenAPI document, and a docs UI of our own. The tables run over every operation of the
 * committed OpenAPI document, so a route added later is held to the same rules.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNCONFIGURED_CONTACT } from '../../src/http/openapi.js';
import { titleFor } from '../../src/http/problem.js';
import { TEST_API_CONTACT, TEST_API_CONTACT_ENV } from '../support/contact.js';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
let grantee: string;
const auth = () => ({ Authorization: `Bearer ${key}` });

type Json = Record<string, unknown>;
const document = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
};

beforeAll(async () => {
  // Not a test of load shedding (0: off). On a starved machine under-pressure sees no event-loop
  // samples in an interval, takes the delay as infinite and sheds everything with 503.
  t = await startTestApp({ env: { MAX_EVENT_LOOP_DELAY_MS: '0' } });
  ({ key } = await t.createKey('HTTP details org'));
  grantee = (await t.createKey('HTTP details partner')).tenantId;
});
afterAll(() => t.close());

const record = async () => {
  const res = await t.http
    .post('/v1/assessments')
    .set(auth())
    .send(consentRequest({ caseRef: 'HTTP-1' }));
  expect(res.status).toBe(201);
  return res.body.id as string;
};

/** For each operation that answers 201: a request that creates something. */
const creators: Record<string, () => Promise<{ status: number; headers: Json; body: Json }>> = {
  createAssessment: () =>
    t.http
      .post('/v1/assessments')
      .set(auth())
      .send(consentRequest({ caseRef: 'HTTP-2' })),
  createAssessmentEvent: async () =>
    t.http
      .post(`/v1/assessments/${await record()}/events`)
      .set(auth())
      .send({ type: 'client_informed', professionalRef: 'p-1' }),
  createApiKey: () =>
    t.http
      .post('/v1/api-keys')
      .set(auth())
      .send({ name: 'location test', scopes: ['read'] }),
  createAccessGrant: () =>
    t.http
      .post('/v1/access-grants')
      .set(auth())
      .send({
        granteeOrganisationId: grantee,
        caseRef: 'HTTP-GRANT',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
  createConsent: () => t.http.post('/v1/consents').set(auth()).send(consentBody()),
  withdrawConsent: async () => {
    const consent = await t.http.post('/v1/consents').set(auth()).send(consentBody());
    return t.http
      .post(`/v1/consents/${consent.body.id}/withdrawal`)
      .set(auth())
      .send({ withdrawnBy: { type: 'client' } });
  },
};

/** A consent of a capable adult for their lawyer (the withdrawal's Location is the consent). */
function consentBody() {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    client: { ref: 'c-location', ageGroup: 'adult', decisionCapacity: 'capable' },
    grantor: { type: 'client' },
    recipient: { type: 'lawyer' },
    purposes: ['legal_proceedings'],
    categories: ['treatment'],
    form: 'written',
    informed: true,
    freelyGiven: true,
    validFrom: day(0),
    validUntil: day(30),
  };
}

const created = Object.values(document.paths)
  .flatMap((item) => Object.values(item))
  .filter((op) => op.responses?.['201'])
  .map((op) => op.operationId);

describe('Location on every 201', () => {
  it('the table covers every operation that answers 201', () => {
    expect(Object.keys(creators).sort()).toEqual([...created].sort());
  });

  it.each(created)('%s sends Location, and GET on it answers the created resource', async (operationId) => {
    const res = await creators[operationId]!();
    expect(res.status).toBe(201);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/v1\//);
    const read = await t.http.get(location).set(auth());
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(res.body.id);
  });
});

describe('405 Method Not Allowed', () => {
  it.each([
    ['DELETE', '/v1/assessments', 'GET, HEAD, POST'],
    ['PUT', '/v1/assessments/6f1c1f7e-2a4b-4c1e-9f00-000000000001', 'GET, HEAD'],
    ['POST', '/v1/api-keys/6f1c1f7e-2a4b-4c1e-9f00-000000000001', 'DELETE, GET, HEAD'],
    ['POST', '/health/live', 'GET, HEAD'],
    ['DELETE', '/v1/openapi.json', 'GET, HEAD'],
  ])('%s %s answers 405 with Allow: %s', async (method, path, allow) => {
    const res = await t.http[method.toLowerCase() as 'get'](path).set(auth());
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 405, title: 'Method Not Allowed' });
    expect(res.body.detail).toContain(allow);
  });

  it('a path no route has is still 404', async () => {
    const res = await t.http.delete('/v1/nothing-here').set(auth());
    expect(res.status).toBe(404);
    expect(res.headers.allow).toBeUndefined();
  });
});

describe('problem titles', () => {
  it('are the status phrase for every kind of error (RFC 9457 §4.2.1, about:blank)', async () => {
    const answers = await Promise.all([
      t.http
        .post('/v1/api-keys')
        .set(auth())
        .send({ scopes: ['nope'] }), // schema validation
      t.http.post('/v1/api-keys').set(auth()).set('Content-Type', 'application/json').send('{"name": '), // syntax
      t.http
        .post('/v1/api-keys')
        .set(auth())
        .send({ name: 'x\u0000', scopes: ['read'] }), // unstorable text
      t.http
        .get('/v1/assessments')
        .query({ recordedFrom: '2026-12-01', recordedTo: '2026-11-01' })
        .set(auth()),
      t.http.get('/v1/assessments').query({ cursor: 'nonsense' }).set(auth()),
      t.http
        .post('/v1/access-grants')
        .set(auth())
        .send({ granteeOrganisationId: grantee, caseRef: 'X', expiresAt: '2000-01-01T00:00:00Z' }), // domain
      t.http.get('/v1/assessments/6f1c1f7e-2a4b-4c1e-9f00-000000000001').set(auth()),
      t.http.get('/v1/api-keys'),
      t.http.delete('/v1/questions').set(auth()),
    ]);
    const statuses = answers.map((r) => r.status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 404, 401, 405]);
    for (const res of answers) expect(res.body.title, res.text).toBe(titleFor(res.status));
  });
});

describe('malformed JSON', () => {
  const post = (body: string) =>
    t.http.post('/v1/api-keys').set(auth()).set('Content-Type', 'application/json').send(body);

  it('says the body is not valid JSON, and where, without quoting it', async () => {
    const res = await post('{\n  "name": "Jan Jansen",\n  "scopes": ["read"]\n  "x": 1\n}');
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(
      'The request body is not valid JSON: the syntax breaks at line 4, column 3.',
    );
    expect(res.text).not.toContain('Jansen');
  });

  it('says when the body ends too early', async () => {
    const res = await post('{"name": "Jan Jansen", ');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^The request body is not valid JSON/);
    expect(res.body.detail).toMatch(/end/);
    expect(res.text).not.toContain('Jansen');
  });

  it('refuses prototype keys by name, not as a syntax error', async () => {
    const res = await post('{"name":"x","scopes":["read"],"__proto__":{"admin":true}}');
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('__proto__');
  });
});

describe('dossier content negotiation', () => {
  it('honours Accept: application/pdf when no format is given', async () => {
    const id = await record();
    const pdf = await t.http
      .get(`/v1/assessments/${id}/export`)
      .set(auth())
      .set('Accept', 'application/pdf')
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(pdf.status, pdf.text).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const json = await t.http
      .get(`/v1/assessments/${id}/export`)
      .set(auth())
      .set('Accept', 'application/json');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const either = await t.http.get(`/v1/assessments/${id}/export`).set(auth()).set('Accept', '*/*');
    expect(either.headers['content-type']).toMatch(/^application\/json/);
    const preferred = await t.http
      .get(`/v1/assessments/${id}/export`)
      .set(auth())
      .set('Accept', 'application/json;q=0.5, application/pdf');
    expect(preferred.headers['content-type']).toBe('application/pdf');
  });

  it('answers 406 when Accept allows neither', async () => {
    const id = await record();
    const res = await t.http.get(`/v1/assessments/${id}/export`).set(auth()).set('Accept', 'text/html');
    expect(res.status).toBe(406);
    expect(res.body.title).toBe('Not Acceptable');
  });
});

describe('Content-Security-Policy', () => {
  it('does not ask plain-HTTP browsers to upgrade (the docs would load nothing)', async () => {
    for (const path of ['/docs/', '/docs/static/swagger-ui.css', '/health/live', '/v1/api-keys']) {
      const res = await t.http.get(path).set(auth());
      expect(res.headers['content-security-policy'], path).toBeDefined();
      expect(res.headers['content-security-policy'], path).not.toContain('upgrade-insecure-requests');
    }
  });

  it('upgrades only when the request came over TLS, as a trusted proxy says', async () => {
    const proxied = await startTestApp({
      env: { TRUST_PROXY: 'true', MAX_EVENT_LOOP_DELAY_MS: '0' },
      database: t.db,
    });
    try {
      const https = await proxied.http.get('/docs/').set('X-Forwarded-Proto', 'https');
      expect(https.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      const http = await proxied.http.get('/docs/').set('X-Forwarded-Proto', 'http');
      expect(http.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    } finally {
      await proxied.close();
    }
    // Without TRUST_PROXY the header is not believed.
    const untrusted = await t.http.get('/health/live').set('X-Forwarded-Proto', 'https');
    expect(untrusted.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('lets the docs load only their own scripts and styles, and the API nothing', async () => {
    const docs = (await t.http.get('/docs/')).headers['content-security-policy'] as string;
    expect(docs).toContain("script-src 'self'");
    expect(docs).not.toMatch(/https:|unsafe-inline|unsafe-eval/);
    const api = (await t.http.get('/health/live')).headers['content-security-policy'] as string;
    expect(api).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

describe('the OpenAPI document and the docs UI', () => {
  it('is served at the base URL without a key, to any origin, naming this host as server', async () => {
    for (const path of ['/v1/openapi.json', '/openapi.json']) {
      const res = await t.http.get(path).set('Host', 'api.example.nl');
      expect(res.status, res.text).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['api-version']).toBe('1.0.0');
      expect(res.body.servers).toEqual([{ url: 'http://api.example.nl/v1', description: 'This server' }]);
      expect(res.body.paths['/health/live'].servers).toEqual([
        { url: 'http://api.example.nl', description: 'This server' },
      ]);
      expect(Object.keys(res.body.paths)).toEqual(Object.keys(document.paths));
    }
  });

  it("names the deployment's configured contact (API_CONTACT_*) in the document and the docs UI, else the placeholder", async () => {
    const configured = await startTestApp({
      env: { ...TEST_API_CONTACT_ENV, MAX_EVENT_LOOP_DELAY_MS: '0' },
      database: t.db,
    });
    try {
      for (const path of ['/v1/openapi.json', '/openapi.json', '/docs/json']) {
        const res = await configured.http.get(path);
        expect(res.status, `${path}: ${res.text}`).toBe(200);
        expect(res.body.info.contact, path).toEqual(TEST_API_CONTACT);
        const unconfigured = await t.http.get(path);
        expect(unconfigured.body.info.contact, path).toEqual(UNCONFIGURED_CONTACT);
      }
    } finally {
      await configured.close();
    }
  });

  it('has the service title and no Swagger top bar', async () => {
    const page = await t.http.get('/docs/');
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain('<title>Beroepsgeheim decision service — API documentation</title>');
    const init = await t.http.get('/docs/static/swagger-initializer.js');
    expect(init.text).toContain('"layout":"BaseLayout"');
    const spec = await t.http.get('/docs/json');
    expect(spec.status).toBe(200);
    expect(spec.body.servers[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });
});
