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
import { waitFor } from '../support/wait.js';

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
  // Far above what a busy shared machine adds to an idle process (a few ms on average), far below
  // what the blocker below causes (hundreds): the outcome depends on the blocker alone.
  const MAX_DELAY_MS = 50;
  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_EVENT_LOOP_DELAY_MS: String(MAX_DELAY_MS) } });
    ({ key } = await t.createKey('Overloaded org'));
  });
  afterAll(() => t.close());

  const post = () =>
    t.http
      .post('/v1/assessments')
      .set('Authorization', `Bearer ${key}`)
      .set('Idempotency-Key', 'pressure-1')
      .send(consentRequest({ caseRef: 'PRESSURE-CASE-1' }));

  it('sheds load with 503 + Retry-After, records nothing, keeps liveness up, and recovers', async () => {
    const app = t.app as FastifyInstance & { isUnderPressure(): boolean };
    // Busy work on the loop, 400 ms out of every 420 ms, as a CPU-bound burst would: the loop's
    // mean delay is then many times the limit however fast or slow the machine is.
    const blocker = setInterval(() => {
      const end = Date.now() + 400;
      while (Date.now() < end) {
        // busy
      }
    }, 20);
    try {
      await waitFor('the service to see the pressure', () => app.isUnderPressure(), { every: 5 });
      const shed = await post();
      expectProblem(shed, 503);
      expect(Number(shed.headers['retry-after'])).toBeGreaterThan(0);
      const ready = await t.http.get('/health/ready');
      expectProblem(ready, 503);
      expect((await t.http.get('/health/live')).status).toBe(200);
    } finally {
      clearInterval(blocker);
    }
    // Turned away before any handler ran: nothing was recorded.
    expect(await countCase(t, 'PRESSURE-CASE-1')).toBe(0);
    await waitFor('the pressure to pass', () => !app.isUnderPressure());
    // A client retrying as Retry-After asks is served once the loop is free again, exactly once.
    const again = await waitFor('the service to record the retried request', async () => {
      const res = await post();
      return res.status === 503 ? undefined : res;
    });
    expect(again.status).toBe(201);
    // Recorded now, not replayed: the shed request had left nothing behind its Idempotency-Key.
    expect(again.headers['idempotent-replayed']).toBeUndefined();
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
    // The lock is held until the answer is in, so any answer at all proves the wait was bounded.
    const { res } = await whileLocked(['assessments'], () =>
      timed(t.http.get('/v1/assessments').set('Authorization', `Bearer ${key}`)),
    );
    expectProblem(res, 503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
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
    const { res } = await whileLocked(['schema_migrations'], () => timed(t.http.get('/health/ready')));
    expectProblem(res, 503);
  });
});
