/**
 * RFC 9162 proofs at the edges merkle.test.ts's exhaustive checks do not reach: proofs that do hash
 * to the root given but are too long, too short, for a leaf outside the tree or carry a hash of the
 * wrong size (§2.1.3.2 and §2.1.4.2 verify the path's shape, not only its result); the degenerate
 * consistency proofs; the in-memory frontier's edges; and the reason each input error gives.
 */
import { describe, expect, it } from 'vitest';
import {
  completedNodes,
  consistencyProof,
  EMPTY_ROOT,
  type Hash,
  inclusionProof,
  leafHash,
  MemoryNodes,
  MerkleFrontier,
  MerkleInputError,
  type NodeReader,
  nodeHash,
  rootHash,
  subtreeNodes,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/merkle.js';

const leaf = (i: number) => leafHash(Uint8Array.of(i));
const short = new Uint8Array(31).fill(7);

async function storedTree(n: number): Promise<MemoryNodes> {
  const nodes = new MemoryNodes();
  for (let i = 0; i < n; i++)
    for (const c of await completedNodes(i, leaf(i), nodes)) nodes.set(c.node, c.hash);
  return nodes;
}

async function refusal(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (error) {
    expect(error).toBeInstanceOf(MerkleInputError);
    expect((error as Error).name).toBe('MerkleInputError');
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('inclusion proofs whose result matches but whose shape does not', () => {
  it('a leaf outside the tree is never included, even when it is the root', () => {
    expect(verifyInclusion(leaf(0), 1, 1, [], leaf(0))).toBe(false);
  });

  it('a proof longer than the path is refused', () => {
    expect(verifyInclusion(leaf(0), 0, 1, [leaf(1)], nodeHash(leaf(1), leaf(0)))).toBe(false);
  });

  it('a proof shorter than the path is refused', () => {
    expect(verifyInclusion(leaf(0), 0, 2, [], leaf(0))).toBe(false);
  });

  it('a proof hash or a leaf hash of 31 bytes is refused', () => {
    expect(verifyInclusion(leaf(1), 1, 2, [short], nodeHash(short, leaf(1)))).toBe(false);
    expect(verifyInclusion(short, 1, 2, [leaf(0)], nodeHash(leaf(0), short))).toBe(false);
    // The same shapes with 32-byte hashes do hold.
    expect(verifyInclusion(leaf(1), 1, 2, [leaf(0)], nodeHash(leaf(0), leaf(1)))).toBe(true);
  });
});

describe('consistency proofs whose result matches but whose shape does not', () => {
  const r1 = leaf(0);
  it('equal sizes take an empty proof only', () => {
    expect(verifyConsistency(5, 5, r1, r1, [])).toBe(true);
    expect(verifyConsistency(5, 5, r1, r1, [leaf(1)])).toBe(false);
  });

  it('the empty tree takes an empty proof only', () => {
    expect(verifyConsistency(0, 5, EMPTY_ROOT, r1, [])).toBe(true);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, r1, [leaf(1)])).toBe(false);
  });

  it('a proof hash of 31 bytes is refused', () => {
    expect(verifyConsistency(1, 2, r1, nodeHash(r1, short), [short])).toBe(false);
    expect(verifyConsistency(1, 2, r1, nodeHash(r1, leaf(1)), [leaf(1)])).toBe(true);
    // One short hash among good ones is enough to refuse.
    const root3 = (last: Uint8Array) => nodeHash(nodeHash(r1, leaf(1)), last);
    expect(verifyConsistency(1, 3, r1, root3(short), [leaf(1), short])).toBe(false);
    expect(verifyConsistency(1, 3, r1, root3(leaf(2)), [leaf(1), leaf(2)])).toBe(true);
  });

  it('a tree never extends a larger one, whatever the proof', () => {
    // With the sizes swapped (3 to 2), this proof would otherwise reach both roots.
    const c = leaf(1);
    expect(verifyConsistency(3, 2, r1, nodeHash(r1, c), [r1, c])).toBe(false);
  });

  it('from the empty tree or to the same size, the proof is empty', async () => {
    const nodes = await storedTree(5);
    expect(await consistencyProof(0, 5, nodes)).toEqual([]);
    expect(await consistencyProof(5, 5, nodes)).toEqual([]);
    expect(await consistencyProof(0, 0, nodes)).toEqual([]);
  });
});

describe('complete subtrees of a range', () => {
  it('are the largest aligned ones, left to right', () => {
    expect(subtreeNodes(0, 7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    // Leaf 1 cannot start a subtree of two: it is the right half of (1, 0).
    expect(subtreeNodes(1, 4)).toEqual([
      { level: 0, index: 1 },
      { level: 1, index: 1 },
    ]);
    expect(subtreeNodes(3, 3)).toEqual([]);
  });
});

describe('a node reader that returns the wrong number of hashes', () => {
  it('is a fault, not a wrong proof', async () => {
    const nodes = await storedTree(4);
    const lossy: NodeReader = { readNodes: async (list) => (await nodes.readNodes(list)).slice(1) };
    await expect(rootHash(3, lossy)).rejects.toThrow('merkle: the node reader returned the wrong count');
  });
});

describe('the in-memory frontier', () => {
  it('starts empty, with the empty root', () => {
    const frontier = new MerkleFrontier();
    expect(frontier.size).toBe(0);
    expect(Buffer.from(frontier.root())).toEqual(Buffer.from(EMPTY_ROOT));
  });

  it('returns the leaf itself first among the nodes an append completes', () => {
    const frontier = new MerkleFrontier();
    expect(frontier.append(leaf(0))).toEqual([{ node: { level: 0, index: 0 }, hash: leaf(0) }]);
    expect(frontier.append(leaf(1))).toEqual([
      { node: { level: 0, index: 1 }, hash: leaf(1) },
      { node: { level: 1, index: 0 }, hash: nodeHash(leaf(0), leaf(1)) },
    ]);
    expect(frontier.size).toBe(2);
  });

  it('continues only from the right number of 32-byte subtree hashes', async () => {
    const nodes = await storedTree(3);
    const hashes: Hash[] = await nodes.readNodes(subtreeNodes(0, 3));
    expect(Buffer.from(MerkleFrontier.fromNodes(3, hashes).root())).toEqual(
      Buffer.from(await rootHash(3, nodes)),
    );
    expect(await refusal(() => MerkleFrontier.fromNodes(3, hashes.slice(1)))).toBe(
      'wrong number of subtree hashes',
    );
    expect(await refusal(() => MerkleFrontier.fromNodes(1, [short]))).toBe('a subtree hash is not 32 bytes');
  });
});

describe('input errors name the argument', () => {
  it.each([
    ['tree size', () => rootHash(-1, new MemoryNodes())],
    ['tree size', () => inclusionProof(0, 1.5, new MemoryNodes())],
    ['leaf index', () => inclusionProof(-1, 2, new MemoryNodes())],
    ['old tree size', () => consistencyProof(-1, 2, new MemoryNodes())],
    ['new tree size', () => consistencyProof(1, Number.NaN, new MemoryNodes())],
    ['tree size', () => verifyInclusion(leaf(0), 0, -1, [], leaf(0))],
    ['leaf index', () => verifyInclusion(leaf(0), 0.5, 2, [], leaf(0))],
    ['old tree size', () => verifyConsistency(-1, 2, leaf(0), leaf(0), [])],
    ['new tree size', () => verifyConsistency(1, -2, leaf(0), leaf(0), [])],
    ['leaf index', () => completedNodes(-1, leaf(0), new MemoryNodes())],
    ['tree size', () => MerkleFrontier.fromNodes(-1, [])],
  ])('%s', async (name, f) => {
    expect(await refusal(f)).toBe(`${name} must be a non-negative integer`);
  });

  it('and the relation between arguments', async () => {
    const nodes = await storedTree(2);
    expect(await refusal(() => inclusionProof(2, 2, nodes))).toBe(
      'the leaf index must be smaller than the tree size',
    );
    expect(await refusal(() => consistencyProof(3, 2, nodes))).toBe(
      'the old tree size must not exceed the new one',
    );
  });
});
