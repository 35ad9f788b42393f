/**
 * Who may act for an organisation (API keys) and who may see its cases (access grants) is decided
 * from ordinary rows. Editing one of them directly in the database, as a superuser with the
 * triggers off, must make verification fail at the chain entry the row no longer agrees with.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/service.js';
import { expectParallelAgrees } from '../support/verification.js';

let t: TestApp;
let org: { key: string; tenantId: string; apiKeyId: string };
let partner: { tenantId: string };
const auth = () => ({ Authorization: `Bearer ${org.key}` });

interface Report {
  intact: boolean;
  headSequence: number;
  firstBrokenLink: { sequence: number; reason: string } | null;
  checks: Array<{ name: string; checked: number }>;
}

const verify = async (): Promise<Report> => {
  const res = await t.http.get('/v1/audit/verify').set(auth());
  expect(res.status).toBe(200);
  await expectParallelAgrees(t.backend, org.tenantId, res.body);
  return res.body as Report;
};

/** The sequence of the entry of this type about this row. */
const entryOf = async (entryType: string, entityId: string): Promise<number> => {
  const { rows } = await t.db.query<{ sequence: string }>(
    'SELECT sequence FROM audit_chain WHERE tenant_id = $1 AND entry_type = $2 AND entity_id = $3',
    [org.tenantId, entryType, entityId],
  );
  expect(rows).toHaveLength(1);
  return Number(rows[0]!.sequence);
};

/** Applies a change as an attacker, runs the assertion, and always puts the row back. */
async function tampered(change: string, undo: string, params: unknown[], expectation: () => Promise<void>) {
  await t.db.asAttacker((c) => c.query(change, params));
  try {
    await expectation();
  } finally {
    await t.db.asAttacker((c) => c.query(undo, params));
  }
}

let revokedKeyId: string;
let grantId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await t.createKey('Wijkteam Oost');
  partner = await t.createKey('Veiligheidshuis Oost');
  const second = await t.http
    .post('/v1/api-keys')
    .set(auth())
    .send({ name: 'koppeling oud', scopes: ['read'] });
  expect(second.status).toBe(201);
  revokedKeyId = second.body.id;
  expect((await t.http.delete(`/v1/api-keys/${revokedKeyId}`).set(auth())).status).toBe(200);
  const grant = await t.http
    .post('/v1/access-grants')
    .set(auth())
    .send({
      granteeOrganisationId: partner.tenantId,
      caseRef: 'VH-2026-0100',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
  expect(grant.status).toBe(201);
  grantId = grant.body.id;
});
afterAll(() => t.close());

beforeEach(async () => {
  expect((await verify()).intact).toBe(true);
});

describe('the rows of keys and grants agree with the chain when untouched', () => {
  it('every key and grant row of the organisation is checked, revoked ones included', async () => {
    // As many as the organisation has rows, whichever other tests here added some before this one.
    const { rows } = await t.db.query<{ keys: number; revoked: number; grants: number }>(
      `SELECT (SELECT count(*)::int FROM api_keys WHERE tenant_id = $1) AS keys,
              (SELECT count(*)::int FROM api_keys WHERE tenant_id = $1 AND revoked_at IS NOT NULL) AS revoked,
              (SELECT count(*)::int FROM access_grants WHERE granting_tenant_id = $1) AS grants`,
      [org.tenantId],
    );
    const counts = rows[0]!;
    expect(counts.revoked).toBeGreaterThanOrEqual(1);
    expect(counts.keys).toBeGreaterThan(counts.revoked);
    const report = await verify();
    expect(report.checks).toEqual(
      expect.arrayContaining([
        { name: 'api_key_rows', checked: counts.keys },
        { name: 'access_grant_rows', checked: counts.grants },
      ]),
    );
  });
});

describe('API key rows edited by a superuser', () => {
  it('a revoked key made valid again is found at its revocation', async () => {
    const at = await entryOf('api_key.revoked', revokedKeyId);
    await tampered(
      'UPDATE api_keys SET revoked_at = NULL WHERE id = $1',
      "UPDATE api_keys SET revoked_at = (SELECT recorded_at FROM audit_chain WHERE entity_id = $1 AND entry_type = 'api_key.revoked') WHERE id = $1",
      [revokedKeyId],
      async () => {
        expect((await verify()).firstBrokenLink).toEqual({
          sequence: at,
          reason: 'the API key row does not show the revocation this entry records',
        });
      },
    );
  });

  it('widened scopes are found at the key’s creation', async () => {
    const at = await entryOf('api_key.created', revokedKeyId);
    await tampered(
      "UPDATE api_keys SET scopes = ARRAY['read','audit','admin'] WHERE id = $1",
      "UPDATE api_keys SET scopes = ARRAY['read'] WHERE id = $1",
      [revokedKeyId],
      async () => {
        expect((await verify()).firstBrokenLink).toEqual({
          sequence: at,
          reason: 'the API key row disagrees with the entry that created it on: scopes',
        });
      },
    );
  });

  it('a swapped secret hash (someone else’s secret behind the key) is found at the key’s creation', async () => {
    const at = await entryOf('api_key.created', org.apiKeyId);
    const { rows } = await t.db.query<{ secret_hash: Buffer }>(
      'SELECT secret_hash FROM api_keys WHERE id = $1',
      [org.apiKeyId],
    );
    const original = rows[0]!.secret_hash;
    const forged = createHash('sha256').update('a secret the attacker knows').digest();
    await t.db.asAttacker((c) =>
      c.query('UPDATE api_keys SET secret_hash = $2 WHERE id = $1', [org.apiKeyId, forged]),
    );
    try {
      // The organisation's own key no longer authenticates, so verify with the service directly.
      const report = await t.backend.verifier.verify(org.tenantId);
      expect(report.firstBrokenLink).toEqual({
        sequence: at,
        reason: 'the API key row disagrees with the entry that created it on: secretHash',
      });
    } finally {
      await t.db.asAttacker((c) =>
        c.query('UPDATE api_keys SET secret_hash = $2 WHERE id = $1', [org.apiKeyId, original]),
      );
    }
  });

  it('a key row inserted without an entry is found past the head', async () => {
    const id = randomUUID();
    await tampered(
      `INSERT INTO api_keys (id, tenant_id, key_id, secret_hash, name, scopes, is_bootstrap, created_at)
       VALUES ($1, '${org.tenantId}', 'injected0001', sha256('x'::bytea), 'ingevoegd', ARRAY['admin'], false, now())`,
      'DELETE FROM api_keys WHERE id = $1',
      [id],
      async () => {
        const report = await verify();
        expect(report.intact).toBe(false);
        expect(report.firstBrokenLink).toEqual({
          sequence: report.headSequence + 1,
          reason: `an API key row (${id}) has no entry in the chain that created it`,
        });
      },
    );
  });
});

describe('access grant rows edited by a superuser', () => {
  it('a moved expiry is found at the grant’s creation', async () => {
    const at = await entryOf('access_grant.created', grantId);
    await tampered(
      "UPDATE access_grants SET expires_at = expires_at + interval '300 days' WHERE id = $1",
      "UPDATE access_grants SET expires_at = expires_at - interval '300 days' WHERE id = $1",
      [grantId],
      async () => {
        expect((await verify()).firstBrokenLink).toEqual({
          sequence: at,
          reason: 'the access grant row disagrees with the entry that created it on: expiresAt',
        });
      },
    );
  });

  it('a grant moved to another case is found at its creation', async () => {
    const at = await entryOf('access_grant.created', grantId);
    await tampered(
      "UPDATE access_grants SET case_ref = 'ANDERE-ZAAK' WHERE id = $1",
      "UPDATE access_grants SET case_ref = 'VH-2026-0100' WHERE id = $1",
      [grantId],
      async () => {
        expect((await verify()).firstBrokenLink).toEqual({
          sequence: at,
          reason: 'the access grant row disagrees with the entry that created it on: caseRef',
        });
      },
    );
  });

  it('a grant revoked without an entry is found past the head', async () => {
    await tampered(
      'UPDATE access_grants SET revoked_at = now() WHERE id = $1',
      'UPDATE access_grants SET revoked_at = NULL WHERE id = $1',
      [grantId],
      async () => {
        const report = await verify();
        expect(report.firstBrokenLink).toEqual({
          sequence: report.headSequence + 1,
          reason: `an access grant row (${grantId}) is revoked without an entry in the chain`,
        });
      },
    );
  });
});
