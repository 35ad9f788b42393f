/**
 * What a Dutch dossier says, read as a professional and a tuchtcollege would (issue #14): for a
 * weighing of every decision type, the PDF's extracted text holds no internal source key, no raw id
 * and no English; citations are readable with a bibliography, the legal basis names statutes only;
 * questions the decision did not need read as not needed; obligations that did not apply are not
 * verdicts; the integrity section names each check. Also a weighing recorded in English, exported
 * as a Dutch dossier, and the same weighing as an English dossier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../../src/engine/index.js';
import { pdfText } from '../support/dossier.js';
import { unreadable, verbatim } from '../support/dossier-text.js';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

// biome-ignore lint/suspicious/noExplicitAny: the test walks exported JSON freely
type Json = Record<string, any>;

let t: TestApp;
let key: string;
const auth = () => ({ Authorization: `Bearer ${key}` });

// biome-ignore lint/suspicious/noExplicitAny: supertest's parser types the response loosely
const binary = (res: any, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

async function exportBoth(id: string, language?: 'nl' | 'en'): Promise<{ dossier: Json; text: string }> {
  const query = language ? `&language=${language}` : '';
  const json = await t.http.get(`/v1/assessments/${id}/export?format=json${query}`).set(auth());
  expect(json.status).toBe(200);
  const pdf = await t.http
    .get(`/v1/assessments/${id}/export?format=pdf${query}`)
    .set(auth())
    .buffer(true)
    .parse(binary);
  expect(pdf.status).toBe(200);
  return { dossier: JSON.parse(json.text), text: (await pdfText(pdf.body as Buffer)).join('\n') };
}

const WEIGHINGS: Record<string, Json> = {
  required: sharingRequest({
    caseRef: 'WT-INHOUD-1',
    client: { ref: 'k-1', ageGroup: '12_to_15', decisionCapacity: 'capable' },
    professional: {
      ref: 'p-inhoud',
      profession: 'psychologist',
      displayName: 'drs. Anouk de Boer',
      registration: { register: 'big', number: '39012345601' },
    },
    recipient: { type: 'family_guardian', name: 'Gezinsvoogd, William Schrikker Stichting' },
    purpose: {
      type: 'supervision_order',
      description: 'voortgang van de behandeling bij de ondertoezichtstelling',
    },
    requestedInformation: ['treatment', 'attendance', 'diagnosis'],
    answers: { 'legal.supervisionOrder': true, 'request.byRecipient': true },
    motivation:
      'De gezinsvoogd vraagt dit voor de uitvoering van de ondertoezichtstelling; ik deel alleen wat daarvoor nodig is.',
  }),
  allowed: consentRequest({
    caseRef: 'WT-INHOUD-2',
    professional: { ref: 'p-inhoud', profession: 'social_worker', employedByMunicipality: true },
    recipient: { type: 'lawyer', name: 'Advocaat mr. Łukasz Öztürk' },
    motivation:
      'Cliënt heeft mij schriftelijk toestemming gegeven; ik deel alleen het behandelverloop ≥ 2025.',
  }),
  not_allowed: sharingRequest({
    caseRef: 'WT-INHOUD-3',
    answers: { 'legal.wmoMedicalRequest': false, 'consent.given': false },
    motivation: 'Toestemming kon niet worden gevraagd: cliënt is onbereikbaar en er is geen spoed.',
  }),
  needs_more_information: sharingRequest({ caseRef: 'WT-INHOUD-4', answers: {} }),
};

const recorded: Record<string, { id: string; dossier: Json; text: string }> = {};

beforeAll(async () => {
  t = await startTestApp();
  ({ key } = await t.createKey('Wijkteam Inhoud'));
  for (const [decision, body] of Object.entries(WEIGHINGS)) {
    const res = await t.http.post('/v1/assessments').set(auth()).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.decision).toBe(decision);
    const id = res.body.id as string;
    if (decision === 'allowed') {
      const events = [
        { type: 'information_shared', professionalRef: 'p-inhoud', categories: ['treatment'] },
        {
          type: 'client_informed',
          professionalRef: 'p-inhoud',
          text: 'Cliënt is telefonisch op de hoogte gebracht.',
        },
      ];
      for (const event of events) {
        expect((await t.http.post(`/v1/assessments/${id}/events`).set(auth()).send(event)).status).toBe(201);
      }
    }
    if (decision === 'not_allowed') {
      const event = {
        type: 'shared_despite_advice',
        professionalRef: 'p-17',
        categories: ['attendance'],
        motivation:
          'Na overleg met de aandachtsfunctionaris toch de aanwezigheid gedeeld: acute zorgen om de kinderen.',
      };
      expect((await t.http.post(`/v1/assessments/${id}/events`).set(auth()).send(event)).status).toBe(201);
    }
    recorded[decision] = { id, ...(await exportBoth(id)) };
  }
});
afterAll(() => t.close());

describe.each(Object.keys(WEIGHINGS))('a Dutch dossier of a %s weighing', (decision) => {
  it('contains no internal source key, no raw id and no English', () => {
    const { dossier, text } = recorded[decision]!;
    expect(dossier.language).toBe('nl');
    expect(unreadable(text, verbatim(dossier))).toEqual([]);
  });

  it('cites documents by their short title, lists them at the end, and names only statutes as legal basis', () => {
    const { dossier, text } = recorded[decision]!;
    const compact = text.replace(/\s+/g, ' ');
    expect(compact).toContain('11. Bronnen');
    expect(dossier.bibliography.length).toBeGreaterThan(0);
    for (const entry of dossier.bibliography) {
      expect(Object.values(DOCUMENTS).map((d) => d.short)).toContain(entry.short);
      expect(compact).toContain(entry.title.replace(/\s+/g, ' '));
    }
    // The legal basis is statutes and rulings, never a guidance document or an FAQ heading.
    for (const basis of dossier.legalBasis) {
      expect(basis).toMatch(/^(art\. |Wet |Wmo|Jeugdwet|Wvggz|AVG|ECLI:)/);
      expect(Object.values(DOCUMENTS).some((d) => basis.includes(d.short))).toBe(false);
    }
    const at = compact.indexOf('Wettelijke grondslag: ');
    const line = compact.slice(at + 'Wettelijke grondslag: '.length, at + 120);
    expect(line).not.toMatch(/Wegwijzer|FAQ|vraag ‘/);
    const expected: Record<string, RegExp> = {
      required: /^art\. 7\.3\.11 lid 4 Jeugdwet/,
      allowed: /^geen wet of uitspraak genoemd; de grond is: toestemming/,
      not_allowed: /^geen: er is geen grond om te delen/,
      needs_more_information: /^nog geen: de weging is niet afgerond/,
    };
    expect(line).toMatch(expected[decision]!);
  });

  it('shows unanswered questions as not needed (or, while the weighing is open, as still to answer), never as gaps', () => {
    const { dossier, text } = recorded[decision]!;
    const statuses = new Set(dossier.questions.map((q: Json) => q.status));
    if (decision === 'needs_more_information') {
      expect(statuses).toContain('open');
      expect(text).toContain('Nog te beantwoorden');
    } else {
      expect(statuses).not.toContain('open');
      expect(text).not.toContain('er ontbreken antwoorden');
      expect(text).not.toMatch(/niet beantwoord(?!t)/);
    }
    if (statuses.has('not_needed')) expect(text).toContain('Niet nodig voor dit besluit');
  });

  it('never calls a rule or obligation that did not apply "niet voldaan"', () => {
    const { text } = recorded[decision]!;
    expect(text).not.toContain('niet voldaan');
    expect(text).not.toMatch(/hier niet aan de orde/);
  });

  it('names each integrity check for what it is, and says when the whole chain was last verified', () => {
    const { text } = recorded[decision]!;
    const compact = text.replace(/\s+/g, ' ');
    for (const check of [
      'Hash van elke vastlegging opnieuw berekend',
      'Inclusiebewijs van elke vastlegging in de ondertekende boom van',
      'Ondertekening van het controlepunt van het logboek',
      'Medeondertekening door onafhankelijke getuigen',
      'Tijdstempel van een tijdstempeldienst (RFC 3161)',
      'Volledige controle van de hele keten van de organisatie',
    ]) {
      expect(compact).toContain(check);
    }
    expect(compact).not.toContain('de hele keten gecontroleerd');
  });
});

describe('a question that can still change a decision that stands', () => {
  // From ruleset 2026.12.1 an `allowed` result also lists the questions whose answer could still make
  // sharing compulsory or change what is shared (its missingAnswers). Such a question was needed, so
  // calling it "not needed" would be untrue; it is not a gap in the decision either.
  it('is shown as still open, with what it could change, and never as not needed', async () => {
    const res = await t.http
      .post('/v1/assessments')
      .set(auth())
      .send(
        // Acute danger while the police investigate: sharing is allowed now, and whether reporting
        // is compulsory (art. 160 Sv, which would also release the criminal-justice data) is still open.
        sharingRequest({
          caseRef: 'WT-INHOUD-5',
          recipient: { type: 'police', name: 'Politie, recherche' },
          purpose: { type: 'crime_investigation' },
          requestedInformation: ['identity_and_contact', 'safety_signals', 'criminal_justice'],
          answers: { 'danger.acute': true },
          motivation: 'Cliënt dreigt op dit moment zijn buurman iets aan te doen; de politie is onderweg.',
        }),
      );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.decision).toBe('allowed');
    const stillOpen = (res.body.missingAnswers as Json[]).map((q) => q.id);
    expect(stillOpen.length).toBeGreaterThan(0);
    const { dossier, text } = await exportBoth(res.body.id);
    for (const id of stillOpen)
      expect(dossier.questions.find((q: Json) => q.id === id)?.status, id).toBe('open');
    const compact = text.replace(/\s+/g, ' ');
    const at = compact.indexOf('Nog open: kan de uitkomst nog veranderen');
    expect(at).toBeGreaterThan(0);
    const notNeeded = compact.indexOf('Niet nodig voor dit besluit');
    for (const q of dossier.questions.filter((x: Json) => x.status === 'open')) {
      const where = compact.indexOf(q.text.replace(/\s+/g, ' '), at);
      expect(where, q.id).toBeGreaterThan(at);
      if (notNeeded > at) expect(where, q.id).toBeLessThan(notNeeded);
    }
    expect(unreadable(text, verbatim(dossier))).toEqual([]);
  });
});

describe('the professional in the dossier', () => {
  it('shows the motivation prominently, and who weighed with their registration', () => {
    const compact = recorded.required!.text.replace(/\s+/g, ' ');
    const section = compact.slice(
      compact.indexOf('2. De afweging van de professional'),
      compact.indexOf('3. Besluit'),
    );
    expect(section).toContain('De gezinsvoogd vraagt dit voor de uitvoering van de ondertoezichtstelling');
    expect(compact).toContain('drs. Anouk de Boer');
    expect(compact).toContain('BIG-register 39012345601');
    expect(recorded.needs_more_information!.text).toContain('geen eigen motivering vastgelegd');
  });

  it('renders names and signs outside the Latin-1 range as they are (embedded Unicode fonts)', () => {
    const compact = recorded.allowed!.text.replace(/\s+/g, ' ');
    expect(compact).toContain('Advocaat mr. Łukasz Öztürk');
    expect(compact).toContain('behandelverloop ≥ 2025');
  });

  it('flags sharing against the advice, with the motivation given', () => {
    const compact = recorded.not_allowed!.text.replace(/\s+/g, ' ');
    expect(compact).toContain('Gedeeld tegen het advies van de weging in');
    expect(compact).toContain('acute zorgen om de kinderen');
    expect(recorded.allowed!.text).not.toContain('tegen het advies');
  });
});

describe('language', () => {
  it('records in the organisation language whatever Accept-Language says; the answer follows Accept-Language', async () => {
    const res = await t.http
      .post('/v1/assessments')
      .set(auth())
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .send(consentRequest({ caseRef: 'WT-TAAL-1' }));
    expect(res.status).toBe(201);
    expect(res.headers['content-language']).toBe('en');
    expect(res.body.language).toBe('en');
    const stored = await t.http.get(`/v1/assessments/${res.body.id}`).set(auth());
    expect(stored.body.language).toBe('nl');
    expect(stored.body.explanation).toMatch(/toestemming/i);
  });

  it('records in an explicit language of the body, and the organisation can change its own', async () => {
    const explicit = await t.http
      .post('/v1/assessments')
      .set(auth())
      .send(consentRequest({ caseRef: 'WT-TAAL-2', language: 'en' }));
    expect((await t.http.get(`/v1/assessments/${explicit.body.id}`).set(auth())).body.language).toBe('en');
    expect((await t.http.get('/v1/organisation').set(auth())).body.language).toBe('nl');
    const other = await t.createKey('Wijkteam Engelstalig');
    const changed = await t.http
      .patch('/v1/organisation')
      .set({ Authorization: `Bearer ${other.key}` })
      .send({ language: 'en' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Wijkteam Engelstalig', language: 'en' });
    const res = await t.http
      .post('/v1/assessments')
      .set({ Authorization: `Bearer ${other.key}` })
      .send(consentRequest({ caseRef: 'WT-TAAL-3' }));
    expect(res.headers['content-language']).toBe('en');
    const got = await t.http
      .get(`/v1/assessments/${res.body.id}`)
      .set({ Authorization: `Bearer ${other.key}` });
    expect(got.body.language).toBe('en');
    const invalid = await t.http
      .patch('/v1/organisation')
      .set({ Authorization: `Bearer ${other.key}` })
      .send({ language: 'fr' });
    expect(invalid.status).toBe(400);
    const reader = await t.createKey('Wijkteam Engelstalig', ['read']);
    expect(
      (
        await t.http
          .patch('/v1/organisation')
          .set({ Authorization: `Bearer ${reader.key}` })
          .send({ language: 'nl' })
      ).status,
    ).toBe(403);
  });

  it('renders a weighing recorded in English as a Dutch dossier from the ruleset texts, and verifies', async () => {
    const res = await t.http
      .post('/v1/assessments')
      .set(auth())
      .send(
        consentRequest({
          caseRef: 'WT-TAAL-4',
          language: 'en',
          motivation: 'Cliënt gaf schriftelijk toestemming.',
        }),
      );
    const { dossier, text } = await exportBoth(res.body.id);
    expect(dossier.assessment.language).toBe('en');
    expect(dossier.language).toBe('nl');
    expect(dossier.translation).toMatchObject({
      language: 'nl',
      result: { decision: 'allowed', language: 'nl' },
    });
    expect(unreadable(text, verbatim(dossier))).toEqual([]);
    expect(text).toContain('De weging is vastgelegd in het Engels');
    const english = await exportBoth(res.body.id, 'en');
    expect(english.dossier.translation).toBeNull();
    expect(english.text).toContain('Record of a weighing under professional secrecy');
    expect(english.text).toContain('Answer: yes');
  });
});
