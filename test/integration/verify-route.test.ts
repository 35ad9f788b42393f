/**
 * GET /v1/audit/verify cannot stall the service: one run per organisation shared by its callers,
 * at most VERIFY_MAX_CONCURRENT runs (then 503 + Retry-After), and a run stopped when its client
 * disconnects. The chain reads are held at a gate, so each run lasts exactly as long as the test
 * wants (no timing); bench/verify-contention.bench.ts measures other requests' latency meanwhile.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let base: string;
const orgs: Array<{ key: string; tenantId: string }> = [];
let reads = 0;
const outcomes: string[] = [];
let gate: Promise<void> = Promise.resolve();
let open: () => void = () => undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await sleep(25);
  expect(condition()).toBe(true);
};
const close = () => {
  open();
};
const hold = () => {
  gate = new Promise((resolve) => {
    open = resolve;
  });
};

beforeAll(async () => {
  t = await startTestApp({ env: { VERIFY_MAX_CONCURRENT: '2' } });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  for (const name of ['Verify A', 'Verify B', 'Verify C']) {
    const org = await t.createKey(name, ['audit', 'assess']);
    orgs.push(org);
    expect(
      (await t.http.post('/v1/assessments').set('Authorization', `Bearer ${org.key}`).send(consentRequest()))
        .status,
    ).toBe(201);
  }
  // How each run of the verifier ended.
  const verifier = t.backend.verifier;
  const run = verifier.verify.bind(verifier);
  verifier.verify = (...args) => {
    const report = run(...args);
    report.then(
      () => outcomes.push('completed'),
      (error: unknown) => outcomes.push(`stopped: ${(error as Error).message}`),
    );
    return report;
  };
  // Every read of chain entries (what a verification spends its time on) waits at the gate.
  const chain = t.backend.chain;
  const read = chain.readRangeBytes.bind(chain);
  chain.readRangeBytes = async (...args) => {
    reads += 1;
    await gate;
    return read(...args);
  };
});
afterAll(async () => {
  close();
  await t.close();
});

const verify = (key: string) => t.http.get('/v1/audit/verify').set('Authorization', `Bearer ${key}`);
const running = () => (t.backend.services.verification as unknown as { running(): number }).running();

describe('GET /v1/audit/verify under contention', () => {
  it('shares one run among the callers of one organisation', async () => {
    hold();
    const before = reads;
    const asked = Array.from({ length: 12 }, () => verify(orgs[0]!.key).then((r) => r));
    await waitFor(() => reads > before);
    await sleep(100);
    expect(running()).toBe(1);
    expect(reads - before).toBe(1);
    close();
    const answers = await Promise.all(asked);
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(new Set(answers.map((r) => r.body.verifiedAt)).size).toBe(1);
    expect(answers[0]!.body.intact).toBe(true);
  });

  it('answers 503 with Retry-After beyond the service-wide cap, and nothing is left running', async () => {
    hold();
    const a = verify(orgs[0]!.key).then((r) => r);
    const b = verify(orgs[1]!.key).then((r) => r);
    await waitFor(() => running() === 2);
    const c = await verify(orgs[2]!.key);
    expect(c.status).toBe(503);
    expect(Number(c.headers['retry-after'])).toBeGreaterThan(0);
    expect(c.body.detail).toContain('Too many verifications');
    // Other requests are served meanwhile.
    expect((await t.http.get('/v1/questions').set('Authorization', `Bearer ${orgs[2]!.key}`)).status).toBe(
      200,
    );
    close();
    expect((await a).status).toBe(200);
    expect((await b).status).toBe(200);
    await waitFor(() => running() === 0);
    expect((await verify(orgs[2]!.key)).status).toBe(200);
  });

  it('stops the work when the client disconnects', async () => {
    hold();
    const before = reads;
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `GET /v1/audit/verify HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${orgs[1]!.key}\r\n\r\n`,
    );
    await waitFor(() => reads > before && running() === 1);
    const ended = outcomes.length;
    socket.destroy();
    // Once the service has seen the client leave (it logs it, since no completion line is written
    // for an answer nobody received), the database answers: the run stops instead of reading on.
    const disconnected = () =>
      t.logs.some((l) => String(l.msg).startsWith('verification request ended: the client disconnected'));
    await waitFor(disconnected);
    close();
    await waitFor(() => running() === 0);
    expect(reads - before).toBe(1);
    expect(outcomes.slice(ended)).toEqual([
      'stopped: every client waiting for the verification disconnected',
    ]);
    // And the next caller gets a fresh, complete run.
    const again = await verify(orgs[1]!.key);
    expect(again.status).toBe(200);
    expect(again.body.intact).toBe(true);
  });
});
