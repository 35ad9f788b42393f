import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let adminKey: string;

beforeAll(async () => {
  t = await startTestApp();
  adminKey = (await t.createKey('Platform test org')).key;
});
afterAll(() => t.close());

const expectProblem = (
  res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(res.headers['api-version']).toBe('1.0.0');
};

describe('health', () => {
  it('live answers without touching the database', async () => {
    // An app of its own on a database of its own, which is then taken away.
    const lonely = await startTestApp();
    try {
      expect((await lonely.http.get('/health/ready')).status).toBe(200);
      await lonely.db.drop();
      const ready = await lonely.http.get('/health/ready');
      expect(ready.status).toBe(503);
      const res = await lonely.http.get('/health/live');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'up' });
    } finally {
      await lonely.app.close();
      await lonely.backend.db.close().catch(() => undefined);
    }
  });

  it('ready reports database up and migrations current', async () => {
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', database: 'up', migrations: 'current' });
  });
});

describe('headers on every response', () => {
  it('sends API-Version and X-Request-Id, keeping a well-formed caller id', async () => {
    const res = await t.http.get('/health/live').set('X-Request-Id', 'caller-id-12345');
    expect(res.headers['api-version']).toBe('1.0.0');
    expect(res.headers['x-request-id']).toBe('caller-id-12345');
  });

  it('replaces a malformed caller id', async () => {
    const res = await t.http.get('/health/live').set('X-Request-Id', 'x y\tz');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('errors are problem+json', () => {
  it('unknown route: 404', async () => {
    const res = await t.http.get('/v1/does-not-exist');
    expectProblem(res, 404);
    expect(res.body.instance).toBe(res.headers['x-request-id']);
  });

  it('trailing slash is not the same route (NL GOV: no trailing slashes)', async () => {
    const res = await t.http.get('/health/live/');
    expectProblem(res, 404);
  });

  it('no key: 401 with WWW-Authenticate', async () => {
    const res = await t.http.get('/v1/api-keys');
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('unknown key: 401', async () => {
    const res = await t.http
      .get('/v1/api-keys')
      .set('Authorization', `Bearer pss_aaaaaaaaaaaa_${'x'.repeat(43)}`);
    expectProblem(res, 401);
  });

  it('key without the scope: 403', async () => {
    const { key } = await t.createKey('Platform test org', ['read']);
    const res = await t.http.get('/v1/api-keys').set('Authorization', `Bearer ${key}`);
    expectProblem(res, 403);
    expect(res.body.detail).toContain('admin');
  });

  it('wrong media type: 415', async () => {
    const res = await t.http
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${adminKey}`)
      .set('Content-Type', 'text/plain')
      .send('name=x');
    expectProblem(res, 415);
  });

  it('oversized body: 413', async () => {
    const res = await t.http
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${adminKey}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(70_000), scopes: ['read'] }));
    expectProblem(res, 413);
  });

  it('malformed JSON: 400 without quoting the body', async () => {
    const res = await t.http
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${adminKey}`)
      .set('Content-Type', 'application/json')
      .send('{"name": "Jan Jansen", ');
    expectProblem(res, 400);
    expect(JSON.stringify(res.body)).not.toContain('Jansen');
  });

  it('validation error names every offending field', async () => {
    const res = await t.http
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${adminKey}`)
      .send({ scopes: ['read', 'superuser'], extra: true });
    expectProblem(res, 400);
    const names = (res.body.invalidParams as Array<{ name: string }>).map((p) => p.name).sort();
    expect(names).toEqual(['body.extra', 'body.name', 'body.scopes.1']);
    expect(res.body.detail).toContain('body.name is required');
  });

  it('prototype pollution keys are refused', async () => {
    const res = await t.http
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${adminKey}`)
      .set('Content-Type', 'application/json')
      .send('{"name":"x","scopes":["read"],"__proto__":{"admin":true}}');
    expectProblem(res, 400);
  });
});

describe('API keys', () => {
  it('creates a key that works, lists it without secret, and revokes it immediately', async () => {
    const created = await t.http
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${adminKey}`)
      .send({ name: 'wijkteam systeem', scopes: ['read'] });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^pss_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const newKey = created.body.key as string;

    const list = await t.http.get('/v1/api-keys').set('Authorization', `Bearer ${adminKey}`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(newKey);
    expect(list.body.items.map((k: { id: string }) => k.id)).toContain(created.body.id);

    const verifyWithNew = await t.http.get('/v1/audit/verify').set('Authorization', `Bearer ${newKey}`);
    expect(verifyWithNew.status).toBe(403); // read scope only

    const revoked = await t.http
      .delete(`/v1/api-keys/${created.body.id}`)
      .set('Authorization', `Bearer ${adminKey}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();

    const afterRevoke = await t.http.get('/v1/api-keys').set('Authorization', `Bearer ${newKey}`);
    expect(afterRevoke.status).toBe(401);
  });

  it('stores only a hash of the key', async () => {
    const { key } = await t.createKey('Platform test org', ['read']);
    const rows = await t.db.query('SELECT * FROM api_keys');
    const secret = key.slice('pss_'.length + 12 + 1);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(rows.rows)).not.toContain(secret);
  });

  it('key changes are entries in the integrity chain, which verifies', async () => {
    // A key created and revoked by this test (whatever other tests did or did not do before it).
    const created = await t.http
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${adminKey}`)
      .send({ name: 'koppeling kort', scopes: ['read'] });
    expect(created.status).toBe(201);
    const revoked = await t.http
      .delete(`/v1/api-keys/${created.body.id}`)
      .set('Authorization', `Bearer ${adminKey}`);
    expect(revoked.status).toBe(200);
    const entries = await t.db.query<{ entry_type: string }>(
      'SELECT entry_type FROM audit_chain WHERE entity_id = $1 ORDER BY sequence',
      [created.body.id],
    );
    expect(entries.rows.map((r) => r.entry_type)).toEqual(['api_key.created', 'api_key.revoked']);
    const res = await t.http.get('/v1/audit/verify').set('Authorization', `Bearer ${adminKey}`);
    expect(res.status).toBe(200);
    expect(res.body.intact).toBe(true);
    const types = await t.db.query<{ entry_type: string }>(
      'SELECT DISTINCT entry_type FROM audit_chain ORDER BY entry_type',
    );
    expect(types.rows.map((r) => r.entry_type)).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it('another organisation cannot revoke or see the key', async () => {
    const other = await t.createKey('Other org');
    const mine = await t.createKey('Platform test org', ['read']);
    const res = await t.http
      .delete(`/v1/api-keys/${mine.apiKeyId}`)
      .set('Authorization', `Bearer ${other.key}`);
    expectProblem(res, 404);
    const list = await t.http.get('/v1/api-keys').set('Authorization', `Bearer ${other.key}`);
    expect(list.body.items.map((k: { id: string }) => k.id)).not.toContain(mine.apiKeyId);
  });
});
