/**
 * The envelope tail that verification compares with each stored entry is written by hand for
 * speed; it must be exactly what the general canonical serialiser gives for the envelope.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_HEAD, ENVELOPE_SCHEMA, envelopeContent, envelopeTail } from '../../src/audit/chain.js';
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
