/**
 * Writes the sample dossier of a fictitious case to docs/: sample-dossier.pdf, sample-dossier.json
 * sample-public-key.pem and sample-keys.json (so that `node scripts/verify-export.mjs
 * docs/sample-dossier.json docs/sample-keys.json` can be tried). It runs the real service on a throwaway embedded
 * PostgreSQL with a throwaway signing key, registers the client's consent, records a weighing that
 * references it, with follow-up events, through the API and exports it, exactly as a case system
 * would.
 *
 *   npx tsx scripts/sample-dossier.ts && npx biome check --write docs/sample-dossier.json
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPem } from '../src/audit/signing.js';
import { parseEnv } from '../src/config/env.js';
import { startService } from '../src/server.js';

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
  const tenant = await service.backend.tenants.ensure('Sociaal Wijkteam Voorbeeldstad');
  const { key } = await service.backend.apiKeys.create(
    tenant.id,
    { name: 'voorbeeld', scopes: ['assess', 'read', 'audit'] },
    { operator: 'cli' },
  );
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res;
  };
  // The client's written consent, registered once in the consent registry; the weighing references it.
  const day = (offset: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(
      new Date(Date.now() + offset * 86_400_000),
    );
  const consent = (await (
    await call('POST', '/v1/consents', {
      client: { ref: 'fictieve-client-01', ageGroup: 'adult', decisionCapacity: 'capable' },
      grantor: { type: 'client' },
      recipient: { type: 'municipality', organisation: 'Gemeente Voorbeeldstad' },
      purposes: ['eligibility_assessment'],
      categories: ['attendance', 'social_circumstances'],
      form: 'written',
      evidenceRef: 'dms-voorbeeld-0815',
      informed: true,
      freelyGiven: true,
      validFrom: day(-7),
      validUntil: day(180),
      motivation: 'Toestemmingsverklaring besproken en getekend; cliënt kan haar altijd intrekken.',
    })
  ).json()) as { id: string };
  const recorded = (await (
    await call('POST', '/v1/assessments', {
      caseRef: 'VB-2026-0815',
      client: { ref: 'fictieve-client-01', ageGroup: 'adult', decisionCapacity: 'capable', deceased: false },
      professional: { ref: 'mw-de-vries', profession: 'social_worker', employedByMunicipality: true },
      recipient: { type: 'municipality', name: 'Gemeente Voorbeeldstad, consulent Participatiewet' },
      purpose: { type: 'eligibility_assessment', description: 'Consulent vraagt of cliënt afspraken nakomt' },
      requestedInformation: ['attendance', 'social_circumstances'],
      answers: {},
      consentId: consent.id,
    })
  ).json()) as { id: string };
  for (const event of [
    {
      type: 'client_informed',
      professionalRef: 'mw-de-vries',
      text: 'Cliënt heeft de brief gelezen en getekend.',
    },
    { type: 'information_shared', professionalRef: 'mw-de-vries', categories: ['attendance'] },
  ]) {
    await call('POST', `/v1/assessments/${recorded.id}/events`, event);
  }
  const pdf = Buffer.from(
    await (await call('GET', `/v1/assessments/${recorded.id}/export?format=pdf`)).arrayBuffer(),
  );
  const json = await (await call('GET', `/v1/assessments/${recorded.id}/export?format=json`)).text();
  const publicKey = (await (await call('GET', '/v1/audit/public-key')).json()) as { publicKeyPem: string };
  const keys = await (await call('GET', '/v1/audit/keys')).json();
  writeFileSync(new URL('sample-dossier.pdf', docs), pdf);
  writeFileSync(new URL('sample-dossier.json', docs), `${JSON.stringify(JSON.parse(json), null, 2)}\n`);
  writeFileSync(new URL('sample-public-key.pem', docs), publicKey.publicKeyPem);
  writeFileSync(new URL('sample-keys.json', docs), `${JSON.stringify(keys, null, 2)}\n`);
  process.stdout.write(
    `wrote docs/sample-dossier.pdf (${pdf.length} bytes), .json, sample-public-key.pem and sample-keys.json\n`,
  );
} finally {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
