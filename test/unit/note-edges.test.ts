/**
 * The edges of c2sp.org/signed-note that note.test.ts's round trips and mangling tests do not
 * reach: verifier keys whose ID matches but whose name, ID text or key material the format
 * forbids; signature lines of unusual shape; the limit of 100 signature lines; repeated and
 * ambiguous keys; and the errors a caller sees (their class, name and reason).
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as offline from '../../scripts/verify-export.mjs';
import {
  ed25519NoteSigner,
  ed25519NoteVerifier,
  ed25519PrivateKey,
  ed25519PublicKey,
  formatSignatureLine,
  formatVerifierKey,
  hex8,
  InvalidSignatureError,
  isKeyName,
  keyId,
  MAX_SIGNATURES,
  MalformedNoteError,
  noteVerifierFromVkey,
  openNote,
  parseSignatureLine,
  parseVerifierKey,
  rawEd25519PublicKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  signNote,
  splitNote,
  UnverifiedNoteError,
} from '../../src/audit/note.js';

const key = () => generateKeyPairSync('ed25519').privateKey;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
/** A vkey written out by hand, its ID computed as the format prescribes. */
const vkey = (name: string, type: number, publicKey: Uint8Array, id = hex8(keyId(name, type, publicKey))) =>
  `${name}+${id}+${b64(Uint8Array.of(type, ...publicKey))}`;

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('no error');
}

describe('errors a caller sees', () => {
  it('name their class and the key concerned', () => {
    const malformed = new MalformedNoteError();
    expect([malformed.name, malformed.message]).toEqual(['MalformedNoteError', 'malformed note']);
    const invalid = new InvalidSignatureError('log.example/a', 0xabc);
    expect([invalid.name, invalid.message]).toEqual([
      'InvalidSignatureError',
      'invalid signature for key log.example/a+00000abc',
    ]);
    const unverified = new UnverifiedNoteError({ text: 'x\n', signatures: [], unverified: [] });
    expect([unverified.name, unverified.message]).toEqual([
      'UnverifiedNoteError',
      'note has no verifiable signatures',
    ]);
  });
});

describe('key names and verifier keys', () => {
  const raw = rawEd25519PublicKey(key());

  it('a key name is non-empty, without spaces or plus signs', () => {
    expect(isKeyName('log.example/a')).toBe(true);
    for (const bad of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u3000b'])
      expect(isKeyName(bad), JSON.stringify(bad)).toBe(false);
    expect(thrown(() => formatVerifierKey('a b', SIGNATURE_TYPE_ED25519, raw)).message).toBe(
      'malformed verifier key name',
    );
  });

  it('accepts a hand-written vkey, also of a type it does not know, with key material of any length', () => {
    expect(parseVerifierKey(vkey('log.example/a', SIGNATURE_TYPE_ED25519, raw)).publicKey).toEqual(raw);
    expect(parseVerifierKey(vkey('log.example/a', 0x02, Uint8Array.of(1, 2, 3)))).toEqual({
      name: 'log.example/a',
      keyId: keyId('log.example/a', 0x02, Uint8Array.of(1, 2, 3)),
      type: 0x02,
      publicKey: Uint8Array.of(1, 2, 3),
    });
  });

  it('takes key material of one byte after the type byte, written in canonical base64 only', () => {
    expect(parseVerifierKey(vkey('log.example/a', 0x02, Uint8Array.of(7))).publicKey).toEqual(
      Uint8Array.of(7),
    );
    // 02 01 02 03 is AgECAw==; AgECAx== decodes to the same bytes but is not how they are written.
    const canonical = vkey('log.example/a', 0x02, Uint8Array.of(1, 2, 3));
    expect(canonical.endsWith('+AgECAw==')).toBe(true);
    expect(thrown(() => parseVerifierKey(canonical.replace(/w==$/, 'x=='))).message).toBe(
      'malformed verifier key',
    );
  });

  // Each vkey below has the ID its name, type and key give: only the part named is wrong.
  const real = hex8(keyId('log.example/a', SIGNATURE_TYPE_ED25519, raw));
  it.each([
    ['a name with a space', vkey('log example', SIGNATURE_TYPE_ED25519, raw)],
    ['an ID with a leading zero too many', vkey('log.example/a', SIGNATURE_TYPE_ED25519, raw, `0${real}`)],
    ['an ID with a character after it', vkey('log.example/a', SIGNATURE_TYPE_ED25519, raw, `${real}g`)],
    ['an ID in capitals', vkey('log.example/a', SIGNATURE_TYPE_ED25519, raw, real.toUpperCase())],
    ['a type byte without key material', vkey('log.example/a', 0x05, new Uint8Array(0))],
    ['an Ed25519 key of 31 bytes', vkey('log.example/a', SIGNATURE_TYPE_ED25519, raw.subarray(1))],
    [
      'a cosignature key of 33 bytes',
      vkey('log.example/a', SIGNATURE_TYPE_COSIGNATURE_V1, Uint8Array.of(...raw, 0)),
    ],
    ['an ID that is not this key’s', vkey('log.example/a', SIGNATURE_TYPE_ED25519, raw, '00000000')],
    ['no plus sign', 'log.example'],
    ['one plus sign', `log.example/a+${real}`],
  ])('refuses %s', (_what, text) => {
    const error = thrown(() => parseVerifierKey(text));
    expect(error).toBeInstanceOf(MalformedNoteError);
    expect(error.message).toBe('malformed verifier key');
  });

  it('makes a note verifier only of an Ed25519 note key', () => {
    expect(
      thrown(() => noteVerifierFromVkey(formatVerifierKey('w.example', SIGNATURE_TYPE_COSIGNATURE_V1, raw)))
        .message,
    ).toBe('not an Ed25519 note key');
    expect(thrown(() => ed25519NoteVerifier('a b', raw)).message).toBe('malformed key name');
    expect(thrown(() => ed25519PublicKey(raw.subarray(1))).message).toBe('an Ed25519 public key is 32 bytes');
  });
});

describe('Ed25519 key objects', () => {
  it('reads the raw public key from a private or a public key object, and only of Ed25519', () => {
    const k = key();
    const raw = rawEd25519PublicKey(k);
    expect(raw).toHaveLength(32);
    expect(rawEd25519PublicKey(ed25519PublicKey(raw))).toEqual(raw);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(thrown(() => rawEd25519PublicKey(ec.privateKey)).message).toBe('not an Ed25519 key');
    expect(thrown(() => rawEd25519PublicKey(ec.publicKey)).message).toBe('not an Ed25519 key');
  });

  it('signs only with an Ed25519 private key, read from PEM', () => {
    const pair = generateKeyPairSync('ed25519');
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const signer = ed25519NoteSigner('log.example/a', ed25519PrivateKey(pem));
    expect(signer.keyId).toBe(
      ed25519NoteVerifier('log.example/a', rawEd25519PublicKey(pair.publicKey)).keyId,
    );
    expect(thrown(() => ed25519NoteSigner('a b', pair.privateKey)).message).toBe('malformed key name');
    expect(thrown(() => ed25519NoteSigner('log.example/a', pair.publicKey)).message).toBe(
      'not an Ed25519 private key',
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(thrown(() => ed25519NoteSigner('log.example/a', ec.privateKey)).message).toBe(
      'not an Ed25519 private key',
    );
  });
});

describe('signature lines', () => {
  it('are an em dash, a space, a key name, a space and canonical base64 of a key ID and signature', () => {
    const line = formatSignatureLine('log.example/a', 0x01020304, Uint8Array.of(9));
    expect(line).toBe('\u2014 log.example/a AQIDBAk=');
    expect(parseSignatureLine(line)).toEqual({
      name: 'log.example/a',
      keyId: 0x01020304,
      signature: Uint8Array.of(9),
      line,
    });
  });

  it.each([
    ['no space after the name', '\u2014 log.example/aAQIDBAk='],
    ['an empty name', '\u2014  AQIDBAk='],
    ['no space at all, though the rest reads as base64', '\u2014 abcdAAAAAAA='],
    ['a plus sign in the name', '\u2014 a+b AQIDBAk='],
    ['a space inside the base64', '\u2014 a AQID BAk='],
    ['a key ID without signature bytes', '\u2014 a AQIDBA=='],
    ['base64 that is not canonical', '\u2014 a AQIDBAl='],
    ['a hyphen instead of the em dash', '- a AQIDBAk='],
  ])('refuse %s', (_what, line) => {
    expect(parseSignatureLine(line)).toBeNull();
  });
});

describe('signing and opening notes', () => {
  const k = key();
  const signer = ed25519NoteSigner('log.example/a', k);
  const verifier = ed25519NoteVerifier('log.example/a', rawEd25519PublicKey(k));
  const text = 'log.example/a\n3\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
  const stranger = (i: number) => formatSignatureLine(`other.example/${i}`, i, new Uint8Array(64));

  it('replaces an existing line of the same key and keeps other keys’ lines', () => {
    const old = formatSignatureLine('log.example/a', signer.keyId, new Uint8Array(64));
    const note = signNote(text, [signer], [stranger(1), old]);
    const { signatures } = splitNote(note);
    expect(signatures.map((s) => s.name)).toEqual(['other.example/1', 'log.example/a']);
    expect(signatures[1]!.line).not.toBe(old);
    expect(openNote(note, [verifier]).signatures).toHaveLength(1);
    // Another key of the same name is not the same key: its line stays.
    const sameName = formatSignatureLine('log.example/a', (signer.keyId + 1) >>> 0, new Uint8Array(64));
    expect(splitNote(signNote(text, [signer], [sameName])).signatures).toHaveLength(2);
    // Nor is a key of another name that happens to have the same key ID.
    const sameId = formatSignatureLine('other.example/a', signer.keyId, new Uint8Array(64));
    expect(splitNote(signNote(text, [signer], [sameId])).signatures).toHaveLength(2);
  });

  it('needs at least one signature', () => {
    expect(thrown(() => signNote(text, [])).message).toBe('a note needs at least one signature');
    expect(splitNote(signNote(text, [], [stranger(1)])).signatures).toHaveLength(1);
  });

  it('takes up to 100 signature lines and refuses more', () => {
    expect(MAX_SIGNATURES).toBe(100);
    const lines = (n: number) => Array.from({ length: n }, (_, i) => stranger(i));
    const full = signNote(text, [signer], lines(99));
    expect(openNote(full, [verifier]).unverified).toHaveLength(99);
    const over = signNote(text, [signer], lines(100));
    expect(thrown(() => openNote(over, [verifier]))).toBeInstanceOf(MalformedNoteError);
  });

  it('refuses a note that is not well-formed UTF-16 text', () => {
    const note = signNote(text, [signer]);
    expect(
      thrown(() => openNote(note.replace('log.example/a\n3', 'log.example/a\ud8003'), [verifier])),
    ).toBeInstanceOf(MalformedNoteError);
  });

  it('refuses a note without a blank line, even when its lines read as signature lines', () => {
    expect(thrown(() => splitNote('x\u2014 a AQIDBAk=\n'))).toBeInstanceOf(MalformedNoteError);
  });

  it('opens a note whose text is a single empty line, as the specification and Go’s note.Open do', () => {
    // c2sp.org/signed-note: the text ends in a newline and may contain empty lines; the text is
    // what precedes the last blank line. "\n" is such a text. golang.org/x/mod/sumdb/note splits at
    // the last "\n\n" and accepts it too, and so does the offline verifier.
    const note = signNote('\n', [signer]);
    expect(note.startsWith('\n\n\u2014 log.example/a ')).toBe(true);
    expect(openNote(note, [verifier]).text).toBe('\n');
    const vkeyText = formatVerifierKey('log.example/a', SIGNATURE_TYPE_ED25519, rawEd25519PublicKey(k));
    expect(offline.openNote(note, [offline.noteVerifier(vkeyText)]).text).toBe('\n');
    // A text that is empty altogether has no final newline: refused on both sides.
    expect(thrown(() => signNote('', [signer]))).toBeInstanceOf(MalformedNoteError);
    expect(thrown(() => splitNote(note.slice(1)))).toBeInstanceOf(MalformedNoteError);
  });

  it('counts a repeated signature of one key once', () => {
    const note = signNote(text, [signer]);
    const line = splitNote(note).signatures[0]!.line;
    const twice = `${note}${line}\n`;
    expect(openNote(twice, [verifier]).signatures).toHaveLength(1);
  });

  it('refuses two known verifiers with the same name and key ID as ambiguous', () => {
    const note = signNote(text, [signer]);
    const error = thrown(() => openNote(note, [verifier, { ...verifier }]));
    expect(error).toBeInstanceOf(MalformedNoteError);
    expect(error.message).toBe(`ambiguous key log.example/a+${hex8(signer.keyId)}`);
  });
});
