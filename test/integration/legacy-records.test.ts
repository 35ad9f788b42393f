/**
 * A weighing recorded under 2026.11.1 (whose results name their sources by internal file key, and
 * whose result digest covers exactly that) read after 2026.12.1 became active: GET of the record,
 * GET /v1/rules for that ruleset, the PDF dossier and the JSON dossier. What a person reads cites
 * documents; what the digest covers is unchanged, so replay stays identical and the offline
 * verifier still accepts the JSON dossier.
 *
 * The record is made through the real service with 2026.11.1 as the active ruleset (the registry is
 * replaced for this file only); it is then read with the same service.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readDossier } from '../../scripts/verify-export.mjs';
import { pdfText, verifyOffline } from '../support/dossier.js';
import { unreadable, verbatim } from '../support/dossier-text.js';
import { consentRequestV1, type Json } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

vi.mock('../../src/engine/registry.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/engine/registry.js')>();
  const old = real.listRulesets().find((r) => r.version === '2026.11.1')!;
  return {
    ...real,
    activeRuleset: real.getRuleset(old.hash)!,
    listRulesets: () => real.listRulesets().map((r) => ({ ...r, active: r.hash === old.hash })),
  };
});

/** A seed file name, as 2026.11.1 used it for a source key (`NNN_<hex>.txt`). */
const SEED_FILE = /\d{3}_[0-9a-f]{16}\.txt/;

let t: TestApp;
let key: string;
let id: string;
const auth = () => ({ Authorization: `Bearer ${key}` });

beforeAll(async () => {
  t = await startTestApp();
  ({ key } = await t.createKey('Wijkteam Oud'));
  const created = await t.http
    .post('/v1/assessments')
    .set(auth())
    .send(consentRequestV1({ caseRef: 'WT-OUD-1' }));
  expect(created.status).toBe(201);
  expect(created.body.rulesetVersion).toBe('2026.11.1');
  // The response at recording time is the result as recorded (internal keys included).
  expect(JSON.stringify(created.body.trace)).toMatch(SEED_FILE);
  id = created.body.id;
});
afterAll(() => t.close());

describe('a weighing recorded under 2026.11.1', () => {
  it('is read with readable citations, marked as added on reading, and its texts still reproduce', async () => {
    const res = await t.http.get(`/v1/assessments/${id}`).set(auth());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rulesetVersion: '2026.11.1',
      textsReproduced: true,
      citationsAddedOnReading: true,
    });
    expect(res.text).not.toMatch(SEED_FILE);
    const consent = res.body.trace.find((r: Json) => r.ruleId === 'consent.client_consent');
    expect(consent.sources).toContain('KNMG-Wegwijzer 2014, §1 Toestemming van de patiënt');
    expect(consent.citations).toContainEqual(
      expect.objectContaining({ document: 'KNMG-Wegwijzer 2014', section: '§1 Toestemming van de patiënt' }),
    );
  });

  it('replays identically: reading added nothing to what the digest covers', async () => {
    const res = await t.http.post(`/v1/assessments/${id}/replay`).set(auth());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rulesetAvailable: true, identical: true, differences: [] });
  });

  it('its ruleset is served with readable sources and structured citations', async () => {
    const list = await t.http.get('/v1/rules').set(auth());
    expect(list.body.version).toBe('2026.11.1');
    expect(list.text).not.toMatch(SEED_FILE);
    for (const rule of list.body.rules as Array<{ id: string; sources: string[]; citations: unknown[] }>) {
      expect(rule.sources.length, rule.id).toBeGreaterThan(0);
      expect(rule.citations.length, rule.id).toBe(rule.sources.length);
    }
    const questions = await t.http.get('/v1/questions').set(auth());
    expect(questions.text).not.toMatch(SEED_FILE);
  });

  it('its PDF dossier cites documents, never seed files', async () => {
    const res = await t.http
      .get(`/v1/assessments/${id}/export?format=pdf`)
      .set(auth())
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const text = (await pdfText(res.body as Buffer)).join('\n');
    const dossier = readDossier(res.body as Buffer) as Record<string, unknown>;
    expect(text).not.toMatch(SEED_FILE);
    expect(text).toContain('KNMG-Wegwijzer 2014');
    // Read as a Dutch reader would: no raw id, no English; the legal basis names no guidance.
    expect(unreadable(text, verbatim(dossier))).toEqual([]);
    const compact = text.replace(/\s+/g, ' ');
    expect(compact).toContain(
      'Wettelijke grondslag: geen wet of uitspraak genoemd; de grond is: toestemming',
    );
    expect(compact).toContain('11. Bronnen');
  });

  it('its JSON dossier keeps the result as recorded, so the offline verifier accepts it', async () => {
    const res = await t.http.get(`/v1/assessments/${id}/export?format=json`).set(auth());
    expect(res.status).toBe(200);
    const dossier = JSON.parse(res.text);
    // The questions a person reads there cite documents.
    expect(JSON.stringify(dossier.questions)).not.toMatch(SEED_FILE);
    const publicKeyPem = (await t.http.get('/v1/audit/public-key').set(auth())).body.publicKeyPem;
    const { code, output } = await verifyOffline(dossier, publicKeyPem);
    expect(output).toContain('VERIFIED: all');
    expect(code).toBe(0);
  });
});
