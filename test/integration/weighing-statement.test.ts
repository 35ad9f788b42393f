/**
 * The professional's own part of the record (issue #14), end to end: the motivation and who
 * weighed are stored in the chain with the weighing (and the motivation with follow-ups), refused
 * when they hold a BSN, never logged; follow-ups must agree with the weighing, and sharing against
 * its advice is only recorded as such, with a motivation; the last full verification of the chain
 * is what a dossier reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsBsn } from '../../src/lib/bsn.js';
import { sharedAgainstAdvice } from '../../src/services/assessments.js';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

// biome-ignore lint/suspicious/noExplicitAny: the test walks JSON freely
type Json = Record<string, any>;

let t: TestApp;
let key: string;
const auth = () => ({ Authorization: `Bearer ${key}` });
/** A valid BSN (passes the elfproef), as a person might type it into a text. */
const BSN = '111222333';

let allowed: string;
let notAllowed: string;
let open: string;

beforeAll(async () => {
  t = await startTestApp();
  ({ key } = await t.createKey('Wijkteam Motivering'));
  const record = async (body: Json) => {
    const res = await t.http.post('/v1/assessments').set(auth()).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  allowed = await record(
    consentRequest({
      caseRef: 'WT-MOT-1',
      requestedInformation: ['treatment', 'third_party_information'],
      professional: {
        ref: 'p-mot',
        profession: 'nurse',
        displayName: 'Jeroen Bakker',
        registration: { register: 'big', number: '19012345601' },
      },
      motivation: 'Cliënt wil dat zijn advocaat het verloop kent.\nIk heb dat met hem doorgenomen.',
    }),
  );
  notAllowed = await record(
    sharingRequest({
      caseRef: 'WT-MOT-2',
      answers: { 'legal.wmoMedicalRequest': false, 'consent.given': false },
    }),
  );
  open = await record(sharingRequest({ caseRef: 'WT-MOT-3', answers: {} }));
});
afterAll(() => t.close());

describe('motivation and identity', () => {
  it('are stored in the chain entry of the weighing and returned with the record', async () => {
    const res = await t.http.get(`/v1/assessments/${allowed}`).set(auth());
    expect(res.body.request).toMatchObject({
      motivation: 'Cliënt wil dat zijn advocaat het verloop kent.\nIk heb dat met hem doorgenomen.',
      professional: {
        ref: 'p-mot',
        displayName: 'Jeroen Bakker',
        registration: { register: 'big', number: '19012345601' },
      },
    });
    const { rows } = await t.db.query<{ content: string }>(
      'SELECT content FROM audit_chain WHERE sequence = $1 AND tenant_id = (SELECT tenant_id FROM assessments WHERE id = $2)',
      [res.body.integrity.sequence, allowed],
    );
    const data = JSON.parse(rows[0]!.content).data;
    expect(data.request.motivation).toContain('advocaat');
    expect(data.request.professional.displayName).toBe('Jeroen Bakker');
  });

  it('do not change the weighing: the engine never reads them (same result digest as without)', async () => {
    const without = await t.http
      .post('/v1/assessments?dryRun=true')
      .send(consentRequest({ caseRef: 'WT-MOT-1', requestedInformation: ['treatment', 'diagnosis'] }))
      .set(auth());
    const withThem = await t.http
      .post('/v1/assessments?dryRun=true')
      .send(
        consentRequest({
          caseRef: 'WT-MOT-1',
          requestedInformation: ['treatment', 'diagnosis'],
          professional: {
            ref: 'p-17',
            profession: 'social_worker',
            employedByMunicipality: true,
            displayName: 'X',
          },
          motivation: 'anders verwoord',
        }),
      )
      .set(auth());
    expect(withThem.body).toEqual(without.body);
  });

  const refusals: Array<[string, Json, string]> = [
    ['a BSN in the motivation', { motivation: `Cliënt (BSN ${BSN}) wil dit.` }, 'body.motivation'],
    ['a BSN typed with spaces as the motivation', { motivation: '111 222 333' }, 'body.motivation'],
    [
      'a BSN in the display name',
      { professional: { ref: 'p', profession: 'nurse', displayName: `J. ${BSN}` } },
      'body.professional.displayName',
    ],
    [
      'a BSN as the registration number',
      { professional: { ref: 'p', profession: 'nurse', registration: { register: 'big', number: BSN } } },
      'body.professional.registration.number',
    ],
    ['a motivation over 4000 characters', { motivation: 'a'.repeat(4001) }, 'body.motivation'],
    ['an empty motivation', { motivation: '   ' }, 'body.motivation'],
    [
      'a display name of two lines',
      { professional: { ref: 'p', profession: 'nurse', displayName: 'a\nb' } },
      'body.professional.displayName',
    ],
    [
      'an unknown register',
      { professional: { ref: 'p', profession: 'nurse', registration: { register: 'nip', number: '1' } } },
      'body.professional.registration.register',
    ],
    ['an unknown language', { language: 'de' }, 'body.language'],
  ];
  for (const [what, override, field] of refusals) {
    it(`refuses ${what}, naming the field and never echoing the value, and records nothing`, async () => {
      const before = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_chain');
      const res = await t.http
        .post('/v1/assessments')
        .set(auth())
        .send(consentRequest({ caseRef: 'WT-MOT-X', ...override }));
      // A BSN is refused as unprocessable (422, contains_bsn); any other bad value as invalid (400).
      expect(res.status).toBe(what.includes('BSN') ? 422 : 400);
      expect(res.body.invalidParams.map((p: Json) => p.name)).toContain(field);
      expect(res.text).not.toContain(BSN);
      const after = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_chain');
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    });
  }

  it('accept an 11-digit BIG number even where nine of its digits would pass the eleven-test', async () => {
    const big = '39012345601';
    // Not vacuous: read as free text, this number would be refused as holding a BSN.
    expect(containsBsn(big)).toBe(true);
    const res = await t.http
      .post('/v1/assessments')
      .set(auth())
      .send(
        consentRequest({
          caseRef: 'WT-MOT-BIG',
          professional: { ref: 'p-big', profession: 'nurse', registration: { register: 'big', number: big } },
        }),
      );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.request?.professional?.registration?.number ?? big).toBe(big);
  });

  it('are never written to the service log', () => {
    const lines = JSON.stringify(t.logs);
    expect(lines).not.toContain('Jeroen Bakker');
    expect(lines).not.toContain('advocaat het verloop');
    expect(lines).not.toContain('19012345601');
  });
});

describe('follow-up events consistent with the weighing', () => {
  const event = (id: string, body: Json) =>
    t.http.post(`/v1/assessments/${id}/events`).set(auth()).send(body);

  it('accepts information_shared naming only categories the weighing said to share, with a motivation', async () => {
    const detail = (await t.http.get(`/v1/assessments/${allowed}`).set(auth())).body;
    const share = detail.information.share.map((i: Json) => i.category);
    expect(share).toContain('treatment');
    const res = await event(allowed, {
      type: 'information_shared',
      professionalRef: 'p-mot',
      categories: share,
      motivation: 'Alleen het behandelverloop, zoals afgesproken.',
    });
    expect(res.status).toBe(201);
    expect(res.body.motivation).toBe('Alleen het behandelverloop, zoals afgesproken.');
  });

  it('answers 422 naming the withheld categories an information_shared names', async () => {
    const detail = (await t.http.get(`/v1/assessments/${allowed}`).set(auth())).body;
    const withheld = detail.information.withhold.map((i: Json) => i.category);
    expect(withheld).toContain('third_party_information');
    const res = await event(allowed, {
      type: 'information_shared',
      professionalRef: 'p-mot',
      categories: ['treatment', 'third_party_information'],
    });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.invalidParams).toEqual([
      {
        name: 'body.categories',
        code: 'against_advice',
        reason: expect.stringContaining('third_party_information'),
      },
    ]);
    expect(res.body.detail).toContain('shared_despite_advice');
    expect(res.body.detail).not.toContain('treatment');
  });

  it('answers 422 for any information_shared after not_allowed or an unfinished weighing, even without categories', async () => {
    for (const id of [notAllowed, open]) {
      const named = await event(id, {
        type: 'information_shared',
        professionalRef: 'p-17',
        categories: ['attendance'],
      });
      expect(named.status).toBe(422);
      expect(named.body.invalidParams[0].reason).toContain('did not allow sharing: attendance');
      const bare = await event(id, { type: 'information_shared', professionalRef: 'p-17' });
      expect(bare.status).toBe(422);
    }
  });

  it('records sharing against the advice only as shared_despite_advice with a motivation', async () => {
    const missing = await event(notAllowed, {
      type: 'shared_despite_advice',
      professionalRef: 'p-17',
      categories: ['attendance'],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.invalidParams.map((p: Json) => p.name)).toContain('body.motivation');
    const res = await event(notAllowed, {
      type: 'shared_despite_advice',
      professionalRef: 'p-17',
      categories: ['attendance'],
      motivation: 'Acuut zorgen om de veiligheid van de kinderen; na overleg met de aandachtsfunctionaris.',
    });
    expect(res.status).toBe(201);
    // Existing callers that give the reason as `text` keep working.
    const legacy = await event(notAllowed, {
      type: 'shared_despite_advice',
      professionalRef: 'p-17',
      text: 'Gedeeld na overleg.',
    });
    expect(legacy.status).toBe(201);
  });

  it('leaves the other event types as they were', async () => {
    for (const body of [
      { type: 'client_informed', professionalRef: 'p-17' },
      { type: 'colleague_consulted', professionalRef: 'p-17', motivation: 'Twijfel over de noodzaak.' },
      { type: 'not_shared', professionalRef: 'p-17', categories: ['attendance'] },
      { type: 'note', professionalRef: 'p-17', text: 'Cliënt gebeld.' },
    ]) {
      expect((await event(notAllowed, body)).status).toBe(201);
    }
    expect((await event(notAllowed, { type: 'note', professionalRef: 'p-17' })).status).toBe(400);
    const bsn = await event(notAllowed, {
      type: 'note',
      professionalRef: 'p-17',
      text: 'x',
      motivation: BSN,
    });
    expect(bsn.status).toBe(422);
    expect(bsn.body.invalidParams).toEqual([
      expect.objectContaining({ name: 'body.motivation', code: 'contains_bsn' }),
    ]);
  });

  it('the rule, as a table', () => {
    const allowedWeighing = { decision: 'allowed', sharedCategories: ['treatment'] };
    expect(
      sharedAgainstAdvice(allowedWeighing, { type: 'information_shared', categories: ['treatment'] }),
    ).toBeNull();
    expect(sharedAgainstAdvice(allowedWeighing, { type: 'information_shared' })).toBeNull();
    expect(
      sharedAgainstAdvice(allowedWeighing, { type: 'information_shared', categories: ['diagnosis'] }),
    ).toEqual({
      categories: ['diagnosis'],
      nothingAdvised: false,
    });
    expect(
      sharedAgainstAdvice(
        { decision: 'required', sharedCategories: ['treatment'] },
        { type: 'information_shared' },
      ),
    ).toBeNull();
    for (const decision of ['not_allowed', 'needs_more_information']) {
      expect(sharedAgainstAdvice({ decision, sharedCategories: [] }, { type: 'information_shared' })).toEqual(
        {
          categories: [],
          nothingAdvised: true,
        },
      );
    }
    expect(
      sharedAgainstAdvice(
        { decision: 'not_allowed', sharedCategories: [] },
        { type: 'shared_despite_advice', categories: ['diagnosis'] },
      ),
    ).toBeNull();
    expect(
      sharedAgainstAdvice(allowedWeighing, { type: 'not_shared', categories: ['diagnosis'] }),
    ).toBeNull();
  });
});

describe('the last full verification in the dossier', () => {
  it('is null before any full verification, then the run GET /v1/audit/verify made', async () => {
    // Its own follow-up with a motivation, so the test does not rely on another test's.
    const shared = await t.http
      .post(`/v1/assessments/${allowed}/events`)
      .set(auth())
      .send({
        type: 'information_shared',
        professionalRef: 'p-mot',
        categories: ['treatment'],
        motivation: 'Alleen het behandelverloop, zoals afgesproken.',
      });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    const before = JSON.parse((await t.http.get(`/v1/assessments/${allowed}/export`).set(auth())).text);
    expect(before.verification.lastFullVerification).toBeNull();
    const report = (await t.http.get('/v1/audit/verify').set(auth())).body;
    expect(report.intact).toBe(true);
    const after = JSON.parse((await t.http.get(`/v1/assessments/${allowed}/export`).set(auth())).text);
    expect(after.verification.lastFullVerification).toEqual({
      verifiedAt: report.verifiedAt,
      intact: true,
      headSequence: report.headSequence,
      firstBrokenSequence: null,
    });
    // The motivation and identity are in the dossier's chain entry, under the log's proof.
    expect(after.assessment.request.motivation).toContain('advocaat');
    expect(after.assessment.events.map((e: Json) => e.motivation).filter(Boolean)).toContain(
      'Alleen het behandelverloop, zoals afgesproken.',
    );
  });
});
