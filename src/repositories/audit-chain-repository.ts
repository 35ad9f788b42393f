/**
 * The integrity chain table. This repository can only append and read: there is no method that
 * changes or removes an entry (and the database refuses both, see the audit-trail migration).
 */
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { BinaryCopyReader, type CopyRow, int8Of, timestampOf } from '../db/binary-copy.js';
import type { Database, SqlStatement, SqlTx } from '../db/database.js';

export interface ChainHead {
  sequence: number;
  hash: string;
  recordedAt: Date | null;
}

export interface ChainRow {
  tenantId: string;
  sequence: number;
  entryType: string;
  entityId: string;
  recordedAt: Date;
  content: string;
  previousHash: string;
  hash: string;
}

/**
 * An entry as read for verification: its content as the stored UTF-8 bytes. `content` decodes
 * them on demand, for the few entries whose data a check reads (and to explain a failure).
 */
export class StoredEntry implements ChainRow {
  constructor(
    readonly tenantId: string,
    readonly sequence: number,
    readonly entryType: string,
    readonly entityId: string,
    readonly recordedAt: Date,
    readonly bytes: Buffer,
    readonly previousHash: string,
    readonly hash: string,
  ) {}

  get content(): string {
    return this.bytes.toString('utf8');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function storedEntry(tenantId: string, row: CopyRow): StoredEntry {
  const field = (i: number) => {
    const value = row[i];
    if (value === null || value === undefined) throw new Error('audit chain row with a missing column');
    return value;
  };
  return new StoredEntry(
    tenantId,
    int8Of(field(0)),
    field(1).toString('utf8'),
    field(2).toString('latin1'),
    timestampOf(field(3)),
    field(4),
    field(5).toString('latin1'),
    field(6).toString('latin1'),
  );
}

export class AuditChainRepository {
  constructor(private readonly db: Database) {}

  /**
   * Serialises appends to one tenant's chain across every process and connection: locks the
   * organisation's head row until the transaction ends (creating it for an empty chain), so
   * nothing can be appended between reading or assuming the head and inserting on it, and
   * returns the head. Only that organisation's row is touched (see the chain-heads migration).
   */
  lockStatement(tenantId: string): SqlStatement {
    return {
      text: 'SELECT head_sequence, head_hash, head_recorded_at FROM audit_chain_lock_head($1::uuid)',
      values: [tenantId],
    };
  }

  /** Locks the head row (see lockStatement) and returns the head. */
  async lockHead(tx: SqlTx, tenantId: string): Promise<ChainHead> {
    const { rows } = await tx.query<{
      head_sequence: string;
      head_hash: string;
      head_recorded_at: Date | null;
    }>(this.lockStatement(tenantId));
    const row = rows[0];
    if (!row) throw new Error('the chain head could not be locked');
    return { sequence: Number(row.head_sequence), hash: row.head_hash, recordedAt: row.head_recorded_at };
  }

  /** The sequence of the tenant's last committed entry (0 for an empty chain). */
  async headSequence(tenantId: string): Promise<number> {
    const { rows } = await this.db.pool.query<{ sequence: string | null }>(
      'SELECT max(sequence) AS sequence FROM audit_chain WHERE tenant_id = $1',
      [tenantId],
    );
    return rows[0]?.sequence ? Number(rows[0].sequence) : 0;
  }

  /** One statement for the whole batch: a multi-row VALUES list (no array escaping). */
  insertStatement(rows: ChainRow[]): SqlStatement {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const r of rows) {
      const n = values.length;
      values.push(
        r.tenantId,
        r.sequence,
        r.entryType,
        r.entityId,
        r.recordedAt,
        r.content,
        r.previousHash,
        r.hash,
      );
      tuples.push(`($${n + 1},$${n + 2},$${n + 3},$${n + 4},$${n + 5},$${n + 6},$${n + 7},$${n + 8})`);
    }
    return {
      text: `INSERT INTO audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash)
             VALUES ${tuples.join(',')}`,
      values,
    };
  }

  async findBySequence(tenantId: string, sequence: number): Promise<ChainRow | null> {
    const row = await this.db.prisma.auditChainEntry.findUnique({
      where: { tenantId_sequence: { tenantId, sequence: BigInt(sequence) } },
    });
    return row ? { ...row, sequence: Number(row.sequence) } : null;
  }

  async findManyBySequence(tenantId: string, sequences: number[]): Promise<ChainRow[]> {
    if (sequences.length === 0) return [];
    const rows = await this.db.prisma.auditChainEntry.findMany({
      where: { tenantId, sequence: { in: sequences.map((s) => BigInt(s)) } },
      orderBy: { sequence: 'asc' },
    });
    return rows.map((row) => ({ ...row, sequence: Number(row.sequence) }));
  }

  /**
   * Up to `limit` entries after sequence `after`, in order, with their content as the stored
   * bytes (UTF-8), for verification: this reads every byte of the chain. Binary COPY delivers
   * them as Buffers to be hashed as they are; reading rows through the driver decodes every
   * record into a string (which hashing then encodes back), and that ran at a quarter of the
   * speed (docs/performance.md).
   */
  async readRangeBytes(tenantId: string, after: number, limit: number): Promise<StoredEntry[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error('sequence bounds must be integers');
    const client = await this.db.pool.connect();
    let failed: Error | undefined;
    try {
      return await copyChainRange(client, tenantId, after, { limit });
    } catch (error) {
      failed = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(failed);
    }
  }

  /** The lowest sequence after `after` in the tenant's chain, or null (to name the entry after a gap). */
  async nextSequence(tenantId: string, after: number): Promise<number | null> {
    const { rows } = await this.db.pool.query<{ sequence: string | null }>(
      'SELECT min(sequence) AS sequence FROM audit_chain WHERE tenant_id = $1 AND sequence > $2',
      [tenantId, after],
    );
    return rows[0]?.sequence ? Number(rows[0].sequence) : null;
  }
}

/**
 * Entries after `after` in order, by binary COPY on `client`: up to `limit` of them, or those up
 * to and including `through`.
 */
export async function copyChainRange(
  client: Pick<pg.ClientBase, 'query'>,
  tenantId: string,
  after: number,
  bound: { limit: number } | { through: number },
): Promise<StoredEntry[]> {
  // COPY takes no parameters: every value is checked to be what it claims before inlining.
  if (!UUID.test(tenantId)) throw new Error('tenant id is not a UUID');
  const end = 'limit' in bound ? bound.limit : bound.through;
  if (!Number.isSafeInteger(after) || !Number.isSafeInteger(end)) {
    throw new Error('sequence bounds must be integers');
  }
  const range =
    'limit' in bound
      ? `sequence > ${after} ORDER BY sequence LIMIT ${end}`
      : `sequence > ${after} AND sequence <= ${end} ORDER BY sequence`;
  const reader = new BinaryCopyReader();
  const entries: StoredEntry[] = [];
  const stream = client.query(
    copyTo(
      `COPY (SELECT sequence, entry_type, entity_id::text, recorded_at, content, previous_hash, hash
               FROM audit_chain WHERE tenant_id = '${tenantId}' AND ${range}) TO STDOUT (FORMAT binary)`,
    ),
  );
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (const row of reader.push(chunk)) entries.push(storedEntry(tenantId, row));
  }
  reader.end();
  return entries;
}

/**
 * A connection of its own for reading ranges of a chain (a verification worker thread holds one):
 * nothing else is done on it. Reads asked for while one is under way (the coordinator asks a
 * worker for a few ranges ahead) wait for it: one connection runs one statement at a time, and
 * node-postgres 8 would otherwise queue the COPY statements itself (deprecated, removed in 9).
 */
export class ChainRangeSource {
  private client: pg.Client | undefined;
  private connected: Promise<void> | undefined;
  /** The last read asked for, settled or not: the next one starts once it has. */
  private previous: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly applicationName = 'beroepsgeheim-service (verification)',
  ) {}

  /** The entries after `after` up to and including `through`, after every read asked for before. */
  read(tenantId: string, after: number, through: number): Promise<StoredEntry[]> {
    const read = this.previous.then(() => this.readNow(tenantId, after, through));
    this.previous = read.catch(() => undefined);
    return read;
  }

  private async readNow(tenantId: string, after: number, through: number): Promise<StoredEntry[]> {
    // A read still waiting when the source closes must not open a connection that outlives it.
    if (this.closed) throw new Error('the chain range source is closed');
    if (!this.client) {
      const client = new pg.Client({
        connectionString: this.url,
        application_name: this.applicationName,
        keepAlive: true,
      });
      // A lost connection fails the read under way; without a listener it would end the thread.
      client.on('error', () => undefined);
      this.client = client;
      this.connected = client.connect().then(() => undefined);
    }
    const client = this.client;
    try {
      await this.connected;
      return await copyChainRange(client, tenantId, after, { through });
    } catch (error) {
      // The next read opens a new connection (this one may be broken, or mid-COPY).
      this.client = undefined;
      void client.end().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }
}
