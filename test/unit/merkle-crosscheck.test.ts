/**
 * Our RFC 9162 code against an independent implementation from npm (@transmute/rfc9162, a
 * test-only dependency written from the RFC's recursive definitions): roots and proofs agree, and
 * each side's proofs verify with the other side's verifier, for every tree size up to 1,000 and for
 * random sizes up to 100,000.
 *
 * Two facts about that package, checked here rather than worked around silently:
 * - It hashes through `window.crypto.subtle` and otherwise a dynamically imported node:crypto after
 *   a thrown ReferenceError per hash (~40 µs each). The shim below hands it SHA-256 from
 *   node:crypto through the same Web Crypto call; its tree algorithms stay its own.
 * - Its PROOF ignores SUBPROOF's flag b (RFC 9162 §2.1.4.1), so when the old size m is an exact power
 *   of two its consistency proof starts with MTH(D[0:m]), the old root, which the RFC leaves out; its
 *   verifier correspondingly skips step 2 of §2.1.4.2 (prepending that root). Both sides are
 *   compared with that one difference made explicit.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  completedNodes,
  consistencyProof,
  type Hash,
  inclusionProof,
  leafHash,
  MemoryNodes,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/merkle.js';

interface Rfc9162 {
  treeHead(entries: Uint8Array[]): Promise<Uint8Array>;
  PATH(m: number, entries: Uint8Array[]): Promise<Uint8Array[]>;
  PROOF(m: number, entries: Uint8Array[]): Promise<Uint8Array[]>;
  verifyInclusionProof(
    root: Uint8Array,
    leaf: Uint8Array,
    proof: { log_id: string; tree_size: number; leaf_index: number; inclusion_path: Uint8Array[] },
  ): Promise<boolean>;
  verifyConsistencyProof(
    root1: Uint8Array,
    root2: Uint8Array,
    proof: { log_id: string; tree_size_1: number; tree_size_2: number; consistency_path: Uint8Array[] },
  ): Promise<boolean>;
}

let other: Rfc9162;
beforeAll(async () => {
  (globalThis as { window?: unknown }).window = {
    crypto: {
      subtle: { digest: async (_: string, d: Uint8Array) => createHash('sha256').update(d).digest() },
    },
  };
  const pkg = (await import('@transmute/rfc9162')) as unknown as { default: { RFC9162?: Rfc9162 } & Rfc9162 };
  other = pkg.default.RFC9162 ?? pkg.default;
});

const entry = (i: number) => new TextEncoder().encode(`record ${i}`);
const hex = (h: Uint8Array) => Buffer.from(h).toString('hex');
const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

async function build(n: number): Promise<{ nodes: MemoryNodes; entries: Uint8Array[] }> {
  const nodes = new MemoryNodes();
  const entries: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    entries.push(entry(i));
    for (const { node, hash } of await completedNodes(i, leafHash(entry(i)), nodes)) nodes.set(node, hash);
  }
  return { nodes, entries };
}

/** Compares everything at size n: root, the proofs of the given leaf and old size, both verifiers. */
async function agreeAt(n: number, nodes: MemoryNodes, entries: Uint8Array[], leaf: number, old: number) {
  const d = entries.slice(0, n);
  const root = await rootHash(n, nodes);
  expect(hex(root), `root at ${n}`).toBe(hex(await other.treeHead(d)));

  const ours = await inclusionProof(leaf, n, nodes);
  expect(ours.map(hex), `inclusion ${leaf} of ${n}`).toEqual((await other.PATH(leaf, d)).map(hex));
  const inclusion = { log_id: '', tree_size: n, leaf_index: leaf, inclusion_path: ours };
  expect(await other.verifyInclusionProof(root, leafHash(d[leaf]!), inclusion)).toBe(true);

  if (old < 1 || old >= n) return;
  const oldRoot = await rootHash(old, nodes);
  const consistency = await consistencyProof(old, n, nodes);
  const theirs = await other.PROOF(old, d);
  // Their one deviation (see the header): the old root leads when the old size is a power of two.
  const expected: Hash[] = isPowerOfTwo(old) ? [oldRoot, ...consistency] : consistency;
  expect(theirs.map(hex), `consistency ${old} → ${n}`).toEqual(expected.map(hex));
  expect(verifyConsistency(old, n, oldRoot, root, isPowerOfTwo(old) ? theirs.slice(1) : theirs)).toBe(true);
  const proof = { log_id: '', tree_size_1: old, tree_size_2: n, consistency_path: expected };
  expect(await other.verifyConsistencyProof(oldRoot, root, proof)).toBe(true);
}

describe('against @transmute/rfc9162', () => {
  it('agrees on every tree size from 1 to 1,000 (a random leaf and older size each, and both ends)', async () => {
    const { nodes, entries } = await build(1000);
    const random = fc.sample(fc.tuple(fc.nat(), fc.nat()), 1000);
    for (let n = 1; n <= 1000; n++) {
      const [a, b] = random[n - 1]!;
      await agreeAt(n, nodes, entries, a % n, 1 + (b % Math.max(1, n - 1)));
      // Their verifiers on our proofs for both extremes (cheap: logarithmic).
      const root = await rootHash(n, nodes);
      for (const leaf of [0, n - 1]) {
        const path = await inclusionProof(leaf, n, nodes);
        const proof = { log_id: '', tree_size: n, leaf_index: leaf, inclusion_path: path };
        expect(await other.verifyInclusionProof(root, leafHash(entries[leaf]!), proof)).toBe(true);
        expect(verifyInclusion(leafHash(entries[leaf]!), leaf, n, path, root)).toBe(true);
      }
    }
  }, 300_000);

  it('agrees on random sizes up to 100,000', async () => {
    const { nodes, entries } = await build(100_000);
    const cases = fc.sample(
      fc
        .integer({ min: 1_001, max: 100_000 })
        .chain((n) =>
          fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: n - 1 })),
        ),
      Number(process.env.MERKLE_CROSSCHECK_LARGE ?? 2),
    );
    for (const [n, leaf, old] of cases) await agreeAt(n, nodes, entries, leaf, old);
  }, 300_000);
});
