/**
 * Checkpoints: the signed tree heads of c2sp.org/tlog-checkpoint@v1.0.0 (Go:
 * golang.org/x/mod/sumdb/tlog's FormatTree/ParseTree, with the origin line added). Depends on
 * node:crypto only (through merkle.ts).
 *
 * Note text (§Note text): at least three non-empty lines, each ending in a newline:
 *
 *   <origin>\n                      a unique identifier of the log, here `<host>/<organisation id>`
 *   <tree size>\n                   ASCII decimal, no leading zeroes (0 for the empty tree)
 *   <base64 root hash>\n            RFC 6962 / RFC 9162 Merkle tree hash at that size
 *   [<extension line>\n ...]        opaque, optional; this service writes none
 *
 * The text is signed as a note (note.ts) by the log's key, whose name is the origin (§Signatures:
 * "the log's key name in its signature line SHOULD match the origin line"), and cosigned by
 * witnesses (cosignature.ts). Example:
 *
 *   beroepsgeheim.example/3f2c…-…
 *   42
 *   CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
 */
import { formatHash, type Hash, parseHash } from './merkle.js';

export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Hash;
  /** Extension lines, if any (§Note text 4). */
  extensions: string[];
}

/** The text is not a checkpoint: the input's fault. */
export class MalformedCheckpointError extends Error {
  constructor(reason: string) {
    super(`malformed checkpoint: ${reason}`);
    this.name = 'MalformedCheckpointError';
  }
}

/** §Note text: the note text of a checkpoint. */
export function formatCheckpoint(
  checkpoint: Omit<Checkpoint, 'extensions'> & { extensions?: string[] },
): string {
  const { origin, treeSize, rootHash } = checkpoint;
  const extensions = checkpoint.extensions ?? [];
  if (origin === '' || origin.includes('\n')) throw new MalformedCheckpointError('origin');
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new MalformedCheckpointError('tree size');
  if (rootHash.length !== 32) throw new MalformedCheckpointError('root hash');
  if (extensions.some((line) => line === '' || line.includes('\n'))) {
    throw new MalformedCheckpointError('extension line');
  }
  return [origin, String(treeSize), formatHash(rootHash), ...extensions].map((l) => `${l}\n`).join('');
}

/** §Note text: a checkpoint's note text back to its parts (only the text, not the signatures). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new MalformedCheckpointError('the text does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new MalformedCheckpointError('fewer than three lines');
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') throw new MalformedCheckpointError('empty origin');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new MalformedCheckpointError('tree size');
  }
  const rootHash = parseHash(root);
  if (!rootHash) throw new MalformedCheckpointError('root hash');
  if (extensions.some((line) => line === '')) throw new MalformedCheckpointError('empty extension line');
  return { origin, treeSize: Number(size), rootHash, extensions };
}
