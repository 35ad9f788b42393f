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
import { TimestampError, verifyTimestampToken } from '../../src/audit/rfc3161.js';
import * as offline from '../../scripts/verify-export.mjs';
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
  t = await startTestApp({ env: { TSA_URL: tsa.url, TSA_CERTIFICATE: tsa.caPem, MAX_EVENT_LOOP_DELAY_MS: '60000' } });
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
    const { stdout } = await run('openssl', ['ts', '-verify', '-token_in', '-in', 'token.der', '-data', 'data.txt', '-CAfile', 'ca.pem'], {
      cwd: dir,
    });
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
    const res = await t.http.post('/v1/assessments').set(auth()).send(consentRequest({ caseRef: 'TSA-1' }));
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
    expect(await checkAll(token, `${note} `, tsa.caPem)).toEqual({ library: false, script: false, openssl: false });
    expect(await checkAll(token, note, foreign.caPem)).toEqual({ library: false, script: false, openssl: false });
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
    const res = await t.http.post('/v1/assessments').set(auth()).send(consentRequest({ caseRef: 'TSA-2' }));
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
    dossier.transparency.timestamp.token = Buffer.from(tokenOfResponse(new Uint8Array(await other.arrayBuffer()))).toString('base64');
    const swapped = await verifyOffline(dossier, JSON.stringify(keys));
    expect(swapped.code).toBe(1);
    expect(swapped.output).toMatch(/FAIL +timestamp/);
  });
});
