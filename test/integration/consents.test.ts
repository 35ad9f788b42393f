/**
 * The consent registry on the real service and database: registering (and refusing) consents,
 * reading them as JSON and as FHIR R5 Consent, withdrawing them, weighings that reference them
 * (and what the record keeps), the dossier and its offline verification, verification of the
 * index rows, and time: a consent registered "in the past" (the service's clock passed in) that
 * expired yesterday, or expires today.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import type { ConsentInput, ConsentService } from '../../src/services/consents.js';
import { pdfText, verifyOffline } from '../support/dossier.js';
import { sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
let tenantId: string;
let apiKeyId: string;
// biome-ignore lint/suspicious/noExplicitAny: the test walks JSON freely
type Json = Record<string, any>;

const auth = (k = key) => ({ Authorization: `Bearer ${k}` });
const DAY_MS = 86_400_000;
const amsterdamDay = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(at);
const today = () => amsterdamDay(new Date());
const dayOffset = (days: number) => amsterdamDay(new Date(Date.now() + days * DAY_MS));

/** A written consent of a capable adult for their lawyer, for legal proceedings, about treatment. */
function consentBody(overrides: Json = {}): Json {
  return {
    client: { ref: 'c-consent-1', ageGroup: 'adult', decisionCapacity: 'capable' },
    grantor: { type: 'client' },
    recipient: { type: 'lawyer' },
    purposes: ['legal_proceedings'],
    categories: ['treatment'],
    form: 'written',
    evidenceRef: 'doc-7781',
    informed: true,
    freelyGiven: true,
    validFrom: dayOffset(-10),
    validUntil: dayOffset(90),
    ...overrides,
  };
}

/** A weighing for that lawyer, referencing a consent and answering nothing about consent. */
function weighing(consentId: string, overrides: Json = {}): Json {
  return sharingRequest({
    caseRef: 'WT-CONSENT-1',
    client: { ref: 'c-consent-1', ageGroup: 'adult', decisionCapacity: 'capable' },
    recipient: { type: 'lawyer', name: 'Advocaat van cliënt' },
    purpose: { type: 'legal_proceedings' },
    requestedInformation: ['treatment'],
    answers: {},
    consentId,
    ...overrides,
  });
}

async function register(body: Json = consentBody(), k = key): Promise<Json> {
  const res = await t.http.post('/v1/consents').set(auth(k)).send(body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

beforeAll(async () => {
  t = await startTestApp();
  ({ key, tenantId, apiKeyId } = await t.createKey('Wijkteam Toestemming'));
});
afterAll(() => t.close());

describe('registering a consent', () => {
  it('answers 201 with its id and Location, and records one chain entry with its index row', async () => {
    const before = await t.db.rowCounts();
    const res = await t.http
      .post('/v1/consents')
      .set(auth())
      .send(consentBody({ motivation: 'Besproken op 3 november.' }));
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/consents/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'active',
      grantor: { type: 'client' },
      recipient: { type: 'lawyer' },
      purposes: ['legal_proceedings'],
      categories: ['treatment'],
      form: 'written',
      evidenceRef: 'doc-7781',
      withdrawal: null,
      problems: [],
      recordedBy: { apiKeyId },
    });
    expect(res.body.client.refPseudonym).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.client.ref).toBeUndefined();
    const after = await t.db.rowCounts();
    expect(after.audit_chain).toBe(before.audit_chain! + 1);
    expect(after.consents).toBe(before.consents! + 1);
    const { rows } = await t.db.query<{ entry_type: string; content: string; hash: string }>(
      'SELECT entry_type, content, hash FROM audit_chain WHERE tenant_id = $1 AND entity_id = $2',
      [tenantId, res.body.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.entry_type).toBe('consent.recorded');
    expect(rows[0]!.hash).toBe(res.body.integrity.hash);
    // Minimum data: the client reference never reaches the database in clear.
    expect(rows[0]!.content).not.toContain('c-consent-1');
    expect(JSON.parse(rows[0]!.content).data.motivation).toBe('Besproken op 3 november.');
  });

  it('is safe to retry with an Idempotency-Key', async () => {
    const body = consentBody({ client: { ref: 'c-idem', ageGroup: 'adult' } });
    const first = await t.http
      .post('/v1/consents')
      .set(auth())
      .set('Idempotency-Key', 'consent-idem-1')
      .send(body);
    const again = await t.http
      .post('/v1/consents')
      .set(auth())
      .set('Idempotency-Key', 'consent-idem-1')
      .send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    // The same answer, rebuilt from the chain: body, Location and Content-Language.
    expect(again.body).toEqual(first.body);
    expect(first.headers.location).toBe(`/v1/consents/${first.body.id}`);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['content-language']).toBe(first.headers['content-language']);
    expect(
      await t.db.query('SELECT count(*)::int AS n FROM consents WHERE id = $1', [first.body.id]),
    ).toEqual(expect.objectContaining({ rows: [{ n: 1 }] }));
  });

  it('does not replay a consent whose stored completion was edited to name another entry', async () => {
    const other = await register(consentBody({ client: { ref: 'c-idem-other', ageGroup: 'adult' } }));
    const body = consentBody({ client: { ref: 'c-idem-2', ageGroup: 'adult' } });
    const send = () =>
      t.http.post('/v1/consents').set(auth()).set('Idempotency-Key', 'consent-idem-2').send(body);
    expect((await send()).status).toBe(201);
    await t.db.query(
      `UPDATE idempotency_keys SET response_sequence = $1 WHERE idempotency_key = 'consent-idem-2'`,
      [other.integrity.sequence],
    );
    const before = await t.db.rowCounts();
    const replay = await send();
    expect(replay.status).toBe(500);
    expect(replay.text).not.toContain(other.id);
    expect(await t.db.rowCounts()).toEqual(before);
  });

  it('replays a withdrawal with the same answer and Location', async () => {
    const consent = await register(consentBody({ client: { ref: 'c-idem-3', ageGroup: 'adult' } }));
    const send = () =>
      t.http
        .post(`/v1/consents/${consent.id}/withdrawal`)
        .set(auth())
        .set('Idempotency-Key', 'withdrawal-idem-1')
        .send({ withdrawnBy: { type: 'client' }, text: 'ingetrokken' });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(`/v1/consents/${consent.id}`);
  });

  // A BSN is refused like everywhere in the API: 422 naming the field (issue 11), never the value.
  it.each([
    ['a BSN as client reference', { client: { ref: '111222333', ageGroup: 'adult' } }, 'body.client.ref'],
    ['a BSN in the motivation', { motivation: 'cliënt met bsn 111222333' }, 'body.motivation'],
    [
      'a BSN in the organisation name',
      { recipient: { type: 'lawyer', organisation: 'kantoor 111 222 333' } },
      'body.recipient.organisation',
    ],
    ['a BSN as evidence reference', { evidenceRef: 'doc-111-222-333' }, 'body.evidenceRef'],
  ])('refuses %s with 422 naming the field, and records nothing', async (_name, change, field) => {
    const before = await t.db.rowCounts();
    const res = await t.http.post('/v1/consents').set(auth()).send(consentBody(change));
    expect(res.status, res.text).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.invalidParams).toEqual([expect.objectContaining({ name: field, code: 'contains_bsn' })]);
    expect(res.text).not.toMatch(/111.?222.?333/);
    expect(await t.db.rowCounts()).toEqual(before);
  });

  it.each([
    ['oral consent without saying whether it is recorded', { form: 'oral' }, 'body.recorded'],
    ['recorded for written consent', { recorded: true }, 'body.recorded'],
    ['a representative without a role', { grantor: { type: 'representative' } }, 'body.grantor.role'],
    ['a role for the client', { grantor: { type: 'client', role: 'parent' } }, 'body.grantor.role'],
    ['a category twice', { categories: ['treatment', 'treatment'] }, 'body.categories'],
    ['no purpose', { purposes: [] }, 'body.purposes'],
    ['an impossible date', { validUntil: '2027-02-30' }, 'body.validUntil'],
    ['an unknown field', { document: 'scan.pdf' }, 'body.document'],
  ])('refuses %s with 400 naming the field, and records nothing', async (_name, change, field) => {
    const before = await t.db.rowCounts();
    const res = await t.http.post('/v1/consents').set(auth()).send(consentBody(change));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    expect(res.text).not.toContain('111222333');
    expect(await t.db.rowCounts()).toEqual(before);
  });

  it.each([
    ['validUntil before validFrom', { validFrom: dayOffset(5), validUntil: dayOffset(4) }, 'body.validUntil'],
    ['already expired', { validFrom: dayOffset(-30), validUntil: dayOffset(-1) }, 'body.validUntil'],
    ['a term beyond the maximum', { validFrom: dayOffset(0), validUntil: dayOffset(367) }, 'body.validUntil'],
    [
      'a child under 12 consenting itself',
      { client: { ref: 'c-kind', ageGroup: 'under_12' } },
      'body.grantor.type',
    ],
    [
      'an incapable client consenting itself',
      { client: { ref: 'c-x', ageGroup: 'adult', decisionCapacity: 'incapable' } },
      'body.grantor.type',
    ],
    [
      'a representative for a capable adult',
      { grantor: { type: 'representative', role: 'mentor' } },
      'body.grantor.type',
    ],
  ])('refuses %s with 422 naming the field, and records nothing', async (_name, change, field) => {
    const before = await t.db.rowCounts();
    const res = await t.http.post('/v1/consents').set(auth()).send(consentBody(change));
    expect(res.status, res.text).toBe(422);
    expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toEqual([field]);
    expect(await t.db.rowCounts()).toEqual(before);
  });

  it('registers a blanket consent as given, but says it can never fit', async () => {
    const blanket = await register(
      consentBody({
        client: { ref: 'c-blanket', ageGroup: 'adult' },
        recipient: { type: 'municipality' },
        purposes: ['eligibility_assessment'],
        categories: ['full_record'],
      }),
    );
    expect(blanket.problems.map((p: Json) => p.code)).toEqual(['blanket_scope']);
    expect(blanket.problems[0].sources.join(' ')).toContain('RVS-studie 2017');
  });
});

describe('reading consents', () => {
  let consent: Json;
  beforeAll(async () => {
    consent = await register(consentBody({ client: { ref: 'c-read', ageGroup: 'adult' } }));
  });

  it('reads one as JSON, and as a FHIR R5 Consent by Accept header or format=fhir', async () => {
    const json = await t.http.get(`/v1/consents/${consent.id}`).set(auth());
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body).toEqual(consent);
    for (const res of [
      await t.http.get(`/v1/consents/${consent.id}`).set(auth()).set('Accept', 'application/fhir+json'),
      await t.http.get(`/v1/consents/${consent.id}?format=fhir`).set(auth()),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      const fhir = JSON.parse(res.text);
      expect(fhir).toMatchObject({
        resourceType: 'Consent',
        id: consent.id,
        status: 'active',
        decision: 'permit',
        period: { start: consent.validFrom, end: consent.validUntil },
        subject: { identifier: { value: consent.client.refPseudonym } },
        grantor: [{ type: 'Patient' }],
        sourceReference: [{ identifier: { value: 'doc-7781' } }],
        controller: [{ identifier: { value: tenantId }, display: 'Wijkteam Toestemming' }],
      });
      expect(fhir.provision[0]).toMatchObject({
        period: { start: consent.validFrom, end: consent.validUntil },
        action: [{ coding: [{ code: 'disclose' }] }],
        actor: [{ role: { coding: [{ code: 'IRCP' }] } }],
        purpose: [{ code: 'legal_proceedings' }, { code: 'HLEGAL' }],
        code: [{ coding: [{ code: 'treatment' }] }],
      });
    }
    // JSON wins when it is preferred.
    const preferJson = await t.http
      .get(`/v1/consents/${consent.id}`)
      .set(auth())
      .set('Accept', 'application/json, application/fhir+json;q=0.5');
    expect(preferJson.headers['content-type']).toMatch(/^application\/json/);
  });

  it('lists by client, status and recipient type, with pages, and as a FHIR Bundle', async () => {
    const second = await register(
      consentBody({
        client: { ref: 'c-read', ageGroup: 'adult' },
        purposes: ['tax'],
        recipient: { type: 'tax_authority' },
      }),
    );
    const future = await register(
      consentBody({
        client: { ref: 'c-read', ageGroup: 'adult' },
        validFrom: dayOffset(3),
        validUntil: dayOffset(40),
      }),
    );
    const list = async (query: Json) => {
      const res = await t.http.get('/v1/consents').query(query).set(auth());
      expect(res.status, res.text).toBe(200);
      return res.body as { items: Json[]; nextCursor: string | null };
    };
    const byClient = await list({ clientRef: 'c-read' });
    expect(byClient.items.map((c) => c.id)).toEqual([future.id, second.id, consent.id]);
    expect((await list({ clientRef: 'c-read', status: 'not_yet_valid' })).items.map((c) => c.id)).toEqual([
      future.id,
    ]);
    expect((await list({ clientRef: 'c-read', status: 'active' })).items.map((c) => c.id)).toEqual([
      second.id,
      consent.id,
    ]);
    expect(
      (await list({ clientRef: 'c-read', recipientType: 'tax_authority' })).items.map((c) => c.id),
    ).toEqual([second.id]);
    expect((await list({ clientRef: 'nobody' })).items).toEqual([]);
    const page1 = await list({ clientRef: 'c-read', limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await list({ clientRef: 'c-read', limit: 2, cursor: page1.nextCursor });
    expect(page2.items.map((c) => c.id)).toEqual([consent.id]);
    expect(page2.nextCursor).toBeNull();
    const bundle = await t.http
      .get('/v1/consents')
      .query({ clientRef: 'c-read', limit: 2 })
      .set(auth())
      .set('Accept', 'application/fhir+json');
    const parsed = JSON.parse(bundle.text);
    expect(parsed).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(parsed.entry.map((e: Json) => e.resource.id)).toEqual([future.id, second.id]);
    expect(parsed.extension[0].valueString).toBe(page1.nextCursor);
    // The client reference searched for is not repeated in the answer.
    expect(bundle.text).not.toContain('c-read');
  });

  it('answers 404 for an unknown id, and 400 for a cursor it did not make', async () => {
    expect((await t.http.get(`/v1/consents/${crypto.randomUUID()}`).set(auth())).status).toBe(404);
    expect((await t.http.get('/v1/consents').query({ cursor: 'bm9wZQ' }).set(auth())).status).toBe(400);
  });
});

describe('weighing with a registered consent', () => {
  it('derives the consent answers, lets the engine decide, and records which consent (and entry hash) it used', async () => {
    const consent = await register();
    const res = await t.http.post('/v1/assessments').set(auth()).send(weighing(consent.id));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ decision: 'allowed', ground: 'consent' });
    expect(res.body.consent).toMatchObject({
      consentId: consent.id,
      entry: { sequence: consent.integrity.sequence, hash: consent.integrity.hash },
      withdrawal: null,
      match: 'matched',
      reasons: [],
      derivedAnswers: {
        'consent.given': true,
        'consent.givenBy': 'client',
        'consent.form': 'written',
        'consent.informed': true,
        'consent.specific': true,
        'consent.freelyGiven': true,
        'consent.validUntil': consent.validUntil,
      },
    });
    expect(res.body.trace[0]).toMatchObject({ ruleId: 'consent.registry', outcome: 'met' });
    expect(res.body.trace[0].explanation).toContain(consent.integrity.hash);
    expect(res.body.dossierNote).toContain(consent.id);

    // The chain entry keeps the consent's id and entry hash, and the request with the registry's answers.
    const { rows } = await t.db.query<{ content: string }>(
      'SELECT content FROM audit_chain WHERE tenant_id = $1 AND entity_id = $2',
      [tenantId, res.body.id],
    );
    const data = JSON.parse(rows[0]!.content).data;
    expect(data.consent.consentId).toBe(consent.id);
    expect(data.consent.entry.hash).toBe(consent.integrity.hash);
    expect(data.request.answers).toEqual(res.body.consent.derivedAnswers);

    // Read back and replayed exactly, without the registry.
    const detail = await t.http.get(`/v1/assessments/${res.body.id}`).set(auth());
    expect(detail.body.textsReproduced).toBe(true);
    expect(detail.body.consent).toEqual(res.body.consent);
    expect(detail.body.trace).toEqual(res.body.trace);
    const replay = await t.http.post(`/v1/assessments/${res.body.id}/replay`).set(auth());
    expect(replay.body.identical).toBe(true);
  });

  it('a dry run references a consent too, and records nothing', async () => {
    const consent = await register();
    const before = await t.db.rowCounts();
    const res = await t.http.post('/v1/assessments?dryRun=true').set(auth()).send(weighing(consent.id));
    expect(res.status).toBe(200);
    expect(res.body.consent.match).toBe('matched');
    expect(res.body.decision).toBe('allowed');
    // Nothing in the chain or the registry; only the processing log notes the use (docs/ldv.md).
    expect(await t.db.rowCounts()).toEqual({ ...before, processing_logs: before.processing_logs! + 1 });
  });

  it('refuses consentId together with consent answers (422 naming the answer), an unknown id and another client’s consent', async () => {
    const consent = await register();
    const before = await t.db.rowCounts();
    const both = await t.http
      .post('/v1/assessments')
      .set(auth())
      .send(weighing(consent.id, { answers: { 'consent.given': true } }));
    expect(both.status).toBe(422);
    expect(both.body.invalidParams[0].name).toBe('body.answers.consent.given');
    const unknown = await t.http.post('/v1/assessments').set(auth()).send(weighing(crypto.randomUUID()));
    expect(unknown.status).toBe(422);
    expect(unknown.body.invalidParams[0].name).toBe('body.consentId');
    const otherClient = await t.http
      .post('/v1/assessments')
      .set(auth())
      .send(
        weighing(consent.id, {
          client: { ref: 'someone-else', ageGroup: 'adult', decisionCapacity: 'capable' },
        }),
      );
    expect(otherClient.status).toBe(422);
    expect(otherClient.body.detail).toContain('another client');
    expect(await t.db.rowCounts()).toEqual(before);
  });

  it('a withdrawal a minute before the weighing: the consent no longer counts, and the trace says so', async () => {
    const consent = await register();
    const withdrawnAt = new Date(Date.now() - 60_000).toISOString();
    const withdrawal = await t.http
      .post(`/v1/consents/${consent.id}/withdrawal`)
      .set(auth())
      .send({ withdrawnBy: { type: 'client' }, withdrawnAt, text: 'Cliënt belde: wil het niet meer.' });
    expect(withdrawal.status, withdrawal.text).toBe(201);
    expect(withdrawal.headers.location).toBe(`/v1/consents/${consent.id}`);
    expect(withdrawal.body).toMatchObject({
      status: 'withdrawn',
      withdrawal: { withdrawnAt, withdrawnBy: { type: 'client' } },
    });
    // The consent itself is unchanged: still its one registration entry.
    expect(withdrawal.body.integrity).toEqual(consent.integrity);

    const res = await t.http.post('/v1/assessments').set(auth()).send(weighing(consent.id));
    expect(res.status).toBe(201);
    expect(res.body.consent.match).toBe('not_matched');
    expect(res.body.consent.reasons.map((r: Json) => r.code)).toEqual(['withdrawn']);
    expect(res.body.consent.withdrawal).toMatchObject({
      sequence: withdrawal.body.withdrawal.integrity.sequence,
      hash: withdrawal.body.withdrawal.integrity.hash,
    });
    expect(res.body.consent.derivedAnswers).toEqual({ 'consent.given': false });
    expect(res.body.ground).not.toBe('consent');
    expect(res.body.trace[0]).toMatchObject({ ruleId: 'consent.registry', outcome: 'not_met' });
    expect(res.body.trace[0].explanation).toContain('ingetrokken');

    const again = await t.http
      .post(`/v1/consents/${consent.id}/withdrawal`)
      .set(auth())
      .send({ withdrawnBy: { type: 'client' } });
    expect(again.status).toBe(409);
  });

  it('refuses a withdrawal dated in the future or of an unknown consent', async () => {
    const consent = await register();
    const future = await t.http
      .post(`/v1/consents/${consent.id}/withdrawal`)
      .set(auth())
      .send({ withdrawnBy: { type: 'client' }, withdrawnAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(422);
    expect(future.body.invalidParams[0].name).toBe('body.withdrawnAt');
    const unknown = await t.http
      .post(`/v1/consents/${crypto.randomUUID()}/withdrawal`)
      .set(auth())
      .send({ withdrawnBy: { type: 'client' } });
    expect(unknown.status).toBe(404);
  });

  it('two withdrawals at once: exactly one is recorded, the other gets 409', async () => {
    const consent = await register();
    const send = () =>
      t.http
        .post(`/v1/consents/${consent.id}/withdrawal`)
        .set(auth())
        .send({ withdrawnBy: { type: 'client' } });
    const statuses = (await Promise.all([send(), send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const { rows } = await t.db.query(
      'SELECT count(*)::int AS n FROM consent_withdrawals WHERE consent_id = $1',
      [consent.id],
    );
    expect(rows[0]!.n).toBe(1);
    const verify = await t.http.get('/v1/audit/verify').set(auth());
    expect(verify.body.intact).toBe(true);
  });

  describe('time: registered in the past (the service clock passed in)', () => {
    const principal = (): Principal => ({ tenantId, apiKeyId, scopes: ['assess', 'read'] });
    const service = () => t.backend.services.consents as ConsentService;
    const past = (validUntil: string): ConsentInput =>
      consentBody({ validFrom: dayOffset(-100), validUntil }) as unknown as ConsentInput;

    it('on the day of expiry the consent counts; a consent that expired yesterday does not', async () => {
      const registeredAt = new Date(Date.now() - 60 * DAY_MS);
      const processing = {
        tenantId,
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        parentSpanId: null,
        foreign: null,
        startedAt: registeredAt,
      };
      const lastDay = await service().create(
        principal(),
        past(today()),
        'nl',
        undefined,
        processing,
        registeredAt,
      );
      const expired = await service().create(
        principal(),
        past(dayOffset(-1)),
        'nl',
        undefined,
        processing,
        registeredAt,
      );

      const onLastDay = await t.http.post('/v1/assessments').set(auth()).send(weighing(lastDay.response.id));
      expect(onLastDay.body.consent.match).toBe('matched');
      expect(onLastDay.body.decision).toBe('allowed');

      const dayAfter = await t.http.post('/v1/assessments').set(auth()).send(weighing(expired.response.id));
      expect(dayAfter.body.consent.match).toBe('not_matched');
      expect(dayAfter.body.consent.reasons.map((r: Json) => r.code)).toEqual(['expired']);
      expect(dayAfter.body.consent.derivedAnswers['consent.validUntil']).toBe(dayOffset(-1));
      expect(dayAfter.body.trace.find((r: Json) => r.ruleId === 'consent.not_expired').outcome).toBe(
        'not_met',
      );

      const listed = await t.http.get('/v1/consents').query({ status: 'expired' }).set(auth());
      expect(listed.body.items.map((c: Json) => c.id)).toContain(expired.response.id);
      expect(listed.body.items.map((c: Json) => c.id)).not.toContain(lastDay.response.id);
    });
  });
});

describe('the consent in the dossier', () => {
  let assessmentId: string;
  let consent: Json;
  let publicKeyPem: string;

  beforeAll(async () => {
    consent = await register(
      consentBody({
        client: { ref: 'c-dossier', ageGroup: 'adult' },
        recipient: { type: 'lawyer', organisation: 'Advocatenkantoor Brouwer' },
        motivation: 'Cliënt wil dat de advocaat het behandelverloop kent.',
      }),
    );
    const res = await t.http
      .post('/v1/assessments')
      .set(auth())
      .send(
        weighing(consent.id, {
          client: { ref: 'c-dossier', ageGroup: 'adult', decisionCapacity: 'capable' },
          recipient: { type: 'lawyer', name: 'Advocatenkantoor Brouwer, mr. Noël' },
        }),
      );
    expect(res.status).toBe(201);
    expect(res.body.consent.match).toBe('matched');
    assessmentId = res.body.id;
    // Withdrawn after the weighing: the dossier shows it, the record is unchanged.
    await t.http
      .post(`/v1/consents/${consent.id}/withdrawal`)
      .set(auth())
      .send({ withdrawnBy: { type: 'client' } });
    publicKeyPem = (await t.http.get('/v1/audit/public-key').set(auth())).body.publicKeyPem;
  });

  it('shows what, by whom, until when, and the chain entries that prove it; verifies offline', async () => {
    const res = await t.http.get(`/v1/assessments/${assessmentId}/export?format=json`).set(auth());
    expect(res.status).toBe(200);
    const dossier = JSON.parse(res.text) as Json;
    expect(dossier.consent.consent).toMatchObject({
      id: consent.id,
      grantor: { type: 'client' },
      validUntil: consent.validUntil,
      status: 'withdrawn',
    });
    expect(dossier.consent.chainEntries.map((e: Json) => e.entryType)).toEqual([
      'consent.recorded',
      'consent.withdrawn',
    ]);
    expect(dossier.consent.chainEntries[0].hash).toBe(dossier.assessment.consent.entry.hash);
    expect(dossier.consent.proof).toContain(consent.integrity.hash);
    const given = dossier.questions.find((q: Json) => q.id === 'consent.given');
    expect(given).toMatchObject({ answer: true, answeredBy: 'consent_registry' });
    expect(dossier.questions.find((q: Json) => q.id === 'danger.acute').answeredBy).toBeUndefined();
    // Both consent entries are leaves of the same signed tree as the weighing's own entries.
    expect(dossier.consent.inclusion.map((p: Json) => p.sequence)).toEqual(
      dossier.consent.chainEntries.map((e: Json) => e.sequence),
    );
    expect(dossier.transparency.entries.map((p: Json) => p.sequence)).toEqual(
      dossier.chainEntries.map((e: Json) => e.sequence),
    );
    expect(dossier.consent.proof).toContain('RFC 9162');
    const verified = await verifyOffline(dossier, publicKeyPem);
    expect(verified.output).toContain('consent: its registration entry is the one the record names');
    for (const entry of dossier.consent.chainEntries)
      expect(verified.output).toContain(`ok    consent entry ${entry.sequence}: its content is leaf`);
    expect(verified.code, verified.output).toBe(0);
  });

  it('offline verification catches an edited consent, an edited use and a swapped entry', async () => {
    const dossier = JSON.parse(
      (await t.http.get(`/v1/assessments/${assessmentId}/export?format=json`).set(auth())).text,
    ) as Json;
    const edits: Array<(d: Json) => void> = [
      (d) => {
        d.consent.consent.validUntil = '2099-12-31';
      },
      (d) => {
        d.consent.consent.categories.push('diagnosis');
      },
      (d) => {
        d.assessment.consent.match = 'not_matched';
      },
      (d) => {
        d.consent.consent.withdrawal.withdrawnAt = '2020-01-01T00:00:00.000Z';
      },
      (d) => {
        d.consent.chainEntries[0].content = d.consent.chainEntries[0].content.replace(
          '"treatment"',
          '"diagnosis"',
        );
      },
      (d) => {
        d.consent = null;
      },
      // The readable parts outside the chain are covered by the presentation signature.
      (d) => {
        d.consent.proof = 'Vertrouw ons maar.';
      },
      (d) => {
        d.consent.labels.recipientType = 'iemand anders';
      },
      (d) => {
        d.consent.consent.status = 'active';
      },
      // Inclusion proofs: missing, or one hash changed.
      (d) => {
        d.consent.inclusion = [];
      },
      (d) => {
        const proof = d.consent.inclusion[0];
        proof.inclusionProof[0] = Buffer.alloc(32, 7).toString('base64');
      },
    ];
    for (const edit of edits) {
      const copy = structuredClone(dossier);
      edit(copy);
      const result = await verifyOffline(copy, publicKeyPem);
      expect(result.code, result.output).toBe(1);
    }
  });

  it('the PDF shows the consent: what, by whom, until when, whether it fitted, and its proof', async () => {
    const res = await t.http
      .get(`/v1/assessments/${assessmentId}/export?format=pdf`)
      .set(auth())
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const text = (await pdfText(res.body as Buffer)).join('\n');
    expect(text).toContain('Toestemming uit het toestemmingsregister');
    expect(text).toContain(consent.id);
    expect(text).toContain('de cliënt zelf');
    expect(text).toContain(`tot en met ${consent.validUntil}`);
    expect(text).toContain('Advocatenkantoor Brouwer');
    expect(text).toContain('de toestemming gold voor deze verstrekking');
    expect(text).toContain('ingetrokken');
    expect(text).toContain(consent.integrity.hash);
    // Answers taken from the registry are marked as such, by the question's text, never its id (#14).
    expect(text.replace(/\s+/g, ' ')).toContain(
      'Is er toestemming gegeven voor deze gegevensdeling? Antwoord: ja (uit het toestemmingsregister)',
    );
    expect(text).not.toContain('consent.given');
    // The integrity checks count the consent's entries with the weighing's, and say so (#14).
    const dossier = JSON.parse(
      (await t.http.get(`/v1/assessments/${assessmentId}/export?format=json`).set(auth())).text,
    );
    const own = dossier.chainEntries.length;
    const ofConsent = dossier.consent.chainEntries.map((e: Json) => e.sequence);
    expect(ofConsent.length).toBeGreaterThan(0);
    const compact = text.replace(/\s+/g, ' ');
    expect(compact).toContain(
      `van de toestemming uit het register (volgnummer${ofConsent.length > 1 ? 's' : ''} ${ofConsent.join(', ')})`,
    );
    expect(compact).toContain(
      `Hash van elke vastlegging opnieuw berekend: in orde voor alle ${own + ofConsent.length} vastleggingen`,
    );
    expect(compact).toMatch(
      new RegExp(`\\(RFC 9162\\): in orde voor alle ${own + ofConsent.length} vastleggingen`),
    );
  });
});

describe('consent events in the bulk export', () => {
  // An organisation of its own: its export holds this test's records and nothing another test
  // recorded just before, whatever order the tests run in.
  let own: string;
  beforeAll(async () => {
    own = (await t.createKey('Wijkteam Bulkexport')).key;
  });
  const exportOf = (format: string, from: string, to: string) =>
    t.http
      .get('/v1/exports/assessments')
      .query({ format, from, to })
      .set(auth(own))
      .buffer(true)
      .parse((res, callback) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => callback(null, text));
      });

  it('ndjson, csv and fhir include registrations and withdrawals in chain order, without client or free text', async () => {
    const from = new Date(Date.now() - 1_000).toISOString();
    const consent = await register(
      consentBody({
        client: { ref: 'c-bulk-secret', ageGroup: '12_to_15', decisionCapacity: 'incapable' },
        grantor: { type: 'representative', role: 'parent' },
        recipient: { type: 'lawyer', organisation: 'Kantoor Geheimnaam' },
        motivation: 'Vrije tekst die niet in bulk mag',
        evidenceRef: 'doc-bulk-ref',
      }),
      own,
    );
    const weighed = await t.http
      .post('/v1/assessments')
      .set(auth(own))
      .send(
        weighing(consent.id, {
          client: { ref: 'c-bulk-secret', ageGroup: '12_to_15', decisionCapacity: 'incapable' },
          recipient: { type: 'lawyer', name: 'Kantoor Geheimnaam' },
        }),
      );
    expect(weighed.body.consent.match).toBe('matched');
    const withdrawal = await t.http
      .post(`/v1/consents/${consent.id}/withdrawal`)
      .set(auth(own))
      .send({
        withdrawnBy: { type: 'representative', role: 'parent' },
        text: 'Notitie die niet in bulk mag',
      });
    expect(withdrawal.status).toBe(201);
    const to = new Date(Date.now() + 60_000).toISOString();

    const ndjson = ((await exportOf('ndjson', from, to)).body as string)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(ndjson.map((l) => l.recordType)).toEqual(['consent_recorded', 'assessment', 'consent_withdrawn']);
    expect(ndjson[0]).toMatchObject({
      id: consent.id,
      consentId: consent.id,
      recipientType: 'lawyer',
      grantor: { type: 'representative', role: 'parent' },
      validUntil: consent.validUntil,
      sequence: consent.integrity.sequence,
      hash: consent.integrity.hash,
    });
    expect(ndjson[2]).toMatchObject({
      id: withdrawal.body.withdrawal.id,
      consentId: consent.id,
      withdrawnBy: { type: 'representative', role: 'parent' },
      sequence: withdrawal.body.withdrawal.integrity.sequence,
    });
    const sequences = ndjson.map((l) => l.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));

    const csv = (await exportOf('csv', from, to)).body as string;
    const rows = csv.trimEnd().split('\r\n');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain('"consent_recorded"');
    expect(rows[1]).toContain('"representative:parent"');
    expect(rows[3]).toContain(`"${withdrawal.body.withdrawal.withdrawnAt}"`);

    const fhir = ((await exportOf('fhir', from, to)).body as string)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(fhir.map((r) => r.resourceType)).toEqual(['Consent', 'AuditEvent', 'Consent']);
    expect(fhir[0]).toMatchObject({ id: consent.id, status: 'active', meta: { versionId: '1' } });
    expect(fhir[2]).toMatchObject({ id: consent.id, status: 'inactive', meta: { versionId: '2' } });
    expect(fhir[0].subject).toBeUndefined();
    expect(fhir[0].sourceReference).toBeUndefined();

    const pseudonym = consent.client.refPseudonym as string;
    for (const text of [JSON.stringify(ndjson), csv, JSON.stringify(fhir)]) {
      for (const absent of [
        'c-bulk-secret',
        pseudonym,
        'Kantoor Geheimnaam',
        'Vrije tekst die niet in bulk mag',
        'Notitie die niet in bulk mag',
        'doc-bulk-ref',
      ]) {
        expect(text).not.toContain(absent);
      }
    }
  });
});

describe('integrity of the registry', () => {
  it('audit:verify covers consent rows: an edited index row is reported at its entry', async () => {
    const consent = await register(consentBody({ client: { ref: 'c-tamper', ageGroup: 'adult' } }));
    expect((await t.http.get('/v1/audit/verify').set(auth())).body.intact).toBe(true);
    await t.db.asAttacker((client) =>
      client.query(`UPDATE consents SET valid_until = valid_until + 365 WHERE id = $1`, [consent.id]),
    );
    try {
      const report = (await t.http.get('/v1/audit/verify').set(auth())).body;
      expect(report.intact).toBe(false);
      expect(report.firstBrokenLink.sequence).toBe(consent.integrity.sequence);
      expect(report.firstBrokenLink.reason).toContain('validUntil');
    } finally {
      await t.db.asAttacker((client) =>
        client.query(`UPDATE consents SET valid_until = valid_until - 365 WHERE id = $1`, [consent.id]),
      );
    }
    expect((await t.http.get('/v1/audit/verify').set(auth())).body.intact).toBe(true);
  });

  it('the service role cannot change or delete a consent row or a withdrawal', async () => {
    const consent = await register(consentBody({ client: { ref: 'c-append', ageGroup: 'adult' } }));
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: t.db.appUrl });
    await client.connect();
    try {
      await expect(
        client.query('UPDATE consents SET form = $2 WHERE id = $1', [consent.id, 'oral']),
      ).rejects.toThrow();
      await expect(client.query('DELETE FROM consents WHERE id = $1', [consent.id])).rejects.toThrow();
      await expect(client.query('DELETE FROM consent_withdrawals')).rejects.toThrow();
    } finally {
      await client.end();
    }
  });
});
