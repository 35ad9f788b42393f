/**
 * The shared known answers in test/vectors/*.json (test/vectors/README.md says where each comes
 * from), checked with the service's code (src/audit) and with the offline verifier
 * (scripts/verify-export.mjs, imported as a module): both must agree with every vector.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as offline from '../../scripts/verify-export.mjs';
import { chainHash } from '../../src/audit/chain.js';
import { parseCheckpoint } from '../../src/audit/checkpoint.js';
import { cosignatureVerifierFromVkey } from '../../src/audit/cosignature.js';
import {
  completedNodes,
  consistencyProof,
  EMPTY_ROOT,
  formatHash,
  inclusionProof,
  leafHash,
  MemoryNodes,
  parseHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/merkle.js';
import {
  InvalidSignatureError,
  MalformedNoteError,
  noteVerifierFromVkey,
  openNote,
  UnverifiedNoteError,
} from '../../src/audit/note.js';
import { canonicalJson } from '../../src/lib/canonical-json.js';

const vector = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8')) as T;

interface Rfc9162Vectors {
  emptyRoot: string;
  leafData: string[];
  roots: Array<{ treeSize: number; rootHash: string }>;
  inclusionProofs: Array<{ leafIndex: number; treeSize: number; proof: string[] }>;
  consistencyProofs: Array<{ from: number; to: number; proof: string[] }>;
}

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

describe('RFC 9162 vectors (golang.org/x/mod/sumdb/tlog)', async () => {
  const v = vector<Rfc9162Vectors>('rfc9162.json');
  const leaves = v.leafData.map((d) => leafHash(b64(d)));
  const nodes = new MemoryNodes();
  for (const [i, leaf] of leaves.entries()) {
    for (const { node, hash } of await completedNodes(i, leaf, nodes)) nodes.set(node, hash);
  }
  const rootAt = (n: number) => b64(v.roots[n]!.rootHash);

  it('src/audit: every root and proof equals the Go output and verifies', async () => {
    expect(formatHash(EMPTY_ROOT)).toBe(v.emptyRoot);
    for (const { treeSize, rootHash: root } of v.roots)
      expect(formatHash(await rootHash(treeSize, nodes))).toBe(root);
    for (const p of v.inclusionProofs) {
      expect((await inclusionProof(p.leafIndex, p.treeSize, nodes)).map(formatHash)).toEqual(p.proof);
      expect(
        verifyInclusion(leaves[p.leafIndex]!, p.leafIndex, p.treeSize, p.proof.map(b64), rootAt(p.treeSize)),
      ).toBe(true);
    }
    for (const p of v.consistencyProofs) {
      expect((await consistencyProof(p.from, p.to, nodes)).map(formatHash)).toEqual(p.proof);
      expect(verifyConsistency(p.from, p.to, rootAt(p.from), rootAt(p.to), p.proof.map(b64))).toBe(true);
    }
  });

  it('verify-export.mjs: every proof verifies, and none with a changed root', () => {
    for (const p of v.inclusionProofs) {
      const leaf = offline.leafHash(b64(v.leafData[p.leafIndex]!));
      expect(Buffer.from(leaf)).toEqual(Buffer.from(leaves[p.leafIndex]!));
      expect(
        offline.verifyInclusion(leaf, p.leafIndex, p.treeSize, p.proof.map(b64), rootAt(p.treeSize)),
      ).toBe(true);
      expect(
        offline.verifyInclusion(leaf, p.leafIndex, p.treeSize, p.proof.map(b64), rootAt(p.treeSize - 1)),
      ).toBe(false);
    }
    for (const p of v.consistencyProofs) {
      expect(offline.verifyConsistency(p.from, p.to, rootAt(p.from), rootAt(p.to), p.proof.map(b64))).toBe(
        true,
      );
      expect(
        offline.verifyConsistency(p.from, p.to, rootAt(p.from - 1), rootAt(p.to), p.proof.map(b64)),
      ).toBe(false);
    }
  });
});

interface NoteVectors {
  valid: Array<{ vkeys: string[]; note: string; text: string; verified: string[]; unverified: string[] }>;
  invalid: Array<{
    source: string;
    reason: 'unverified' | 'invalid-signature' | 'malformed';
    vkeys: string[];
    note: string;
  }>;
  invalidVkeys: Array<{ vkey: string }>;
}

describe('signed-note vectors (C2SP example, golang.org/x/mod/sumdb/note)', () => {
  const v = vector<NoteVectors>('signed-note.json');
  const errorOf = {
    unverified: UnverifiedNoteError,
    'invalid-signature': InvalidSignatureError,
    malformed: MalformedNoteError,
  };

  it('src/audit: opens the valid notes with the expected signatures and refuses the others', () => {
    for (const c of v.valid) {
      const note = openNote(c.note, c.vkeys.map(noteVerifierFromVkey));
      expect(note.text).toBe(c.text);
      expect(note.signatures.map((s) => s.name)).toEqual(c.verified);
      expect(note.unverified.map((s) => s.name)).toEqual(c.unverified);
    }
    for (const c of v.invalid) {
      expect(() => openNote(c.note, c.vkeys.map(noteVerifierFromVkey)), c.source).toThrow(errorOf[c.reason]);
    }
    for (const c of v.invalidVkeys)
      expect(() => noteVerifierFromVkey(c.vkey), c.vkey).toThrow(MalformedNoteError);
  });

  it('verify-export.mjs: the same answers', () => {
    for (const c of v.valid) {
      const note = offline.openNote(c.note, c.vkeys.map(offline.noteVerifier));
      expect(note.text).toBe(c.text);
      expect(note.verified.map((s: { name: string }) => s.name)).toEqual(c.verified);
    }
    for (const c of v.invalid) {
      expect(() => offline.openNote(c.note, c.vkeys.map(offline.noteVerifier)), c.source).toThrow();
    }
    for (const c of v.invalidVkeys) expect(() => offline.noteVerifier(c.vkey), c.vkey).toThrow();
  });
});

interface CheckpointVectors {
  valid: Array<{ text: string; origin: string; treeSize: number; rootHash: string; extensions: string[] }>;
  invalid: string[];
}

describe('tlog-checkpoint vectors', () => {
  const v = vector<CheckpointVectors>('checkpoint.json');

  it('src/audit and verify-export.mjs parse the valid ones alike and refuse the others', () => {
    for (const c of v.valid) {
      const ours = parseCheckpoint(c.text);
      expect({ ...ours, rootHash: formatHash(ours.rootHash) }).toEqual({
        origin: c.origin,
        treeSize: c.treeSize,
        rootHash: c.rootHash,
        extensions: c.extensions,
      });
      const theirs = offline.parseCheckpoint(c.text);
      expect([theirs.origin, theirs.treeSize, formatHash(theirs.rootHash)]).toEqual([
        c.origin,
        c.treeSize,
        c.rootHash,
      ]);
    }
    for (const text of v.invalid) {
      expect(() => parseCheckpoint(text), JSON.stringify(text)).toThrow();
      expect(() => offline.parseCheckpoint(text), JSON.stringify(text)).toThrow();
    }
    expect(parseHash(v.valid[0]!.rootHash)).not.toBeNull();
  });
});

interface CosignatureVectors {
  vkey: string;
  checkpoint: string;
  timestamp: number;
  signatureLine: string;
}

describe('tlog-cosignature vector (signed by OpenSSL)', () => {
  const v = vector<CosignatureVectors>('cosignature.json');
  const note = `${v.checkpoint}\n${v.signatureLine}\n`;

  it('src/audit verifies it and reads its time; a changed checkpoint fails', () => {
    const verifier = cosignatureVerifierFromVkey(v.vkey);
    const opened = openNote(note, [verifier]);
    expect(verifier.timestampOf(opened.signatures[0]!.signature)).toBe(v.timestamp);
    expect(() => openNote(note.replace('20852163', '20852164'), [verifier])).toThrow(InvalidSignatureError);
  });

  it('verify-export.mjs verifies it and reads its time; a changed checkpoint fails', () => {
    const verifier = offline.cosignatureVerifier(v.vkey);
    const opened = offline.openNote(note, [verifier]);
    expect(opened.verified[0]!.timestamp).toBe(v.timestamp);
    expect(() => offline.openNote(note.replace('20852163', '20852164'), [verifier])).toThrow();
  });
});

interface CanonicalVectors {
  cases: Array<{ name: string; input: string; canonical: string }>;
}

describe("RFC 8785 canonical JSON vectors (the reference implementation's test data)", () => {
  const v = vector<CanonicalVectors>('canonical-json.json');

  it('src/lib/canonical-json and verify-export.mjs give exactly the canonical text', () => {
    for (const c of v.cases) {
      const value = JSON.parse(c.input);
      expect(canonicalJson(value), c.name).toBe(c.canonical);
      expect(offline.canonical(value), c.name).toBe(c.canonical);
    }
  });
});

interface ChainVectors {
  origin: string;
  vkey: string;
  treeSize: number;
  rootHash: string;
  checkpoint: string;
  entries: Array<{
    sequence: number;
    previousHash: string;
    hash: string;
    content: string;
    leafIndex: number;
    leafHash: string;
    inclusionProof: string[];
  }>;
}

describe("a log's chain hashes, leaves, inclusion proofs and checkpoint (sha256sum and Go)", () => {
  const v = vector<ChainVectors>('chain-and-proofs.json');

  it('src/audit: each chain hash and leaf, every proof against the Go-signed checkpoint', async () => {
    const opened = openNote(v.checkpoint, [noteVerifierFromVkey(v.vkey)]);
    const checkpoint = parseCheckpoint(opened.text);
    expect(checkpoint).toMatchObject({ origin: v.origin, treeSize: v.treeSize });
    expect(formatHash(checkpoint.rootHash)).toBe(v.rootHash);
    const nodes = new MemoryNodes();
    for (const e of v.entries) {
      expect(chainHash(e.previousHash, e.content)).toBe(e.hash);
      expect(canonicalJson(JSON.parse(e.content))).toBe(e.content);
      const leaf = leafHash(Buffer.from(e.content, 'utf8'));
      expect(formatHash(leaf)).toBe(e.leafHash);
      expect(
        verifyInclusion(leaf, e.leafIndex, v.treeSize, e.inclusionProof.map(b64), checkpoint.rootHash),
      ).toBe(true);
      for (const { node, hash } of await completedNodes(e.leafIndex, leaf, nodes)) nodes.set(node, hash);
    }
    for (const e of v.entries) {
      expect((await inclusionProof(e.leafIndex, v.treeSize, nodes)).map(formatHash)).toEqual(
        e.inclusionProof,
      );
    }
  });

  it('verify-export.mjs: the same hashes, leaves and proofs', () => {
    const opened = offline.openNote(v.checkpoint, [offline.noteVerifier(v.vkey)]);
    const checkpoint = offline.parseCheckpoint(opened.text);
    for (const e of v.entries) {
      expect(offline.chainHash(e.previousHash, e.content)).toBe(e.hash);
      expect(offline.canonical(JSON.parse(e.content))).toBe(e.content);
      const leaf = offline.leafHash(Buffer.from(e.content, 'utf8'));
      expect(leaf.toString('base64')).toBe(e.leafHash);
      expect(
        offline.verifyInclusion(
          leaf,
          e.leafIndex,
          v.treeSize,
          e.inclusionProof.map(b64),
          checkpoint.rootHash,
        ),
      ).toBe(true);
      const other = offline.leafHash(Buffer.from(`${e.content} `, 'utf8'));
      expect(
        offline.verifyInclusion(
          other,
          e.leafIndex,
          v.treeSize,
          e.inclusionProof.map(b64),
          checkpoint.rootHash,
        ),
      ).toBe(false);
    }
  });
});
