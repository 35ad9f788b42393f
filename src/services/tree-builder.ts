/**
 * Extends each organisation's Merkle tree (src/audit/merkle.ts) from its committed chain entries.
 *
 * Decoupled from the append path on purpose: the audit trail's locking and batching can change
 * without touching the tree. The builder runs every TREE_BUILD_INTERVAL_MS (1 s by default) over
 * the organisations whose chain is ahead of their tree, and on demand before a checkpoint is signed
 * or a proof is asked for beyond the built tree; so a new entry is in the tree at most one interval
 * (plus one build) after it committed, and no answer ever waits for the schedule.
 *
 * Each new leaf is hashed from the entry's stored content as read back from the database, after the
 * entry's chain link is checked (it names its predecessor's hash, and its hash matches its
 * content): a broken link stops the tree there, and verification reports it. Only the hashes each
 * new leaf completes are written (one row per leaf, merkle.ts "Storage"); nothing is recomputed
 * from scratch. Builders in several processes take turns through a row lock on the tree's head.
 */
import type { Logger } from 'pino';
import { chainHash, GENESIS_HASH } from '../audit/chain.js';
import { leafHash, MerkleFrontier, subtreeNodes } from '../audit/merkle.js';
import type { AuditChainRepository } from '../repositories/audit-chain-repository.js';
import type { TreeRepository } from '../repositories/tree-repository.js';

/** Entries added to a tree per transaction. */
const BATCH = 2_000;

export interface BuildResult {
  size: number;
  /** Set when the chain's link at this sequence is broken: the tree stops before it. */
  brokenAt?: number;
}

export class TreeBuilder {
  private readonly running = new Map<string, Promise<BuildResult>>();

  constructor(
    private readonly trees: TreeRepository,
    private readonly chain: AuditChainRepository,
    private readonly options: { batchSize?: number } = {},
  ) {}

  /** Extends the tree until it covers every committed entry (or a broken link). */
  catchUp(tenantId: string): Promise<BuildResult> {
    const existing = this.running.get(tenantId);
    if (existing) return existing.then(() => this.catchUp(tenantId));
    const run = this.loop(tenantId).finally(() => {
      if (this.running.get(tenantId) === run) this.running.delete(tenantId);
    });
    this.running.set(tenantId, run);
    return run;
  }

  /** Extends every tree that is behind its chain; returns how many leaves were added. */
  async catchUpAll(logger?: Logger): Promise<number> {
    let added = 0;
    for (const tenantId of await this.trees.behind()) {
      const before = await this.trees.treeSize(tenantId);
      const result = await this.catchUp(tenantId);
      if (result.brokenAt !== undefined) {
        logger?.error(
          { tenantId, brokenAt: result.brokenAt },
          'chain link broken; the transparency log stops before it',
        );
      }
      added += result.size - before;
    }
    return added;
  }

  startSchedule(intervalMs: number, logger: Logger): { stop(): Promise<void> } {
    let running: Promise<void> | undefined;
    const timer = setInterval(() => {
      if (running) return;
      running = this.catchUpAll(logger)
        .then(() => undefined)
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'extending the transparency log failed; retried next time'),
        )
        .finally(() => {
          running = undefined;
        });
    }, intervalMs);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  }

  private async loop(tenantId: string): Promise<BuildResult> {
    for (;;) {
      const result = await this.extendOnce(tenantId);
      if (result.brokenAt !== undefined || result.added < (this.options.batchSize ?? BATCH)) {
        return { size: result.size, ...(result.brokenAt !== undefined ? { brokenAt: result.brokenAt } : {}) };
      }
    }
  }

  private async extendOnce(tenantId: string): Promise<{ size: number; added: number; brokenAt?: number }> {
    let brokenAt: number | undefined;
    let added = 0;
    const batch = this.options.batchSize ?? BATCH;
    const size = await this.trees.extend(tenantId, async (size, reader) => {
      // The entry before the first new one gives the hash the next must name.
      const rows = await this.chain.readRangeBytes(
        tenantId,
        Math.max(0, size - 1),
        batch + (size > 0 ? 1 : 0),
      );
      let previousHash = GENESIS_HASH;
      let expected = size + 1;
      let start = 0;
      if (size > 0) {
        const last = rows[0];
        if (!last || last.sequence !== size) {
          brokenAt = size;
          return [];
        }
        previousHash = last.hash;
        start = 1;
      }
      const frontier = MerkleFrontier.fromNodes(
        size,
        size > 0 ? await reader.readNodes(subtreeNodes(0, size)) : [],
      );
      const out: Array<{ leafIndex: number; hashes: Uint8Array[] }> = [];
      for (const row of rows.slice(start)) {
        if (
          row.sequence !== expected ||
          row.previousHash !== previousHash ||
          chainHash(row.previousHash, row.bytes) !== row.hash
        ) {
          brokenAt = expected;
          break;
        }
        const completed = frontier.append(leafHash(row.bytes));
        out.push({ leafIndex: expected - 1, hashes: completed.map((c) => c.hash) });
        previousHash = row.hash;
        expected += 1;
      }
      added = out.length;
      return out;
    });
    return { size, added, ...(brokenAt !== undefined ? { brokenAt } : {}) };
  }
}
