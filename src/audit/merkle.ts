/**
 * The Merkle tree of an organisation's log, as RFC 9162 §2.1 defines it (the same tree as RFC 6962
 * §2.1, Certificate Transparency and Go's checksum database). Hashes are 32-byte Uint8Arrays;
 * only the edges of the service turn them into base64. Depends on node:crypto only.
 *
 *   leaf hash   MTH({d})        = SHA-256(0x00 || d)                            §2.1.1
 *   node hash   MTH(D[n])       = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))   §2.1.1
 *               with k the largest power of two smaller than n
 *   empty tree  MTH({})         = SHA-256()                                     §2.1.1
 *
 * Leaf i (0-based) of an organisation's tree is the chain entry with sequence i + 1; its data are
 * the UTF-8 bytes of the entry's canonical content, exactly as stored and hashed for the chain.
 *
 * Storage. A proof needs the hashes of complete subtrees ("nodes"): node (level L, index n) is the
 * root of the 2^L leaves [n·2^L, (n+1)·2^L). Appending leaf i completes node (0, i) and, for each
 * trailing one bit of i, one node per level above it (tlog's StoredHashes). Those hashes are
 * written once and never change, so proofs and roots for any size read at most 2·log₂(size) of
 * them through a NodeReader (the port a repository implements, like tlog's HashReader), and
 * nothing is ever recomputed from scratch.
 *
 * Worked example (tree of 3 leaves a, b, c):
 *   root = nodeHash(nodeHash(leafHash(a), leafHash(b)), leafHash(c))
 *   inclusionProof(0, 3) = [leafHash(b), leafHash(c)]
 *   consistencyProof(2, 3) = [leafHash(c)]          (2 is a power of two: its root is not sent)
 */
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;
export type Hash = Uint8Array;

/** A complete subtree: the 2^level leaves starting at index · 2^level. */
export interface Node {
  level: number;
  index: number;
}

/**
 * Reads stored node hashes, in the order asked. Must return exactly one hash per node or throw;
 * a node that was never stored is an error of the caller (it asked beyond the tree it knows).
 */
export interface NodeReader {
  readNodes(nodes: readonly Node[]): Promise<Hash[]>;
}

/** A size, index or proof argument that cannot describe a tree: the caller's input was wrong. */
export class MerkleInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MerkleInputError';
  }
}

/** §2.1.1: the hash of a leaf's data. */
export function leafHash(data: Uint8Array): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** §2.1.1: the hash of an interior node from its children's hashes. */
export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** §2.1.1: the root of the empty tree (SHA-256 of the empty string). */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** §2.1.1: the largest power of two smaller than n (n > 1). */
function splitPoint(n: number): number {
  if (n < 2) throw new Error('merkle: bad math (split of a tree with fewer than two leaves)');
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MerkleInputError(`${name} must be a non-negative integer`);
  }
}

/**
 * The complete subtrees that make up leaves [lo, hi), left to right (largest first): the nodes
 * whose hashes, folded from the right, give MTH(D[lo:hi]) when lo is a multiple of the range's
 * left split (as every range a proof or root asks for is).
 */
export function subtreeNodes(lo: number, hi: number): Node[] {
  const nodes: Node[] = [];
  while (lo < hi) {
    let size = 1;
    let level = 0;
    while (size * 2 <= hi - lo && lo % (size * 2) === 0) {
      size *= 2;
      level += 1;
    }
    nodes.push({ level, index: lo / size });
    lo += size;
  }
  return nodes;
}

/** MTH of a range from the hashes of its subtreeNodes (a right fold). */
function foldNodes(hashes: readonly Hash[]): Hash {
  let hash = hashes[hashes.length - 1];
  if (!hash) throw new Error('merkle: bad math (fold of no nodes)');
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i]!, hash);
  return hash;
}

/** A range of leaves [lo, hi) whose MTH a proof carries. */
interface Range {
  lo: number;
  hi: number;
}

/** §2.1.3.1 PATH(m, D[lo:hi]): the ranges of an inclusion proof, leaf's sibling first. */
function inclusionRanges(m: number, lo: number, hi: number, out: Range[]): Range[] {
  if (hi - lo <= 1) return out;
  const k = splitPoint(hi - lo);
  if (m < lo + k) {
    inclusionRanges(m, lo, lo + k, out);
    out.push({ lo: lo + k, hi });
  } else {
    inclusionRanges(m, lo + k, hi, out);
    out.push({ lo, hi: lo + k });
  }
  return out;
}

/** §2.1.4.1 SUBPROOF(m, D[lo:hi], b): the ranges of a consistency proof, in proof order. */
function consistencyRanges(m: number, lo: number, hi: number, whole: boolean, out: Range[]): Range[] {
  const n = hi - lo;
  if (m === n) {
    if (!whole) out.push({ lo, hi });
    return out;
  }
  const k = splitPoint(n);
  if (m <= k) {
    consistencyRanges(m, lo, lo + k, whole, out);
    out.push({ lo: lo + k, hi });
  } else {
    consistencyRanges(m - k, lo + k, hi, false, out);
    out.push({ lo, hi: lo + k });
  }
  return out;
}

/** Reads the nodes of every range in one call and folds each range's hash. */
async function hashRanges(ranges: readonly Range[], reader: NodeReader): Promise<Hash[]> {
  const perRange = ranges.map((r) => subtreeNodes(r.lo, r.hi));
  const nodes = perRange.flat();
  if (nodes.length === 0) return [];
  const hashes = await reader.readNodes(nodes);
  if (hashes.length !== nodes.length) throw new Error('merkle: the node reader returned the wrong count');
  let at = 0;
  return perRange.map((list) => {
    const slice = hashes.slice(at, at + list.length);
    at += list.length;
    return foldNodes(slice);
  });
}

/** §2.1.1 MTH(D[size]) read from stored nodes: at most log₂(size) + 1 of them. */
export async function rootHash(size: number, reader: NodeReader): Promise<Hash> {
  checkSize('tree size', size);
  if (size === 0) return EMPTY_ROOT;
  const [root] = await hashRanges([{ lo: 0, hi: size }], reader);
  return root!;
}

/** §2.1.3.1: the inclusion proof (audit path) of leaf `index` in the tree of `size` leaves. */
export async function inclusionProof(index: number, size: number, reader: NodeReader): Promise<Hash[]> {
  checkSize('tree size', size);
  checkSize('leaf index', index);
  if (index >= size) throw new MerkleInputError('the leaf index must be smaller than the tree size');
  return hashRanges(inclusionRanges(index, 0, size, []), reader);
}

/** §2.1.4.1: the consistency proof from the tree of `size1` leaves to the tree of `size2`. */
export async function consistencyProof(size1: number, size2: number, reader: NodeReader): Promise<Hash[]> {
  checkSize('old tree size', size1);
  checkSize('new tree size', size2);
  if (size1 > size2) throw new MerkleInputError('the old tree size must not exceed the new one');
  if (size1 === 0 || size1 === size2) return [];
  return hashRanges(consistencyRanges(size1, 0, size2, true, []), reader);
}

const equal = (a: Hash, b: Hash) =>
  a.length === HASH_SIZE && b.length === HASH_SIZE && Buffer.compare(a, b) === 0;
const half = (x: number) => Math.floor(x / 2);
const odd = (x: number) => x % 2 === 1;

/**
 * §2.1.3.2: whether `proof` shows the leaf with hash `leaf` at `index` in the tree of `size`
 * leaves whose root is `root`. False for any proof that does not hold, including one of the wrong
 * length or with hashes of the wrong size.
 */
export function verifyInclusion(
  leaf: Hash,
  index: number,
  size: number,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  checkSize('tree size', size);
  checkSize('leaf index', index);
  if (index >= size || leaf.length !== HASH_SIZE) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0 || p.length !== HASH_SIZE) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(r, root);
}

/**
 * §2.1.4.2: whether `proof` shows that the tree of `size2` leaves with root `root2` extends the
 * tree of `size1` leaves with root `root1` (an append-only log never contradicts itself).
 * Equal sizes need an empty proof and equal roots; the empty tree is consistent with any tree.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Hash,
  root2: Hash,
  proof: readonly Hash[],
): boolean {
  checkSize('old tree size', size1);
  checkSize('new tree size', size2);
  if (size1 > size2 || root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) return false;
  if (size1 === size2) return proof.length === 0 && equal(root1, root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0 || proof.some((p) => p.length !== HASH_SIZE)) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(fr, root1) && equal(sr, root2);
}

/**
 * The hashes that appending leaf `index` (whose hash is `leaf`) completes: node (0, index), then
 * one node per trailing one bit of `index`, each from its left sibling (read) and the node just
 * completed. Returned with their nodes, lowest first (tlog's StoredHashesForRecordHash).
 */
export async function completedNodes(
  index: number,
  leaf: Hash,
  reader: NodeReader,
): Promise<Array<{ node: Node; hash: Hash }>> {
  checkSize('leaf index', index);
  const siblings: Node[] = [];
  for (let level = 0, n = index; odd(n); level += 1, n = half(n)) {
    siblings.push({ level, index: n - 1 });
  }
  const left = siblings.length > 0 ? await reader.readNodes(siblings) : [];
  const out = [{ node: { level: 0, index }, hash: leaf }];
  let hash = leaf;
  for (const [i, sibling] of siblings.entries()) {
    hash = nodeHash(left[i]!, hash);
    out.push({ node: { level: sibling.level + 1, index: half(sibling.index) }, hash });
  }
  return out;
}

/**
 * A tree being extended in memory from its complete subtrees (the "compact range" [0, size)): as
 * many hashes as set bits of the size. Verification streams every leaf of a chain through one, and
 * the checkpoint signer extends the last signed tree with freshly recomputed leaves.
 */
export class MerkleFrontier {
  /** Complete subtrees left to right; each is strictly larger than the next. */
  private readonly stack: Array<{ level: number; hash: Hash }> = [];
  private count = 0;

  /** Starts from the subtree hashes of [0, size), as subtreeNodes(0, size) lists them. */
  static fromNodes(size: number, hashes: readonly Hash[]): MerkleFrontier {
    checkSize('tree size', size);
    const nodes = subtreeNodes(0, size);
    if (nodes.length !== hashes.length) throw new MerkleInputError('wrong number of subtree hashes');
    const frontier = new MerkleFrontier();
    for (const [i, node] of nodes.entries()) {
      if (hashes[i]!.length !== HASH_SIZE) throw new MerkleInputError('a subtree hash is not 32 bytes');
      frontier.stack.push({ level: node.level, hash: hashes[i]! });
    }
    frontier.count = size;
    return frontier;
  }

  get size(): number {
    return this.count;
  }

  /** Appends a leaf by its hash; returns the nodes it completed (lowest first). */
  append(leaf: Hash): Array<{ node: Node; hash: Hash }> {
    const index = this.count;
    const completed = [{ node: { level: 0, index }, hash: leaf }];
    let entry = { level: 0, hash: leaf };
    let top = this.stack[this.stack.length - 1];
    while (top && top.level === entry.level) {
      this.stack.pop();
      entry = { level: entry.level + 1, hash: nodeHash(top.hash, entry.hash) };
      completed.push({
        node: { level: entry.level, index: Math.floor(index / 2 ** entry.level) },
        hash: entry.hash,
      });
      top = this.stack[this.stack.length - 1];
    }
    this.stack.push(entry);
    this.count += 1;
    return completed;
  }

  /** MTH of the leaves appended so far. */
  root(): Hash {
    if (this.stack.length === 0) return EMPTY_ROOT;
    return foldNodes(this.stack.map((s) => s.hash));
  }

  /** The subtree hashes of [0, size), as subtreeNodes(0, size) lists them. */
  nodes(): Hash[] {
    return this.stack.map((s) => s.hash);
  }
}

/** Base64 (RFC 4648 §4) of a hash, as checkpoints and proofs carry it. */
export function formatHash(hash: Hash): string {
  return Buffer.from(hash).toString('base64');
}

/** A base64 hash back to bytes; null unless it is the canonical base64 of exactly 32 bytes. */
export function parseHash(text: string): Hash | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === HASH_SIZE && bytes.toString('base64') === text ? new Uint8Array(bytes) : null;
}

/** A reader over hashes held in memory by node (tests, and the builder's batch overlay). */
export class MemoryNodes implements NodeReader {
  private readonly hashes = new Map<string, Hash>();

  static key(node: Node): string {
    return `${node.level}/${node.index}`;
  }

  set(node: Node, hash: Hash): void {
    this.hashes.set(MemoryNodes.key(node), hash);
  }

  get(node: Node): Hash | undefined {
    return this.hashes.get(MemoryNodes.key(node));
  }

  async readNodes(nodes: readonly Node[]): Promise<Hash[]> {
    return nodes.map((node) => {
      const hash = this.get(node);
      if (!hash) throw new Error(`merkle: node ${node.level}/${node.index} is not stored`);
      return hash;
    });
  }
}
