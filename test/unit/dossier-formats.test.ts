/**
 * Dossiers already in professionals' hands stay verifiable: a format-2 dossier (exported before
 * format 3 added the dossier's language, translation, legal basis and bibliography to what the
 * presentation statement covers) still verifies with today's offline verifier, and an edit of a
 * part its statement covers still fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyDossier } from '../../scripts/verify-export.mjs';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('a format-2 dossier', () => {
  const dossier = JSON.parse(fixture('dossier-format-2.json'));
  const keys = fixture('dossier-format-2-keys.json');

  it('still verifies, under its own presentation statement', async () => {
    expect(dossier.schema).toBe('beroepsgeheim.dossier/2');
    const report = await verifyDossier(dossier, keys);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(report.results.map((r) => r.what)).toContain(
      'presentation: organisation name, labels, question texts, sources and exportedAt are exactly as the service signed them',
    );
  });

  it('fails when a word it shows is edited', async () => {
    const edited = structuredClone(dossier);
    edited.labels.decision = 'verplicht delen';
    const report = await verifyDossier(edited, keys);
    expect(report.results.filter((r) => !r.ok).map((r) => r.what)).toEqual([
      expect.stringMatching(/^presentation: /),
    ]);
  });
});
