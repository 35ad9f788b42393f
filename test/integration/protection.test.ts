/** Security headers, closed CORS, rate limits and load shedding, on the real service. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/service.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('security headers and docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: db });
  });
  afterAll(() => t.close());

  it('sends hardening headers and no technology disclosure', async () => {
    const res = await t.http.get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers.server).toBeUndefined();
  });

  it('serves the docs UI and the OpenAPI document from this service only', async () => {
    const page = await t.http.get('/docs/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    expect(page.text).not.toMatch(/(src|href)="https?:\/\//);
    const doc = await t.http.get('/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\.1/);
  });

  it('keeps CORS closed by default', async () => {
    const res = await t.http
      .options('/v1/assessments')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS opened by configuration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: db, env: { CORS_ORIGINS: 'https://wijkteam.example.nl' } });
  });
  afterAll(() => t.close());

  it('allows exactly the configured origin', async () => {
    const allowed = await t.http
      .options('/v1/assessments')
      .set('Origin', 'https://wijkteam.example.nl')
      .set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://wijkteam.example.nl');
    const other = await t.http
      .options('/v1/assessments')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      database: db,
      env: { RATE_LIMIT_PER_KEY_PER_MINUTE: '3', RATE_LIMIT_PER_IP_PER_MINUTE: '1000' },
    });
  });
  afterAll(() => t.close());

  it('answers 429 problem+json with Retry-After once a key exceeds its limit, per key', async () => {
    const { key } = await t.createKey('Rate org', ['read']);
    const { key: other } = await t.createKey('Rate org', ['read']);
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof t.http.get>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await t.http.get('/v1/questions').set('Authorization', `Bearer ${key}`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last!.headers['content-type']).toMatch(/problem\+json/);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.http.get('/v1/questions').set('Authorization', `Bearer ${other}`)).status).toBe(200);
  });
});

describe('load shedding', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A queue limit of 0 waiting connections cannot be met while requests run concurrently.
    t = await startTestApp({
      database: db,
      env: { AUDIT_QUEUE_LIMIT: '1', DB_POOL_MAX: '1', DB_POOL_QUEUE_LIMIT: '1' },
    });
  });
  afterAll(() => t.close());

  it('answers 503 with Retry-After instead of queueing without bound, and records nothing half', async () => {
    const { key } = await t.createKey('Busy org', ['assess', 'read', 'audit']);
    const body = {
      caseRef: 'LOAD-1',
      client: { ref: 'c-1', ageGroup: 'adult', decisionCapacity: 'capable' },
      professional: { ref: 'p-1', profession: 'nurse' },
      recipient: { type: 'lawyer' },
      purpose: { type: 'legal_proceedings' },
      requestedInformation: ['treatment'],
      answers: {},
    };
    const responses = await Promise.all(
      Array.from({ length: 40 }, () =>
        t.http.post('/v1/assessments').set('Authorization', `Bearer ${key}`).send(body),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    for (const r of responses.filter((x) => x.status === 503)) {
      expect(r.headers['retry-after']).toBeDefined();
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    const { rows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM assessments WHERE case_ref = $1',
      ['LOAD-1'],
    );
    expect(Number(rows[0]!.n)).toBe(statuses.filter((s) => s === 201).length);
    const verify = await t.http.get('/v1/audit/verify').set('Authorization', `Bearer ${key}`);
    expect(verify.body.intact).toBe(true);
  });
});
