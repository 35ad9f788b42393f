/**
 * Checkpoint note text (c2sp.org/tlog-checkpoint, §Note text): what is written and what is refused,
 * each refusal with the part it names. The known-answer checkpoints of test/vectors/checkpoint.json
 * are read in vectors.test.ts; here each rule of the text is broken on its own.
 */
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, MalformedCheckpointError, parseCheckpoint } from '../../src/audit/checkpoint.js';
import { EMPTY_ROOT } from '../../src/audit/merkle.js';

const ROOT_B64 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; // SHA-256 of nothing: the empty tree
const base = { origin: 'beroepsgeheim.example/org', treeSize: 42, rootHash: EMPTY_ROOT };

/** The error thrown, checked to be the checkpoint's own, saying what was wrong. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedCheckpointError);
    expect((error as Error).name).toBe('MalformedCheckpointError');
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('formatCheckpoint', () => {
  it('writes origin, size and base64 root, each line ending in a newline, then any extension lines', () => {
    expect(formatCheckpoint(base)).toBe(`beroepsgeheim.example/org\n42\n${ROOT_B64}\n`);
    expect(formatCheckpoint({ ...base, extensions: ['ext one', 'two'] })).toBe(
      `beroepsgeheim.example/org\n42\n${ROOT_B64}\next one\ntwo\n`,
    );
    expect(formatCheckpoint({ ...base, treeSize: Number.MAX_SAFE_INTEGER })).toContain(
      '\n9007199254740991\n',
    );
  });

  it.each([
    ['an empty origin', { origin: '' }, 'origin'],
    ['an origin over two lines', { origin: 'a\nb' }, 'origin'],
    ['a negative size', { treeSize: -1 }, 'tree size'],
    ['a size that is not whole', { treeSize: 1.5 }, 'tree size'],
    ['a size beyond exact integers', { treeSize: 2 ** 53 }, 'tree size'],
    ['a root hash of 31 bytes', { rootHash: EMPTY_ROOT.subarray(1) }, 'root hash'],
    ['an empty extension line', { extensions: ['ok', ''] }, 'extension line'],
    ['an extension over two lines', { extensions: ['a\nb'] }, 'extension line'],
  ])('refuses %s', (_, changes, part) => {
    expect(refusal(() => formatCheckpoint({ ...base, ...changes }))).toBe(`malformed checkpoint: ${part}`);
  });
});

describe('parseCheckpoint', () => {
  it('reads the parts back, extension lines included', () => {
    expect(parseCheckpoint(`o\n0\n${ROOT_B64}\n`)).toEqual({
      origin: 'o',
      treeSize: 0,
      rootHash: new Uint8Array(EMPTY_ROOT),
      extensions: [],
    });
    expect(parseCheckpoint(`o\n10\n${ROOT_B64}\nx\ny z\n`)).toMatchObject({
      treeSize: 10,
      extensions: ['x', 'y z'],
    });
  });

  it.each([
    ['no final newline', `o\n1\n${ROOT_B64}`, 'the text does not end in a newline'],
    ['two lines', 'o\n1\n', 'fewer than three lines'],
    ['an empty origin', `\n1\n${ROOT_B64}\n`, 'empty origin'],
    ['a size with a leading zero', `o\n01\n${ROOT_B64}\n`, 'tree size'],
    ['a signed size', `o\n+1\n${ROOT_B64}\n`, 'tree size'],
    ['a size with a space', `o\n1 \n${ROOT_B64}\n`, 'tree size'],
    ['no size', `o\n\n${ROOT_B64}\n`, 'tree size'],
    ['a size beyond exact integers', `o\n9007199254740992\n${ROOT_B64}\n`, 'tree size'],
    ['a root that is not base64 of 32 bytes', 'o\n1\nAAAA\n', 'root hash'],
    ['an empty extension line', `o\n1\n${ROOT_B64}\n\n`, 'empty extension line'],
    ['a signature block after the text', `o\n1\n${ROOT_B64}\n\n— o sig\n`, 'empty extension line'],
  ])('refuses %s', (_, text, reason) => {
    expect(refusal(() => parseCheckpoint(text))).toBe(`malformed checkpoint: ${reason}`);
  });

  it('accepts the largest exact size', () => {
    expect(parseCheckpoint(`o\n9007199254740991\n${ROOT_B64}\n`).treeSize).toBe(Number.MAX_SAFE_INTEGER);
  });
});
