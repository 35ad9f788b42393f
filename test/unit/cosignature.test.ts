/**
 * Cosignatures (c2sp.org/tlog-cosignature): the signed message, the timestamped signature's
 * layout, and what is refused. The known answer from Go's implementation is checked in
 * vectors.test.ts; these pin each rule on its own.
 */
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cosignatureSigner,
  cosignatureTimestamp,
  cosignatureVerifier,
  cosignatureVerifierFromVkey,
  cosignedMessage,
} from '../../src/audit/cosignature.js';
import {
  formatVerifierKey,
  MalformedNoteError,
  rawEd25519PublicKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
} from '../../src/audit/note.js';

const TEXT = 'example.com/log\n3\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const witness = generateKeyPairSync('ed25519');
const raw = rawEd25519PublicKey(witness.privateKey);
const bytes = (text: string) => new TextEncoder().encode(text);

/** A timestamped_signature: u64 big-endian timestamp, then 64 bytes. */
function timestamped(timestamp: bigint, length = 72): Uint8Array {
  const out = Buffer.alloc(length);
  out.writeBigUInt64BE(timestamp, 0);
  return new Uint8Array(out);
}

describe('cosignedMessage (§Ed25519 signed message)', () => {
  it('is the header line, the time line and the whole checkpoint text, as UTF-8', () => {
    expect(Buffer.from(cosignedMessage(TEXT, 1_700_000_000)).toString('utf8')).toBe(
      `cosignature/v1\ntime 1700000000\n${TEXT}`,
    );
    expect(Buffer.from(cosignedMessage('ö\n', 0))).toEqual(
      Buffer.from('cosignature/v1\ntime 0\nö\n', 'utf8'),
    );
    expect(Buffer.from(cosignedMessage(TEXT, Number.MAX_SAFE_INTEGER)).toString()).toContain(
      'time 9007199254740991\n',
    );
  });

  it.each([[-1], [1.5], [Number.NaN], [2 ** 53]])('refuses the timestamp %s', (timestamp) => {
    expect(() => cosignedMessage(TEXT, timestamp)).toThrow(
      new MalformedNoteError('cosignature timestamp out of range'),
    );
  });
});

describe('cosignatureTimestamp', () => {
  it('reads the leading u64 big-endian', () => {
    expect(cosignatureTimestamp(timestamped(0x0102030405n))).toBe(0x0102030405);
    expect(cosignatureTimestamp(timestamped(0n))).toBe(0);
    expect(cosignatureTimestamp(timestamped(BigInt(Number.MAX_SAFE_INTEGER)))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('is null for a signature of another length, or a time JavaScript cannot hold exactly', () => {
    expect(cosignatureTimestamp(timestamped(1n, 71))).toBeNull();
    expect(cosignatureTimestamp(timestamped(1n, 73))).toBeNull();
    expect(cosignatureTimestamp(timestamped(2n ** 53n))).toBeNull();
  });
});

describe('cosignatureSigner and cosignatureVerifier', () => {
  it('sign the timestamped message, which Ed25519 verifies on its own, at the time now() gives', () => {
    const signer = cosignatureSigner('witness.example/w1', witness.privateKey, () => 1_700_000_000);
    const signature = signer.sign(bytes(TEXT));
    expect(signature.length).toBe(72);
    expect(Buffer.from(signature.subarray(0, 8)).readBigUInt64BE(0)).toBe(1_700_000_000n);
    expect(verify(null, cosignedMessage(TEXT, 1_700_000_000), witness.publicKey, signature.subarray(8))).toBe(
      true,
    );
    const verifier = cosignatureVerifier('witness.example/w1', raw);
    expect(verifier.keyId).toEqual(signer.keyId);
    expect(verifier.verify(bytes(TEXT), signature)).toBe(true);
    expect(verifier.timestampOf(signature)).toBe(1_700_000_000);
  });

  it('sign at the current time in whole seconds by default', () => {
    const before = Math.floor(Date.now() / 1000);
    const signature = cosignatureSigner('witness.example/w1', witness.privateKey).sign(bytes(TEXT));
    const after = Math.floor(Date.now() / 1000);
    const at = cosignatureTimestamp(signature)!;
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });

  it('a verifier refuses another time, another text, another key and a short signature (false, no throw)', () => {
    const signature = cosignatureSigner('witness.example/w1', witness.privateKey, () => 5).sign(bytes(TEXT));
    const verifier = cosignatureVerifier('witness.example/w1', raw);
    const later = Uint8Array.from(signature);
    later[7] = 6;
    expect(verifier.verify(bytes(TEXT), later)).toBe(false);
    expect(verifier.verify(bytes(TEXT.replace('\n3\n', '\n4\n')), signature)).toBe(false);
    const other = rawEd25519PublicKey(generateKeyPairSync('ed25519').privateKey);
    expect(cosignatureVerifier('witness.example/w1', other).verify(bytes(TEXT), signature)).toBe(false);
    expect(verifier.verify(bytes(TEXT), signature.subarray(0, 10))).toBe(false);
  });

  it('refuse a malformed key name', () => {
    expect(() => cosignatureVerifier('has space', raw)).toThrow(new MalformedNoteError('malformed key name'));
    expect(() => cosignatureSigner('has+plus', witness.privateKey)).toThrow(
      new MalformedNoteError('malformed key name'),
    );
  });

  it('a vkey must be of the cosignature type', () => {
    const vkey = formatVerifierKey('witness.example/w1', SIGNATURE_TYPE_COSIGNATURE_V1, raw);
    expect(cosignatureVerifierFromVkey(vkey)).toMatchObject({ name: 'witness.example/w1' });
    expect(() =>
      cosignatureVerifierFromVkey(formatVerifierKey('witness.example/w1', SIGNATURE_TYPE_ED25519, raw)),
    ).toThrow(new MalformedNoteError('not a cosignature/v1 key'));
  });
});
