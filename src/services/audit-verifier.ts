/**
 * Recomputes a tenant's integrity chain from its first entry: every sequence number present and
 * in order (no gaps), every entry naming its predecessor's hash, every hash matching its content,
 * every envelope matching the row it is stored in, and every index row (the tables used to find
 * records) agreeing with the entry it indexes. Reports the first broken link.
 */
import { chainHash, type Envelope, GENESIS_HASH } from '../audit/chain.js';
import type { AuditChainRepository, ChainRow } from '../repositories/audit-chain-repository.js';

export interface BrokenLink {
  sequence: number;
  reason: string;
}

export interface VerificationReport {
  tenantId: string;
  intact: boolean;
  recordsChecked: number;
  headSequence: number;
  headHash: string | null;
  firstBrokenLink: BrokenLink | null;
  /** What each registered chain check (e.g. signed checkpoints) checked. */
  checks: Array<{ name: string; checked: number }>;
  verifiedAt: string;
  durationMs: number;
}

/**
 * Checks, for a batch of entries of one type, that the rows indexing them agree with the chain.
 * Returns the first disagreement.
 */
export type IndexCheck = (
  tenantId: string,
  entries: Array<{ row: ChainRow; envelope: Envelope }>,
) => Promise<BrokenLink | null>;

/**
 * A check over the whole chain that runs alongside verification (signed checkpoints): each run
 * sees every entry whose link and hash were verified, in chain order, and reports the first
 * disagreement; `finish` is called when the whole chain verified, with its head.
 */
export interface ChainCheck {
  name: string;
  start(tenantId: string): Promise<ChainCheckRun>;
}

export interface ChainCheckRun {
  check(entries: ChainRow[]): BrokenLink | null;
  finish(head: { sequence: number; hash: string | null }): BrokenLink | null;
  /** How many items the check covered (e.g. checkpoints). */
  checked(): number;
}

export class AuditVerifier {
  private readonly indexChecks = new Map<string, IndexCheck>();
  private readonly chainChecks: ChainCheck[] = [];

  constructor(private readonly chain: AuditChainRepository) {}

  registerIndexCheck(entryType: string, check: IndexCheck): void {
    this.indexChecks.set(entryType, check);
  }

  registerChainCheck(check: ChainCheck): void {
    this.chainChecks.push(check);
  }

  async verify(tenantId: string): Promise<VerificationReport> {
    const started = performance.now();
    let expected = 1;
    let previousHash = GENESIS_HASH;
    let checked = 0;
    let broken: BrokenLink | null = null;
    const runs = await Promise.all(
      this.chainChecks.map(async (c) => ({ name: c.name, run: await c.start(tenantId) })),
    );

    outer: for await (const batch of this.chain.scan(tenantId)) {
      const byType = new Map<string, Array<{ row: ChainRow; envelope: Envelope }>>();
      for (const row of batch) {
        const problem = checkEntry(row, tenantId, expected, previousHash);
        if (problem) {
          broken = { sequence: row.sequence === expected ? row.sequence : expected, reason: problem };
          break outer;
        }
        const envelope = JSON.parse(row.content) as Envelope;
        const list = byType.get(row.entryType) ?? [];
        list.push({ row, envelope });
        byType.set(row.entryType, list);
        previousHash = row.hash;
        expected += 1;
        checked += 1;
      }
      for (const [entryType, entries] of byType) {
        const check = this.indexChecks.get(entryType);
        broken = earlier(broken, check ? await check(tenantId, entries) : null);
      }
      for (const { run } of runs) broken = earlier(broken, run.check(batch));
      if (broken) {
        // Entries after an index disagreement were hash-checked but the report names the first.
        checked = broken.sequence - 1;
        break;
      }
    }
    if (!broken) {
      const head = { sequence: expected - 1, hash: expected > 1 ? previousHash : null };
      for (const { run } of runs) broken = earlier(broken, run.finish(head));
    }

    return {
      tenantId,
      intact: broken === null,
      recordsChecked: checked,
      headSequence: expected - 1,
      headHash: expected > 1 ? previousHash : null,
      firstBrokenLink: broken,
      checks: runs.map(({ name, run }) => ({ name, checked: run.checked() })),
      verifiedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
    };
  }
}

function earlier(a: BrokenLink | null, b: BrokenLink | null): BrokenLink | null {
  return a && (!b || a.sequence <= b.sequence) ? a : b;
}

function checkEntry(row: ChainRow, tenantId: string, expected: number, previousHash: string): string | null {
  if (row.sequence !== expected)
    return `entry ${expected} is missing (the next entry found is ${row.sequence})`;
  if (row.previousHash !== previousHash) return 'the entry does not name the hash of the entry before it';
  if (chainHash(row.previousHash, row.content) !== row.hash)
    return 'the entry content does not match its hash';
  let envelope: Partial<Envelope>;
  try {
    envelope = JSON.parse(row.content) as Partial<Envelope>;
  } catch {
    return 'the entry content is not valid JSON';
  }
  if (
    envelope.tenantId !== tenantId ||
    envelope.sequence !== row.sequence ||
    envelope.entryType !== row.entryType ||
    envelope.entityId !== row.entityId ||
    envelope.recordedAt !== row.recordedAt.toISOString()
  ) {
    return 'the stored columns of the entry disagree with its hashed content';
  }
  return null;
}
