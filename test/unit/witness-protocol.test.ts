/**
 * The texts of c2sp.org/tlog-witness (add-checkpoint body, 409 size body) and c2sp.org/tlog-proof,
 * at their edges: the 63 proof lines the witness protocol allows and the 64th it does not, and each
 * way a text can be malformed, refused with the reason a caller sees (it becomes the detail of the
 * witness's or the verifier's answer). Round trips and the signed notes inside are in note.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, formatHash, leafHash } from '../../src/audit/merkle.js';
import {
  formatAddCheckpoint,
  formatTlogProof,
  MAX_PROOF_LINES,
  MalformedRequestError,
  parseAddCheckpoint,
  parseTlogProof,
  parseTlogSize,
} from '../../src/audit/witness-protocol.js';

const checkpoint = 'o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— o AAAA\n';
const H = formatHash(EMPTY_ROOT);
const hashes = (n: number) => Array.from({ length: n }, (_, i) => new Uint8Array(leafHash(Uint8Array.of(i))));

/** The error a parse throws: a MalformedRequestError, named so, with the given reason. */
function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedRequestError);
    expect((error as Error).name).toBe('MalformedRequestError');
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('add-checkpoint request body', () => {
  it('carries at most 63 proof lines, written and read', () => {
    expect(MAX_PROOF_LINES).toBe(63);
    const full = formatAddCheckpoint({ oldSize: 5, proof: hashes(63), checkpoint });
    expect(parseAddCheckpoint(full).proof).toEqual(hashes(63));
    expect(refusal(() => formatAddCheckpoint({ oldSize: 5, proof: hashes(64), checkpoint }))).toBe(
      'too many proof lines',
    );
    const tooLong = `old 5\n${hashes(64)
      .map((h) => `${formatHash(h)}\n`)
      .join('')}\n${checkpoint}`;
    expect(refusal(() => parseAddCheckpoint(tooLong))).toBe('too many proof lines');
  });

  it.each([
    ['old 3\n', 'no blank line before the checkpoint'],
    // A blank line at the very start leaves an empty first line, which is no old size line.
    [`\n\n${checkpoint}`, 'the first line is not an old size line'],
    [`new 3\n\n${checkpoint}`, 'the first line is not an old size line'],
    [`old 03\n\n${checkpoint}`, 'malformed old size'],
    [`old 9007199254740992\n\n${checkpoint}`, 'malformed old size'],
    [`old 3\n${H.slice(1)}\n\n${checkpoint}`, 'malformed proof line'],
  ])('refuses %j: %s', (body, reason) => {
    expect(refusal(() => parseAddCheckpoint(body))).toBe(reason);
  });
});

describe('the witness size body of a 409 answer (text/x.tlog.size)', () => {
  it('is a decimal number and a newline', () => {
    expect(parseTlogSize('0\n')).toBe(0);
    expect(parseTlogSize('1234\n')).toBe(1234);
    expect(parseTlogSize(`${Number.MAX_SAFE_INTEGER}\n`)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['12', '\n12', '12\n\n', '012\n', '-1\n', '1e3\n', '\n', ''])('refuses %j', (body) => {
    expect(refusal(() => parseTlogSize(body))).toBe('malformed size');
  });
});

describe('tlog-proof text', () => {
  it('is written exactly as c2sp.org/tlog-proof §Format shows, with or without extra data', () => {
    const [a, b] = hashes(2) as [Uint8Array, Uint8Array];
    expect(formatTlogProof({ index: 73894, proof: [a, b], checkpoint })).toBe(
      `c2sp.org/tlog-proof@v1\nindex 73894\n${formatHash(a)}\n${formatHash(b)}\n\n${checkpoint}`,
    );
    expect(formatTlogProof({ index: 0, proof: [], checkpoint, extra: Uint8Array.of(0xff) })).toBe(
      `c2sp.org/tlog-proof@v1\nextra /w==\nindex 0\n\n${checkpoint}`,
    );
  });

  it('reads a proof without extra data as having none', () => {
    const text = formatTlogProof({ index: 2, proof: hashes(3), checkpoint });
    expect(parseTlogProof(text)).toEqual({ index: 2, proof: hashes(3), checkpoint });
  });

  it.each([
    ['c2sp.org/tlog-proof@v1\nindex 1\n', 'no blank line before the checkpoint'],
    [`\n\n${checkpoint}`, 'not a c2sp.org/tlog-proof@v1'],
    [`c2sp.org/tlog-proof@v2\nindex 1\n\n${checkpoint}`, 'not a c2sp.org/tlog-proof@v1'],
    // Base64 that is not in its canonical form (padding left off) could be read more than one way.
    [`c2sp.org/tlog-proof@v1\nextra AQ\nindex 1\n\n${checkpoint}`, 'malformed extra line'],
    [`c2sp.org/tlog-proof@v1\n\n${checkpoint}`, 'no index line'],
    [`c2sp.org/tlog-proof@v1\nextra AQ==\n\n${checkpoint}`, 'no index line'],
    [`c2sp.org/tlog-proof@v1\nidx 1\n\n${checkpoint}`, 'no index line'],
    [`c2sp.org/tlog-proof@v1\nindex 01\n\n${checkpoint}`, 'malformed index'],
    [`c2sp.org/tlog-proof@v1\nindex 1\n${H}x\n\n${checkpoint}`, 'malformed proof line'],
  ])('refuses %j: %s', (text, reason) => {
    expect(refusal(() => parseTlogProof(text))).toBe(reason);
  });
});
