/**
 * Writes the sample dossier of a fictitious case to docs/: sample-dossier.json, sample-dossier.pdf,
 * sample-public-key.pem and sample-keys.json (so that `node scripts/verify-export.mjs
 * docs/sample-dossier.pdf docs/sample-keys.json` can be tried). It runs the real service on a
 * throwaway embedded PostgreSQL with a throwaway signing key, records the weighing of
 * scripts/sample-scenario.ts through the API and exports its dossier, exactly as a case system
 * would; the PDF is rendered from that JSON (the renderer is deterministic: the same JSON gives
 * the same PDF). test/unit/sample-dossier.test.ts and test/integration/sample-dossier.test.ts fail
 * when the committed files are not what the code makes now.
 *
 *   npx tsx scripts/sample-dossier.ts
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSigningKeyPem } from '../src/audit/signing.js';
import { parseEnv } from '../src/config/env.js';
import { renderDossierPdf } from '../src/export/dossier-pdf.js';
import { startService } from '../src/server.js';
import type { Dossier } from '../src/services/dossier.js';
import { recordSampleWeighing, SAMPLE_ORGANISATION } from './sample-scenario.js';

const docs = new URL('../docs/', import.meta.url);
const dataDir = mkdtempSync(join(tmpdir(), 'pss-sample-'));
chmodSync(dataDir, 0o755);
const service = await startService(
  parseEnv({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: '0',
    EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? String(50000 + Math.floor(Math.random() * 5000)),
    SIGNING_KEY: generateSigningKeyPem(),
    LOG_LEVEL: 'warn',
  }),
);
try {
  const tenant = await service.backend.tenants.ensure(SAMPLE_ORGANISATION);
  const { key } = await service.backend.apiKeys.create(
    tenant.id,
    { name: 'voorbeeld', scopes: ['assess', 'read', 'audit'] },
    { operator: 'cli' },
  );
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const id = await recordSampleWeighing(call);
  const text = async (path: string) => {
    const res = await call('GET', path);
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
    return res.text();
  };
  const dossier = JSON.parse(await text(`/v1/assessments/${id}/export?format=json`)) as Dossier;
  const publicKey = JSON.parse(await text('/v1/audit/public-key')) as { publicKeyPem: string };
  const keys = JSON.parse(await text('/v1/audit/keys'));
  const pdf = await renderDossierPdf(dossier);
  writeFileSync(new URL('sample-dossier.json', docs), `${JSON.stringify(dossier, null, 2)}\n`);
  writeFileSync(new URL('sample-dossier.pdf', docs), pdf);
  writeFileSync(new URL('sample-public-key.pem', docs), publicKey.publicKeyPem);
  writeFileSync(new URL('sample-keys.json', docs), `${JSON.stringify(keys, null, 2)}\n`);
  // The JSON files as the project's formatter writes them (so lint stays clean).
  execFileSync(
    process.execPath,
    [
      fileURLToPath(new URL('../node_modules/@biomejs/biome/bin/biome', import.meta.url)),
      'format',
      '--write',
      fileURLToPath(new URL('sample-dossier.json', docs)),
      fileURLToPath(new URL('sample-keys.json', docs)),
    ],
    { stdio: 'ignore' },
  );
  process.stdout.write(
    `wrote docs/sample-dossier.pdf (${pdf.length} bytes), .json, sample-public-key.pem and sample-keys.json\n`,
  );
} finally {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
