/**
 * The binary COPY reader used to verify the audit chain: whatever the chunking, it returns exactly
 * the rows that were encoded, and it refuses data that is not, or not all, binary COPY.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryCopyReader, int8Of, timestampOf } from '../../src/db/binary-copy.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Binary COPY as PostgreSQL writes it (with a header extension, which readers must skip). */
function encode(rows: Array<Array<Uint8Array | null>>, extension = Buffer.alloc(0)): Buffer {
  const parts: Buffer[] = [SIGNATURE, Buffer.alloc(4), Buffer.alloc(4)];
  parts[2]!.writeUInt32BE(extension.length);
  parts.push(extension);
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const field of row) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(field === null ? -1 : field.length);
      parts.push(length);
      if (field) parts.push(Buffer.from(field));
    }
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

function split(data: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, data.length]) {
    chunks.push(data.subarray(from, point));
    from = point;
  }
  return chunks;
}

const rowsArbitrary = fc.array(
  fc.array(fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null }), { minLength: 1, maxLength: 8 }),
  { maxLength: 30 },
);

describe('BinaryCopyReader', () => {
  it('returns the encoded rows whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        rowsArbitrary,
        fc.uint8Array({ maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (rows, extension, cuts) => {
          const reader = new BinaryCopyReader();
          const read = split(encode(rows, Buffer.from(extension)), cuts).flatMap((c) => reader.push(c));
          reader.end();
          expect(read.map((r) => r.map((f) => (f === null ? null : [...f])))).toEqual(
            rows.map((r) => r.map((f) => (f === null ? null : [...f]))),
          );
        },
      ),
    );
  });

  it('refuses data without the binary COPY signature', () => {
    const reader = new BinaryCopyReader();
    expect(() => reader.push(Buffer.from('sequence\tcontent\n1\t{}\n and more text'))).toThrow(/signature/);
  });

  it('refuses data that stops in the middle of a row or before its trailer', () => {
    fc.assert(
      fc.property(rowsArbitrary, fc.nat(), (rows, cut) => {
        const data = encode(rows);
        const reader = new BinaryCopyReader();
        reader.push(data.subarray(0, cut % data.length));
        expect(() => reader.end()).toThrow(/ended in the middle/);
      }),
    );
  });

  it('refuses negative lengths other than NULL (they would read backwards without end)', () => {
    const header = encode([]).subarray(0, -2);
    const row = Buffer.from([0, 1, 0xff, 0xff, 0xff, 0xfa]); // one field of length -6
    expect(() => new BinaryCopyReader().push(Buffer.concat([header, row]))).toThrow(/length -6/);
    const fields = Buffer.from([0xff, 0xfe]); // a row of -2 fields
    expect(() => new BinaryCopyReader().push(Buffer.concat([header, fields]))).toThrow(/-2 fields/);
  });

  it('refuses data after the trailer', () => {
    const reader = new BinaryCopyReader();
    expect(() => reader.push(Buffer.concat([encode([]), Buffer.from([0, 1])]))).toThrow(/after its trailer/);
  });
});

describe('binary field values', () => {
  it('int8 and timestamptz (microseconds since 2000-01-01) decode to the millisecond', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -8.64e15, max: 8.64e15 }),
        fc.integer({ min: 0, max: 999 }),
        (ms, micros) => {
          const field = Buffer.alloc(8);
          field.writeBigInt64BE((BigInt(ms) - 946_684_800_000n) * 1000n + BigInt(micros));
          expect(timestampOf(field).getTime()).toBe(ms);
        },
      ),
    );
    const eight = Buffer.alloc(8);
    eight.writeBigInt64BE(9_007_199_254_740_991n);
    expect(int8Of(eight)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
