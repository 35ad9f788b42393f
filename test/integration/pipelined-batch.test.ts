/**
 * A pipelined transaction reaches the server in one write (issue #15): node-postgres corks the
 * socket only around each statement's own messages, so without the corking in
 * Database.pipelinedTransaction a batch of n statements was n + 2 writes. Same statements, same
 * results, same transaction semantics (a failing statement still aborts the whole batch).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, socketOf } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
let database: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  database = new Database({
    url: db.superuserUrl,
    poolMax: 2,
    connectionTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    statementTimeoutMs: 30_000,
  });
  await database.pool.query('CREATE TABLE batch_probe (n int PRIMARY KEY)');
});
afterAll(async () => {
  await database.close();
  await db.drop();
});

/** Counts the writes that reach the socket of each connection the pool hands out. */
async function countingWrites(run: () => Promise<void>): Promise<number> {
  // Connect first, so connection start-up messages are not counted.
  const client = await database.pipelinedPool.connect();
  client.release();
  const socket = socketOf(client) as unknown as {
    _write: (...args: unknown[]) => void;
    _writev: (...args: unknown[]) => void;
  };
  let writes = 0;
  const write = socket._write.bind(socket);
  const writev = socket._writev.bind(socket);
  socket._write = (...args) => {
    writes += 1;
    write(...args);
  };
  socket._writev = (...args) => {
    writes += 1;
    writev(...args);
  };
  try {
    await run();
  } finally {
    socket._write = write;
    socket._writev = writev;
  }
  return writes;
}

describe('a pipelined transaction', () => {
  it('sends BEGIN, every statement and COMMIT in one write, and commits them', async () => {
    const statements = Array.from({ length: 6 }, (_, i) => ({
      text: 'INSERT INTO batch_probe (n) VALUES ($1)',
      values: [i],
    }));
    const writes = await countingWrites(() => database.pipelinedTransaction(statements));
    expect(writes).toBe(1);
    const { rows } = await database.pool.query<{ count: string }>(
      'SELECT count(*) FROM batch_probe WHERE n < 100',
    );
    expect(Number(rows[0]!.count)).toBe(6);
  });

  it('still aborts the whole batch when one statement fails', async () => {
    const statements = [
      { text: 'INSERT INTO batch_probe (n) VALUES ($1)', values: [100] },
      { text: 'INSERT INTO batch_probe (n) VALUES ($1)', values: [100] }, // duplicate key
      { text: 'INSERT INTO batch_probe (n) VALUES ($1)', values: [101] },
    ];
    await expect(database.pipelinedTransaction(statements)).rejects.toThrow(/duplicate key/);
    const { rows } = await database.pool.query<{ count: string }>(
      'SELECT count(*) FROM batch_probe WHERE n >= 100',
    );
    expect(Number(rows[0]!.count)).toBe(0);
  });
});
