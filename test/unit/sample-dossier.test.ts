/**
 * docs/sample-dossier.* are generated from the code (scripts/sample-dossier.ts) and must stay what
 * it makes: the committed PDF is exactly what the renderer makes of the committed JSON, the JSON
 * has the shape of today's dossier and verifies offline with the committed keys, and
 * test/integration/sample-dossier.test.ts proves the service still makes that JSON. Regenerate with
 * `npx tsx scripts/sample-dossier.ts`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyDossier } from '../../scripts/verify-export.mjs';
import { renderDossierPdf } from '../../src/export/dossier-pdf.js';
import { DossierSchema } from '../../src/http/schemas/export.js';
import type { Dossier } from '../../src/services/dossier.js';
import { pdfContent } from '../support/pdf-compare.js';

const docs = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url));
const STALE = 'docs/sample-dossier.* are stale: regenerate them with `npx tsx scripts/sample-dossier.ts`';

describe('the committed sample dossier', () => {
  const json = JSON.parse(docs('sample-dossier.json').toString('utf8')) as Dossier;

  it('has the shape of the dossier the service exports now', () => {
    const parsed = DossierSchema.strict().safeParse(json);
    expect(parsed.success, `${STALE}\n${parsed.error?.message ?? ''}`).toBe(true);
  });

  it('is, as a PDF, exactly what the renderer makes of the committed JSON', async () => {
    const committed = docs('sample-dossier.pdf');
    const rendered = await renderDossierPdf(json);
    // Byte for byte where zlib is the same build; otherwise the same document once inflated.
    if (!rendered.equals(committed)) expect(pdfContent(rendered), STALE).toBe(pdfContent(committed));
    // The comparison sees a change of content, also once inflated.
    const changed = await renderDossierPdf({
      ...json,
      organisation: { ...json.organisation, name: 'Ander team' },
    });
    expect(pdfContent(changed)).not.toBe(pdfContent(committed));
    // Rendering takes a few hundred milliseconds of CPU per PDF; a shared machine may need far more.
  }, 60_000);

  it('verifies offline with the committed key history', async () => {
    const report = await verifyDossier(json, docs('sample-keys.json').toString('utf8'));
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
  });
});
