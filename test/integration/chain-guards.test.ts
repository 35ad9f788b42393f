/**
 * What the service's own database role can no longer do, and what verification reports when
 * someone with the triggers switched off does it anyway (issue 11, "Faults"):
 * - make a revoked API key valid again, or insert a key row without the chain entry that makes it
 *   (grants: access-grants.test.ts);
 * - append an entry dated in the future (every later weighing would be dated after it), or of a
 *   type the service does not write; the service also refuses to build on such a head.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, envelopeContent } from '../../src/audit/chain.js';
import { generateKey } from '../../src/auth/api-key-format.js';
import { KNOWN_ENTRY_TYPES } from '../../src/services/entry-checks.js';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function asService<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: t.db.appUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function head(tenantId: string) {
  const { rows } = await t.db.query<{ sequence: string; hash: string; recorded_at: Date }>(
    'SELECT sequence, hash, recorded_at FROM audit_chain WHERE tenant_id = $1 ORDER BY sequence DESC LIMIT 1',
    [tenantId],
  );
  return { sequence: Number(rows[0]!.sequence), hash: rows[0]!.hash };
}

/** A correctly linked entry on the head (its hash right), to insert as the given client. */
async function nextEntry(tenantId: string, entryType: string, recordedAt: Date, data: unknown = {}) {
  const { sequence, hash } = await head(tenantId);
  const entityId = randomUUID();
  const content = envelopeContent({
    tenantId,
    sequence: sequence + 1,
    entryType,
    entityId,
    recordedAt: recordedAt.toISOString(),
    data,
  });
  return {
    text: `INSERT INTO audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    values: [
      tenantId,
      sequence + 1,
      entryType,
      entityId,
      recordedAt,
      content,
      hash,
      chainHash(hash, content),
    ],
    sequence: sequence + 1,
    entityId,
  };
}

describe('API key rows and the service role', () => {
  it('cannot make a revoked key valid again, nor move its revocation', async () => {
    const created = await t.createKey('Guard org', ['read']);
    await t.backend.apiKeys.revoke(created.tenantId, created.apiKeyId, { operator: 'cli' });
    await asService(async (app) => {
      for (const sql of [
        'UPDATE api_keys SET revoked_at = NULL WHERE id = $1',
        `UPDATE api_keys SET revoked_at = revoked_at + interval '1 day' WHERE id = $1`,
      ]) {
        await expect(app.query(sql, [created.apiKeyId]), sql).rejects.toThrow(/never undone or moved/);
      }
      for (const sql of [
        `UPDATE api_keys SET scopes = '{admin}' WHERE id = $1`,
        `UPDATE api_keys SET expires_at = NULL WHERE id = $1`,
        'DELETE FROM api_keys WHERE id = $1',
      ]) {
        await expect(app.query(sql, [created.apiKeyId]), sql).rejects.toThrow(/permission denied/);
      }
      // What it may do: note the last use.
      expect(
        (await app.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [created.apiKeyId]))
          .rowCount,
      ).toBe(1);
    });
    expect((await t.http.get('/v1/questions').set('Authorization', `Bearer ${created.key}`)).status).toBe(
      401,
    );
  });

  it('cannot insert a key row without the entry that creates it, nor one that differs from it', async () => {
    const owner = await t.createKey('Guard org', ['admin']);
    const generated = generateKey();
    const insert = (app: pg.Client, id: string, sequence: number | null, scopes = '{read}') =>
      app.query(
        `INSERT INTO api_keys (id, tenant_id, key_id, secret_hash, name, scopes, created_at, created_sequence)
         VALUES ($1, $2, $3, $4, 'planted', $5, now(), $6)`,
        [id, owner.tenantId, generated.keyId, generated.secretHash, scopes, sequence],
      );
    await asService(async (app) => {
      await expect(insert(app, randomUUID(), null)).rejects.toThrow(/does not name the chain entry/);
      // Naming another key's creation entry.
      const { rows } = await t.db.query<{ sequence: string }>(
        `SELECT sequence FROM audit_chain WHERE entity_id = $1`,
        [owner.apiKeyId],
      );
      await expect(insert(app, randomUUID(), Number(rows[0]!.sequence))).rejects.toThrow(
        /does not name the chain entry/,
      );
      // With its own entry (appended by the same role), but wider scopes than the entry states.
      await app.query('BEGIN');
      try {
        const id = randomUUID();
        const recordedAt = new Date();
        const { sequence, hash } = await head(owner.tenantId);
        const content = envelopeContent({
          tenantId: owner.tenantId,
          sequence: sequence + 1,
          entryType: 'api_key.created',
          entityId: id,
          recordedAt: recordedAt.toISOString(),
          data: {
            apiKeyId: id,
            keyId: generated.keyId,
            name: 'planted',
            scopes: ['read'],
            isBootstrap: false,
            secretHash: generated.secretHash.toString('hex'),
            expiresAt: null,
            actor: { operator: 'cli' },
          },
        });
        await app.query(
          `INSERT INTO audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash)
           VALUES ($1, $2, 'api_key.created', $3, $4, $5, $6, $7)`,
          [owner.tenantId, sequence + 1, id, recordedAt, content, hash, chainHash(hash, content)],
        );
        await expect(
          app.query(
            `INSERT INTO api_keys (id, tenant_id, key_id, secret_hash, name, scopes, created_at, created_sequence)
             VALUES ($1, $2, $3, $4, 'planted', '{read,admin}', $5, $6)`,
            [id, owner.tenantId, generated.keyId, generated.secretHash, recordedAt, sequence + 1],
          ),
        ).rejects.toThrow(/disagrees with the chain entry/);
      } finally {
        await app.query('ROLLBACK');
      }
    });
    expect((await t.http.get('/v1/questions').set('Authorization', `Bearer ${generated.key}`)).status).toBe(
      401,
    );
  });
});

describe('chain entries dated in the future, or of unknown types', () => {
  it('are refused by the chain trigger, for the service role too', async () => {
    const owner = await t.createKey('Future org', ['assess', 'audit']);
    await asService(async (app) => {
      const future = await nextEntry(owner.tenantId, 'assessment.event', new Date('2099-01-01T00:00:00Z'));
      await expect(app.query(future.text, future.values)).rejects.toThrow(/dated in the future/);
      const unknown = await nextEntry(owner.tenantId, 'forged.entry', new Date());
      await expect(app.query(unknown.text, unknown.values)).rejects.toThrow(/unknown entry type/);
      // Within a minute of the database clock is allowed (clocks of machines differ a little).
      const soon = await nextEntry(owner.tenantId, 'assessment.event', new Date(Date.now() + 30_000));
      await app.query('BEGIN');
      await expect(app.query(soon.text, soon.values)).resolves.toBeDefined();
      await app.query('ROLLBACK');
    });
  });

  it('inserted with the triggers off: the service refuses to build on it, and verification reports it', async () => {
    const owner = await t.createKey('Future org 2', ['assess', 'audit', 'admin']);
    const auth = { Authorization: `Bearer ${owner.key}` };
    expect((await t.http.post('/v1/assessments').set(auth).send(consentRequest())).status).toBe(201);
    // An entry type without an index row (an acceptance), so that nothing but its date is wrong.
    const future = await nextEntry(
      owner.tenantId,
      'access_grant.accepted',
      new Date('2099-01-01T00:00:00Z'),
      {
        grantId: randomUUID(),
      },
    );
    await t.db.asAttacker((c) => c.query(future.text, future.values));
    const before = await t.db.rowCounts();
    // Building on it would date every later record 2099: refused, nothing written.
    for (const res of [
      await t.http.post('/v1/assessments').set(auth).send(consentRequest()),
      await t.http
        .post('/v1/api-keys')
        .set(auth)
        .send({ name: 'na de toekomst', scopes: ['read'] }),
    ]) {
      expect(res.status).toBe(503);
      expect(res.body.detail).toContain('dated in the future');
    }
    expect(await t.db.rowCounts()).toEqual(before);
    const report = await t.http.get('/v1/audit/verify').set(auth);
    expect(report.body.intact).toBe(false);
    expect(report.body.firstBrokenLink).toEqual({
      sequence: future.sequence,
      reason: 'the entry is dated in the future',
    });
  });

  it('an entry of an unknown type inserted with the triggers off is reported at its position', async () => {
    const owner = await t.createKey('Unknown type org', ['assess', 'audit']);
    const auth = { Authorization: `Bearer ${owner.key}` };
    expect((await t.http.post('/v1/assessments').set(auth).send(consentRequest())).status).toBe(201);
    const forged = await nextEntry(owner.tenantId, 'forged.entry', new Date());
    await t.db.asAttacker((c) => c.query(forged.text, forged.values));
    const report = await t.http.get('/v1/audit/verify').set(auth);
    expect(report.body.firstBrokenLink).toEqual({
      sequence: forged.sequence,
      reason: 'the entry has a type the service does not write',
    });
  });

  it('the types the database accepts are exactly the types the service writes', async () => {
    const { rows } = await t.db.query<{ entry_type: string }>('SELECT entry_type FROM audit_entry_types');
    expect(rows.map((r) => r.entry_type).sort()).toEqual([...KNOWN_ENTRY_TYPES].sort());
    // What the services write: every type has its projector registered with the trail.
    const written = t.backend.trail.registeredEntryTypes().sort();
    expect(written).toEqual(
      expect.arrayContaining([
        'assessment.recorded',
        'assessment.event',
        'api_key.created',
        'api_key.revoked',
        'access_grant.created',
        'access_grant.revoked',
        'access_grant.accepted',
        'consent.recorded',
        'consent.withdrawn',
      ]),
    );
    expect(written).toEqual([...KNOWN_ENTRY_TYPES].sort());
  });

  it('accepts a correctly linked entry of every type the service writes, for the service role', async () => {
    const owner = await t.createKey('Every type org', ['read']);
    await asService(async (app) => {
      for (const entryType of t.backend.trail.registeredEntryTypes()) {
        const entry = await nextEntry(owner.tenantId, entryType, new Date());
        await app.query('BEGIN');
        try {
          await expect(app.query(entry.text, entry.values), entryType).resolves.toBeDefined();
        } finally {
          await app.query('ROLLBACK');
        }
      }
    });
  });

  it('every type written through the API leaves a chain that verifies', async () => {
    const a = await t.createKey('All types A', ['assess', 'audit', 'admin', 'read']);
    const b = await t.createKey('All types B', ['assess', 'audit', 'admin', 'read']);
    const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
    const recorded = await t.http.post('/v1/assessments').set(auth(a.key)).send(consentRequest());
    expect(recorded.status).toBe(201);
    expect(
      (
        await t.http
          .post(`/v1/assessments/${recorded.body.id}/events`)
          .set(auth(a.key))
          .send({ type: 'note', professionalRef: 'prof-types', text: 'alle soorten' })
      ).status,
    ).toBe(201);
    const key = await t.http
      .post('/v1/api-keys')
      .set(auth(a.key))
      .send({ name: 'soorten', scopes: ['read'] });
    expect(key.status).toBe(201);
    expect((await t.http.delete(`/v1/api-keys/${key.body.id}`).set(auth(a.key))).status).toBe(200);
    const grant = await t.http
      .post('/v1/access-grants')
      .set(auth(a.key))
      .send({
        granteeOrganisationId: b.tenantId,
        caseRef: consentRequest().caseRef,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
    expect(grant.status).toBe(201);
    expect((await t.http.post(`/v1/access-grants/${grant.body.id}/accept`).set(auth(b.key))).status).toBe(
      200,
    );
    expect((await t.http.delete(`/v1/access-grants/${grant.body.id}`).set(auth(a.key))).status).toBe(200);
    const consent = await t.http
      .post('/v1/consents')
      .set(auth(a.key))
      .send({
        client: { ref: 'client-all-types', ageGroup: 'adult', decisionCapacity: 'capable' },
        grantor: { type: 'client' },
        recipient: { type: 'lawyer' },
        purposes: ['legal_proceedings'],
        categories: ['treatment'],
        form: 'written',
        informed: true,
        freelyGiven: true,
        validFrom: new Date().toISOString().slice(0, 10),
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      });
    expect(consent.status, consent.text).toBe(201);
    expect(
      (
        await t.http
          .post(`/v1/consents/${consent.body.id}/withdrawal`)
          .set(auth(a.key))
          .send({ withdrawnBy: { type: 'client' } })
      ).status,
    ).toBe(201);
    const { rows } = await t.db.query<{ entry_type: string }>(
      'SELECT DISTINCT entry_type FROM audit_chain WHERE tenant_id = ANY($1)',
      [[a.tenantId, b.tenantId]],
    );
    expect(rows.map((r) => r.entry_type).sort()).toEqual([...KNOWN_ENTRY_TYPES].sort());
    for (const key of [a.key, b.key]) {
      const report = await t.http.get('/v1/audit/verify').set(auth(key));
      expect(report.body, JSON.stringify(report.body)).toMatchObject({ intact: true });
    }
  });
});
