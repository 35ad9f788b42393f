/**
 * The tuchtrecht dossier of one weighing: JSON verified offline by the shipped script (and tampered
 * copies rejected), the PDF checked through its extracted text, the public key, scopes and tenant
 * isolation.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDossier } from '../../scripts/verify-export.mjs';
import { pdfText, verifyOffline } from '../support/dossier.js';
import { pdfToolsAvailable, runTool } from '../support/pdf-tools.js';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
let tenantId: string;
let assessmentId: string;
let publicKeyPem: string;
/** The published key history (GET /v1/audit/keys): the keys file of the offline verifier. */
let keysJson: string;
// biome-ignore lint/suspicious/noExplicitAny: the test walks exported JSON freely
type Json = Record<string, any>;
let dossier: Json;

const require = createRequire(import.meta.url);
const auth = (k = key) => ({ Authorization: `Bearer ${k}` });

beforeAll(async () => {
  t = await startTestApp();
  ({ key, tenantId } = await t.createKey('Wijkteam Zuid'));
  const created = await t.http
    .post('/v1/assessments')
    .set(auth())
    .send(
      consentRequest({
        caseRef: 'WT-DOSSIER-7',
        client: { ref: 'client-geheim-4471', ageGroup: 'adult', decisionCapacity: 'capable' },
        professional: { ref: 'p-dossier-3', profession: 'social_worker', employedByMunicipality: true },
        recipient: { type: 'lawyer', name: 'Advocaat mr. Noël Brouwer' },
      }),
    );
  expect(created.status).toBe(201);
  assessmentId = created.body.id;
  for (const event of [
    {
      type: 'colleague_consulted',
      professionalRef: 'p-dossier-3',
      text: 'Overlegd met aandachtsfunctionaris',
    },
    { type: 'information_shared', professionalRef: 'p-dossier-3', categories: ['treatment'] },
    {
      type: 'note',
      professionalRef: 'p-dossier-3',
      text: 'Cliënt heeft het verslag gezien; geen bezwaar geuit.',
    },
  ]) {
    const res = await t.http.post(`/v1/assessments/${assessmentId}/events`).set(auth()).send(event);
    expect(res.status).toBe(201);
  }
  // Other records around it, so the dossier's entries are not the whole chain.
  await t.http
    .post('/v1/assessments')
    .set(auth())
    .send(consentRequest({ caseRef: 'WT-OTHER-1' }));
  const keyRes = await t.http.get('/v1/audit/public-key').set(auth());
  publicKeyPem = keyRes.body.publicKeyPem;
  keysJson = JSON.stringify((await t.http.get('/v1/audit/keys').set(auth())).body);
  const res = await t.http.get(`/v1/assessments/${assessmentId}/export?format=json`).set(auth());
  expect(res.status).toBe(200);
  dossier = JSON.parse(res.text);
});
afterAll(() => t.close());

const copy = (): Json => structuredClone(dossier);

describe('GET /v1/audit/public-key', () => {
  it('serves the Ed25519 public key and its id, and never the private key', async () => {
    const res = await t.http.get('/v1/audit/public-key').set(auth());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      algorithm: 'Ed25519',
      publicKeyId: expect.stringMatching(/^[0-9a-f]{16}$/),
      publicKeyPem: expect.stringContaining('-----BEGIN PUBLIC KEY-----'),
    });
    expect(res.text).not.toContain('PRIVATE');
  });
});

describe('JSON dossier', () => {
  it('holds the record, the answers with question texts, the events, chain entries and the log evidence', () => {
    expect(dossier).toMatchObject({
      schema: 'beroepsgeheim.dossier/3',
      language: 'nl',
      translation: null,
      organisation: { id: tenantId, name: 'Wijkteam Zuid' },
      assessment: { id: assessmentId, caseRef: 'WT-DOSSIER-7', textsReproduced: true },
      verification: {
        method: 'inclusion_proofs',
        intact: true,
        firstBrokenLink: null,
        entriesChecked: 4,
        entryHashesRecomputed: true,
        checkpoint: {
          signedBy: [{ name: `beroepsgeheim.localhost/${tenantId}` }],
          cosignatures: [],
          timestamp: null,
        },
        lastFullVerification: null,
      },
      transparency: {
        origin: `beroepsgeheim.localhost/${tenantId}`,
        timestamp: null,
        cosignatureThreshold: 0,
      },
    });
    expect(dossier.assessment.events.map((e: Json) => e.type)).toEqual([
      'colleague_consulted',
      'information_shared',
      'note',
    ]);
    expect(dossier.chainEntries.map((e: Json) => e.entryType)).toEqual([
      'assessment.recorded',
      'assessment.event',
      'assessment.event',
      'assessment.event',
    ]);
    const consent = dossier.questions.find((q: Json) => q.id === 'consent.given');
    expect(consent).toMatchObject({
      answer: true,
      answerText: 'ja',
      status: 'answered',
      text: expect.any(String),
    });
    expect(consent.sources.length).toBeGreaterThan(0);
    // Readable citations: documents by their short title, never the internal source key.
    expect(JSON.stringify(dossier.questions)).not.toMatch(/\d{3}_[0-9a-f]{16}\.txt/);
    const unanswered = dossier.questions.filter((q: Json) => q.answer === null);
    expect(unanswered.length).toBeGreaterThan(0);
    // The weighing was allowed: what it left unanswered it did not need.
    expect(new Set(unanswered.map((q: Json) => q.status))).toEqual(new Set(['not_needed']));
    expect(dossier.bibliography.map((b: Json) => b.short)).toContain('KNMG-Wegwijzer 2014');
    // One inclusion proof per entry, in a checkpoint that covers the last of them.
    expect(dossier.transparency.entries.map((e: Json) => [e.sequence, e.leafIndex])).toEqual(
      dossier.chainEntries.map((e: Json) => [e.sequence, e.sequence - 1]),
    );
    expect(dossier.transparency.treeSize).toBeGreaterThanOrEqual(dossier.chainEntries[3].sequence);
  });

  it('never contains the client reference in clear', () => {
    expect(JSON.stringify(dossier)).not.toContain('client-geheim-4471');
  });

  it('is verified offline by the shipped script, from a copy of the script alone', async () => {
    for (const keys of [keysJson, publicKeyPem]) {
      const { code, output } = await verifyOffline(dossier, keys);
      expect(output).toContain('VERIFIED: all');
      expect(output).not.toContain('FAIL');
      expect(code).toBe(0);
    }
  });

  const tamperings: Array<[string, (d: Json) => void, RegExp]> = [
    [
      'the readable decision',
      (d) => {
        d.assessment.decision = 'required';
      },
      /hashed facts/,
    ],
    [
      'a rule text shown (bound by the result digest)',
      (d) => {
        d.assessment.trace[0].explanation = 'anders';
      },
      /complete result/,
    ],
    [
      'an answer shown',
      (d) => {
        d.questions.find((q: Json) => q.id === 'consent.given').answer = false;
      },
      /answers/,
    ],
    [
      'an event text',
      (d) => {
        d.assessment.events[2].text = 'Cliënt maakte bezwaar.';
      },
      /event .* hashed content/,
    ],
    [
      'the hashed content itself',
      (d) => {
        d.chainEntries[0].content = d.chainEntries[0].content.replace('"consent"', '"none"');
      },
      /hash = SHA-256/,
    ],
    [
      'a dropped event',
      (d) => {
        d.assessment.events.pop();
        d.chainEntries.pop();
      },
      /every chain entry has an inclusion proof/,
    ],
    [
      'the signed checkpoint',
      (d) => {
        d.transparency.checkpoint = d.transparency.checkpoint.replace(
          /\n(\d+)\n/,
          (_: string, n: string) => `\n${Number(n) + 1}\n`,
        );
      },
      /checkpoint note opens/,
    ],
    [
      'an inclusion proof',
      (d) => {
        d.transparency.entries[1].inclusionProof[0] = d.transparency.entries[0].inclusionProof[0];
      },
      /inclusion proof/,
    ],
    [
      'the hashed content with its hash recomputed',
      (d) => {
        const { createHash } = require('node:crypto') as typeof import('node:crypto');
        const entry = d.chainEntries[1];
        entry.content = entry.content.replace('"colleague_consulted"', '"note"');
        entry.hash = createHash('sha256')
          .update(entry.previousHash + entry.content)
          .digest('hex');
      },
      /leaf .* of the signed tree/,
    ],
    [
      'a word for a code (labels, under the presentation signature)',
      (d) => {
        d.labels.decision = 'verplicht delen';
      },
      /presentation/,
    ],
    [
      'the legal basis shown',
      (d) => {
        d.legalBasis = ['art. 7:457 lid 2 BW'];
      },
      /presentation/,
    ],
    [
      'the status of a question',
      (d) => {
        d.questions.find((q: Json) => q.status === 'not_needed').status = 'open';
      },
      /presentation/,
    ],
    [
      'an event motivation (in the chain)',
      (d) => {
        d.assessment.events[0].motivation = 'achteraf toegevoegd';
      },
      /event .* hashed content/,
    ],
    [
      'a missing checkpoint',
      (d) => {
        d.transparency = null;
      },
      /signed checkpoint/,
    ],
  ];
  for (const [what, tamper, failing] of tamperings) {
    it(`rejects a dossier with ${what} altered`, async () => {
      const tampered = copy();
      tamper(tampered);
      const { code, output } = await verifyOffline(tampered, keysJson);
      expect(code).toBe(1);
      expect(output).toContain('NOT VERIFIED');
      expect(
        output
          .split('\n')
          .filter((l) => l.startsWith('FAIL'))
          .join('\n'),
      ).toMatch(failing);
    });
  }

  it('rejects a genuine dossier checked against another key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const { code, output } = await verifyOffline(dossier, other);
    expect(code).toBe(1);
    expect(output).toMatch(/FAIL .*checkpoint note opens/);
  });

  it('a later export signs the grown log but carries the earliest checkpoint covering its entries', async () => {
    const count = async () => {
      const { rows } = await t.db.query<{ n: string }>(
        'SELECT count(*) AS n FROM audit_tree_checkpoints WHERE tenant_id = $1',
        [tenantId],
      );
      return Number(rows[0]!.n);
    };
    const before = await count();
    await t.http
      .post('/v1/assessments')
      .set(auth())
      .send(consentRequest({ caseRef: 'WT-LATER' }));
    const again = await t.http.get(`/v1/assessments/${assessmentId}/export`).set(auth());
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text).transparency.checkpoint).toBe(dossier.transparency.checkpoint);
    expect(await count()).toBe(before + 1);
    const report = await t.http.get('/v1/audit/verify').set(auth());
    expect(report.body).toMatchObject({
      intact: true,
      checks: expect.arrayContaining([{ name: 'transparency_log', checked: before + 1 }]),
    });
  });
});

let pdf: Buffer;
let pdfFetched: Promise<Buffer> | undefined;

/** The PDF dossier of the weighing, fetched once for every describe that reads it (in any order). */
function fetchPdf(): Promise<Buffer> {
  pdfFetched ??= (async () => {
    const res = await t.http
      .get(`/v1/assessments/${assessmentId}/export?format=pdf`)
      .set(auth())
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`dossier-${assessmentId}.pdf`);
    return res.body as Buffer;
  })();
  return pdfFetched;
}

describe('PDF dossier', () => {
  let pages: string[];
  let text: string;
  beforeAll(async () => {
    pdf = await fetchPdf();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    pages = await pdfText(pdf);
    text = pages.join('\n');
  });

  it('numbers every page "Pagina x van y"', () => {
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, page] of pages.entries()) expect(page).toContain(`Pagina ${i + 1} van ${pages.length}`);
  });

  it('holds organisation, time, case, professional, recipient, purpose and Dutch characters intact', () => {
    for (const expected of [
      'Wijkteam Zuid',
      'Nederlandse tijd',
      'WT-DOSSIER-7',
      'p-dossier-3',
      'Advocaat mr. Noël Brouwer',
      'Cliënt heeft het verslag gezien; geen bezwaar geuit.',
      'Overlegd met aandachtsfunctionaris',
      dossier.labels.recipientType,
      dossier.labels.purposeType,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('holds every question with its answer, the decision, ground, sharing, obligations and ruleset', () => {
    const compact = text.replace(/\s+/g, ' ');
    for (const q of dossier.questions) expect(compact).toContain(q.text.replace(/\s+/g, ' ').slice(0, 40));
    const consent = dossier.questions.find((q: Json) => q.id === 'consent.given');
    expect(compact).toContain(`${consent.text.replace(/\s+/g, ' ')} Antwoord: ja`);
    expect(compact).not.toContain('consent.given');
    expect(compact).toContain(dossier.labels.decision);
    expect(compact).toContain(dossier.labels.ground);
    for (const item of dossier.assessment.information.share)
      expect(compact).toContain(dossier.labels.categories[item.category]);
    for (const o of dossier.assessment.obligations)
      expect(compact).toContain(o.text.replace(/\s+/g, ' ').slice(0, 40));
    expect(compact).toContain(dossier.assessment.rulesetVersion);
    expect(compact).toContain(dossier.assessment.rulesetHash);
  });

  it('holds the integrity proof: sequence, hashes, verification and the signed checkpoint', () => {
    const compact = text.replace(/\s+/g, ' ');
    for (const entry of dossier.chainEntries) {
      expect(compact).toContain(`Volgnummer ${entry.sequence}`);
      expect(compact).toContain(entry.hash);
      expect(compact).toContain(entry.previousHash);
    }
    expect(compact).toContain(
      `Inclusiebewijs van elke vastlegging in de ondertekende boom van ${dossier.transparency.treeSize} vastleggingen`,
    );
    // The signed checkpoint and statement of this PDF's own dossier, each line whole, as they were
    // signed, together on one page (appendix B).
    const embedded = readDossier(pdf) as Json;
    const lines = text.split('\n').map((l) => l.trim());
    const appendix = pages.find((p) => p.includes('Bijlage B. Ondertekende teksten')) ?? '';
    for (const note of [embedded.transparency.checkpoint, embedded.transparency.presentation]) {
      for (const line of note.split('\n').filter(Boolean)) {
        expect(lines).toContain(line);
        expect(appendix).toContain(line);
      }
    }
  });

  it('never contains the client reference in clear', () => {
    expect(text).not.toContain('client-geheim-4471');
  });
});

describe('the PDF as a file that lasts', () => {
  beforeAll(async () => {
    pdf = await fetchPdf();
  });

  it('embeds the signed JSON dossier, which the offline verifier takes from the PDF alone', async () => {
    const embedded = readDossier(pdf) as Json;
    expect(embedded).toMatchObject({ schema: 'beroepsgeheim.dossier/3', assessment: { id: assessmentId } });
    const { code, output } = await verifyOffline(pdf, keysJson);
    expect(output).toContain('verifying the dossier embedded in the PDF');
    expect(output).toContain('VERIFIED: all');
    expect(code).toBe(0);
  });

  it('is rejected when the embedded dossier was altered', async () => {
    const tampered = Buffer.from(pdf);
    // The embedded file is the last stream pdfkit writes before the catalog; flip a byte inside it.
    const at = tampered.lastIndexOf('/Type /EmbeddedFile');
    const stream = tampered.indexOf('stream', at) + 'stream\n'.length;
    tampered[stream + 40] = tampered[stream + 40]! ^ 0x01;
    const { code, output } = await verifyOffline(tampered, keysJson);
    expect(code).toBe(1);
    expect(output).toContain('NOT VERIFIED');
  });

  it('declares PDF/A-3b, is tagged, has an output intent and the JSON as an associated file', () => {
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(raw).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(raw).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(raw).toMatch(/\/OutputIntents \[\d+ 0 R\]/);
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(raw).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(raw).toContain('/Lang (nl-NL)');
    expect(raw).toMatch(/\/AFRelationship \/Source/);
    expect(raw).toMatch(/\/AF \[\d+ 0 R\]/);
    expect(raw).toContain('/Subtype /application#2Fjson');
  });

  const tools = pdfToolsAvailable();
  it.skipIf(!tools)('pdffonts: every font is embedded (no standard, unembedded font)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pss-pdf-'));
    writeFileSync(join(dir, 'dossier.pdf'), pdf);
    const { status, output } = runTool('pdffonts', [join(dir, 'dossier.pdf')]);
    expect(status).toBe(0);
    const rows = output
      .split('\n')
      .slice(2)
      .filter((l) => l.trim());
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      // name, type, encoding, emb, sub, uni, object ID
      expect(row).toMatch(/\s(?:CID )?TrueType\s.*\syes\s+yes\s+yes\s/);
    }
  });

  it.skipIf(!tools)('qpdf --check finds no syntax or stream encoding errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pss-pdf-'));
    writeFileSync(join(dir, 'dossier.pdf'), pdf);
    const { status, output } = runTool('qpdf', ['--check', join(dir, 'dossier.pdf')]);
    expect(output).toContain('No syntax or stream encoding errors found');
    expect(status).toBe(0);
  });

  it.skipIf(!tools)('pdfdetach extracts the same dossier the verifier reads, and it verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pss-pdf-'));
    writeFileSync(join(dir, 'dossier.pdf'), pdf);
    const out = join(dir, 'out');
    const { status } = runTool('mkdir', [out]);
    expect(status).toBe(0);
    expect(runTool('pdfdetach', ['-saveall', '-o', out, join(dir, 'dossier.pdf')]).status).toBe(0);
    expect(readdirSync(out)).toEqual([`dossier-${assessmentId}.json`]);
    const extracted = readFileSync(join(out, `dossier-${assessmentId}.json`), 'utf8');
    expect(JSON.parse(extracted)).toEqual(readDossier(pdf));
    const { code, output } = await verifyOffline(extracted, keysJson);
    expect(output).toContain('VERIFIED: all');
    expect(code).toBe(0);
    const info = runTool('pdfinfo', [join(dir, 'dossier.pdf')]).output;
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/PDF version:\s+1\.7/);
  });
});

describe('access', () => {
  it("answers 404 for another organisation's assessment and 403 without read or audit scope", async () => {
    const other = await t.createKey('Ander wijkteam');
    expect((await t.http.get(`/v1/assessments/${assessmentId}/export`).set(auth(other.key))).status).toBe(
      404,
    );
    const assessOnly = await t.createKey('Wijkteam Zuid', ['assess']);
    expect(
      (await t.http.get(`/v1/assessments/${assessmentId}/export`).set(auth(assessOnly.key))).status,
    ).toBe(403);
    const reader = await t.createKey('Wijkteam Zuid', ['read']);
    expect((await t.http.get(`/v1/assessments/${assessmentId}/export`).set(auth(reader.key))).status).toBe(
      200,
    );
  });

  it('refuses an unknown format with a 400 problem', async () => {
    const res = await t.http.get(`/v1/assessments/${assessmentId}/export?format=docx`).set(auth());
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
