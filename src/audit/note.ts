/**
 * Signed notes, as c2sp.org/signed-note@v1.0.0 specifies them (Go: golang.org/x/mod/sumdb/note).
 * Depends on node:crypto only.
 *
 * Wire format (§Format): the text, ending in a newline; a blank line; one or more signature lines
 *
 *   — <key name> <base64(4-byte key ID || signature)>\n        (— is U+2014, then a space)
 *
 * The whole note is UTF-8 without ASCII control characters other than newline. Ed25519
 * signatures (type 0x01) are over the text (final newline included); key IDs are (§Signatures)
 *
 *   key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]
 *
 * and a verifier key is published as the vkey text `<name>+<hex key ID>+<base64(type || key)>`
 * (§Verifier keys). Example (the specification's own):
 *
 *   example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k
 *
 * verifies
 *
 *   This is an example message.
 *
 *   — example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=
 *
 * Cosignatures (type 0x04, c2sp.org/tlog-cosignature) are note signatures too; cosignature.ts
 * supplies their verifier, which plugs into openNote like any other.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/** §Signature types. */
export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;

const EM_DASH_PREFIX = '\u2014 ';
/** §Format: verifiers must accept at least 16 signatures; more than this is refused as malformed. */
export const MAX_SIGNATURES = 100;

/** The note is not a well-formed signed note (or a key text is malformed): the input's fault. */
export class MalformedNoteError extends Error {
  constructor(message = 'malformed note') {
    super(message);
    this.name = 'MalformedNoteError';
  }
}

/** A signature line from a known key (name and ID) failed to verify: the note must be rejected. */
export class InvalidSignatureError extends Error {
  constructor(
    readonly keyName: string,
    readonly keyId: number,
  ) {
    super(`invalid signature for key ${keyName}+${hex8(keyId)}`);
    this.name = 'InvalidSignatureError';
  }
}

/** No signature of the note is from a known key: its text must not be trusted. */
export class UnverifiedNoteError extends Error {
  constructor(readonly note: Note) {
    super('note has no verifiable signatures');
    this.name = 'UnverifiedNoteError';
  }
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the key ID. */
  signature: Uint8Array;
  /** The whole signature line as it appeared (without its newline). */
  line: string;
}

export interface Note {
  /** The signed text, final newline included. */
  text: string;
  /** Signatures verified by a known key, in note order. */
  signatures: NoteSignature[];
  /** Signatures from keys not known to the verifier (ignored, per §Signatures). */
  unverified: NoteSignature[];
}

/** Checks one signature for a key identified by name and ID. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(text: Uint8Array): Uint8Array;
}

export const hex8 = (keyId: number) => keyId.toString(16).padStart(8, '0');

/** §Format: key names are non-empty, without Unicode spaces or '+'. */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(name);
}

/** §Signatures: the recommended key ID of a key of type `type`. */
export function keyId(name: string, type: number, publicKey: Uint8Array): number {
  const hash = createHash('sha256')
    .update(name, 'utf8')
    .update(Uint8Array.of(0x0a, type))
    .update(publicKey)
    .digest();
  return hash.readUInt32BE(0);
}

/** §Verifier keys: `<name>+<hex key ID>+<base64(type || public key)>`. */
export function formatVerifierKey(name: string, type: number, publicKey: Uint8Array): string {
  if (!isKeyName(name)) throw new MalformedNoteError('malformed verifier key name');
  const material = Buffer.concat([Uint8Array.of(type), publicKey]).toString('base64');
  return `${name}+${hex8(keyId(name, type, publicKey))}+${material}`;
}

export interface ParsedVerifierKey {
  name: string;
  keyId: number;
  type: number;
  publicKey: Uint8Array;
}

/**
 * A vkey back to its parts; refuses any text whose ID does not match its name and key, whose
 * base64 is not canonical, or whose Ed25519 key is not 32 bytes.
 */
export function parseVerifierKey(text: string): ParsedVerifierKey {
  // name+id+material, split at the first two '+' only: base64 key material may contain '+'.
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new MalformedNoteError('malformed verifier key');
  const [name, id, material] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(id)) throw new MalformedNoteError('malformed verifier key');
  const bytes = Buffer.from(material, 'base64');
  if (bytes.length < 2 || bytes.toString('base64') !== material) {
    throw new MalformedNoteError('malformed verifier key');
  }
  const type = bytes[0]!;
  const publicKey = new Uint8Array(bytes.subarray(1));
  if (
    (type === SIGNATURE_TYPE_ED25519 || type === SIGNATURE_TYPE_COSIGNATURE_V1) &&
    publicKey.length !== 32
  ) {
    throw new MalformedNoteError('malformed verifier key');
  }
  if (keyId(name, type, publicKey) !== Number.parseInt(id, 16)) {
    throw new MalformedNoteError('malformed verifier key');
  }
  return { name, keyId: Number.parseInt(id, 16), type, publicKey };
}

/** The raw 32-byte Ed25519 public key of a key object (RFC 8032 encoding). */
export function rawEd25519PublicKey(key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new MalformedNoteError('not an Ed25519 key');
  const jwk = publicKey.export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
}

/** An Ed25519 public key object from its 32 raw bytes. */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new MalformedNoteError('an Ed25519 public key is 32 bytes');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
}

/** §Ed25519 signatures: a verifier for a note key of type 0x01. */
export function ed25519NoteVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  if (!isKeyName(name)) throw new MalformedNoteError('malformed key name');
  const key = ed25519PublicKey(publicKey);
  return {
    name,
    keyId: keyId(name, SIGNATURE_TYPE_ED25519, publicKey),
    verify: (text, signature) => signature.length === 64 && verifySafely(text, key, signature),
  };
}

/** A verifier from a vkey text of type 0x01 (cosignature vkeys: cosignature.ts). */
export function noteVerifierFromVkey(vkey: string): NoteVerifier {
  const parsed = parseVerifierKey(vkey);
  if (parsed.type !== SIGNATURE_TYPE_ED25519) throw new MalformedNoteError('not an Ed25519 note key');
  return ed25519NoteVerifier(parsed.name, parsed.publicKey);
}

/** §Ed25519 signatures: a signer from a private key object. */
export function ed25519NoteSigner(name: string, privateKey: KeyObject): NoteSigner {
  if (!isKeyName(name)) throw new MalformedNoteError('malformed key name');
  if (privateKey.asymmetricKeyType !== 'ed25519' || privateKey.type !== 'private') {
    throw new MalformedNoteError('not an Ed25519 private key');
  }
  const publicKey = rawEd25519PublicKey(privateKey);
  return {
    name,
    keyId: keyId(name, SIGNATURE_TYPE_ED25519, publicKey),
    sign: (text) => new Uint8Array(sign(null, text, privateKey)),
  };
}

export function ed25519PrivateKey(pem: string): KeyObject {
  return createPrivateKey({ key: pem, format: 'pem' });
}

export function verifySafely(message: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** §Format: UTF-8 text ending in a newline, without control characters other than newline. */
function checkText(text: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the specification forbids exactly these
  if (!text.endsWith('\n') || /[\x00-\x09\x0b-\x1f]/.test(text) || !text.isWellFormed()) {
    throw new MalformedNoteError();
  }
}

/** One signature line (without its newline). */
export function formatSignatureLine(name: string, keyIdValue: number, signature: Uint8Array): string {
  const bytes = Buffer.alloc(4 + signature.length);
  bytes.writeUInt32BE(keyIdValue >>> 0, 0);
  bytes.set(signature, 4);
  return `${EM_DASH_PREFIX}${name} ${bytes.toString('base64')}`;
}

/**
 * §Format: signs `text` with each signer and returns the signed note. Signature lines already
 * present (e.g. another key's) can be passed in `existing`; a line of the same key is replaced.
 */
export function signNote(
  text: string,
  signers: readonly NoteSigner[],
  existing: readonly string[] = [],
): string {
  checkText(text);
  const bytes = Buffer.from(text, 'utf8');
  const lines = existing.filter(
    (line) =>
      !signers.some((s) => line.startsWith(`${EM_DASH_PREFIX}${s.name} `) && lineKeyId(line) === s.keyId),
  );
  for (const signer of signers) {
    lines.push(formatSignatureLine(signer.name, signer.keyId, signer.sign(bytes)));
  }
  if (lines.length === 0) throw new MalformedNoteError('a note needs at least one signature');
  return `${text}\n${lines.map((l) => `${l}\n`).join('')}`;
}

function lineKeyId(line: string): number | null {
  const parsed = parseSignatureLine(line);
  return parsed ? parsed.keyId : null;
}

/** One signature line's parts; null when it is not a well-formed signature line. */
export function parseSignatureLine(line: string): NoteSignature | null {
  if (!line.startsWith(EM_DASH_PREFIX)) return null;
  const rest = line.slice(EM_DASH_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space <= 0) return null;
  const name = rest.slice(0, space);
  const encoded = rest.slice(space + 1);
  if (!isKeyName(name) || encoded.includes(' ')) return null;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < 5 || bytes.toString('base64') !== encoded) return null;
  return { name, keyId: bytes.readUInt32BE(0), signature: new Uint8Array(bytes.subarray(4)), line };
}

/** Splits a signed note into its text and signature lines, without verifying anything. */
export function splitNote(message: string): { text: string; signatures: NoteSignature[] } {
  if (!message.isWellFormed()) throw new MalformedNoteError();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the specification forbids exactly these
  if (/[\x00-\x09\x0b-\x1f]/.test(message) || !message.endsWith('\n')) throw new MalformedNoteError();
  // The text ends at the last blank line (the text itself may contain blank lines).
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError();
  const text = message.slice(0, split + 1);
  const lines = message.slice(split + 2, -1).split('\n');
  if (lines.length === 0 || lines.length > MAX_SIGNATURES || (lines.length === 1 && lines[0] === '')) {
    throw new MalformedNoteError();
  }
  const signatures = lines.map((line) => {
    const parsed = parseSignatureLine(line);
    if (!parsed) throw new MalformedNoteError();
    return parsed;
  });
  return { text, signatures };
}

/**
 * §Signatures: opens a signed note with the verifiers known to the caller. Signatures from unknown
 * keys are kept aside, unverified; a known key's signature that fails is an InvalidSignatureError
 * (the whole note is rejected); a note with no signature from a known key is an
 * UnverifiedNoteError. Two known verifiers with the same name and ID are ambiguous (refused).
 */
export function openNote(message: string, verifiers: readonly NoteVerifier[]): Note {
  const { text, signatures } = splitNote(message);
  const bytes = Buffer.from(text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const signature of signatures) {
    const matches = verifiers.filter((v) => v.name === signature.name && v.keyId === signature.keyId);
    if (matches.length > 1)
      throw new MalformedNoteError(`ambiguous key ${signature.name}+${hex8(signature.keyId)}`);
    const verifier = matches[0];
    if (!verifier) {
      unverified.push(signature);
      continue;
    }
    if (!verifier.verify(bytes, signature.signature)) {
      throw new InvalidSignatureError(signature.name, signature.keyId);
    }
    // A repeated signature of one key counts once.
    const id = `${signature.name}+${signature.keyId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    verified.push(signature);
  }
  const note = { text, signatures: verified, unverified };
  if (verified.length === 0) throw new UnverifiedNoteError(note);
  return note;
}
