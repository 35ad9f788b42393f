/**
 * The assessments API against a real PostgreSQL: recording, validation that leaves no trace,
 * pseudonymisation, idempotency, follow-up events, queries with keyset pagination, tenant
 * isolation and replay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeRuleset, evaluate } from '../../src/engine/index.js';
import { consentRequest, type Json, sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
let tenantId: string;
let otherKey: string;

const auth = (k = key) => ({ Authorization: `Bearer ${k}` });

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['audit_chain', 'assessments', 'assessment_events', 'idempotency_keys']) {
    const { rows } = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

const post = (body: Json, k = key) => t.http.post('/v1/assessments').set(auth(k)).send(body);

beforeAll(async () => {
  t = await startTestApp();
  ({ key, tenantId } = await t.createKey('Wijkteam Noord'));
  otherKey = (await t.createKey('Veiligheidshuis')).key;
});
afterAll(() => t.close());

describe('POST /v1/assessments', () => {
  it('records the weighing and answers 201 with the engine result, integrity and Location', async () => {
    const body = consentRequest();
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/assessments/${res.body.id}`);
    expect(res.headers['content-language']).toBe('nl');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    const expected = evaluate(
      { ...body, client: { ...(body.client as Json), deceased: false } } as never,
      { language: 'nl', referenceDate: today },
      activeRuleset,
    );
    expect(res.body).toMatchObject({
      decision: expected.decision,
      ground: expected.ground,
      rulesetVersion: activeRuleset.version,
      rulesetHash: activeRuleset.hash,
      dossierNote: expected.dossierNote,
      caseRef: 'WT-2026-0042',
    });
    expect(res.body.trace).toEqual(expected.trace);
    expect(res.body.integrity).toEqual({
      sequence: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      previousHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('answers in English on Accept-Language: en', async () => {
    const res = await post(consentRequest()).set('Accept-Language', 'en-GB,en;q=0.9,nl;q=0.5');
    expect(res.status).toBe(201);
    expect(res.body.language).toBe('en');
    expect(res.headers['content-language']).toBe('en');
  });

  it('GET returns exactly what was recorded, with the request but never the client reference', async () => {
    const created = await post(
      consentRequest({
        client: { ref: 'client-ref-zeer-geheim', ageGroup: 'adult', decisionCapacity: 'capable' },
      }),
    );
    const res = await t.http.get(`/v1/assessments/${created.body.id}`).set(auth());
    expect(res.status).toBe(200);
    const { request, recordedBy, events, resultDigest, textsReproduced, traceContext, ...record } = res.body;
    expect(record).toEqual(created.body);
    // The trace context it was recorded in: the span the POST's traceparent named.
    const [, traceId, spanId] = String(created.headers.traceparent).split('-');
    expect(traceContext).toEqual({ traceId, spanId });
    expect(textsReproduced).toBe(true);
    expect(resultDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(request.client.refPseudonym).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(res.body)).not.toContain('client-ref-zeer-geheim');
    expect(recordedBy.apiKeyId).toEqual(expect.any(String));
    expect(events).toEqual([]);
  });

  it('never stores the client reference in clear, anywhere in the database', async () => {
    const ref = 'cli-ent-9f2e-onvindbaar';
    await post(consentRequest({ client: { ref, ageGroup: 'adult', decisionCapacity: 'capable' } }));
    const { rows } = await t.db.query<{ hit: string }>(
      `SELECT 'audit_chain' AS hit FROM audit_chain WHERE content LIKE $1
       UNION ALL SELECT 'assessments' FROM assessments WHERE (assessments.*)::text LIKE $1
       UNION ALL SELECT 'idempotency' FROM idempotency_keys WHERE (idempotency_keys.*)::text LIKE $1`,
      [`%${ref}%`],
    );
    expect(rows).toEqual([]);
  });

  it('dryRun answers what recording would, and writes only its processing-log row (200)', async () => {
    // Answers that lead to a decision (not a question), so a dry run deciding differently shows.
    const body = sharingRequest({ answers: { 'consent.given': false, 'legal.wmoMedicalRequest': false } });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    const expected = evaluate(
      { ...body, client: { ...(body.client as Json), deceased: false } } as never,
      { language: 'nl', referenceDate: today },
      activeRuleset,
    );
    expect(expected.decision).toBe('not_allowed');
    const before = await t.db.rowCounts();
    const res = await t.http.post('/v1/assessments?dryRun=true').set(auth()).send(body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      decision: expected.decision,
      ground: expected.ground,
      information: expected.information,
      obligations: expected.obligations,
      dossierNote: expected.dossierNote,
      rulesetVersion: activeRuleset.version,
      rulesetHash: activeRuleset.hash,
    });
    expect(res.body.trace).toEqual(expected.trace);
    expect(res.body.integrity).toBeUndefined();
    expect(res.body.id).toBeUndefined();
    // Every table of the schema: nothing but the processing log (LDV) records that it happened.
    expect(await t.db.rowCounts()).toEqual({ ...before, processing_logs: before.processing_logs! + 1 });

    // The same request recorded gets the same weighing.
    const recorded = await post(body);
    expect(recorded.status).toBe(201);
    const { decision, ground, information, obligations, dossierNote, trace } = recorded.body;
    expect({ decision, ground, information, obligations, dossierNote, trace }).toEqual({
      decision: res.body.decision,
      ground: res.body.ground,
      information: res.body.information,
      obligations: res.body.obligations,
      dossierNote: res.body.dossierNote,
      trace: res.body.trace,
    });
  });

  describe('invalid input is refused with a 4xx naming the field, and leaves no trace', () => {
    // A BSN is refused with 422 (the request is well-formed; the same request without the BSN would
    // be accepted), anything else invalid with 400.
    const cases: Array<[string, Json, string, number]> = [
      [
        'unknown answer id',
        sharingRequest({ answers: { 'consent.givenn': true } }),
        'body.answers.consent.givenn',
        400,
      ],
      [
        'wrong answer type',
        sharingRequest({ answers: { 'consent.given': 'yes' } }),
        'body.answers.consent.given',
        400,
      ],
      ['BSN as case reference', sharingRequest({ caseRef: '111222333' }), 'body.caseRef', 422],
      [
        'BSN inside the client reference',
        sharingRequest({ client: { ref: 'bsn-123456782', ageGroup: 'adult', decisionCapacity: 'capable' } }),
        'body.client.ref',
        422,
      ],
      [
        'BSN as professional reference',
        sharingRequest({ professional: { ref: '123 456 782', profession: 'nurse' } }),
        'body.professional.ref',
        422,
      ],
      [
        'BSN in the recipient name',
        sharingRequest({ recipient: { type: 'municipality', name: 'Gemeente, over 111-222-333' } }),
        'body.recipient.name',
        422,
      ],
      [
        'BSN in the purpose description',
        sharingRequest({ purpose: { type: 'eligibility_assessment', description: 'bsn ١٢٣٤٥٦٧٨٢' } }),
        'body.purpose.description',
        422,
      ],
      [
        'a right-to-left override in the recipient name',
        sharingRequest({ recipient: { type: 'municipality', name: 'Gemeente \u202eecilop' } }),
        'body.recipient.name',
        400,
      ],
      [
        'unknown recipient type',
        sharingRequest({ recipient: { type: 'neighbour' } }),
        'body.recipient.type',
        400,
      ],
      [
        'no requested information',
        sharingRequest({ requestedInformation: [] }),
        'body.requestedInformation',
        400,
      ],
      ['unknown top-level field', sharingRequest({ clientName: 'Jan' }), 'body.clientName', 400],
      [
        'invalid date',
        sharingRequest({ answers: { 'consent.validUntil': '2026-02-30' } }),
        'body.answers.consent.validUntil',
        400,
      ],
    ];
    it.each(cases)('%s', async (_name, body, field, status) => {
      const before = await tableCounts();
      const res = await post(body).set('Idempotency-Key', `invalid-${field}`);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
      if (status === 422) expect(res.body.invalidParams[0].code).toBe('contains_bsn');
      expect(res.body.detail).toContain(field);
      expect(await tableCounts()).toEqual(before);
    });

    it('does not echo the submitted value back', async () => {
      const res = await post(sharingRequest({ caseRef: '111222333' }));
      expect(JSON.stringify(res.body)).not.toContain('111222333');
    });
  });
});

describe('Idempotency-Key', () => {
  it('replays the original response for the same key and body, without a second record', async () => {
    const body = consentRequest({ caseRef: 'IDEM-1' });
    const first = await post(body).set('Idempotency-Key', 'idem-key-1');
    const before = await tableCounts();
    const second = await post(body).set('Idempotency-Key', 'idem-key-1');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.text).toBe(first.text);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses the same key with a different body (422)', async () => {
    await post(consentRequest({ caseRef: 'IDEM-2' })).set('Idempotency-Key', 'idem-key-2');
    const res = await post(consentRequest({ caseRef: 'IDEM-2b' })).set('Idempotency-Key', 'idem-key-2');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses a retry while the first request is still in flight (409)', async () => {
    const body = consentRequest({ caseRef: 'IDEM-3' });
    await post(body).set('Idempotency-Key', 'idem-key-3a');
    const { rows } = await t.db.query<{ request_fingerprint: string }>(
      `SELECT request_fingerprint FROM idempotency_keys WHERE idempotency_key = 'idem-key-3a'`,
    );
    // The same request is "in flight" under another key (as if a first attempt were still running).
    await t.db.query(
      `INSERT INTO idempotency_keys (tenant_id, idempotency_key, request_fingerprint, state) VALUES ($1, 'idem-key-3b', $2, 'in_flight')`,
      [tenantId, rows[0]!.request_fingerprint],
    );
    const res = await post(body).set('Idempotency-Key', 'idem-key-3b');
    expect(res.status).toBe(409);
    expect(res.headers['retry-after']).toBe('1');
  });

  it('scopes keys per organisation', async () => {
    await post(consentRequest({ caseRef: 'IDEM-4' })).set('Idempotency-Key', 'shared-key');
    const res = await post(consentRequest({ caseRef: 'IDEM-4-other' }), otherKey).set(
      'Idempotency-Key',
      'shared-key',
    );
    expect(res.status).toBe(201);
  });
});

describe('follow-up events', () => {
  it('appends events in order and shows them with the weighing', async () => {
    const created = await post(consentRequest({ caseRef: 'EVT-1' }));
    const id = created.body.id as string;
    const shared = await t.http
      .post(`/v1/assessments/${id}/events`)
      .set(auth())
      .send({ type: 'information_shared', professionalRef: 'p-17', categories: ['treatment'] });
    expect(shared.status).toBe(201);
    const note = await t.http.post(`/v1/assessments/${id}/events`).set(auth()).send({
      type: 'note',
      professionalRef: 'p-17',
      text: 'Correctie: cliënt is vooraf telefonisch geïnformeerd.',
    });
    expect(note.status).toBe(201);
    expect(note.body.integrity.sequence).toBe(shared.body.integrity.sequence + 1);
    const detail = await t.http.get(`/v1/assessments/${id}`).set(auth());
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['information_shared', 'note']);
    expect(detail.body.events[1].text).toContain('Correctie');
  });

  it('refuses a BSN as the professional reference or in the text (422), and leaves no trace', async () => {
    const created = await post(consentRequest({ caseRef: 'EVENT-BSN' }));
    const before = await tableCounts();
    for (const [body, field] of [
      [{ type: 'note', professionalRef: 'p-123456782', text: 'x' }, 'body.professionalRef'],
      [{ type: 'note', professionalRef: 'p-1', text: 'Moeder, bsn 1234.56.782, belde.' }, 'body.text'],
    ] as const) {
      const res = await t.http.post(`/v1/assessments/${created.body.id}/events`).set(auth()).send(body);
      expect(res.status, field).toBe(422);
      expect(res.body.invalidParams).toEqual([
        { name: field, code: 'contains_bsn', reason: expect.any(String) },
      ]);
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('requires text for a note and refuses unknown event types', async () => {
    const created = await post(consentRequest({ caseRef: 'EVT-2' }));
    const before = await tableCounts();
    const noText = await t.http
      .post(`/v1/assessments/${created.body.id}/events`)
      .set(auth())
      .send({ type: 'note', professionalRef: 'p-1' });
    expect(noText.status).toBe(400);
    expect(noText.body.invalidParams.map((p: { name: string }) => p.name)).toContain('body.text');
    const unknown = await t.http
      .post(`/v1/assessments/${created.body.id}/events`)
      .set(auth())
      .send({ type: 'deleted', professionalRef: 'p-1' });
    expect(unknown.status).toBe(400);
    expect(await tableCounts()).toEqual(before);
  });

  it('answers 404 for an unknown assessment', async () => {
    const res = await t.http
      .post('/v1/assessments/00000000-0000-4000-8000-000000000000/events')
      .set(auth())
      .send({ type: 'client_informed', professionalRef: 'p-1' });
    expect(res.status).toBe(404);
  });
});

describe('tenant isolation', () => {
  it("another organisation's weighing is 404 everywhere and never listed", async () => {
    const mine = await post(consentRequest({ caseRef: 'ISO-1' }));
    const id = mine.body.id as string;
    expect((await t.http.get(`/v1/assessments/${id}`).set(auth(otherKey))).status).toBe(404);
    expect(
      (
        await t.http
          .post(`/v1/assessments/${id}/events`)
          .set(auth(otherKey))
          .send({ type: 'client_informed', professionalRef: 'x-1' })
      ).status,
    ).toBe(404);
    expect((await t.http.post(`/v1/assessments/${id}/replay`).set(auth(otherKey))).status).toBe(404);
    const list = await t.http.get('/v1/assessments?caseRef=ISO-1').set(auth(otherKey));
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });
});

describe('GET /v1/assessments', () => {
  let ids: string[] = [];
  beforeAll(async () => {
    ids = [];
    for (let i = 0; i < 30; i++) {
      const body =
        i % 3 === 0
          ? sharingRequest({
              caseRef: 'LIST-A',
              client: { ref: 'c-list-shared', ageGroup: 'adult', decisionCapacity: 'capable' },
            })
          : consentRequest({
              caseRef: i % 2 === 0 ? 'LIST-A' : 'LIST-B',
              client: { ref: `c-list-${i}`, ageGroup: 'adult', decisionCapacity: 'capable' },
            });
      const res = await post(body);
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
  });

  it('pages newest first, 25 by default, with a cursor that covers everything exactly once', async () => {
    const first = await t.http.get('/v1/assessments').set(auth());
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(25);
    const seen: string[] = first.body.items.map((i: { id: string }) => i.id);
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const page = await t.http.get(`/v1/assessments?limit=7&cursor=${cursor}`).set(auth());
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const sequences = first.body.items.map((i: { integrity: { sequence: number } }) => i.integrity.sequence);
    expect([...sequences].sort((a, b) => b - a)).toEqual(sequences);
    for (const id of ids) expect(seen).toContain(id);
  });

  it('filters by case, client (through its pseudonym), recipient type, decision and ground', async () => {
    const byCase = await t.http.get('/v1/assessments?caseRef=LIST-B&limit=100').set(auth());
    expect(byCase.body.items.length).toBeGreaterThan(0);
    expect(byCase.body.items.every((i: { caseRef: string }) => i.caseRef === 'LIST-B')).toBe(true);

    const byClient = await t.http.get('/v1/assessments?clientRef=c-list-shared&limit=100').set(auth());
    expect(byClient.body.items).toHaveLength(10);

    const byRecipient = await t.http.get('/v1/assessments?recipientType=lawyer&limit=100').set(auth());
    expect(byRecipient.body.items.every((i: { recipientType: string }) => i.recipientType === 'lawyer')).toBe(
      true,
    );

    const sample = byRecipient.body.items[0] as { decision: string; ground: string };
    const byDecision = await t.http
      .get(`/v1/assessments?decision=${sample.decision}&ground=${sample.ground}&limit=100`)
      .set(auth());
    expect(byDecision.body.items.length).toBeGreaterThan(0);
    expect(
      byDecision.body.items.every(
        (i: { decision: string; ground: string }) =>
          i.decision === sample.decision && i.ground === sample.ground,
      ),
    ).toBe(true);
  });

  it('filters by a recorded-at range', async () => {
    const all = await t.http.get('/v1/assessments?limit=100').set(auth());
    const times = all.body.items.map((i: { recordedAt: string }) => i.recordedAt).sort();
    const from = times[Math.floor(times.length / 2)];
    const res = await t.http.get(`/v1/assessments?limit=100&recordedFrom=${from}`).set(auth());
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((i: { recordedAt: string }) => i.recordedAt >= from)).toBe(true);
    const future = await t.http.get('/v1/assessments?recordedFrom=2999-01-01T00:00:00Z').set(auth());
    expect(future.body.items).toEqual([]);
  });

  it('refuses a page size over 100, a forged cursor, and a BSN as client or case reference (422)', async () => {
    expect((await t.http.get('/v1/assessments?limit=101').set(auth())).status).toBe(400);
    expect((await t.http.get('/v1/assessments?cursor=bm90LWEtY3Vyc29y').set(auth())).status).toBe(400);
    for (const [name, value] of [
      ['clientRef', '123456782'],
      ['caseRef', 'WT-111-222-333'],
    ]) {
      const bsn = await t.http
        .get('/v1/assessments')
        .query({ [name!]: value })
        .set(auth());
      expect(bsn.status, name).toBe(422);
      expect(bsn.body.invalidParams).toEqual([
        { name: `query.${name}`, code: 'contains_bsn', reason: expect.stringContaining('BSN') },
      ]);
      expect(bsn.text).not.toContain(value);
    }
  });

  it('refuses a date-time outside 1900-9999 with 400, not a server error', async () => {
    for (const value of ['0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '9999-12-31T23:59:59-01:00']) {
      const res = await t.http.get('/v1/assessments').query({ recordedFrom: value }).set(auth());
      expect(res.status, value).toBe(400);
      expect(res.body.invalidParams[0].name).toBe('query.recordedFrom');
    }
    expect(
      (await t.http.get('/v1/assessments').query({ recordedTo: '9999-12-31T00:00:00Z' }).set(auth())).status,
    ).toBe(200);
  });
});

describe('replay', () => {
  it('re-evaluates with the recorded ruleset and finds the result identical', async () => {
    const created = await post(consentRequest({ caseRef: 'REPLAY-1' })).set('Accept-Language', 'en');
    const res = await t.http.post(`/v1/assessments/${created.body.id}/replay`).set(auth());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rulesetAvailable: true,
      identical: true,
      differences: [],
      recorded: { rulesetHash: activeRuleset.hash, decision: created.body.decision },
      current: { rulesetHash: activeRuleset.hash, sameDecision: true },
    });
  });

  it('needs the audit scope', async () => {
    const { key: assessOnly } = await t.createKey('Wijkteam Noord', ['assess', 'read']);
    const created = await post(consentRequest());
    expect(
      (await t.http.post(`/v1/assessments/${created.body.id}/replay`).set(auth(assessOnly))).status,
    ).toBe(403);
  });
});

describe('questionnaire', () => {
  it('serves the question catalogue, filterable, in Dutch or English', async () => {
    const nl = await t.http.get('/v1/questions').set(auth());
    expect(nl.status).toBe(200);
    expect(nl.body.items.map((q: { id: string }) => q.id)).toEqual(
      expect.arrayContaining(['consent.given', 'danger.acute']),
    );
    const en = await t.http
      .get('/v1/questions?recipientType=veilig_thuis')
      .set(auth())
      .set('Accept-Language', 'en');
    expect(en.body.language).toBe('en');
    expect(en.body.items.length).toBeLessThanOrEqual(nl.body.items.length);
    expect(en.body.items.map((q: { id: string }) => q.id)).toContain('report.suspicion');
  });

  it('serves the ruleset with version, hash and sources', async () => {
    const res = await t.http.get('/v1/rules').set(auth());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: activeRuleset.version,
      hash: activeRuleset.hash,
      active: true,
    });
    expect(res.body.rules.length).toBeGreaterThan(10);
    expect(res.body.rules.every((r: { sources: string[] }) => r.sources.length > 0)).toBe(true);
    expect((await t.http.get(`/v1/rules?rulesetHash=${'0'.repeat(64)}`).set(auth())).status).toBe(404);
  });
});
