/**
 * The transparency log's tables (migration 20261203100000_transparency_log.sql): the stored
 * subtree hashes of each organisation's Merkle tree, how far each tree is built, the signed
 * checkpoints with their cosignatures and timestamp tokens, and the state the service keeps as a
 * witness of other logs. Everything but the tree head and the witness state is append-only.
 *
 * SQL on node-postgres for the node reads and writes: an inclusion proof is one indexed read of
 * at most 2·log₂(size) rows, and the tree builder writes one row per entry in batches.
 */
import type { Hash, Node, NodeReader } from '../audit/merkle.js';
import type { Database, SqlTx } from '../db/database.js';

export interface StoredCheckpoint {
  tenantId: string;
  treeSize: number;
  rootHash: Uint8Array;
  /** The signed note as signed by the log key(s), without cosignatures. */
  note: string;
  signedAt: Date;
}

export interface StoredCosignature {
  witness: string;
  signatureLine: string;
  cosignedAt: Date;
}

export interface StoredTimestamp {
  token: Uint8Array;
  genTime: Date;
}

export interface WitnessedLog {
  origin: string;
  treeSize: number;
  rootHash: Uint8Array;
  checkpoint: string;
  updatedAt: Date;
}

/** The leaf whose row holds node (level, index), and the node's offset in that row. */
function locate(node: Node): { leaf: number; offset: number } {
  return { leaf: (node.index + 1) * 2 ** node.level - 1, offset: node.level * 32 };
}

const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export class TreeRepository {
  constructor(private readonly db: Database) {}

  /** Reads stored nodes of one organisation's tree (the NodeReader port of merkle.ts). */
  nodeReader(tenantId: string, tx?: SqlTx): NodeReader {
    return {
      readNodes: async (nodes) => {
        const leaves = [...new Set(nodes.map((n) => locate(n).leaf))];
        const { rows } = await (tx ?? this.db.pool).query<{ leaf_index: string; hashes: Buffer }>(
          'SELECT leaf_index, hashes FROM audit_tree_nodes WHERE tenant_id = $1 AND leaf_index = ANY($2::bigint[])',
          [tenantId, leaves],
        );
        const byLeaf = new Map(rows.map((r) => [Number(r.leaf_index), r.hashes]));
        return nodes.map((node): Hash => {
          const { leaf, offset } = locate(node);
          const row = byLeaf.get(leaf);
          if (!row || row.length < offset + 32) {
            throw new Error(`transparency log: node ${node.level}/${node.index} is not stored`);
          }
          return bytes(row.subarray(offset, offset + 32));
        });
      },
    };
  }

  async treeSize(tenantId: string): Promise<number> {
    const { rows } = await this.db.pool.query<{ tree_size: string }>(
      'SELECT tree_size FROM audit_tree_heads WHERE tenant_id = $1',
      [tenantId],
    );
    return rows[0] ? Number(rows[0].tree_size) : 0;
  }

  /** Organisations whose chain has entries beyond their tree. */
  async behind(): Promise<string[]> {
    const { rows } = await this.db.pool.query<{ tenant_id: string }>(
      `SELECT t.id AS tenant_id FROM tenants t
         LEFT JOIN audit_tree_heads h ON h.tenant_id = t.id
        WHERE EXISTS (SELECT 1 FROM audit_chain c
                       WHERE c.tenant_id = t.id AND c.sequence > COALESCE(h.tree_size, 0))`,
    );
    return rows.map((r) => r.tenant_id);
  }

  /** Organisations whose tree has grown beyond their latest checkpoint. */
  async grownSinceCheckpoint(): Promise<string[]> {
    const { rows } = await this.db.pool.query<{ tenant_id: string }>(
      `SELECT h.tenant_id FROM audit_tree_heads h
        WHERE h.tree_size > COALESCE((SELECT max(c.tree_size) FROM audit_tree_checkpoints c
                                       WHERE c.tenant_id = h.tenant_id), 0)`,
    );
    return rows.map((r) => r.tenant_id);
  }

  /**
   * Extends one organisation's tree in a transaction holding its head row: `build` gets the size
   * the tree has and a reader of its stored nodes, and returns the rows of the leaves it adds
   * (leaf index and the hashes that leaf completes, lowest level first).
   */
  async extend(
    tenantId: string,
    build: (size: number, reader: NodeReader) => Promise<Array<{ leafIndex: number; hashes: Hash[] }>>,
  ): Promise<number> {
    return this.db.sqlTransaction(async (tx) => {
      await tx.query(
        'INSERT INTO audit_tree_heads (tenant_id, tree_size) VALUES ($1, 0) ON CONFLICT (tenant_id) DO NOTHING',
        [tenantId],
      );
      const { rows } = await tx.query<{ tree_size: string }>(
        'SELECT tree_size FROM audit_tree_heads WHERE tenant_id = $1 FOR UPDATE',
        [tenantId],
      );
      const size = Number(rows[0]!.tree_size);
      const added = await build(size, this.nodeReader(tenantId, tx));
      if (added.length === 0) return size;
      added.forEach((row, i) => {
        if (row.leafIndex !== size + i) throw new Error('transparency log: leaves must be added in order');
      });
      await tx.query(
        `INSERT INTO audit_tree_nodes (tenant_id, leaf_index, hashes)
         SELECT $1, unnest($2::bigint[]), unnest($3::bytea[])`,
        [tenantId, added.map((r) => r.leafIndex), added.map((r) => Buffer.concat(r.hashes))],
      );
      const newSize = size + added.length;
      await tx.query('UPDATE audit_tree_heads SET tree_size = $2 WHERE tenant_id = $1', [tenantId, newSize]);
      return newSize;
    });
  }

  async insertCheckpoint(checkpoint: StoredCheckpoint): Promise<boolean> {
    const { rowCount } = await this.db.pool.query(
      `INSERT INTO audit_tree_checkpoints (tenant_id, tree_size, root_hash, note, signed_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [
        checkpoint.tenantId,
        checkpoint.treeSize,
        Buffer.from(checkpoint.rootHash),
        checkpoint.note,
        checkpoint.signedAt,
      ],
    );
    return rowCount === 1;
  }

  private static checkpointOf(row: {
    tenant_id: string;
    tree_size: string;
    root_hash: Buffer;
    note: string;
    signed_at: Date;
  }): StoredCheckpoint {
    return {
      tenantId: row.tenant_id,
      treeSize: Number(row.tree_size),
      rootHash: bytes(row.root_hash),
      note: row.note,
      signedAt: row.signed_at,
    };
  }

  async latestCheckpoint(tenantId: string): Promise<StoredCheckpoint | null> {
    const { rows } = await this.db.pool.query(
      `SELECT tenant_id, tree_size, root_hash, note, signed_at FROM audit_tree_checkpoints
        WHERE tenant_id = $1 ORDER BY tree_size DESC LIMIT 1`,
      [tenantId],
    );
    return rows[0] ? TreeRepository.checkpointOf(rows[0]) : null;
  }

  async checkpointAt(tenantId: string, treeSize: number): Promise<StoredCheckpoint | null> {
    const { rows } = await this.db.pool.query(
      `SELECT tenant_id, tree_size, root_hash, note, signed_at FROM audit_tree_checkpoints
        WHERE tenant_id = $1 AND tree_size = $2`,
      [tenantId, treeSize],
    );
    return rows[0] ? TreeRepository.checkpointOf(rows[0]) : null;
  }

  /** Checkpoints of at least `minSize` leaves, smallest first (the earliest that covers an entry). */
  async checkpointsFrom(tenantId: string, minSize: number, limit: number): Promise<StoredCheckpoint[]> {
    const { rows } = await this.db.pool.query(
      `SELECT tenant_id, tree_size, root_hash, note, signed_at FROM audit_tree_checkpoints
        WHERE tenant_id = $1 AND tree_size >= $2 ORDER BY tree_size LIMIT $3`,
      [tenantId, minSize, limit],
    );
    return rows.map(TreeRepository.checkpointOf);
  }

  /** Every checkpoint of an organisation, smallest first (verification checks them all). */
  async allCheckpoints(tenantId: string): Promise<StoredCheckpoint[]> {
    return this.checkpointsFrom(tenantId, 0, 1_000_000);
  }

  async insertCosignature(tenantId: string, treeSize: number, cosignature: StoredCosignature): Promise<void> {
    await this.db.pool.query(
      `INSERT INTO audit_tree_cosignatures (tenant_id, tree_size, witness, signature_line, cosigned_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [tenantId, treeSize, cosignature.witness, cosignature.signatureLine, cosignature.cosignedAt],
    );
  }

  async cosignatures(tenantId: string, treeSize: number): Promise<StoredCosignature[]> {
    const { rows } = await this.db.pool.query<{ witness: string; signature_line: string; cosigned_at: Date }>(
      `SELECT witness, signature_line, cosigned_at FROM audit_tree_cosignatures
        WHERE tenant_id = $1 AND tree_size = $2 ORDER BY witness`,
      [tenantId, treeSize],
    );
    return rows.map((r) => ({
      witness: r.witness,
      signatureLine: r.signature_line,
      cosignedAt: r.cosigned_at,
    }));
  }

  /** The largest size each witness cosigned for an organisation. */
  async cosignedSizes(tenantId: string): Promise<Map<string, number>> {
    const { rows } = await this.db.pool.query<{ witness: string; size: string }>(
      `SELECT witness, max(tree_size) AS size FROM audit_tree_cosignatures WHERE tenant_id = $1 GROUP BY witness`,
      [tenantId],
    );
    return new Map(rows.map((r) => [r.witness, Number(r.size)]));
  }

  async insertTimestamp(tenantId: string, treeSize: number, timestamp: StoredTimestamp): Promise<void> {
    await this.db.pool.query(
      `INSERT INTO audit_tree_timestamps (tenant_id, tree_size, token, gen_time)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [tenantId, treeSize, Buffer.from(timestamp.token), timestamp.genTime],
    );
  }

  async timestamp(tenantId: string, treeSize: number): Promise<StoredTimestamp | null> {
    const { rows } = await this.db.pool.query<{ token: Buffer; gen_time: Date }>(
      'SELECT token, gen_time FROM audit_tree_timestamps WHERE tenant_id = $1 AND tree_size = $2',
      [tenantId, treeSize],
    );
    return rows[0] ? { token: bytes(rows[0].token), genTime: rows[0].gen_time } : null;
  }

  /**
   * The witness's check-and-update (c2sp.org/tlog-witness: atomically, or a slower request could
   * roll a log back): `decide` sees the stored state under a row lock and returns the new state to
   * store, or null to store nothing. Its result is returned either way.
   */
  async witnessUpdate<T>(
    origin: string,
    decide: (current: WitnessedLog | null) => Promise<{ store: WitnessedLog | null; result: T }>,
  ): Promise<T> {
    return this.db.sqlTransaction(async (tx) => {
      const { rows } = await tx.query<{
        origin: string;
        tree_size: string;
        root_hash: Buffer;
        checkpoint: string;
        updated_at: Date;
      }>(
        'SELECT origin, tree_size, root_hash, checkpoint, updated_at FROM witness_logs WHERE origin = $1 FOR UPDATE',
        [origin],
      );
      const row = rows[0];
      const current = row
        ? {
            origin: row.origin,
            treeSize: Number(row.tree_size),
            rootHash: bytes(row.root_hash),
            checkpoint: row.checkpoint,
            updatedAt: row.updated_at,
          }
        : null;
      const { store, result } = await decide(current);
      if (store) {
        await tx.query(
          `INSERT INTO witness_logs (origin, tree_size, root_hash, checkpoint, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (origin) DO UPDATE SET tree_size = EXCLUDED.tree_size, root_hash = EXCLUDED.root_hash,
             checkpoint = EXCLUDED.checkpoint, updated_at = EXCLUDED.updated_at`,
          [store.origin, store.treeSize, Buffer.from(store.rootHash), store.checkpoint, store.updatedAt],
        );
      }
      return result;
    });
  }

  async witnessedLog(origin: string): Promise<WitnessedLog | null> {
    const { rows } = await this.db.pool.query<{
      origin: string;
      tree_size: string;
      root_hash: Buffer;
      checkpoint: string;
      updated_at: Date;
    }>('SELECT origin, tree_size, root_hash, checkpoint, updated_at FROM witness_logs WHERE origin = $1', [
      origin,
    ]);
    const row = rows[0];
    return row
      ? {
          origin: row.origin,
          treeSize: Number(row.tree_size),
          rootHash: bytes(row.root_hash),
          checkpoint: row.checkpoint,
          updatedAt: row.updated_at,
        }
      : null;
  }
}
