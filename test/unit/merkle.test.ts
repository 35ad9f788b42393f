/**
 * RFC 9162 §2.1 proofs, exhaustively at small sizes (every leaf and every older size of every tree
 * up to 100 leaves, as golang.org/x/mod/sumdb/tlog's TestTree does) against the specification's
 * recursive definitions written out literally here, and every corrupted proof refused.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completedNodes,
  consistencyProof,
  EMPTY_ROOT,
  formatHash,
  type Hash,
  inclusionProof,
  leafHash,
  MemoryNodes,
  MerkleFrontier,
  MerkleInputError,
  nodeHash,
  parseHash,
  rootHash,
  subtreeNodes,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/merkle.js';

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const data = (i: number) => new TextEncoder().encode(`leaf ${i}`);

// The specification's definitions, literally (§2.1.1, §2.1.3.1, §2.1.4.1), over leaf data.
const k = (n: number) => {
  let x = 1;
  while (x * 2 < n) x *= 2;
  return x;
};
// MTH is remembered per (first leaf object, length): the same slice of the same leaves always has
// the same hash, and the exhaustive test asks for each range many times.
const remembered = new WeakMap<Uint8Array, Map<number, Hash>>();
function MTH(d: Uint8Array[]): Hash {
  if (d.length === 0) return sha();
  const byLength = remembered.get(d[0]!) ?? new Map<number, Hash>();
  remembered.set(d[0]!, byLength);
  const known = byLength.get(d.length);
  if (known) return known;
  const s = k(d.length);
  const hash =
    d.length === 1
      ? sha(Uint8Array.of(0), d[0]!)
      : sha(Uint8Array.of(1), MTH(d.slice(0, s)), MTH(d.slice(s)));
  byLength.set(d.length, hash);
  return hash;
}
function PATH(m: number, d: Uint8Array[]): Hash[] {
  if (d.length === 1) return [];
  const s = k(d.length);
  return m < s
    ? [...PATH(m, d.slice(0, s)), MTH(d.slice(s))]
    : [...PATH(m - s, d.slice(s)), MTH(d.slice(0, s))];
}
function SUBPROOF(m: number, d: Uint8Array[], b: boolean): Hash[] {
  if (m === d.length) return b ? [] : [MTH(d)];
  const s = k(d.length);
  return m <= s
    ? [...SUBPROOF(m, d.slice(0, s), b), MTH(d.slice(s))]
    : [...SUBPROOF(m - s, d.slice(s), false), MTH(d.slice(0, s))];
}

/** A tree of `n` leaves stored the way the service stores it (nodes completed leaf by leaf). */
async function storedTree(n: number): Promise<{ nodes: MemoryNodes; leaves: Uint8Array[] }> {
  const nodes = new MemoryNodes();
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    leaves.push(data(i));
    for (const { node, hash } of await completedNodes(i, leafHash(data(i)), nodes)) nodes.set(node, hash);
  }
  return { nodes, leaves };
}

const hex = (h: Uint8Array) => Buffer.from(h).toString('hex');
const flip = (h: Uint8Array, bit: number) => {
  const copy = new Uint8Array(h);
  copy[Math.floor(bit / 8) % 32]! ^= 1 << (bit % 8);
  return copy;
};

describe('hashes (§2.1.1)', () => {
  it('leaf, node and empty tree hashes are the specification formulas', () => {
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // RFC 6962 test vectors as transparency-dev/merkle (and Go's tlog) use them: leaf of the empty string.
    expect(hex(leafHash(new Uint8Array()))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    const a = leafHash(data(0));
    const b = leafHash(data(1));
    expect(hex(nodeHash(a, b))).toBe(hex(sha(Uint8Array.of(1), a, b)));
  });
});

describe('proofs at every size up to 100 (exhaustive)', () => {
  it('root, every inclusion proof and every consistency proof equal the definitions and verify', async () => {
    const N = 100;
    const { nodes, leaves } = await storedTree(N);
    const roots: Hash[] = [EMPTY_ROOT];
    for (let n = 1; n <= N; n++) {
      const d = leaves.slice(0, n);
      const root = await rootHash(n, nodes);
      expect(hex(root), `root ${n}`).toBe(hex(MTH(d)));
      roots.push(root);
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(m, n, nodes);
        expect(proof.map(hex), `PATH(${m}, ${n})`).toEqual(PATH(m, d).map(hex));
        expect(verifyInclusion(leafHash(d[m]!), m, n, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash(data(m + 1000)), m, n, proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(leafHash(d[m]!), (m + 1) % n, n, proof, root)).toBe(false);
      }
      for (let m = 1; m < n; m++) {
        const proof = await consistencyProof(m, n, nodes);
        expect(proof.map(hex), `PROOF(${m}, ${n})`).toEqual(SUBPROOF(m, d, true).map(hex));
        expect(verifyConsistency(m, n, roots[m]!, root, proof)).toBe(true);
        expect(verifyConsistency(m, n, roots[m - 1]!, root, proof)).toBe(false);
        expect(verifyConsistency(m, n, roots[m]!, roots[n - 1]!, proof)).toBe(false);
      }
      expect(verifyConsistency(0, n, EMPTY_ROOT, root, [])).toBe(true);
      expect(verifyConsistency(n, n, root, root, [])).toBe(true);
      expect(verifyConsistency(n, n, root, roots[n - 1]!, [])).toBe(false);
    }
  }, 120_000);

  it('refuses every proof with one hash corrupted, one dropped, or one added', async () => {
    const N = 40;
    const { nodes, leaves } = await storedTree(N);
    for (let n = 1; n <= N; n++) {
      const root = await rootHash(n, nodes);
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(m, n, nodes);
        const leaf = leafHash(leaves[m]!);
        for (let i = 0; i < proof.length; i++) {
          const bad = proof.map((p, j) => (j === i ? flip(p, i * 7) : p));
          expect(verifyInclusion(leaf, m, n, bad, root)).toBe(false);
          expect(verifyInclusion(leaf, m, n, [...proof.slice(0, i), ...proof.slice(i + 1)], root)).toBe(
            false,
          );
        }
        expect(verifyInclusion(leaf, m, n, [...proof, leaf], root)).toBe(false);
        expect(
          verifyInclusion(
            leaf,
            m,
            n,
            proof.map((p) => p.subarray(1)),
            root,
          ),
        ).toBe(proof.length === 0);
      }
      for (let m = 1; m < n; m++) {
        const old = await rootHash(m, nodes);
        const proof = await consistencyProof(m, n, nodes);
        for (let i = 0; i < proof.length; i++) {
          const bad = proof.map((p, j) => (j === i ? flip(p, i * 5 + 3) : p));
          expect(verifyConsistency(m, n, old, root, bad)).toBe(false);
          expect(verifyConsistency(m, n, old, root, [...proof.slice(0, i), ...proof.slice(i + 1)])).toBe(
            false,
          );
        }
        expect(verifyConsistency(m, n, old, root, [...proof, root])).toBe(false);
        expect(verifyConsistency(m + 1, n, old, root, proof)).toBe(false);
      }
    }
  }, 120_000);
});

describe('the in-memory frontier', () => {
  it('gives every root and the stored nodes of any prefix, and continues from them', () => {
    fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), async (a, b) => {
        const { nodes, leaves } = await storedTree(a + b);
        const start = MerkleFrontier.fromNodes(a, await nodes.readNodes(subtreeNodes(0, a)));
        expect(hex(start.root())).toBe(hex(await rootHash(a, nodes)));
        for (let i = a; i < a + b; i++) {
          const completed = start.append(leafHash(leaves[i]!));
          for (const { node, hash } of completed) expect(hex(hash)).toBe(hex(nodes.get(node)!));
        }
        expect(hex(start.root())).toBe(hex(MTH(leaves)));
        expect(start.nodes().map(hex)).toEqual((await nodes.readNodes(subtreeNodes(0, a + b))).map(hex));
      }),
      { numRuns: 60 },
    );
  });
});

describe('input errors and base64', () => {
  it('refuses impossible sizes with a typed error, and verification of nonsense is false', async () => {
    const { nodes } = await storedTree(5);
    await expect(inclusionProof(5, 5, nodes)).rejects.toBeInstanceOf(MerkleInputError);
    await expect(inclusionProof(-1, 5, nodes)).rejects.toBeInstanceOf(MerkleInputError);
    await expect(consistencyProof(6, 5, nodes)).rejects.toBeInstanceOf(MerkleInputError);
    await expect(rootHash(1.5, nodes)).rejects.toBeInstanceOf(MerkleInputError);
    expect(() => verifyInclusion(EMPTY_ROOT, Number.NaN, 5, [], EMPTY_ROOT)).toThrow(MerkleInputError);
    expect(verifyInclusion(EMPTY_ROOT, 5, 5, [], EMPTY_ROOT)).toBe(false);
    expect(verifyConsistency(6, 5, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(false);
    // Asking for a node that was never stored is a bug of the caller, not bad input.
    await expect(inclusionProof(0, 9, nodes)).rejects.toThrow(/not stored/);
  });

  it('parses only canonical base64 of 32 bytes', () => {
    const text = formatHash(EMPTY_ROOT);
    expect(hex(parseHash(text)!)).toBe(hex(EMPTY_ROOT));
    for (const bad of ['', text.slice(1), `${text}=`, text.replace('=', 'A'), `${text.slice(0, 42)}V=`]) {
      expect(parseHash(bad), bad).toBeNull();
    }
  });
});
