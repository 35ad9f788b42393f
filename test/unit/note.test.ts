/**
 * Signed notes, checkpoints and cosignatures (c2sp.org/signed-note, tlog-checkpoint,
 * tlog-cosignature): round trips, and the mangling tests of golang.org/x/mod/sumdb/note's
 * TestNewVerifier — every truncation and every one-byte change of a key or a note is refused.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, MalformedCheckpointError, parseCheckpoint } from '../../src/audit/checkpoint.js';
import {
  cosignatureSigner,
  cosignatureVerifier,
  cosignatureVerifierFromVkey,
} from '../../src/audit/cosignature.js';
import { EMPTY_ROOT, leafHash } from '../../src/audit/merkle.js';
import {
  ed25519NoteSigner,
  ed25519NoteVerifier,
  formatVerifierKey,
  InvalidSignatureError,
  MalformedNoteError,
  noteVerifierFromVkey,
  openNote,
  parseVerifierKey,
  rawEd25519PublicKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  signNote,
  UnverifiedNoteError,
} from '../../src/audit/note.js';
import {
  formatAddCheckpoint,
  formatTlogProof,
  MalformedRequestError,
  parseAddCheckpoint,
  parseTlogProof,
} from '../../src/audit/witness-protocol.js';

const key = () => generateKeyPairSync('ed25519').privateKey;

describe('verifier keys', () => {
  const vkey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';

  it('round-trips a generated key', () => {
    const k = key();
    const text = formatVerifierKey('example.com/log', SIGNATURE_TYPE_ED25519, rawEd25519PublicKey(k));
    const parsed = parseVerifierKey(text);
    expect(parsed.name).toBe('example.com/log');
    expect(Buffer.from(parsed.publicKey)).toEqual(Buffer.from(rawEd25519PublicKey(k)));
    expect(noteVerifierFromVkey(text).keyId).toBe(ed25519NoteSigner('example.com/log', k).keyId);
  });

  it('refuses every truncation and every one-byte change (sumdb/note TestNewVerifier)', () => {
    expect(() => noteVerifierFromVkey(vkey)).not.toThrow();
    for (let i = 0; i <= vkey.length; i++) {
      for (let j = i + 1; j <= vkey.length; j++) {
        if (i === 0 && j === vkey.length) continue;
        expect(() => noteVerifierFromVkey(vkey.slice(i, j)), vkey.slice(i, j)).toThrow(MalformedNoteError);
      }
    }
    for (let i = 0; i < vkey.length; i++) {
      const changed = vkey.slice(0, i) + String.fromCharCode(vkey.charCodeAt(i) + 1) + vkey.slice(i + 1);
      expect(() => noteVerifierFromVkey(changed), changed).toThrow(MalformedNoteError);
    }
  });

  it('keeps the types apart: a cosignature key is not a note key and vice versa', () => {
    const k = key();
    const raw = rawEd25519PublicKey(k);
    const cosigning = formatVerifierKey('w.example/1', SIGNATURE_TYPE_COSIGNATURE_V1, raw);
    expect(() => noteVerifierFromVkey(cosigning)).toThrow(MalformedNoteError);
    expect(() =>
      cosignatureVerifierFromVkey(formatVerifierKey('w.example/1', SIGNATURE_TYPE_ED25519, raw)),
    ).toThrow(MalformedNoteError);
    expect(cosignatureVerifierFromVkey(cosigning).keyId).not.toBe(
      ed25519NoteVerifier('w.example/1', raw).keyId,
    );
  });
});

describe('signNote / openNote', () => {
  const k = key();
  const signer = ed25519NoteSigner('example.com/log', k);
  const verifier = ed25519NoteVerifier('example.com/log', rawEd25519PublicKey(k));
  const text = 'example.com/log\n3\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

  it('opens what it signs, with blank lines inside the text', () => {
    const note = signNote('a\n\nb\n', [signer]);
    expect(openNote(note, [verifier]).text).toBe('a\n\nb\n');
  });

  it('refuses every one-byte change of a signed note, and every truncation', () => {
    const note = signNote(text, [signer]);
    for (let i = 0; i < note.length; i++) {
      const changed = note.slice(0, i) + String.fromCharCode(note.charCodeAt(i) ^ 1) + note.slice(i + 1);
      expect(() => openNote(changed, [verifier]), JSON.stringify(changed)).toThrow();
    }
    for (let j = 0; j < note.length; j++) {
      expect(() => openNote(note.slice(0, j), [verifier])).toThrow();
    }
  });

  it('ignores unknown keys, rejects a bad signature of a known key, and needs one known key', () => {
    const other = ed25519NoteSigner('example.com/other', key());
    const note = signNote(text, [signer, other]);
    const opened = openNote(note, [verifier]);
    expect(opened.signatures.map((s) => s.name)).toEqual(['example.com/log']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['example.com/other']);
    expect(() => openNote(note, [])).toThrow(UnverifiedNoteError);
    const impostor = ed25519NoteVerifier('example.com/log', rawEd25519PublicKey(key()));
    // Same name, other key: another key ID, so its signature is simply unknown.
    expect(() => openNote(note, [impostor])).toThrow(UnverifiedNoteError);
    const forged = signNote(text, [{ ...signer, sign: () => new Uint8Array(64) }]);
    expect(() => openNote(forged, [verifier])).toThrow(InvalidSignatureError);
  });

  it('refuses texts the format forbids', () => {
    for (const bad of ['no newline', 'tab\there\n', 'nul\0\n', '\ud800\n']) {
      expect(() => signNote(bad, [signer]), JSON.stringify(bad)).toThrow(MalformedNoteError);
    }
    expect(() => ed25519NoteSigner('has space', k)).toThrow(MalformedNoteError);
    expect(() => ed25519NoteSigner('has+plus', k)).toThrow(MalformedNoteError);
  });
});

describe('checkpoints', () => {
  it('format and parse are inverse', () => {
    const cp = {
      origin: 'example.com/log',
      treeSize: 42,
      rootHash: leafHash(Uint8Array.of(1)),
      extensions: [],
    };
    expect(parseCheckpoint(formatCheckpoint(cp))).toEqual({ ...cp, rootHash: new Uint8Array(cp.rootHash) });
    expect(formatCheckpoint({ origin: 'o', treeSize: 0, rootHash: EMPTY_ROOT })).toBe(
      'o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
    );
    expect(() => formatCheckpoint({ origin: '', treeSize: 0, rootHash: EMPTY_ROOT })).toThrow(
      MalformedCheckpointError,
    );
  });
});

describe('cosignatures', () => {
  it('verify with the witness key at the time they state, and not over another checkpoint', () => {
    const witness = key();
    const signer = cosignatureSigner('witness.example/w1', witness, () => 1_700_000_000);
    const verifier = cosignatureVerifier('witness.example/w1', rawEd25519PublicKey(witness));
    const text = 'example.com/log\n3\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const note = signNote(text, [signer]);
    const opened = openNote(note, [verifier]);
    expect(verifier.timestampOf(opened.signatures[0]!.signature)).toBe(1_700_000_000);
    const moved = note.replace('\n3\n', '\n4\n');
    expect(() => openNote(moved, [verifier])).toThrow(InvalidSignatureError);
    // A log key of the same raw key does not accept a cosignature (other type byte, other key ID).
    expect(() =>
      openNote(note, [ed25519NoteVerifier('witness.example/w1', rawEd25519PublicKey(witness))]),
    ).toThrow(UnverifiedNoteError);
  });
});

describe('tlog-witness and tlog-proof texts', () => {
  it('round-trip, and refuse malformed bodies', () => {
    const checkpoint = 'o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— o AAAA\n';
    const body = formatAddCheckpoint({ oldSize: 3, proof: [EMPTY_ROOT, EMPTY_ROOT], checkpoint });
    expect(body.startsWith('old 3\n47DEQ')).toBe(true);
    expect(parseAddCheckpoint(body)).toEqual({
      oldSize: 3,
      proof: [EMPTY_ROOT, EMPTY_ROOT].map((h) => new Uint8Array(h)),
      checkpoint,
    });
    expect(parseAddCheckpoint(`old 0\n\n${checkpoint}`).proof).toEqual([]);
    for (const bad of [
      `old 03\n\n${checkpoint}`,
      `old -1\n\n${checkpoint}`,
      `new 3\n\n${checkpoint}`,
      'old 3\n',
      `old 3\nxyz\n\n${checkpoint}`,
    ]) {
      expect(() => parseAddCheckpoint(bad), bad).toThrow(MalformedRequestError);
    }
    expect(() =>
      parseAddCheckpoint(
        `old 1\n${'47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n'.repeat(64)}\n${checkpoint}`,
      ),
    ).toThrow(MalformedRequestError);
    const proof = { index: 7, proof: [EMPTY_ROOT], checkpoint, extra: Uint8Array.of(1, 2) };
    const text = formatTlogProof(proof);
    expect(text.split('\n').slice(0, 3)).toEqual(['c2sp.org/tlog-proof@v1', 'extra AQI=', 'index 7']);
    expect(parseTlogProof(text)).toEqual({
      ...proof,
      proof: [new Uint8Array(EMPTY_ROOT)],
      extra: new Uint8Array([1, 2]),
    });
  });
});
