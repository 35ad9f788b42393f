/**
 * No BSN is ever stored, whichever field a person types it into and however it is written
 * (docs/security.md). A property test generates BSNs, writes them in the spellings people and
 * systems use (groups, separators, other digit scripts, invisible characters, inside other text)
 * into every text a request can carry (references, names, free texts, path, query and the
 * Idempotency-Key and X-Request-Id headers), and checks that each request is refused with 422
 * naming the field and never the value, that no table changed, and finally that no generated BSN
 * is found anywhere in the database or the logs. The same for text with control or bidi
 * characters (400), and bodies that are not valid UTF-8 (400).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseDigits, numbersIn } from '../../src/lib/bsn.js';
import { bsnSpellingArb } from '../support/bsn.js';
import { recordHostile } from '../support/hostile.js';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
let partnerId: string;
let assessmentId: string;
const generated = new Set<string>();

const auth = () => ({ Authorization: `Bearer ${key}` });

beforeAll(async () => {
  t = await startTestApp({
    env: {
      RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
      // About input, not load: no shedding when a busy machine makes the event loop lag.
      MAX_EVENT_LOOP_DELAY_MS: '60000',
    },
  });
  ({ key } = await t.createKey('Personal data org'));
  partnerId = (await t.createKey('Personal data partner')).tenantId;
  const created = await t.http
    .post('/v1/assessments')
    .set(auth())
    .send(consentRequest({ caseRef: 'PD-BASE' }));
  expect(created.status).toBe(201);
  assessmentId = created.body.id;
});
afterAll(() => t.close());

/** A valid consent registration, changed by `change`. */
function consentRegistration(change: Record<string, unknown> = {}) {
  return {
    client: { ref: 'pd-consent', ageGroup: 'adult', decisionCapacity: 'capable' },
    grantor: { type: 'client' },
    recipient: { type: 'lawyer' },
    purposes: ['legal_proceedings'],
    categories: ['treatment'],
    form: 'written',
    informed: true,
    freelyGiven: true,
    validFrom: new Date().toISOString().slice(0, 10),
    validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    ...change,
  };
}

type Send = (
  text: string,
) => Promise<{ status: number; body: { invalidParams?: Array<{ name: string }> }; text: string }>;

/**
 * A header token holding the BSN of `text` as one of its parts (`retry-111222333-2`): headers are
 * visible ASCII, and tokens are judged by their parts (src/lib/bsn.ts, tokenHoldsBsn).
 */
function asToken(text: string): string {
  const digits = normaliseDigits(text).replace(/[^0-9]/g, '');
  const bsn = digits.length > 9 ? digits.slice(-9) : digits;
  return `retry-${bsn}-${text.length % 7}`;
}

/** Every text a request can carry, with the field name the refusal must give. */
const FIELDS: Record<string, { field: string; send: Send }> = {
  caseRef: {
    field: 'body.caseRef',
    send: (text) =>
      t.http
        .post('/v1/assessments')
        .set(auth())
        .send(consentRequest({ caseRef: text.slice(0, 100) })),
  },
  clientRef: {
    field: 'body.client.ref',
    send: (text) =>
      t.http
        .post('/v1/assessments')
        .set(auth())
        .send(
          consentRequest({
            client: { ref: text.slice(0, 100), ageGroup: 'adult', decisionCapacity: 'capable' },
          }),
        ),
  },
  professionalRef: {
    field: 'body.professional.ref',
    send: (text) =>
      t.http
        .post('/v1/assessments')
        .set(auth())
        .send(consentRequest({ professional: { ref: text.slice(0, 100), profession: 'nurse' } })),
  },
  recipientName: {
    field: 'body.recipient.name',
    send: (text) =>
      t.http
        .post('/v1/assessments')
        .set(auth())
        .send(consentRequest({ recipient: { type: 'lawyer', name: text } })),
  },
  purposeDescription: {
    field: 'body.purpose.description',
    send: (text) =>
      t.http
        .post('/v1/assessments')
        .set(auth())
        .send(consentRequest({ purpose: { type: 'legal_proceedings', description: text } })),
  },
  // Headers carry tokens a system generates (visible ASCII): the BSN as a part of one.
  idempotencyKey: {
    field: 'header.idempotency-key',
    send: (text) =>
      t.http
        .post('/v1/assessments')
        .set(auth())
        .set('Idempotency-Key', asToken(text))
        .send(consentRequest({ caseRef: 'PD-IDEMPOTENT' })),
  },
  requestId: {
    field: 'header.X-Request-Id',
    send: (text) => t.http.get('/v1/questions').set(auth()).set('X-Request-Id', asToken(text)),
  },
  eventProfessionalRef: {
    field: 'body.professionalRef',
    send: (text) =>
      t.http
        .post(`/v1/assessments/${assessmentId}/events`)
        .set(auth())
        .send({ type: 'client_informed', professionalRef: text.slice(0, 100) }),
  },
  eventText: {
    field: 'body.text',
    send: (text) =>
      t.http
        .post(`/v1/assessments/${assessmentId}/events`)
        .set(auth())
        .send({ type: 'note', professionalRef: 'p-1', text }),
  },
  keyName: {
    field: 'body.name',
    send: (text) =>
      t.http
        .post('/v1/api-keys')
        .set(auth())
        .send({ name: text.slice(0, 200), scopes: ['read'] }),
  },
  grantCaseRef: {
    field: 'body.caseRef',
    send: (text) =>
      t.http
        .post('/v1/access-grants')
        .set(auth())
        .send({
          granteeOrganisationId: partnerId,
          caseRef: text.slice(0, 100),
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
  },
  listCaseRef: {
    field: 'query.caseRef',
    send: (text) =>
      t.http
        .get('/v1/assessments')
        .query({ caseRef: text.slice(0, 100) })
        .set(auth()),
  },
  listClientRef: {
    field: 'query.clientRef',
    send: (text) =>
      t.http
        .get('/v1/assessments')
        .query({ clientRef: text.slice(0, 100) })
        .set(auth()),
  },
  consentClientRef: {
    field: 'body.client.ref',
    send: (text) =>
      t.http
        .post('/v1/consents')
        .set(auth())
        .send(consentRegistration({ client: { ref: text.slice(0, 100), ageGroup: 'adult' } })),
  },
  consentMotivation: {
    field: 'body.motivation',
    send: (text) =>
      t.http
        .post('/v1/consents')
        .set(auth())
        .send(consentRegistration({ motivation: text })),
  },
  withdrawalText: {
    field: 'body.text',
    send: (text) =>
      t.http
        .post(`/v1/consents/${randomUUID()}/withdrawal`)
        .set(auth())
        .send({ withdrawnBy: { type: 'client' }, text }),
  },
  consentListClientRef: {
    field: 'query.clientRef',
    send: (text) =>
      t.http
        .get('/v1/consents')
        .query({ clientRef: text.slice(0, 100) })
        .set(auth()),
  },
  casePath: {
    field: 'path.caseRef',
    send: (text) => t.http.get(`/v1/cases/${encodeURIComponent(text.slice(0, 100))}/assessments`).set(auth()),
  },
};

/** Words around the BSN, as a note or a reference would have them. */
const context = fc.constantFrom('', 'Moeder belde, ', 'dossier ', 'cliënt: ', 'zie ', 'ref ');

describe('a BSN, however written, in any text of any request', () => {
  it('is refused with 422 naming the field (never the value), changes nothing, and is found nowhere in the database or the logs afterwards', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(FIELDS)),
        bsnSpellingArb,
        context,
        async (name, spelling, before) => {
          const { field, send } = FIELDS[name]!;
          const text = `${before}${spelling.text}`;
          generated.add(spelling.bsn);
          const counts = await t.db.rowCounts();
          const res = await send(text);
          const after = await t.db.rowCounts();
          recordHostile('personal-data', `${name} ${text}`, {
            status: res.status,
            changed: JSON.stringify(after) !== JSON.stringify(counts),
          });
          expect(res.status, `${name}: ${JSON.stringify(text)}`).toBe(422);
          expect(res.body.invalidParams?.map((p) => p.name)).toEqual([field]);
          expect(res.text).not.toContain(spelling.bsn);
          expect(after).toEqual(counts);
        },
      ),
      // Headers and names take only part of a spelling (printable ASCII): the digits stay.
      { numRuns: 300 },
    );
    // Afterwards (in the same test: tests run in a random order), none of them is stored or logged.
    await expectNoneStoredOrLogged();
  });
});

async function expectNoneStoredOrLogged(): Promise<void> {
  expect(generated.size).toBeGreaterThan(100);
  const { rows: tables } = await t.db.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const texts: string[] = [];
  for (const { name } of tables) {
    const { rows } = await t.db.query<{ row: string }>(`SELECT row_to_json(x)::text AS row FROM ${name} x`);
    texts.push(...rows.map((r) => r.row));
  }
  texts.push(...t.logs.map((line) => JSON.stringify(line)));
  // Every number in what is stored, its groups joined, searched for every BSN generated.
  const stored = texts.flatMap((text) => numbersIn(normaliseDigits(text)).map((n) => n.groups.join('')));
  const found = [...generated].filter((bsn) => stored.some((digits) => digits.includes(bsn)));
  expect(found).toEqual([]);
  // The search does find digits that were stored (a control: an accepted reference with nine
  // digits that fail the elfproef).
  const control = '123456789';
  const accepted = await t.http
    .post('/v1/assessments')
    .set(auth())
    .send(consentRequest({ caseRef: `PD-${control}` }));
  expect(accepted.status).toBe(201);
  const { rows } = await t.db.query<{ row: string }>(`SELECT row_to_json(a)::text AS row FROM assessments a`);
  expect(
    rows.some((r) => numbersIn(normaliseDigits(r.row)).some((n) => n.groups.join('').includes(control))),
  ).toBe(true);
}

describe('text with control or bidirectional characters', () => {
  it('is refused with 400 in names and references, and changes nothing', async () => {
    for (const [name, text] of [
      ['keyName', 'systeem\u001b[8m'],
      ['keyName', 'systeem\u202eekaf'],
      ['recipientName', 'Gemeente\u0007'],
      ['recipientName', 'Gemeente \u2066x\u2069'],
      ['caseRef', 'CASE\u200f1'],
      ['eventText', 'tekst \u202d omgekeerd'],
      ['eventText', 'bel\u0000l'],
    ] as const) {
      const counts = await t.db.rowCounts();
      const res = await FIELDS[name]!.send(text);
      recordHostile('control-characters', `${name} ${text}`, {
        status: res.status,
        changed: JSON.stringify(await t.db.rowCounts()) !== JSON.stringify(counts),
      });
      expect(res.status, JSON.stringify(text)).toBe(400);
      expect(res.body.invalidParams?.map((p) => p.name)).toContain(FIELDS[name]!.field);
      expect(await t.db.rowCounts()).toEqual(counts);
    }
  });
});

describe('a body that is not valid UTF-8', () => {
  it('is refused with 400 (it was stored with U+FFFD in its place), and changes nothing', async () => {
    const valid = JSON.stringify(consentRequest({ caseRef: 'PD-UTF8-XXXX' }));
    for (const bytes of [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]]) {
      const body = Buffer.from(valid, 'utf8');
      const at = body.indexOf('XXXX');
      const broken = Buffer.concat([body.subarray(0, at), Buffer.from(bytes), body.subarray(at + 4)]);
      const counts = await t.db.rowCounts();
      // Sent as the bytes they are (a test client would serialise a Buffer as JSON).
      const answer = await t.app.inject({
        method: 'POST',
        url: '/v1/assessments',
        headers: { ...auth(), 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        payload: broken,
      });
      const res = { status: answer.statusCode, body: answer.json() as { detail: string } };
      recordHostile('invalid-utf8', broken.toString('hex'), {
        status: res.status,
        changed: JSON.stringify(await t.db.rowCounts()) !== JSON.stringify(counts),
      });
      expect(res.status, Buffer.from(bytes).toString('hex')).toBe(400);
      expect(res.body.detail).toContain('not valid UTF-8');
      expect(await t.db.rowCounts()).toEqual(counts);
    }
    const { rows } = await t.db.query(
      `SELECT 1 FROM audit_chain WHERE content LIKE '%' || chr(65533) || '%'`,
    );
    expect(rows).toEqual([]);
  });
});
