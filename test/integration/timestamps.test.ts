/**
 * RFC 3161 trusted time, the whole path against a real TSA (OpenSSL's `openssl ts -reply` behind
 * HTTP, test/support/tsa.ts): every checkpoint is timestamped, the token is stored and carried by
 * the dossier, and it verifies offline. The service's check (ASN.1 library), the offline script's
 * small DER reader and `openssl ts -verify` agree on genuine, altered and foreign tokens.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as offline from '../../scripts/verify-export.mjs';
import { TimestampError, verifyTimestampToken } from '../../src/audit/rfc3161.js';
import { verifyOffline } from '../support/dossier.js';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';
import { startTestTsa, type TestTsa } from '../support/tsa.js';

const run = promisify(execFile);

let tsa: TestTsa;
let foreign: TestTsa;
let t: TestApp;
let key: string;
let tenantId: string;
const auth = () => ({ Authorization: `Bearer ${key}` });

beforeAll(async () => {
  tsa = await startTestTsa();
  foreign = await startTestTsa('Another TSA');
  t = await startTestApp({
    env: { TSA_URL: tsa.url, TSA_CERTIFICATE: tsa.caPem },
  });
  ({ key, tenantId } = await t.createKey('GGZ Tijd'));
});
afterAll(async () => {
  await t.close();
  await tsa.close();
  await foreign.close();
});

/** openssl ts -verify on a token over data, trusting the CA. */
async function opensslVerify(token: Uint8Array, data: string, caPem: string): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'pss-tsv-'));
  writeFileSync(join(dir, 'token.der'), token);
  writeFileSync(join(dir, 'data.txt'), data);
  writeFileSync(join(dir, 'ca.pem'), caPem);
  try {
    const { stdout } = await run(
      'openssl',
      ['ts', '-verify', '-token_in', '-in', 'token.der', '-data', 'data.txt', '-CAfile', 'ca.pem'],
      {
        cwd: dir,
      },
    );
    return /Verification: OK/.test(stdout);
  } catch {
    return false;
  }
}

const checkAll = async (token: Uint8Array, data: string, caPem: string) => {
  const library = (() => {
    try {
      verifyTimestampToken(token, Buffer.from(data, 'utf8'), { trustedCertificatePem: caPem });
      return true;
    } catch (error) {
      expect(error).toBeInstanceOf(TimestampError);
      return false;
    }
  })();
  const script = (() => {
    try {
      offline.verifyTimestampToken(token, Buffer.from(data, 'utf8'), caPem);
      return true;
    } catch {
      return false;
    }
  })();
  return { library, script, openssl: await opensslVerify(token, data, caPem) };
};

describe('trusted time for checkpoints', () => {
  let note: string;
  let token: Uint8Array;

  beforeAll(async () => {
    const res = await t.http
      .post('/v1/assessments')
      .set(auth())
      .send(consentRequest({ caseRef: 'TSA-1' }));
    expect(res.status).toBe(201);
    const checkpoint = await t.backend.transparency.signCheckpoint(tenantId);
    note = checkpoint!.note;
    const { rows } = await t.db.query<{ token: Buffer; gen_time: Date }>(
      'SELECT token, gen_time FROM audit_tree_timestamps WHERE tenant_id = $1 AND tree_size = $2',
      [tenantId, checkpoint!.treeSize],
    );
    expect(rows).toHaveLength(1);
    token = new Uint8Array(rows[0]!.token);
    expect(Math.abs(rows[0]!.gen_time.getTime() - Date.now())).toBeLessThan(120_000);
    expect(tsa.requests()).toBeGreaterThanOrEqual(1);
  });

  it('the stored token verifies with the service check, the offline script and openssl ts -verify', async () => {
    expect(await checkAll(token, note, tsa.caPem)).toEqual({ library: true, script: true, openssl: true });
  });

  it('all three refuse it over other data, under another CA, and with any of several bytes changed', async () => {
    expect(await checkAll(token, `${note} `, tsa.caPem)).toEqual({
      library: false,
      script: false,
      openssl: false,
    });
    expect(await checkAll(token, note, foreign.caPem)).toEqual({
      library: false,
      script: false,
      openssl: false,
    });
    // Signed bytes: in the signature (the last ones), the imprint, and genTime (GeneralizedTime, tag
    // 0x18). A byte of an embedded copy of the CA certificate is not signed, and the trusted CA is
    // given separately: only OpenSSL, which parses every certificate, refuses that one.
    const bytes = Buffer.from(token);
    const imprintAt = bytes.indexOf(createHash('sha256').update(note, 'utf8').digest());
    const genTimeAt = bytes.indexOf(Buffer.from([0x18, 0x0f]));
    expect(imprintAt).toBeGreaterThan(0);
    expect(genTimeAt).toBeGreaterThan(0);
    for (const at of [token.length - 5, token.length - 40, imprintAt + 3, genTimeAt + 6]) {
      const changed = new Uint8Array(token);
      changed[at]! ^= 0x01;
      const result = await checkAll(changed, note, tsa.caPem);
      expect(result, `byte ${at}`).toEqual({ library: false, script: false, openssl: false });
    }
  });

  it('the dossier carries the token and verifies offline with the trusted TSA certificate', async () => {
    const res = await t.http
      .post('/v1/assessments')
      .set(auth())
      .send(consentRequest({ caseRef: 'TSA-2' }));
    const exported = await t.http.get(`/v1/assessments/${res.body.id}/export`).set(auth());
    expect(exported.status).toBe(200);
    const dossier = JSON.parse(exported.text);
    expect(dossier.transparency.timestamp.token).toEqual(expect.any(String));
    const keys = (await t.http.get('/v1/audit/keys').set(auth())).body;
    expect(keys.tsaCertificatePem).toContain('BEGIN CERTIFICATE');
    const result = await verifyOffline(dossier, JSON.stringify(keys));
    expect(result.output).toMatch(/ok +timestamp: an RFC 3161 token over the signed checkpoint/);
    expect(result.output).toMatch(/valid at .* \(the RFC 3161 timestamp\)/);
    expect(result.code).toBe(0);

    // A token from another TSA put in its place fails.
    const other = await fetch(foreign.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from((await import('../../src/audit/rfc3161.js')).timestampRequest(Buffer.from('x')).der),
    });
    const { tokenOfResponse } = await import('../../src/audit/rfc3161.js');
    dossier.transparency.timestamp.token = Buffer.from(
      tokenOfResponse(new Uint8Array(await other.arrayBuffer())),
    ).toString('base64');
    const swapped = await verifyOffline(dossier, JSON.stringify(keys));
    expect(swapped.code).toBe(1);
    expect(swapped.output).toMatch(/FAIL +timestamp/);
  });
});

describe('signing-key rotation', () => {
  it('dual-signs during the rotation, and old dossiers verify afterwards under the retired key valid at their time', async () => {
    const { createTestDatabase } = await import('../support/database.js');
    const { generateSigningKeyPem } = await import('../../src/audit/signing.js');
    const { rawEd25519PublicKey, openNote, noteVerifierFromVkey } = await import('../../src/audit/note.js');
    const { privateKeyOf } = await import('../../src/config/transparency.js');
    const db = await createTestDatabase();
    const k1 = generateSigningKeyPem();
    const k2 = generateSigningKeyPem();
    const base = { TSA_URL: tsa.url, TSA_CERTIFICATE: tsa.caPem };
    const headers = (k: string) => ({ Authorization: `Bearer ${k}` });
    try {
      // Before: K1 alone.
      const before = await startTestApp({
        database: db,
        env: { ...base, SIGNING_KEY: k1, SIGNING_KEY_VALID_FROM: '2020-01-01T00:00:00Z' },
      });
      const { key: apiKey, tenantId: org } = await before.createKey('Roterende organisatie');
      const first = await before.http
        .post('/v1/assessments')
        .set(headers(apiKey))
        .send(consentRequest({ caseRef: 'ROT-1' }));
      const old = JSON.parse(
        (await before.http.get(`/v1/assessments/${first.body.id}/export`).set(headers(apiKey))).text,
      );
      expect(old.transparency.timestamp).not.toBeNull();
      await before.close();

      // During: K1 current, K2 next; every checkpoint carries both signatures.
      const during = await startTestApp({
        database: db,
        env: { ...base, SIGNING_KEY: k1, SIGNING_KEY_NEXT: k2 },
      });
      await during.http
        .post('/v1/assessments')
        .set(headers(apiKey))
        .send(consentRequest({ caseRef: 'ROT-2' }));
      const dual = await during.backend.transparency.signCheckpoint(org);
      const keysDuring = (await during.http.get('/v1/audit/keys').set(headers(apiKey))).body;
      expect(keysDuring.keys.map((k: { status: string }) => k.status)).toEqual(['current', 'next']);
      for (const k of keysDuring.keys) openNote(dual!.note, [noteVerifierFromVkey(k.vkey)]);
      expect(dual!.note.split('\n').filter((l) => l.startsWith('\u2014 ')).length).toBe(2);
      await during.close();

      // After: K2 current, K1 retired with its validity period.
      const retiredUntil = new Date(Date.now() + 60_000).toISOString();
      const history = JSON.stringify([
        {
          publicKey: Buffer.from(rawEd25519PublicKey(privateKeyOf(k1))).toString('base64'),
          validFrom: '2020-01-01T00:00:00Z',
          validUntil: retiredUntil,
        },
      ]);
      const after = await startTestApp({
        database: db,
        env: { ...base, SIGNING_KEY: k2, SIGNING_KEY_HISTORY: history },
      });
      try {
        await after.http
          .post('/v1/assessments')
          .set(headers(apiKey))
          .send(consentRequest({ caseRef: 'ROT-3' }));
        const next = await after.backend.transparency.signCheckpoint(org);
        expect(next!.note.split('\n').filter((l) => l.startsWith('\u2014 ')).length).toBe(1);
        expect((await after.http.get('/v1/audit/verify').set(headers(apiKey))).body.intact).toBe(true);
        const keysAfter = (await after.http.get('/v1/audit/keys').set(headers(apiKey))).body;
        expect(
          keysAfter.keys.map((k: { status: string; validUntil: string | null }) => [k.status, k.validUntil]),
        ).toEqual([
          ['current', null],
          ['retired', retiredUntil],
        ]);
        const verified = await verifyOffline(old, JSON.stringify(keysAfter));
        expect(verified.output).toMatch(/ok +checkpoint: signed by a log key that was valid at/);
        expect(verified.code).toBe(0);
        // Had K1 been retired before the dossier's checkpoint was timestamped, it would not count.
        const early = structuredClone(keysAfter);
        early.keys[1].validUntil = '2021-01-01T00:00:00.000Z';
        const refused = await verifyOffline(old, JSON.stringify(early));
        expect(refused.output).toMatch(/FAIL +checkpoint: signed by a log key that was valid at/);
        expect(refused.code).toBe(1);
      } finally {
        await after.close();
      }
    } finally {
      await db.drop();
    }
  });
});
