/**
 * W3C Trace Context and the LDV processing log (docs/ldv.md), on the real service and database:
 *
 * - a traceparent is accepted, answered with the same trace and this action's span, and found in
 *   every log line of the request, in the chain entry and in the LDV record; an invalid one starts
 *   a new trace without an error;
 * - every route that processes client data writes its records (one per action and client), and
 *   every other route is listed as not doing so, so a route added later must be classified here;
 *   refused requests write none;
 * - records are isolated per organisation, hold no BSN, name or free text, carry the fields the
 *   standard requires, and are written fail-closed;
 * - the read API follows the "lezen" extension.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { containsBsn, tokenHoldsBsn } from '../../src/lib/bsn.js';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { liveRoutes, routeKey } from '../support/routes.js';
import {
  startTestApp,
  TEST_PSEUDONYMISATION_SECRET,
  TEST_SIGNING_KEY,
  type TestApp,
} from '../support/service.js';

const BASE = 'https://register.example.nl/verwerkingsactiviteiten/';
const CALLER = 'https://casussysteem.example.nl/wijkteam';
const activity = (kind: string) => `${BASE}${kind}/v1`;

let t: TestApp;
/** Organisation A: a key with every scope whose configuration names its calling application. */
let a: { key: string; tenantId: string };
/** Organisation B: another tenant, for isolation and the case view. */
let b: { key: string; tenantId: string };

const auth = (key = a.key) => ({ Authorization: `Bearer ${key}` });
const pseudonym = (tenantId: string, ref: string) =>
  createHmac('sha256', TEST_PSEUDONYMISATION_SECRET).update(`${tenantId}\u0000${ref}`, 'utf8').digest('hex');

/** A fresh, valid traceparent of a calling case system. */
function traceparent() {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  return { traceId, parentId, header: `00-${traceId}-${parentId}-01` };
}

/** The response's traceparent, parsed. */
function answered(res: Response) {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[0-3])$/.exec(String(res.headers.traceparent));
  expect(match, `traceparent on ${res.status}: ${res.headers.traceparent}`).not.toBeNull();
  return { traceId: match![1]!, spanId: match![2]!, flags: match![3]! };
}

interface Row {
  position: string;
  tenant_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  status: string;
  processing_activity_id: string;
  data_subject_id: string | null;
  data_subject_id_type: string | null;
  foreign_span_id: string | null;
  foreign_processor: string | null;
  attributes: unknown;
  start_time: Date;
  end_time: Date;
}

async function rowsOfTrace(traceId: string): Promise<Row[]> {
  const { rows } = await t.db.query<Row>(
    'SELECT * FROM processing_logs WHERE trace_id = $1 ORDER BY position',
    [traceId],
  );
  return rows;
}

const countAll = async () =>
  Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM processing_logs')).rows[0]!.n);

async function recordWeighing(overrides: Record<string, unknown> = {}, key = a.key, header?: string) {
  const req = t.http.post('/v1/assessments').set(auth(key)).send(consentRequest(overrides));
  const res = await (header ? req.set('traceparent', header) : req);
  expect(res.status, res.text).toBe(201);
  return res;
}

beforeAll(async () => {
  t = await startTestApp({ env: { PROCESSING_ACTIVITY_BASE_URI: BASE } });
  const tenantA = await t.backend.tenants.ensure('Gemeente A');
  const created = await t.backend.apiKeys.create(
    tenantA.id,
    { name: 'casussysteem', scopes: ['assess', 'read', 'audit', 'admin'], callerSystem: CALLER },
    { operator: 'cli' },
  );
  a = { key: created.key, tenantId: tenantA.id };
  const other = await t.createKey('Veiligheidshuis B');
  b = { key: other.key, tenantId: other.tenantId };
});
afterAll(() => t.close());

describe('W3C Trace Context', () => {
  it('round trip: accepted, answered, and in the logs, the chain entry and the LDV record', async () => {
    const incoming = traceparent();
    const requestId = `ldv-roundtrip-${randomBytes(4).toString('hex')}`;
    const res = await t.http
      .post('/v1/assessments')
      .set(auth())
      .set('X-Request-Id', requestId)
      .set('traceparent', incoming.header)
      .set('tracestate', 'congo=t61rcWkgMzE')
      .send(
        consentRequest({ client: { ref: 'trace-client', ageGroup: 'adult', decisionCapacity: 'capable' } }),
      );
    expect(res.status).toBe(201);
    const ours = answered(res);
    expect(ours.traceId).toBe(incoming.traceId);
    expect(ours.spanId).not.toBe(incoming.parentId);
    expect(ours.flags).toBe('01');

    // Every log line of the request carries the trace and this action's span.
    const lines = t.logs.filter((line) => line.requestId === requestId);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ trace_id: ours.traceId, span_id: ours.spanId });

    // The chain entry.
    const entry = await t.db.query<{ content: string }>(
      'SELECT content FROM audit_chain WHERE entity_id = $1',
      [res.body.id],
    );
    expect(JSON.parse(entry.rows[0]!.content).data.traceContext).toEqual({
      traceId: incoming.traceId,
      spanId: ours.spanId,
      parentSpanId: incoming.parentId,
    });

    // The LDV record, through the read API.
    const log = await t.http.get('/v1/processing-logs').query({ traceId: incoming.traceId }).set(auth());
    expect(log.status).toBe(200);
    expect(log.body.processingActivities).toEqual([
      {
        traceId: incoming.traceId,
        spanId: ours.spanId,
        parentSpanId: incoming.parentId,
        status: 'Ok',
        name: 'afweging-beroepsgeheim-vastleggen',
        startTime: expect.any(Number),
        endTime: expect.any(Number),
        resource: {
          attributes: {
            'service.name': 'beroepsgeheim-service',
            'service.version': expect.any(String),
            'beroepsgeheim.tenant_id': a.tenantId,
          },
        },
        attributes: {
          'dpl.core.processing_activity_id': activity('afweging-beroepsgeheim-vastleggen'),
          'dpl.core.data_subject_id': pseudonym(a.tenantId, 'trace-client'),
          'dpl.core.data_subject_id_type': `${BASE}betrokkene-id-type/clientref-pseudoniem-hmac-sha256/v1`,
          'dpl.core.foreign_operation.span_id': incoming.parentId,
          'dpl.core.foreign_operation.processor': CALLER,
        },
      },
    ]);
    const record = log.body.processingActivities[0];
    expect(record.endTime).toBeGreaterThanOrEqual(record.startTime);
    expect(record.endTime).toBe(Date.parse(res.body.recordedAt));
  });

  it('takes trace ids and a tracestate that happen to hold nine elfproef digits: hex identifiers, not text, exempt from the BSN guard', async () => {
    // 23 hex letters and 111222333 (passes the elfproef): as a token, the guard would refuse it.
    const traceId = `${'abcdef'.repeat(3)}abcde111222333`;
    const parentId = '0000000111222333';
    expect(tokenHoldsBsn(traceId)).toBe(true);
    expect(containsBsn(parentId)).toBe(true);
    const res = await t.http
      .post('/v1/assessments')
      .set(auth())
      .set('traceparent', `00-${traceId}-${parentId}-01`)
      .set('tracestate', 'congo=111222333')
      .send(
        consentRequest({
          client: { ref: 'trace-hex-client', ageGroup: 'adult', decisionCapacity: 'capable' },
        }),
      );
    expect(res.status, res.text).toBe(201);
    const ours = answered(res);
    expect(ours.traceId).toBe(traceId);
    const entry = await t.db.query<{ content: string }>(
      'SELECT content FROM audit_chain WHERE entity_id = $1',
      [res.body.id],
    );
    expect(JSON.parse(entry.rows[0]!.content).data.traceContext).toEqual({
      traceId,
      spanId: ours.spanId,
      parentSpanId: parentId,
    });
    // The processing log is searched by that trace id as well (it too is exempt there).
    const log = await t.http.get('/v1/processing-logs').query({ traceId }).set(auth());
    expect(log.status, log.text).toBe(200);
    expect(log.body.processingActivities).toHaveLength(1);
    // Unlike X-Request-Id, which a person may type: still refused with 422.
    const typed = await t.http.get('/v1/questions').set(auth()).set('X-Request-Id', 'verzoek-111222333');
    expect(typed.status).toBe(422);
  });

  it('puts the trace of a follow-up event in its chain entry and LDV record, for the same client', async () => {
    const weighing = await recordWeighing({
      client: { ref: 'event-client', ageGroup: 'adult', decisionCapacity: 'capable' },
    });
    const incoming = traceparent();
    const res = await t.http
      .post(`/v1/assessments/${weighing.body.id}/events`)
      .set(auth())
      .set('traceparent', incoming.header)
      .send({ type: 'client_informed', professionalRef: 'p-17' });
    expect(res.status).toBe(201);
    const ours = answered(res);
    expect(res.body.traceContext).toEqual({
      traceId: incoming.traceId,
      spanId: ours.spanId,
      parentSpanId: incoming.parentId,
    });
    const [row, ...more] = await rowsOfTrace(incoming.traceId);
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      name: 'vervolgstap-vastleggen',
      span_id: ours.spanId,
      data_subject_id: pseudonym(a.tenantId, 'event-client'),
      processing_activity_id: activity('vervolgstap-vastleggen'),
    });
    const detail = await t.http.get(`/v1/assessments/${weighing.body.id}`).set(auth());
    expect(detail.body.events[0].traceContext).toEqual(res.body.traceContext);
  });

  it.each([
    ['garbage', 'not-a-traceparent'],
    ['upper-case hex', traceparent().header.toUpperCase()],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${randomBytes(8).toString('hex')}-01`],
    ['version ff', `ff-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`],
    ['version 00 with a suffix', `${traceparent().header}-x`],
  ])('an invalid traceparent (%s) starts a new trace without error', async (_name, header) => {
    const res = await t.http
      .post('/v1/assessments?dryRun=true')
      .set(auth())
      .set('traceparent', header)
      .set('tracestate', 'congo=t61rcWkgMzE')
      .send(consentRequest());
    expect(res.status).toBe(200);
    const ours = answered(res);
    expect(header.toLowerCase()).not.toContain(ours.traceId);
    expect(ours.flags).toBe('03');
    const rows = await rowsOfTrace(ours.traceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      span_id: ours.spanId,
      parent_span_id: null,
      foreign_span_id: null,
      foreign_processor: null,
    });
  });

  it('answers every response with a traceparent, errors and routes outside /v1 included', async () => {
    const incoming = traceparent();
    for (const res of [
      await t.http.get('/health/live').set('traceparent', incoming.header),
      await t.http.get('/v1/nowhere').set('traceparent', incoming.header),
      await t.http.get('/v1/assessments').set('traceparent', incoming.header),
      await t.http.post('/v1/assessments').set(auth()).set('traceparent', incoming.header).send({}),
      // Refused before routing (a path that is not valid percent-encoding).
      await t.http.get('/v1/assessments/%E0%A4%A').set('traceparent', incoming.header),
    ]) {
      expect(answered(res).traceId).toBe(incoming.traceId);
    }
  });

  it('names no foreign operation when no traceparent came in, even for a key that names its caller', async () => {
    const res = await recordWeighing();
    const [row] = await rowsOfTrace(answered(res).traceId);
    expect(row).toMatchObject({ parent_span_id: null, foreign_span_id: null, foreign_processor: null });
  });

  it('names the foreign span but no processor for a key without a calling application', async () => {
    const incoming = traceparent();
    await recordWeighing({}, b.key, incoming.header);
    const [row] = await rowsOfTrace(incoming.traceId);
    expect(row).toMatchObject({
      foreign_span_id: incoming.parentId,
      foreign_processor: null,
      tenant_id: b.tenantId,
    });
  });
});

describe('an LDV record for every processing of client data', () => {
  interface Expected {
    tenantId: string;
    name: string;
    /** A client reference of that tenant, or null for the action's own record of several clients. */
    client: string | null;
  }
  interface Case {
    route: string;
    run: (header: string) => Promise<Response>;
    expected: () => Expected[];
  }

  let assessmentId: string;
  const caseRef = `LDV-CASE-${randomBytes(3).toString('hex')}`;
  const exportFrom = new Date(Date.now() - 60_000).toISOString();

  beforeAll(async () => {
    const first = await recordWeighing({
      caseRef,
      client: { ref: 'route-client-1', ageGroup: 'adult', decisionCapacity: 'capable' },
    });
    assessmentId = first.body.id;
    await recordWeighing({
      caseRef,
      client: { ref: 'route-client-2', ageGroup: 'adult', decisionCapacity: 'capable' },
    });
    await recordWeighing({
      caseRef,
      client: { ref: 'route-client-1', ageGroup: 'adult', decisionCapacity: 'capable' },
    });
    // B's own weighing of the case, and A's grant to B for it.
    await recordWeighing(
      { caseRef, client: { ref: 'b-client', ageGroup: 'adult', decisionCapacity: 'capable' } },
      b.key,
    );
    const grant = await t.http
      .post('/v1/access-grants')
      .set(auth())
      .send({
        granteeOrganisationId: b.tenantId,
        caseRef,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
    expect(grant.status).toBe(201);
    // A grant shows nothing until its grantee accepts it.
    expect((await t.http.post(`/v1/access-grants/${grant.body.id}/accept`).set(auth(b.key))).status).toBe(
      200,
    );
    consentId = (await registerConsent('route-client-1')).body.id;
  });

  /** A consent of one of A's clients, registered through the API. */
  let consentId = '';
  const registerConsent = async (clientRef: string, h?: string) => {
    let call = t.http.post('/v1/consents').set(auth());
    if (h) call = call.set('traceparent', h);
    const res = await call.send({
      client: { ref: clientRef, ageGroup: 'adult', decisionCapacity: 'capable' },
      grantor: { type: 'client' },
      recipient: { type: 'lawyer' },
      purposes: ['legal_proceedings'],
      categories: ['treatment'],
      form: 'written',
      informed: true,
      freelyGiven: true,
      validFrom: new Date().toISOString().slice(0, 10),
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(res.status, res.text).toBe(201);
    return res;
  };

  const own = (name: string, client: string | null) => (): Expected[] => [
    { tenantId: a.tenantId, name, client },
  ];
  const cases: Case[] = [
    {
      route: 'POST /v1/consents',
      run: (h) => registerConsent('route-client-5', h),
      expected: own('toestemming-vastleggen', 'route-client-5'),
    },
    {
      route: 'GET /v1/consents/:id',
      run: (h) => t.http.get(`/v1/consents/${consentId}?format=fhir`).set(auth()).set('traceparent', h),
      expected: own('toestemming-raadplegen', 'route-client-1'),
    },
    {
      route: 'GET /v1/consents',
      run: (h) =>
        t.http.get('/v1/consents').query({ clientRef: 'route-client-1' }).set(auth()).set('traceparent', h),
      expected: () => [
        { tenantId: a.tenantId, name: 'toestemmingen-zoeken', client: null },
        { tenantId: a.tenantId, name: 'toestemmingen-zoeken', client: 'route-client-1' },
      ],
    },
    {
      route: 'POST /v1/consents/:id/withdrawal',
      run: async (h) => {
        const fresh = await registerConsent('route-client-6');
        return t.http
          .post(`/v1/consents/${fresh.body.id}/withdrawal`)
          .set(auth())
          .set('traceparent', h)
          .send({ withdrawnBy: { type: 'client' } });
      },
      expected: own('toestemming-intrekken', 'route-client-6'),
    },
    {
      route: 'POST /v1/assessments',
      run: (h) =>
        t.http
          .post('/v1/assessments')
          .set(auth())
          .set('traceparent', h)
          .send(
            consentRequest({
              client: { ref: 'route-client-3', ageGroup: 'adult', decisionCapacity: 'capable' },
            }),
          ),
      expected: own('afweging-beroepsgeheim-vastleggen', 'route-client-3'),
    },
    {
      route: 'POST /v1/assessments',
      run: (h) =>
        t.http
          .post('/v1/assessments?dryRun=true')
          .set(auth())
          .set('traceparent', h)
          .send(
            consentRequest({
              client: { ref: 'route-client-4', ageGroup: 'adult', decisionCapacity: 'capable' },
            }),
          ),
      expected: own('afweging-beroepsgeheim-verkennen', 'route-client-4'),
    },
    {
      route: 'POST /v1/assessments/:id/events',
      run: (h) =>
        t.http
          .post(`/v1/assessments/${assessmentId}/events`)
          .set(auth())
          .set('traceparent', h)
          .send({ type: 'note', professionalRef: 'p-17', text: 'vrije tekst' }),
      expected: own('vervolgstap-vastleggen', 'route-client-1'),
    },
    {
      route: 'GET /v1/assessments/:id',
      run: (h) => t.http.get(`/v1/assessments/${assessmentId}`).set(auth()).set('traceparent', h),
      expected: own('afweging-raadplegen', 'route-client-1'),
    },
    {
      // One event of the record is read through the record: the same consultation.
      route: 'GET /v1/assessments/:id/events/:eventId',
      run: async (h) => {
        // An event of its own (in a trace of its own), so the case does not depend on another.
        const created = await t.http
          .post(`/v1/assessments/${assessmentId}/events`)
          .set(auth())
          .send({ type: 'client_informed', professionalRef: 'p-17' });
        const eventId = created.body.id as string;
        return t.http
          .get(`/v1/assessments/${assessmentId}/events/${eventId}`)
          .set(auth())
          .set('traceparent', h);
      },
      expected: own('afweging-raadplegen', 'route-client-1'),
    },
    {
      route: 'GET /v1/assessments',
      run: (h) => t.http.get('/v1/assessments').query({ caseRef }).set(auth()).set('traceparent', h),
      expected: () => [
        { tenantId: a.tenantId, name: 'afwegingen-zoeken', client: null },
        { tenantId: a.tenantId, name: 'afwegingen-zoeken', client: 'route-client-1' },
        { tenantId: a.tenantId, name: 'afwegingen-zoeken', client: 'route-client-2' },
      ],
    },
    {
      route: 'POST /v1/assessments/:id/replay',
      run: (h) => t.http.post(`/v1/assessments/${assessmentId}/replay`).set(auth()).set('traceparent', h),
      expected: own('afweging-herberekenen', 'route-client-1'),
    },
    {
      route: 'GET /v1/assessments/:id/export',
      run: (h) =>
        t.http.get(`/v1/assessments/${assessmentId}/export?format=json`).set(auth()).set('traceparent', h),
      expected: own('dossier-exporteren', 'route-client-1'),
    },
    {
      route: 'GET /v1/assessments/:id/export',
      run: (h) =>
        t.http.get(`/v1/assessments/${assessmentId}/export?format=pdf`).set(auth()).set('traceparent', h),
      expected: own('dossier-exporteren', 'route-client-1'),
    },
    {
      route: 'GET /v1/exports/assessments',
      run: (h) =>
        t.http
          .get('/v1/exports/assessments')
          .query({ format: 'ndjson', from: exportFrom, to: new Date(Date.now() + 60_000).toISOString() })
          .set(auth())
          .set('traceparent', h),
      // Every client of A with a weighing in the range, whichever test recorded it.
      expected: () => [{ tenantId: a.tenantId, name: 'afwegingen-exporteren', client: null }],
    },
    {
      route: 'GET /v1/cases/:caseRef/assessments',
      run: (h) => t.http.get(`/v1/cases/${caseRef}/assessments`).set(auth(b.key)).set('traceparent', h),
      expected: () => [
        { tenantId: b.tenantId, name: 'casusoverzicht-raadplegen', client: null },
        { tenantId: a.tenantId, name: 'casusoverzicht-verstrekken', client: 'route-client-1' },
        { tenantId: a.tenantId, name: 'casusoverzicht-verstrekken', client: 'route-client-2' },
        { tenantId: b.tenantId, name: 'casusoverzicht-raadplegen', client: 'b-client' },
      ],
    },
  ];

  /** Routes that process no client data: no record. Each is here on purpose (see docs/ldv.md). */
  const NO_CLIENT_DATA = [
    'GET /v1/api-keys',
    'GET /v1/api-keys/:id',
    'POST /v1/api-keys',
    'DELETE /v1/api-keys/:id',
    'GET /v1/questions',
    'GET /v1/rules',
    'GET /v1/audit/verify',
    'GET /v1/audit/public-key',
    // The transparency log's read side: keys, checkpoints and Merkle node hashes (one-way hashes of
    // whole entries), no record content.
    'GET /v1/audit/keys',
    'GET /v1/audit/checkpoint',
    'GET /v1/audit/proofs/inclusion',
    'GET /v1/audit/proofs/consistency',
    'GET /v1/organisation',
    'PATCH /v1/organisation',
    'POST /v1/access-grants',
    'GET /v1/access-grants',
    'GET /v1/access-grants/:id',
    'DELETE /v1/access-grants/:id',
    // Accepting a grant records who may see which case reference: no client data.
    'POST /v1/access-grants/:id/accept',
    'GET /v1/processing-logs',
  ];

  it('classifies every /v1 route: it writes records, or processes no client data', () => {
    const classified = [...new Set([...cases.map((c) => c.route), ...NO_CLIENT_DATA])].sort();
    expect(classified).toEqual(liveRoutes(t.app).map(routeKey).sort());
  });

  for (const [i, c] of cases.entries()) {
    it(`${c.route} (#${i}) writes one record per action and client, in the trace it answered with`, async () => {
      const incoming = traceparent();
      const res = await c.run(incoming.header);
      expect(res.status, res.text).toBeLessThan(300);
      const ours = answered(res);
      const rows = await rowsOfTrace(incoming.traceId);
      const expected = c.expected();
      if (c.route === 'GET /v1/exports/assessments') {
        // The export's clients: exactly the distinct clients of the rows it streamed (weighings
        // and the consents registered or withdrawn in the range).
        const { rows: clients } = await t.db.query<{ h: string }>(
          `SELECT client_ref_hash AS h FROM assessments WHERE tenant_id = $1 AND recorded_at >= $2
           UNION SELECT client_ref_hash FROM consents WHERE tenant_id = $1 AND recorded_at >= $2
           UNION SELECT k.client_ref_hash FROM consent_withdrawals w
                   JOIN consents k ON k.id = w.consent_id WHERE w.tenant_id = $1 AND w.recorded_at >= $2`,
          [a.tenantId, exportFrom],
        );
        expect(clients.length).toBeGreaterThan(1);
        expect(
          rows
            .filter((r) => r.data_subject_id !== null)
            .map((r) => r.data_subject_id)
            .sort(),
        ).toEqual(clients.map((r) => r.h).sort());
        expect(res.text.trim().split('\n').length).toBeGreaterThanOrEqual(clients.length);
      }
      const shape = (r: { tenantId: string; name: string; subject: string | null }) =>
        `${r.tenantId} ${r.name} ${r.subject ?? '-'}`;
      const got = rows.map((r) => shape({ tenantId: r.tenant_id, name: r.name, subject: r.data_subject_id }));
      for (const e of expected) {
        expect(got).toContain(
          shape({ ...e, subject: e.client === null ? null : pseudonym(e.tenantId, e.client) }),
        );
      }
      if (c.route !== 'GET /v1/exports/assessments') expect(rows).toHaveLength(expected.length);
      // The action's own record carries its span, under the caller's; per-client records are its children.
      const action = rows.find((r) => r.span_id === ours.spanId);
      expect(action).toBeDefined();
      expect(action!.parent_span_id).toBe(incoming.parentId);
      for (const r of rows.filter((row) => row !== action)) expect(r.parent_span_id).toBe(ours.spanId);
      expect(new Set(rows.map((r) => r.span_id)).size).toBe(rows.length);
      for (const r of rows) {
        expect(r.status).toBe('Ok');
        expect(r.processing_activity_id).toBe(activity(r.name));
        expect(r.foreign_span_id).toBe(incoming.parentId);
        expect(r.end_time.getTime()).toBeGreaterThanOrEqual(r.start_time.getTime());
      }
    });
  }

  it('the routes that process no client data write no record', async () => {
    const before = await countAll();
    await t.http.get('/v1/questions').set(auth());
    await t.http.get('/v1/rules').set(auth());
    await t.http.get('/v1/audit/verify').set(auth());
    await t.http.get('/v1/access-grants').set(auth());
    await t.http
      .get('/v1/processing-logs')
      .query({ processingActivityId: activity('afweging-raadplegen') })
      .set(auth());
    expect(await countAll()).toBe(before);
  });

  it('an export or listing that finds no client processes none, and writes no record', async () => {
    const incoming = traceparent();
    const res = await t.http
      .get('/v1/exports/assessments')
      .query({ format: 'csv', from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' })
      .set(auth())
      .set('traceparent', incoming.header);
    expect(res.status).toBe(200);
    const list = await t.http
      .get('/v1/assessments')
      .query({ caseRef: 'NO-SUCH-CASE' })
      .set(auth())
      .set('traceparent', incoming.header);
    expect(list.body.items).toEqual([]);
    expect(await rowsOfTrace(incoming.traceId)).toEqual([]);
  });
});

describe('refused requests write no record', () => {
  it.each<[string, () => Promise<Response>]>([
    ['an invalid body', () => t.http.post('/v1/assessments').set(auth()).send({ caseRef: 'x' })],
    [
      'a BSN as client reference (dry run)',
      () =>
        t.http
          .post('/v1/assessments?dryRun=true')
          .set(auth())
          .send(
            sharingRequest({ client: { ref: '123456782', ageGroup: 'adult', decisionCapacity: 'capable' } }),
          ),
    ],
    ['no key', () => t.http.get(`/v1/assessments/${randomUUID()}`)],
    ['an unknown weighing', () => t.http.get(`/v1/assessments/${randomUUID()}`).set(auth())],
    ['an unknown weighing to export', () => t.http.get(`/v1/assessments/${randomUUID()}/export`).set(auth())],
    [
      'an event on an unknown weighing',
      () =>
        t.http
          .post(`/v1/assessments/${randomUUID()}/events`)
          .set(auth())
          .send({ type: 'client_informed', professionalRef: 'p-17' }),
    ],
    ['a case nothing is visible of', () => t.http.get('/v1/cases/NIETS-ZICHTBAAR/assessments').set(auth())],
    [
      'an export range that is too wide',
      () =>
        t.http
          .get('/v1/exports/assessments')
          .query({ format: 'ndjson', from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })
          .set(auth()),
    ],
  ])('%s', async (_name, send) => {
    const before = await countAll();
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await countAll()).toBe(before);
  });
});

describe('isolation per organisation', () => {
  it("one organisation never reads another's records, however it asks", async () => {
    const incoming = traceparent();
    await recordWeighing(
      { client: { ref: 'isolated-client', ageGroup: 'adult', decisionCapacity: 'capable' } },
      a.key,
      incoming.header,
    );
    const mine = await t.http.get('/v1/processing-logs').query({ traceId: incoming.traceId }).set(auth());
    expect(mine.body.processingActivities).toHaveLength(1);
    const subjectId = mine.body.processingActivities[0].attributes['dpl.core.data_subject_id'];
    for (const query of [
      { traceId: incoming.traceId },
      { dataSubjectId: subjectId },
      { dataSubjectRef: 'isolated-client' },
      { processingActivityId: activity('afweging-beroepsgeheim-vastleggen') },
    ]) {
      const theirs = await t.http.get('/v1/processing-logs').query(query).set(auth(b.key));
      expect(theirs.status).toBe(200);
      expect(
        theirs.body.processingActivities.filter(
          (p: { resource: { attributes: Record<string, string> } }) =>
            p.resource.attributes['beroepsgeheim.tenant_id'] !== b.tenantId,
        ),
      ).toEqual([]);
      expect(JSON.stringify(theirs.body)).not.toContain(subjectId);
    }
  });
});

describe('what a record holds', () => {
  const M = `LDVMARK${randomBytes(4).toString('hex')}`;
  const BSN = '123456782';

  it('no BSN, name or free text, nor the professional: identifiers and codes only', async () => {
    const incoming = traceparent();
    const marked = sharingRequest({
      caseRef: `${M}-case`,
      client: { ref: `${M}-client`, ageGroup: 'adult', decisionCapacity: 'capable' },
      professional: { ref: `${M}-prof`, profession: 'social_worker' },
      recipient: { type: 'municipality', name: `${M} Jan Jansen, werkconsulent` },
      purpose: { type: 'eligibility_assessment', description: `${M} vrije tekst over de cliënt` },
    });
    const recorded = await t.http
      .post('/v1/assessments')
      .set(auth())
      .set('traceparent', incoming.header)
      .send(marked);
    expect(recorded.status).toBe(201);
    const dryRun = await t.http
      .post('/v1/assessments?dryRun=true')
      .set(auth())
      .set('traceparent', incoming.header)
      .send(marked);
    expect(dryRun.status).toBe(200);
    const note = (text: string) =>
      t.http
        .post(`/v1/assessments/${recorded.body.id}/events`)
        .set(auth())
        .set('traceparent', incoming.header)
        .send({ type: 'note', professionalRef: `${M}-prof2`, text });
    // A BSN in the note is refused before anything is processed; the note without it is recorded.
    expect((await note(`${M} notitie met BSN-achtige ${BSN}`)).status).toBe(422);
    expect((await note(`${M} notitie`)).status).toBe(201);
    const read = await t.http
      .get(`/v1/assessments/${recorded.body.id}`)
      .set(auth())
      .set('traceparent', incoming.header);
    expect(read.status).toBe(200);

    // Nothing typed in these requests reached any record in the table.
    const all = await t.db.query('SELECT row_to_json(l) AS row FROM processing_logs l');
    const text = JSON.stringify(all.rows);
    expect(text).not.toContain(M);
    expect(text).not.toContain(BSN);
    expect(text).not.toContain('Jansen');
    // One record per processing of this trace (recording, dry run, note, reading), each field of
    // which is an identifier or a code of this configuration (other tests' records may name other
    // calling systems, so only this trace's are held to this list).
    const { rows } = await t.db.query<{ row: Record<string, unknown> }>(
      'SELECT row_to_json(l) AS row FROM processing_logs l WHERE trace_id = $1',
      [incoming.traceId],
    );
    expect(rows).toHaveLength(4);
    // Ids are lowercase hex of a fixed length (not typed text); everything else is configuration or
    // a code of this service, never something a caller typed.
    const idFields = new Set(['trace_id', 'span_id', 'parent_span_id', 'data_subject_id', 'foreign_span_id']);
    const allowedText = new Set([
      ...cases(),
      'Ok',
      `${BASE}betrokkene-id-type/clientref-pseudoniem-hmac-sha256/v1`,
      CALLER,
    ]);
    for (const { row } of rows) {
      for (const [field, value] of Object.entries(row)) {
        if (value === null || typeof value !== 'string') continue;
        if (idFields.has(field)) {
          expect(value, field).toMatch(/^(?:[0-9a-f]{16}|[0-9a-f]{32}|[0-9a-f]{64})$/);
        } else if (['tenant_id'].includes(field)) {
          expect(value).toMatch(/^[0-9a-f-]{36}$/);
        } else if (['start_time', 'end_time'].includes(field)) {
          expect(Number.isNaN(Date.parse(value))).toBe(false);
        } else if (field === 'service_version') {
          expect(value).toMatch(/^\d+\.\d+\.\d+/);
        } else if (field !== 'position' && field !== 'xid') {
          expect(allowedText.has(value), `${field}: ${value}`).toBe(true);
          expect(containsBsn(value)).toBe(false);
        }
      }
      // NEN 7513 extension attributes only when configured (docs/ldv.md).
      expect(row.attributes).toBeNull();
    }
  });

  /** Every name and activity URI this configuration can produce. */
  function cases(): string[] {
    const kinds = [
      'afweging-beroepsgeheim-vastleggen',
      'afweging-beroepsgeheim-verkennen',
      'vervolgstap-vastleggen',
      'afweging-raadplegen',
      'afwegingen-zoeken',
      'afweging-herberekenen',
      'dossier-exporteren',
      'afwegingen-exporteren',
      'casusoverzicht-raadplegen',
      'casusoverzicht-verstrekken',
      'toestemming-vastleggen',
      'toestemming-intrekken',
      'toestemming-raadplegen',
      'toestemmingen-zoeken',
    ];
    return [...kinds, ...kinds.map(activity)];
  }

  /**
   * The fields Logboek Dataverwerkingen 1.0 requires of a record ("Component: Logboek",
   * interface), in the form of the "lezen" extension's ProcessingActivity: trace_id (16 bytes),
   * span_id (8 bytes), status (Unset/Ok/Error), name, start_time and end_time, and the attributes
   * dpl.core.processing_activity_id (a URI), dpl.core.data_subject_id and
   * dpl.core.data_subject_id_type; dpl.core.foreign_operation.* when another application called.
   */
  const RequiredByTheStandard = z.object({
    traceId: z.string().regex(/^[0-9a-f]{32}$/),
    spanId: z.string().regex(/^[0-9a-f]{16}$/),
    parentSpanId: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional(),
    status: z.enum(['Unset', 'Ok', 'Error']),
    name: z.string().min(1),
    startTime: z.number().int().positive(),
    endTime: z.number().int().positive(),
    resource: z.object({ attributes: z.record(z.string(), z.unknown()) }).optional(),
    attributes: z.object({
      'dpl.core.processing_activity_id': z.url(),
      'dpl.core.data_subject_id': z.string().min(1),
      'dpl.core.data_subject_id_type': z.string().min(1),
      'dpl.core.foreign_operation.span_id': z
        .string()
        .regex(/^[0-9a-f]{16}$/)
        .optional(),
      'dpl.core.foreign_operation.processor': z.url().optional(),
    }),
  });

  it("a sample record has every field the standard requires, with the standard's types", async () => {
    const incoming = traceparent();
    await recordWeighing({}, a.key, incoming.header);
    const res = await t.http.get('/v1/processing-logs').query({ traceId: incoming.traceId }).set(auth());
    const [sample] = res.body.processingActivities;
    const parsed = RequiredByTheStandard.safeParse(sample);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(sample.endTime).toBeGreaterThanOrEqual(sample.startTime);
    expect(sample.attributes['dpl.core.foreign_operation.span_id']).toBe(incoming.parentId);
    expect(sample.attributes['dpl.core.foreign_operation.processor']).toBe(CALLER);
    // The schema refuses a record that lacks a required attribute (the check can fail).
    const { 'dpl.core.data_subject_id_type': _type, ...without } = sample.attributes;
    expect(RequiredByTheStandard.safeParse({ ...sample, attributes: without }).success).toBe(false);
  });
});

describe('the read API (LDV "lezen")', () => {
  it('needs at least one of trace, processing activity or data subject', async () => {
    const res = await t.http.get('/v1/processing-logs').query({ from: '2026-01-01T00:00:00Z' }).set(auth());
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.invalidParams[0]).toMatchObject({ name: 'query', code: 'missing_filter' });
  });

  it('needs the audit scope', async () => {
    const reader = await t.createKey('Gemeente A', ['read']);
    const res = await t.http
      .get('/v1/processing-logs')
      .query({ processingActivityId: activity('afweging-raadplegen') })
      .set(auth(reader.key));
    expect(res.status).toBe(403);
  });

  it('finds by data subject (reference or pseudonym), activity and time, oldest first, page by page', async () => {
    const ref = `lezen-${randomBytes(3).toString('hex')}`;
    const first = await recordWeighing({ client: { ref, ageGroup: 'adult', decisionCapacity: 'capable' } });
    await t.http.get(`/v1/assessments/${first.body.id}`).set(auth());
    await t.http.get(`/v1/assessments/${first.body.id}/export`).set(auth());
    const byRef = await t.http.get('/v1/processing-logs').query({ dataSubjectRef: ref }).set(auth());
    expect(byRef.body.processingActivities.map((p: { name: string }) => p.name)).toEqual([
      'afweging-beroepsgeheim-vastleggen',
      'afweging-raadplegen',
      'dossier-exporteren',
    ]);
    const byId = await t.http
      .get('/v1/processing-logs')
      .query({ dataSubjectId: pseudonym(a.tenantId, ref) })
      .set(auth());
    expect(byId.body.processingActivities).toEqual(byRef.body.processingActivities);

    const narrowed = await t.http
      .get('/v1/processing-logs')
      .query({ dataSubjectRef: ref, processingActivityId: activity('dossier-exporteren') })
      .set(auth());
    expect(narrowed.body.processingActivities).toHaveLength(1);

    const later = await t.http
      .get('/v1/processing-logs')
      .query({ dataSubjectRef: ref, from: new Date(Date.now() + 60_000).toISOString() })
      .set(auth());
    expect(later.body.processingActivities).toEqual([]);

    const pages: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.http
        .get('/v1/processing-logs')
        .query({ dataSubjectRef: ref, limit: 1, ...(cursor ? { cursor } : {}) })
        .set(auth());
      expect(page.status).toBe(200);
      pages.push(...page.body.processingActivities);
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual(byRef.body.processingActivities);
  });

  it('accepts the trace id in the UUID form of the lezen extension', async () => {
    const incoming = traceparent();
    await recordWeighing({}, a.key, incoming.header);
    const h = incoming.traceId;
    const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    const res = await t.http.get('/v1/processing-logs').query({ traceId: uuid.toUpperCase() }).set(auth());
    expect(res.body.processingActivities).toHaveLength(1);
    expect(res.body.processingActivities[0].traceId).toBe(h);
  });
});

describe('written fail-closed', () => {
  it('a processing whose record cannot be written returns no client data and records nothing', async () => {
    const weighing = await recordWeighing();
    const chainCount = async () =>
      (await t.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_chain')).rows[0]!.n;
    const chainBefore = await chainCount();
    await t.db.query('REVOKE INSERT ON processing_logs FROM pss_app');
    try {
      const read = await t.http.get(`/v1/assessments/${weighing.body.id}`).set(auth());
      expect(read.status).toBe(500);
      expect(read.body).not.toHaveProperty('decision');
      const dry = await t.http.post('/v1/assessments?dryRun=true').set(auth()).send(consentRequest());
      expect(dry.status).toBe(500);
      expect(dry.body).not.toHaveProperty('decision');
      const recorded = await t.http.post('/v1/assessments').set(auth()).send(consentRequest());
      expect(recorded.status).toBe(500);
      const dossier = await t.http.get(`/v1/assessments/${weighing.body.id}/export`).set(auth());
      expect(dossier.status).toBe(500);
      const bulk = await t.http
        .get('/v1/exports/assessments')
        .query({
          format: 'ndjson',
          from: new Date(Date.now() - 600_000).toISOString(),
          to: new Date().toISOString(),
        })
        .set(auth());
      expect(bulk.status).toBe(500);
      expect(bulk.text).not.toContain(weighing.body.id);
      // The weighing that could not be logged was not recorded either: same transaction.
      expect(await chainCount()).toBe(chainBefore);
    } finally {
      await t.db.query('GRANT INSERT ON processing_logs TO pss_app');
    }
    expect((await t.http.get(`/v1/assessments/${weighing.body.id}`).set(auth())).status).toBe(200);
  });
});

describe('append-only', () => {
  it('the service role may not change or remove a record, and even the owner is stopped', async () => {
    await recordWeighing();
    const app = new pg.Client({ connectionString: t.db.appUrl });
    await app.connect();
    try {
      for (const sql of [
        `UPDATE processing_logs SET name = 'x'`,
        'DELETE FROM processing_logs',
        'TRUNCATE processing_logs',
      ]) {
        await expect(app.query(sql), sql).rejects.toThrow(/permission denied/);
      }
    } finally {
      await app.end();
    }
    await expect(t.db.query(`UPDATE processing_logs SET name = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM processing_logs')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE processing_logs')).rejects.toThrow(/append-only/);
  });
});

describe('the NEN 7513 extension, when enabled', () => {
  it('adds the participant with its data life cycle, and the audit source as resource attributes', async () => {
    const nen = await startTestApp({ env: { PROCESSING_ACTIVITY_BASE_URI: BASE, LDV_NEN7513: 'true' } });
    try {
      const { key, tenantId } = await nen.createKey('Zorginstelling');
      const res = await nen.http
        .post('/v1/assessments')
        .set({ Authorization: `Bearer ${key}` })
        .send(
          consentRequest({ client: { ref: 'nen-client', ageGroup: 'adult', decisionCapacity: 'capable' } }),
        );
      expect(res.status).toBe(201);
      const log = await nen.http
        .get('/v1/processing-logs')
        .query({ dataSubjectRef: 'nen-client' })
        .set({ Authorization: `Bearer ${key}` });
      const [record] = log.body.processingActivities;
      const subject = pseudonym(tenantId, 'nen-client');
      expect(record.attributes['dpl.nen7513.participants']).toEqual([
        {
          participantObjectTypeCode: '1',
          participantObjectTypeCodeRole: '1',
          participantObjectDataLifeCycle: '1',
          participantObjectIDTypeCode: `${BASE}betrokkene-id-type/clientref-pseudoniem-hmac-sha256/v1`,
          participantObjectID: subject,
        },
      ]);
      expect(record.attributes['dpl.nen7513.participantObjectId']).toBe(subject);
      expect(record.resource.attributes).toMatchObject({
        'nen7513.AuditEnterpriseSiteID': tenantId,
        'nen7513.AuditSourceId': 'beroepsgeheim-service',
        'nen7513.AuditSourceTypeCode': '4',
      });
      // No user in the record (LDV): the professional is in the chain, joined by trace and span.
      expect(JSON.stringify(record)).not.toContain('p-17');
      expect(Object.keys(record.attributes).some((k) => k.includes('users'))).toBe(false);
    } finally {
      await nen.close();
    }
  });
});

describe('the calling application of an API key (callerSystem)', () => {
  it('is set at creation over the API, shown, and named in the records of requests with a traceparent', async () => {
    const created = await t.http
      .post('/v1/api-keys')
      .set(auth())
      .send({
        name: 'tweede casussysteem',
        scopes: ['assess'],
        callerSystem: 'https://tweede.example.nl/app',
      });
    expect(created.status).toBe(201);
    expect(created.body.callerSystem).toBe('https://tweede.example.nl/app');
    const list = await t.http.get('/v1/api-keys').set(auth());
    expect(list.body.items.find((k: { id: string }) => k.id === created.body.id).callerSystem).toBe(
      'https://tweede.example.nl/app',
    );
    const incoming = traceparent();
    await recordWeighing({}, created.body.key, incoming.header);
    const [row] = await rowsOfTrace(incoming.traceId);
    expect(row!.foreign_processor).toBe('https://tweede.example.nl/app');
    // It is stated in the chain entry that created the key.
    const { rows } = await t.db.query<{ content: string }>(
      'SELECT content FROM audit_chain WHERE entity_id = $1',
      [created.body.id],
    );
    expect(JSON.parse(rows[0]!.content).data.callerSystem).toBe('https://tweede.example.nl/app');
  });

  it.each(['ftp://casussysteem.example.nl', 'casussysteem', `https://x.nl/${'a'.repeat(500)}`])(
    'refuses %s as calling application',
    async (callerSystem) => {
      const res = await t.http
        .post('/v1/api-keys')
        .set(auth())
        .send({ name: 'fout', scopes: ['read'], callerSystem });
      expect(res.status).toBe(400);
      expect(res.body.invalidParams[0].name).toBe('body.callerSystem');
    },
  );

  it('a key row whose calling application was changed afterwards is reported by verification', async () => {
    const verifier = await startTestApp();
    try {
      const tenant = await verifier.backend.tenants.ensure('Gemeente C');
      const key = await verifier.backend.apiKeys.create(
        tenant.id,
        { name: 'c', scopes: ['audit'], callerSystem: 'https://c.example.nl' },
        { operator: 'cli' },
      );
      expect((await verifier.backend.verifier.verify(tenant.id)).intact).toBe(true);
      await verifier.db.asAttacker((c) =>
        c.query(`UPDATE api_keys SET caller_system = 'https://elders.example.nl' WHERE id = $1`, [key.id]),
      );
      const report = await verifier.backend.verifier.verify(tenant.id);
      expect(report.intact).toBe(false);
      expect(report.firstBrokenLink?.reason).toMatch(/callerSystem/);
    } finally {
      await verifier.close();
    }
  });

  it('is set by the keys CLI with --caller-system, and a value that is no http(s) URL is refused', async () => {
    const { execFile } = await import('node:child_process');
    const run = (args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli/keys.ts', ...args],
          {
            env: {
              ...process.env,
              NODE_ENV: 'test',
              DATABASE_URL: t.db.appUrl,
              PSEUDONYMISATION_SECRET: TEST_PSEUDONYMISATION_SECRET,
              SIGNING_KEY: TEST_SIGNING_KEY,
              DATA_DIR: mkdtempSync(join(tmpdir(), 'pss-keys-cli-')),
              LOG_LEVEL: 'silent',
            },
            timeout: 60_000,
          },
          (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
        );
      });
    const ok = await run([
      'create',
      '--tenant',
      'Gemeente A',
      '--name',
      'cli casussysteem',
      '--caller-system',
      'https://cli.example.nl/app',
    ]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('caller:       https://cli.example.nl/app');
    const { rows } = await t.db.query<{ caller_system: string }>(
      `SELECT caller_system FROM api_keys WHERE name = 'cli casussysteem'`,
    );
    expect(rows).toEqual([{ caller_system: 'https://cli.example.nl/app' }]);
    const bad = await run([
      'create',
      '--tenant',
      'Gemeente A',
      '--name',
      'x',
      '--caller-system',
      'mailto:a@b.nl',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--caller-system must be an http\(s\) URL/);
  }, 120_000);
});
