/**
 * Hardening at the edges of the service, on the real service and database (docs/security.md):
 *
 * - errors raised before routing (a badly encoded path, an over-long path segment, a request head
 *   too large, a request that is not HTTP) are problem+json like every other error and never quote
 *   the path, which can hold a case reference;
 * - an overloaded event loop sheds load with 503 + Retry-After (liveness keeps answering) and
 *   records nothing, and the service serves again once the pressure is gone;
 * - every database call is bounded: a statement held up by a lock ends at the statement timeout
 *   as 503 + Retry-After, never 500 and never 401 (for the key lookup), with nothing half-written,
 *   and the same Idempotency-Key then records the request once the database answers again.
 *
 * protection.test.ts covers headers, CORS, rate limits and pool/queue load shedding;
 * test/integration/fuzz.test.ts throws generated input at every route.
 */
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectProblem(res: Response, status: number): void {
  expect(res.status, res.text?.slice(0, 300)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(res.text)).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
  });
}

async function countCase(t: TestApp, caseRef: string): Promise<number> {
  const { rows } = await t.db.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM assessments WHERE case_ref = $1)
          + (SELECT count(*) FROM audit_chain WHERE content LIKE '%' || $1 || '%') AS n`,
    [caseRef],
  );
  return Number(rows[0]!.n);
}

describe('errors before routing', () => {
  let t: TestApp;
  let key: string;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    ({ key } = await t.createKey('Edge org'));
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http.get(path).set('Authorization', `Bearer ${key}`);

  it('a badly encoded path: 400 problem+json that does not quote it', async () => {
    for (const path of [
      '/v1/cases/EDGE-CASE-4711%zz/assessments',
      '/v1/assessments/EDGE-CASE-4711%/export',
    ]) {
      const res = await get(path);
      expectProblem(res, 400);
      expect(res.text).not.toContain('EDGE-CASE-4711');
      expect(res.headers['x-request-id']).toBe(JSON.parse(res.text).instance);
    }
  });

  it('a path segment over 200 characters: 414 problem+json that does not quote it', async () => {
    const res = await get(`/v1/cases/EDGE-CASE-4711-${'x'.repeat(200)}/assessments`);
    expectProblem(res, 414);
    expect(res.text).not.toContain('EDGE-CASE-4711');
  });

  it('a request head over the server limit: 431 problem+json, connection closed', async () => {
    const res = await get('/v1/questions').set('X-Padding', 'x'.repeat(20_000));
    expectProblem(res, 431);
    expect(res.headers.connection).toBe('close');
  });

  it('bytes that are not HTTP: 400 problem+json, connection closed', async () => {
    const { port } = new URL(base);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('utf8');
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write('\u0000\u0001 NOT HTTP AT ALL\r\n\r\n');
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/Content-Type: application\/problem\+json/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400 });
  });
});

describe('slow request heads', () => {
  let t: TestApp;
  let base: string;
  const REQUEST_TIMEOUT_MS = 2_000;
  beforeAll(async () => {
    t = await startTestApp({ env: { REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('are cut at the request timeout (408 problem+json), not up to 30 s later', async () => {
    // A head that never ends: one more header byte every 200 ms. Node checks the timeout only every
    // connectionsCheckingInterval; left at its 30 s default, the cut came 30 to 60 s late.
    const { port } = new URL(base);
    const started = performance.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      let drip: ReturnType<typeof setInterval> | undefined;
      socket.on('connect', () => {
        socket.write('GET /v1/questions HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
        drip = setInterval(() => socket.writable && socket.write('x'), 200);
      });
      socket.on('data', (chunk) => {
        text += chunk.toString('utf8');
      });
      socket.on('close', () => {
        clearInterval(drip);
        resolve(text);
      });
      socket.on('error', (error) => {
        clearInterval(drip);
        reject(error);
      });
    });
    const seconds = (performance.now() - started) / 1000;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/Content-Type: application\/problem\+json/i);
    expect(seconds).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS / 1000 - 0.1);
    // The timeout plus at most the one-second check interval (and room for a busy machine).
    expect(seconds).toBeLessThan(REQUEST_TIMEOUT_MS / 1000 + 8);
  });
});

describe('an overloaded event loop', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_EVENT_LOOP_DELAY_MS: '10' } });
    ({ key } = await t.createKey('Overloaded org'));
  });
  afterAll(() => t.close());

  it('sheds load with 503 + Retry-After, records nothing, keeps liveness up, and recovers', async () => {
    const app = t.app as FastifyInstance & { isUnderPressure(): boolean };
    // Busy work on the loop: 150 ms out of every 200 ms, the way a CPU-bound burst would.
    const blocker = setInterval(() => {
      const end = Date.now() + 150;
      while (Date.now() < end) {
        // busy
      }
    }, 200);
    try {
      for (let i = 0; i < 50 && !app.isUnderPressure(); i++) await sleep(100);
      expect(app.isUnderPressure()).toBe(true);
      const post = await t.http
        .post('/v1/assessments')
        .set('Authorization', `Bearer ${key}`)
        .set('Idempotency-Key', 'pressure-1')
        .send(consentRequest({ caseRef: 'PRESSURE-CASE-1' }));
      expectProblem(post, 503);
      expect(Number(post.headers['retry-after'])).toBeGreaterThan(0);
      const ready = await t.http.get('/health/ready');
      expectProblem(ready, 503);
      expect((await t.http.get('/health/live')).status).toBe(200);
    } finally {
      clearInterval(blocker);
    }
    await sleep(500);
    expect(await countCase(t, 'PRESSURE-CASE-1')).toBe(0);
    for (let i = 0; i < 50 && app.isUnderPressure(); i++) await sleep(100);
    const again = await t.http
      .post('/v1/assessments')
      .set('Authorization', `Bearer ${key}`)
      .set('Idempotency-Key', 'pressure-1')
      .send(consentRequest({ caseRef: 'PRESSURE-CASE-1' }));
    expect(again.status).toBe(201);
    expect(await countCase(t, 'PRESSURE-CASE-1')).toBe(2);
  });
});

describe('database calls are bounded', () => {
  let t: TestApp;
  let key: string;
  let locker: pg.Client;
  const STATEMENT_TIMEOUT_MS = 300;

  beforeAll(async () => {
    t = await startTestApp({ env: { DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS) } });
    ({ key } = await t.createKey('Locked org'));
    locker = new pg.Client({ connectionString: t.db.superuserUrl });
    await locker.connect();
  });
  afterAll(async () => {
    await locker.end();
    await t.close();
  });

  /** Holds an exclusive lock on the tables while `fn` runs, as a long migration or a stuck session would. */
  async function whileLocked<T>(tables: string[], fn: () => Promise<T>): Promise<T> {
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${tables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    try {
      return await fn();
    } finally {
      await locker.query('ROLLBACK');
    }
  }

  const timed = async (request: PromiseLike<Response>) => {
    const started = performance.now();
    const res = await request;
    return { res, ms: performance.now() - started };
  };

  it('a read held up by a lock: 503 + Retry-After at the statement timeout', async () => {
    const { res, ms } = await whileLocked(['assessments'], () =>
      timed(t.http.get('/v1/assessments').set('Authorization', `Bearer ${key}`)),
    );
    expectProblem(res, 503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5_000);
  });

  it('the key lookup held up by a lock: 503, not 401 (the key is not judged invalid)', async () => {
    // A key not used before, so it is looked up (keys once known are resolved from memory).
    const { key: fresh } = await t.createKey('Locked org');
    const { res } = await whileLocked(['api_keys'], () =>
      timed(t.http.get('/v1/questions').set('Authorization', `Bearer ${fresh}`)),
    );
    expectProblem(res, 503);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('a write held up by a lock: 503, nothing half-written, and the same key records it afterwards', async () => {
    const body = consentRequest({ caseRef: 'LOCKED-CASE-1' });
    const { res } = await whileLocked(['assessments'], () =>
      timed(
        t.http
          .post('/v1/assessments')
          .set('Authorization', `Bearer ${key}`)
          .set('Idempotency-Key', 'locked-1')
          .send(body),
      ),
    );
    expectProblem(res, 503);
    expect(await countCase(t, 'LOCKED-CASE-1')).toBe(0);
    const { rows } = await t.db.query(`SELECT 1 FROM idempotency_keys WHERE idempotency_key = 'locked-1'`);
    expect(rows).toEqual([]);

    const retry = await t.http
      .post('/v1/assessments')
      .set('Authorization', `Bearer ${key}`)
      .set('Idempotency-Key', 'locked-1')
      .send(body);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    // One chain entry and one index row.
    expect(await countCase(t, 'LOCKED-CASE-1')).toBe(2);
    const verify = await t.http.get('/v1/audit/verify').set('Authorization', `Bearer ${key}`);
    expect(verify.body.intact).toBe(true);
  });

  it('readiness held up by a lock: 503, not a hang', async () => {
    const { res, ms } = await whileLocked(['schema_migrations'], () => timed(t.http.get('/health/ready')));
    expectProblem(res, 503);
    expect(ms).toBeLessThan(5_000);
  });
});
