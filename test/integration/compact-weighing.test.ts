/**
 * `Prefer: return=minimal` (RFC 7240) on POST /v1/assessments: the compact form of a weighing,
 * without the per-rule trace, for recorded weighings, dry runs and Idempotency-Key replays. The
 * full form stays the default, and what is recorded is the same either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await startTestApp();
  ({ key } = await t.createKey('Compact'));
});
afterAll(() => t.close());

const post = (body: object, headers: Record<string, string> = {}, dryRun = false) =>
  t.http
    .post(`/v1/assessments${dryRun ? '?dryRun=true' : ''}`)
    .set({ Authorization: `Bearer ${key}`, ...headers })
    .send(body);
const minimal = { Prefer: 'return=minimal' };
const withoutTrace = (body: Record<string, unknown>) => {
  const { trace: _trace, ...rest } = body;
  return rest;
};

describe('Prefer: return=minimal', () => {
  it('records the same weighing and answers with it without the trace', async () => {
    const res = await post(sharingRequest({ caseRef: 'COMPACT-1' }), minimal);
    expect(res.status).toBe(201);
    expect(res.headers['preference-applied']).toBe('return=minimal');
    expect(res.headers.vary).toMatch(/Prefer/);
    expect(res.body.trace).toBeUndefined();
    expect(res.body.information.withhold.length + res.body.information.share.length).toBeGreaterThan(0);
    expect(res.body.dossierNote).toEqual(expect.any(String));
    // The record holds the complete weighing: reading it back gives the full form, which is the
    // compact answer plus the trace.
    const stored = await t.http.get(`/v1/assessments/${res.body.id}`).set({ Authorization: `Bearer ${key}` });
    expect(stored.status).toBe(200);
    expect(stored.body.trace.length).toBeGreaterThan(0);
    const full = withoutTrace(stored.body);
    for (const [name, value] of Object.entries(res.body)) expect(full[name], name).toEqual(value);
    expect(Object.keys(res.body).sort()).toEqual(
      Object.keys(withoutTrace(stored.body))
        .filter(
          (k) =>
            !['request', 'recordedBy', 'resultDigest', 'textsReproduced', 'events', 'traceContext'].includes(
              k,
            ),
        )
        .sort(),
    );
  });

  it('is the full form without the trace for a dry run too', async () => {
    const body = consentRequest({ caseRef: 'COMPACT-DRY' });
    const [full, compact] = await Promise.all([post(body, {}, true), post(body, minimal, true)]);
    expect([full.status, compact.status]).toEqual([200, 200]);
    expect(full.headers['preference-applied']).toBeUndefined();
    expect(full.body.trace.length).toBeGreaterThan(0);
    expect(compact.body).toEqual(withoutTrace(full.body));
  });

  it('shapes an Idempotency-Key replay as the retry asks, rebuilt from the one chain entry', async () => {
    const body = sharingRequest({ caseRef: 'COMPACT-IDEM' });
    const first = await post(body, { 'Idempotency-Key': 'compact-idem-1' });
    expect(first.status).toBe(201);
    const replayed = await post(body, { 'Idempotency-Key': 'compact-idem-1', ...minimal });
    expect(replayed.status).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toEqual(withoutTrace(first.body));

    const second = await post(body, { 'Idempotency-Key': 'compact-idem-2', ...minimal });
    expect(second.body.trace).toBeUndefined();
    const again = await post(body, { 'Idempotency-Key': 'compact-idem-2' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.trace.length).toBeGreaterThan(0);
    expect(withoutTrace(again.body)).toEqual(second.body);
  });

  it('ignores preferences it does not know, and keeps the full form by default', async () => {
    const res = await post(sharingRequest({ caseRef: 'COMPACT-OTHER' }), {
      Prefer: 'return=representation, wait=5',
    });
    expect(res.status).toBe(201);
    expect(res.headers['preference-applied']).toBeUndefined();
    expect(res.body.trace.length).toBeGreaterThan(0);
  });
});
