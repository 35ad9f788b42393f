/**
 * The committed sample dossier (docs/sample-dossier.json) is what the service makes now of the
 * sample case (scripts/sample-scenario.ts): the case is recorded again through the API and its
 * dossier compared with the committed one, every value that differs per run (ids, times, hashes,
 * signatures, proofs, pseudonyms) replaced by a placeholder. A change to what a dossier says or
 * holds fails here until the sample is regenerated (`npx tsx scripts/sample-dossier.ts`).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordSampleWeighing, SAMPLE_ORGANISATION } from '../../scripts/sample-scenario.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let fresh: unknown;

beforeAll(async () => {
  t = await startTestApp();
  const { key } = await t.createKey(SAMPLE_ORGANISATION, ['assess', 'read', 'audit']);
  const call = async (method: string, path: string, body?: unknown) => {
    let req = method === 'POST' ? t.http.post(path) : t.http.get(path);
    req = req.set('Authorization', `Bearer ${key}`);
    const res = await (body ? req.send(body as object) : req);
    return new Response(res.text, { status: res.status });
  };
  const id = await recordSampleWeighing(call);
  const res = await t.http
    .get(`/v1/assessments/${id}/export?format=json`)
    .set('Authorization', `Bearer ${key}`);
  fresh = JSON.parse(res.text);
});
afterAll(() => t.close());

/** The dossier with every per-run value replaced by a placeholder naming its kind. */
function normalised(dossier: unknown): unknown {
  const text = JSON.stringify(dossier)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, '<time>')
    .replace(/\d{4}-\d{2}-\d{2}/g, '<date>')
    .replace(/[0-9a-f]{64}/g, '<hex>')
    .replace(/[A-Za-z0-9+/]{60,}={0,2}/g, '<signature>')
    .replace(/[A-Za-z0-9+/]{43}=/g, '<hash>')
    // Trace and span ids (also inside the hashed contents), key ids.
    .replace(/\b(?:[0-9a-f]{32}|[0-9a-f]{16}|[0-9a-f]{8})\b/g, '<id>')
    .replace(/"durationMs":\d+/g, '"durationMs":0');
  return JSON.parse(text);
}

it('docs/sample-dossier.json is what the service makes of the sample case now', () => {
  const committed = JSON.parse(
    readFileSync(new URL('../../docs/sample-dossier.json', import.meta.url), 'utf8'),
  );
  expect(
    normalised(fresh),
    'docs/sample-dossier.* are stale: regenerate them with `npx tsx scripts/sample-dossier.ts`',
  ).toEqual(normalised(committed));
});
