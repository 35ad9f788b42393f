/**
 * The envelope tail that verification compares with each stored entry is written by hand for
 * speed; it must be exactly what the general canonical serialiser gives for the envelope.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chainHash,
  ENVELOPE_HEAD,
  ENVELOPE_SCHEMA,
  type Envelope,
  envelopeContent,
  envelopeTail,
  GENESIS_HASH,
} from '../../src/audit/chain.js';
import { canonicalJson } from '../../src/lib/canonical-json.js';

const wellFormed = fc.string({ unit: 'binary' }).filter((s) => s.isWellFormed());
const envelopeArbitrary = fc.record(
  {
    tenantId: wellFormed,
    sequence: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    entryType: wellFormed,
    entityId: wellFormed,
    recordedAt: wellFormed,
    index: fc.dictionary(wellFormed, fc.jsonValue()),
  },
  { requiredKeys: ['tenantId', 'sequence', 'entryType', 'entityId', 'recordedAt'] },
);

describe('envelopeTail', () => {
  it('is what canonical JSON of the envelope gives after its data', () => {
    fc.assert(
      fc.property(envelopeArbitrary, fc.jsonValue(), (envelope, data) => {
        const tail = envelopeTail(envelope);
        expect(tail).toBe(`,${canonicalJson({ schema: ENVELOPE_SCHEMA, ...envelope }).slice(1)}`);
        const content = envelopeContent({ ...envelope, data });
        expect(content.startsWith(ENVELOPE_HEAD)).toBe(true);
        expect(content.endsWith(tail)).toBe(true);
      }),
    );
  });

  it('refuses what canonical JSON refuses', () => {
    const envelope = { tenantId: 't', sequence: 1, entryType: 'x', entityId: 'e', recordedAt: 'r' };
    expect(() => envelopeTail({ ...envelope, entityId: '\ud800' })).toThrow(/surrogate/);
    expect(() => envelopeTail({ ...envelope, sequence: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('the chain of the known-answer log (test/vectors/chain-and-proofs.json, hashes by sha256sum)', () => {
  const v = JSON.parse(
    readFileSync(new URL('../vectors/chain-and-proofs.json', import.meta.url), 'utf8'),
  ) as {
    entries: Array<{ sequence: number; previousHash: string; hash: string; content: string }>;
  };

  it('starts from the genesis hash, and each entry links to the hash before it', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(v.entries[0]!.previousHash).toBe(GENESIS_HASH);
    for (const [i, e] of v.entries.entries()) {
      if (i > 0) expect(e.previousHash).toBe(v.entries[i - 1]!.hash);
      expect(chainHash(e.previousHash, e.content)).toBe(e.hash);
      // As verification reads it from the database: the content's UTF-8 bytes.
      expect(chainHash(e.previousHash, new TextEncoder().encode(e.content))).toBe(e.hash);
      expect(chainHash(e.previousHash, Buffer.from(e.content, 'utf8'))).toBe(e.hash);
    }
  });

  it('rebuilds each envelope byte for byte from its fields', () => {
    for (const e of v.entries) {
      const { data, schema, ...fields } = JSON.parse(e.content) as Envelope;
      expect(schema).toBe(ENVELOPE_SCHEMA);
      expect(ENVELOPE_SCHEMA).toBe('beroepsgeheim.audit-entry/1');
      expect(envelopeContent({ ...fields, data })).toBe(e.content);
      expect(`${ENVELOPE_HEAD}${canonicalJson(data)}${envelopeTail(fields)}`).toBe(e.content);
    }
  });
});
