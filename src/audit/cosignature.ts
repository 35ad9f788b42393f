/**
 * Ed25519 checkpoint cosignatures, as c2sp.org/tlog-cosignature specifies them (signature type
 * 0x04, "cosignature/v1"). A cosignature is a note signature (note.ts) by a witness over a
 * checkpoint; depends on node:crypto only.
 *
 * Key ID (§Format):       SHA-256(<name> || "\n" || 0x04 || 32-byte public key)[:4]
 * Signature (§Format):    timestamped_signature = u64 timestamp (big-endian) || 64-byte Ed25519
 * Signed message (§Ed25519 signed message):
 *
 *   cosignature/v1\n
 *   time <timestamp, POSIX seconds, decimal>\n
 *   <the whole checkpoint note text, final newline included>
 *
 * A v1 cosignature states that, at that time, the largest consistent tree the witness has seen for
 * the origin has that root hash.
 */
import { type KeyObject, sign } from 'node:crypto';
import {
  ed25519PublicKey,
  isKeyName,
  keyId,
  MalformedNoteError,
  type NoteSigner,
  type NoteVerifier,
  parseVerifierKey,
  rawEd25519PublicKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  verifySafely,
} from './note.js';

/** The largest timestamp the specification allows (2^63 − 1); JavaScript numbers stop earlier. */
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

/** §Ed25519 signed message. */
export function cosignedMessage(checkpointText: string, timestamp: number): Uint8Array {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw new MalformedNoteError('cosignature timestamp out of range');
  }
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

export interface CosignatureVerifier extends NoteVerifier {
  /** The timestamp of the last signature this verifier accepted (POSIX seconds). */
  timestampOf(signature: Uint8Array): number | null;
}

/** Reads the u64 big-endian timestamp that leads a timestamped_signature. */
export function cosignatureTimestamp(signature: Uint8Array): number | null {
  if (signature.length !== 8 + 64) return null;
  const value = Buffer.from(signature).readBigUInt64BE(0);
  return value > BigInt(MAX_TIMESTAMP) ? null : Number(value);
}

/** A note verifier for a witness's cosignatures (type 0x04). */
export function cosignatureVerifier(name: string, publicKey: Uint8Array): CosignatureVerifier {
  if (!isKeyName(name)) throw new MalformedNoteError('malformed key name');
  const key = ed25519PublicKey(publicKey);
  return {
    name,
    keyId: keyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, publicKey),
    timestampOf: cosignatureTimestamp,
    verify: (text, signature) => {
      const timestamp = cosignatureTimestamp(signature);
      if (timestamp === null) return false;
      const message = cosignedMessage(Buffer.from(text).toString('utf8'), timestamp);
      return verifySafely(message, key, signature.subarray(8));
    },
  };
}

/** A cosignature verifier from a vkey of type 0x04. */
export function cosignatureVerifierFromVkey(vkey: string): CosignatureVerifier {
  const parsed = parseVerifierKey(vkey);
  if (parsed.type !== SIGNATURE_TYPE_COSIGNATURE_V1) throw new MalformedNoteError('not a cosignature/v1 key');
  return cosignatureVerifier(parsed.name, parsed.publicKey);
}

/**
 * A note signer that cosigns at the time `now()` gives (POSIX seconds), for witnesses. Used with
 * signNote, it yields exactly the signature lines add-checkpoint answers with.
 */
export function cosignatureSigner(
  name: string,
  privateKey: KeyObject,
  now: () => number = () => Math.floor(Date.now() / 1000),
): NoteSigner {
  if (!isKeyName(name)) throw new MalformedNoteError('malformed key name');
  const publicKey = rawEd25519PublicKey(privateKey);
  return {
    name,
    keyId: keyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, publicKey),
    sign: (text) => {
      const timestamp = now();
      const signature = sign(
        null,
        cosignedMessage(Buffer.from(text).toString('utf8'), timestamp),
        privateKey,
      );
      const out = Buffer.alloc(8 + signature.length);
      out.writeBigUInt64BE(BigInt(timestamp), 0);
      out.set(signature, 8);
      return new Uint8Array(out);
    },
  };
}
