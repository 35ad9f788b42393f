/**
 * The append path is serialised by a row lock on the organisation's head row and places entries at
 * head + 1; it needs no advisory lock, no database sequence and no row of another organisation,
 * so it runs unchanged where tables are sharded by organisation (docs/scaling.md).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../src/audit/chain.js';
import { parseEnv } from '../../src/config/env.js';
import { Database } from '../../src/db/database.js';
import { AssessmentRequestBody, toAssessmentRequest } from '../../src/http/schemas/assessment.js';
import { newSpanId, newTraceId } from '../../src/lib/trace-context.js';
import { type Backend, createBackend } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { TEST_PSEUDONYMISATION_SECRET, TEST_SIGNING_KEY } from '../support/service.js';

let db: TestDatabase;
/** A database of its own for the row-level security policies (they stay in place). */
let sharded: TestDatabase;
const opened: Database[] = [];

beforeAll(async () => {
  [db, sharded] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await Promise.all([db.drop(), sharded.drop()]);
});

const env = (on: TestDatabase) =>
  parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: on.appUrl,
    PSEUDONYMISATION_SECRET: TEST_PSEUDONYMISATION_SECRET,
    SIGNING_KEY: TEST_SIGNING_KEY,
  });

/** The service's backend on its own pools, with extra connection settings (options=-c ...). */
function backendWith(
  settings: Record<string, string> = {},
  applicationName?: string,
  on: TestDatabase = db,
): Backend {
  const url = new URL(on.appUrl);
  const options = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`);
  if (options.length > 0) url.searchParams.set('options', options.join(' '));
  const database = new Database({
    url: url.toString(),
    poolMax: 4,
    connectionTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    statementTimeoutMs: 30_000,
    ...(applicationName ? { applicationName } : {}),
  });
  opened.push(database);
  return createBackend(database, env(on));
}

async function newTenant(name: string, on: TestDatabase = db): Promise<string> {
  const id = randomUUID();
  await on.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [id, name]);
  return id;
}

const parse = (body: Record<string, unknown>) => toAssessmentRequest(AssessmentRequestBody.parse(body));

/** The processing context an API request would have (its LDV record is written with the entry). */
const processing = (tenantId: string) => ({
  tenantId,
  traceId: newTraceId(),
  spanId: newSpanId(),
  parentSpanId: null,
  foreign: null,
  startedAt: new Date(),
});

/** Weighings, follow-ups, key creation and revocation, with and without Idempotency-Keys. */
async function appendEverything(backend: Backend, tenantId: string, label: string, n: number) {
  const key = await backend.apiKeys.create(
    tenantId,
    { name: `${label} key`, scopes: ['assess', 'read'] },
    { operator: 'cli' },
  );
  const principal = { tenantId, apiKeyId: key.id, scopes: key.scopes };
  const recorded = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      backend.assessments.record(
        principal,
        parse(
          i % 2 ? consentRequest({ caseRef: `${label}-${i}` }) : sharingRequest({ caseRef: `${label}-${i}` }),
        ),
        {},
        { record: 'nl', response: 'nl' },
        i % 3 === 0 ? { key: `${label}-idem-${i}`, fingerprint: 'f'.repeat(64) } : undefined,
        processing(tenantId),
      ),
    ),
  );
  await Promise.all(
    recorded
      .slice(0, 5)
      .map((r) =>
        backend.assessments.addEvent(
          principal,
          r.response.id,
          { type: 'client_informed', professionalRef: 'p-1' },
          undefined,
          processing(tenantId),
        ),
      ),
  );
  const other = await backend.apiKeys.create(
    tenantId,
    { name: `${label} spare`, scopes: ['read'] },
    { operator: 'cli' },
  );
  await backend.apiKeys.revoke(tenantId, other.id, { operator: 'cli' });
  // Two key entries and a revocation, the weighings and their follow-ups.
  return 3 + n + Math.min(n, 5);
}

describe('the head row', () => {
  it('exists for every organisation that appended, and the service role can neither change nor remove it', async () => {
    const tenantId = await newTenant('Heads');
    await appendEverything(backendWith(), tenantId, 'H', 3);
    const { rows } = await db.query('SELECT 1 FROM audit_chain_heads WHERE tenant_id = $1', [tenantId]);
    expect(rows).toHaveLength(1);

    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      await expect(
        app.query('UPDATE audit_chain_heads SET created_at = now() WHERE tenant_id = $1', [tenantId]),
      ).rejects.toThrow(/permission denied/);
      await expect(
        app.query('DELETE FROM audit_chain_heads WHERE tenant_id = $1', [tenantId]),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    await expect(db.query('DELETE FROM audit_chain_heads WHERE tenant_id = $1', [tenantId])).rejects.toThrow(
      /append-only/,
    );
    await expect(
      db.query('UPDATE audit_chain_heads SET created_at = now() WHERE tenant_id = $1', [tenantId]),
    ).rejects.toThrow(/append-only/);
  });

  it('appends go on from the chain as stored, even after rows were changed with the triggers off', async () => {
    const tenantId = await newTenant('Heads behind');
    const backend = backendWith();
    await appendEverything(backend, tenantId, 'B', 3);
    const last = await db.query<{ sequence: string; hash: string }>(
      'SELECT sequence, hash FROM audit_chain WHERE tenant_id = $1 ORDER BY sequence DESC LIMIT 1',
      [tenantId],
    );
    const head = Number(last.rows[0]!.sequence);
    // Slipped in with the triggers off, as a superuser could.
    await db.asAttacker((c) =>
      c.query(
        `INSERT INTO audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash)
         VALUES ($1, $2, 'forged', gen_random_uuid(), now(), '{}', $3, $4)`,
        [tenantId, head + 1, last.rows[0]!.hash, chainHash(last.rows[0]!.hash, '{}')],
      ),
    );
    // The service records on, after the entry as stored (verification reports the forged one),
    // rather than refusing every weighing of the organisation.
    const key = await backend.apiKeys.create(
      tenantId,
      { name: 'after', scopes: ['read'] },
      { operator: 'cli' },
    );
    const placed = await db.query<{ sequence: string }>(
      'SELECT sequence FROM audit_chain WHERE tenant_id = $1 AND entity_id = $2',
      [tenantId, key.id],
    );
    expect(Number(placed.rows[0]!.sequence)).toBe(head + 2);
    expect((await backend.verifier.verify(tenantId)).firstBrokenLink?.sequence).toBe(head + 1);
  });
});

/** Read-only lists every node holds a copy of (docs/scaling.md). */
const REFERENCE_TABLES = ['audit_entry_types'];

describe('the append path uses only rows of the appending organisation', () => {
  it('runs under row-level security that shows each connection only its own organisation', async () => {
    const tenants = [await newTenant('Shard A', sharded), await newTenant('Shard B', sharded)];
    // Every table with an organisation column gets a policy: a connection sees and may write only
    // rows of the organisation in its pss.test_tenant setting. Tables without one are closed to
    // the service's role here, so an append path that used a table shared by all organisations
    // (which a shard does not hold) fails this test. The one exception is a reference table: a
    // fixed list the service only reads (the entry types the chain trigger accepts), which a
    // sharded PostgreSQL copies to every node (Citus: create_reference_table).
    const { rows: tables } = await sharded.query<{ table_name: string; column_name: string | null }>(
      `SELECT t.table_name,
              (SELECT c.column_name FROM information_schema.columns c
                WHERE c.table_schema = 'public' AND c.table_name = t.table_name
                  AND c.column_name IN ('tenant_id', 'granting_tenant_id')
                ORDER BY c.column_name DESC LIMIT 1) AS column_name
         FROM information_schema.tables t
        WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name <> 'schema_migrations'`,
    );
    for (const { table_name: table, column_name: column } of tables) {
      const tenantColumn = table === 'tenants' ? 'id' : column;
      if (!tenantColumn && REFERENCE_TABLES.includes(table)) continue;
      if (!tenantColumn) {
        await sharded.query(`REVOKE ALL ON ${table} FROM pss_app`);
        continue;
      }
      const own = `${tenantColumn} = current_setting('pss.test_tenant')::uuid`;
      await sharded.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await sharded.query(`CREATE POLICY same_organisation ON ${table} USING (${own}) WITH CHECK (${own})`);
    }

    // Two organisations, each appended to by two instances at once (their expected heads collide,
    // so batches are refused and retried on the locked head), each instance on connections
    // restricted to its organisation.
    const counts = await Promise.all(
      tenants.flatMap((tenantId, t) =>
        [0, 1].map((i) =>
          appendEverything(
            backendWith({ 'pss.test_tenant': tenantId }, undefined, sharded),
            tenantId,
            `S${t}${i}`,
            40,
          ),
        ),
      ),
    );
    // The restriction is real: organisation A's connections see nothing of B.
    const restricted = new URL(sharded.appUrl);
    restricted.searchParams.set('options', `-c pss.test_tenant=${tenants[0]}`);
    const probe = new pg.Client({ connectionString: restricted.toString() });
    await probe.connect();
    try {
      const seen = await probe.query<{ n: string }>(
        'SELECT count(*) AS n FROM audit_chain WHERE tenant_id = $1',
        [tenants[1]],
      );
      expect(seen.rows[0]!.n).toBe('0');
    } finally {
      await probe.end();
    }
    for (const [t, tenantId] of tenants.entries()) {
      const verifier = backendWith({ 'pss.test_tenant': tenantId }, undefined, sharded).verifier;
      const report = await verifier.verify(tenantId);
      expect(report.intact, JSON.stringify(report.firstBrokenLink)).toBe(true);
      expect(report.headSequence).toBe(counts[2 * t]! + counts[2 * t + 1]!);
    }
  });

  it('appends wait for a row lock on the head row, and take no advisory lock', async () => {
    const tenantId = await newTenant('Lock holder', sharded);
    // Restricted like the connections above (the policies stay in place in this database).
    const backend = backendWith({ 'pss.test_tenant': tenantId }, 'lock-probe', sharded);
    await appendEverything(backend, tenantId, 'L', 1);
    const holder = new pg.Client({ connectionString: sharded.superuserUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM audit_chain_lock_head($1)', [tenantId]);
      const appending = Promise.all(
        Array.from({ length: 3 }, (_, i) =>
          backend.apiKeys.create(tenantId, { name: `waiting ${i}`, scopes: ['read'] }, { operator: 'cli' }),
        ),
      );
      // Wait until an appending connection is blocked, then look at every lock it holds or wants.
      let waiting: Array<{ locktype: string; relation: string | null; granted: boolean }> = [];
      for (let i = 0; i < 500 && !waiting.some((l) => !l.granted); i++) {
        ({ rows: waiting } = await sharded.query(
          `SELECT l.locktype, l.relation::regclass::text AS relation, l.granted
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE a.application_name LIKE 'lock-probe%'`,
        ));
        if (!waiting.some((l) => !l.granted)) await new Promise((r) => setTimeout(r, 20));
      }
      expect(waiting.some((l) => !l.granted)).toBe(true);
      expect(waiting.filter((l) => l.locktype === 'advisory')).toEqual([]);
      // A blocked row lock shows as a wait for the holder's transaction (and a tuple lock on the
      // head row).
      const blocked = waiting.filter((l) => !l.granted);
      expect(blocked.every((l) => l.locktype === 'transactionid' || l.relation === 'audit_chain_heads')).toBe(
        true,
      );
      await holder.query('COMMIT');
      await appending;
    } finally {
      await holder.end();
    }
    const { rows } = await sharded.query<{ sequence: string }>(
      'SELECT max(sequence) AS sequence FROM audit_chain WHERE tenant_id = $1',
      [tenantId],
    );
    expect(Number(rows[0]!.sequence)).toBe(3 + 1 + 1 + 3);
  });

  it('no table the append path writes takes its values from a database sequence', async () => {
    const { rows } = await db.query<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
        WHERE c.table_schema = 'public'
          AND c.table_name IN ('audit_chain', 'audit_chain_heads', 'assessments', 'assessment_events',
                               'api_keys', 'idempotency_keys', 'access_grants')
          AND (c.column_default LIKE 'nextval(%' OR c.is_identity = 'YES')`,
    );
    expect(rows).toEqual([]);
  });
});

describe('a lone append at low load', () => {
  /** Counts the append transactions of a backend: one round trip (pipelined) or the locked read. */
  function countTransactions(backend: Backend) {
    const counts = { pipelined: 0, pipelinedFailed: 0, lockedRead: 0 };
    const db = backend.db;
    const pipelined = db.pipelinedTransaction.bind(db);
    const locked = db.sqlTransaction.bind(db);
    db.pipelinedTransaction = async (statements, pool) => {
      counts.pipelined += 1;
      await pipelined(statements, pool).catch((error: unknown) => {
        counts.pipelinedFailed += 1;
        throw error;
      });
    };
    db.sqlTransaction = (async (fn, pool) => {
      if (pool === db.appendPool) counts.lockedRead += 1;
      return locked(fn, pool);
    }) as typeof db.sqlTransaction;
    return counts;
  }
  const create = (backend: Backend, tenantId: string, name: string) =>
    backend.apiKeys.create(tenantId, { name, scopes: ['read'] }, { operator: 'cli' });

  it('is written in one round trip on the head this process remembers from its last batch', async () => {
    const tenantId = await newTenant('Idle');
    const backend = backendWith();
    await create(backend, tenantId, 'first');
    const counts = countTransactions(backend);
    for (let i = 0; i < 3; i++) await create(backend, tenantId, `lone ${i}`);
    expect(counts).toEqual({ pipelined: 3, pipelinedFailed: 0, lockedRead: 0 });
  });

  it('a remembered head gone stale is refused by the database and the entry written on the locked head', async () => {
    const tenantId = await newTenant('Two instances');
    const [a, b] = [backendWith(), backendWith()];
    await create(a, tenantId, 'a0');
    const counts = countTransactions(a);
    await create(b, tenantId, 'b0');
    await create(a, tenantId, 'a1'); // its remembered head is stale: refused, then written
    expect(counts).toEqual({ pipelined: 1, pipelinedFailed: 1, lockedRead: 1 });
    await create(b, tenantId, 'b1');
    await create(a, tenantId, 'a2'); // after a stale head, the next idle start reads under the lock
    expect(counts).toEqual({ pipelined: 1, pipelinedFailed: 1, lockedRead: 2 });
    const report = await a.verifier.verify(tenantId);
    expect(report).toMatchObject({ intact: true, headSequence: 5 });
  });
});
