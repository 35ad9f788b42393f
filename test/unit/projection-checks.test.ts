/**
 * The comparison of API key rows with their chain entries, on hand-made rows and entries: what a
 * verification running while keys change, or starting between two revocations, must accept, and
 * what it must report.
 */
import { describe, expect, it } from 'vitest';
import type { ApiKeyRow } from '../../src/repositories/api-key-repository.js';
import type { ChainRow } from '../../src/repositories/audit-chain-repository.js';
import { API_KEY_CREATED, API_KEY_REVOKED } from '../../src/services/api-keys.js';
import { apiKeyRowsCheck } from '../../src/services/projection-checks.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 12, minute));

function keyRow(id: string, created: number, revoked: number | null): ApiKeyRow {
  return {
    id,
    tenantId: TENANT,
    keyId: `key${id}`,
    secretHash: Buffer.alloc(32, id.charCodeAt(0)),
    name: `key ${id}`,
    scopes: ['read'],
    isBootstrap: false,
    createdAt: at(created),
    revokedAt: revoked === null ? null : at(revoked),
    lastUsedAt: null,
    expiresAt: null,
  };
}

function entry(sequence: number, entryType: string, row: ApiKeyRow, minute: number): ChainRow {
  const data =
    entryType === API_KEY_CREATED
      ? {
          apiKeyId: row.id,
          keyId: row.keyId,
          name: row.name,
          scopes: row.scopes,
          isBootstrap: row.isBootstrap,
          secretHash: Buffer.from(row.secretHash).toString('hex'),
        }
      : { apiKeyId: row.id, keyId: row.keyId };
  return {
    tenantId: TENANT,
    sequence,
    entryType,
    entityId: row.id,
    recordedAt: at(minute),
    content: JSON.stringify({ data }),
    previousHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  };
}

async function start(rows: ApiKeyRow[], head: number, incremental = false) {
  const check = apiKeyRowsCheck({ listByTenant: async () => rows }, async () => head);
  return check.start(TENANT, { incremental });
}

describe('API key rows against their entries', () => {
  const a = keyRow('a', 1, 5);

  it('agree when every row shows what its entries record', async () => {
    const run = await start([a], 2);
    expect(run.check([entry(1, API_KEY_CREATED, a, 1), entry(2, API_KEY_REVOKED, a, 5)])).toBeNull();
    expect(run.finish({ sequence: 2, hash: null })).toBeNull();
  });

  it('accept keys created and revoked after the rows were read (entries past that head)', async () => {
    // Rows read when the chain ended at 1; then key b was created and key a revoked.
    const b = keyRow('b', 3, null);
    const run = await start([keyRow('a', 1, null)], 1);
    expect(
      run.check([
        entry(1, API_KEY_CREATED, a, 1),
        entry(2, API_KEY_CREATED, b, 3),
        entry(3, API_KEY_REVOKED, a, 5),
      ]),
    ).toBeNull();
    expect(run.finish({ sequence: 3, hash: null })).toBeNull();
  });

  it('report a revocation the row does not show when the entry is older than the rows read', async () => {
    const run = await start([keyRow('a', 1, null)], 2);
    expect(run.check([entry(1, API_KEY_CREATED, a, 1), entry(2, API_KEY_REVOKED, a, 5)])).toEqual({
      sequence: 2,
      reason: 'the API key row does not show the revocation this entry records',
    });
  });

  it('keep the first of two revocations; an incremental run may start after it', async () => {
    // Two revocations recorded at minutes 5 and 6; the row keeps 5.
    const full = await start([a], 3);
    expect(
      full.check([
        entry(1, API_KEY_CREATED, a, 1),
        entry(2, API_KEY_REVOKED, a, 5),
        entry(3, API_KEY_REVOKED, a, 6),
      ]),
    ).toBeNull();
    const incremental = await start([a], 3, true);
    expect(incremental.check([entry(3, API_KEY_REVOKED, a, 6)])).toBeNull();
    expect(incremental.finish({ sequence: 3, hash: null })).toBeNull();
    // A full run sees the first revocation, and it must be the row's.
    const wrong = await start([keyRow('a', 1, 6)], 3);
    expect(wrong.check([entry(1, API_KEY_CREATED, a, 1), entry(2, API_KEY_REVOKED, a, 5)])).toEqual({
      sequence: 2,
      reason: 'the API key row does not show the revocation this entry records',
    });
  });

  it('report rows no entry accounts for, in a full run only', async () => {
    const stray = keyRow('s', 2, null);
    const full = await start([a, stray], 2);
    expect(full.check([entry(1, API_KEY_CREATED, a, 1), entry(2, API_KEY_REVOKED, a, 5)])).toBeNull();
    expect(full.finish({ sequence: 2, hash: null })).toEqual({
      sequence: 3,
      reason: 'an API key row (s) has no entry in the chain that created it',
    });
    const incremental = await start([a, stray], 2, true);
    expect(incremental.finish({ sequence: 2, hash: null })).toBeNull();
  });
});
