/**
 * A reader of PostgreSQL's binary COPY format (COPY ... TO STDOUT (FORMAT binary)): a signature
 * and header, then per row a 16-bit field count and per field a 32-bit length (-1 for NULL)
 * followed by that many bytes, and a trailer of -1. Used where every byte of a large table passes
 * through the service (verifying the audit chain): fields arrive as Buffers, so a record can be
 * hashed as the bytes it is stored as, without decoding it into a string and encoding it back.
 *
 * Rows may be split across chunks at any byte; a partial row is kept until the rest arrives.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_FIXED = SIGNATURE.length + 4 + 4; // signature, flags, header extension length

export type CopyRow = Array<Buffer | null>;

export class BinaryCopyReader {
  private pending: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private ended = false;

  /** The rows completed by this chunk, in order. */
  push(chunk: Buffer): CopyRow[] {
    if (this.ended) {
      if (chunk.length === 0) return [];
      throw new Error('binary COPY data after its trailer');
    }
    if (!this.headerRead) {
      const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
      const start = this.headerLength(buffer);
      if (start === null) {
        this.pending = Buffer.from(buffer);
        return [];
      }
      this.headerRead = true;
      this.pending = Buffer.alloc(0);
      return this.rowsFrom(buffer, start);
    }
    if (this.pending.length === 0) return this.rowsFrom(chunk, 0);
    // A row began in an earlier chunk. Join only as much of this chunk as completes it (rows are a
    // few KB, chunks tens of KB), then read the rest of the chunk where it lies, without copying.
    const pending = this.pending;
    for (let take = Math.min(chunk.length, 16_384); ; take = Math.min(chunk.length, take * 2)) {
      const joined = Buffer.concat([pending, chunk.subarray(0, take)]);
      const rows: CopyRow[] = [];
      const position = this.read(joined, 0, rows);
      if (rows.length > 0 || this.ended) {
        // `pending` held no whole row, so what was read ends inside this chunk.
        const offset = position - pending.length;
        this.pending = Buffer.alloc(0);
        if (this.ended) {
          if (offset !== chunk.length) throw new Error('binary COPY data after its trailer');
          return rows;
        }
        return rows.concat(this.rowsFrom(chunk, offset));
      }
      if (take === chunk.length) {
        this.pending = joined;
        return rows;
      }
    }
  }

  /** Where rows begin, or null while the header is incomplete. */
  private headerLength(buffer: Buffer): number | null {
    if (buffer.length < HEADER_FIXED) return null;
    if (!buffer.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
      throw new Error('not binary COPY data: the signature is missing');
    }
    const extension = buffer.readUInt32BE(SIGNATURE.length + 4);
    return buffer.length < HEADER_FIXED + extension ? null : HEADER_FIXED + extension;
  }

  /** The complete rows of `buffer` from `start`; what is left is kept for the next chunk. */
  private rowsFrom(buffer: Buffer, start: number): CopyRow[] {
    const rows: CopyRow[] = [];
    const position = this.read(buffer, start, rows);
    if (this.ended) {
      if (position !== buffer.length) throw new Error('binary COPY data after its trailer');
    } else if (position < buffer.length) {
      // Copied, so a kept partial row does not pin the whole chunk it came in.
      this.pending = Buffer.from(buffer.subarray(position));
    }
    return rows;
  }

  /** Reads complete rows (and the trailer) into `rows`; returns where reading stopped. */
  private read(buffer: Buffer, start: number, rows: CopyRow[]): number {
    let position = start;
    for (;;) {
      if (buffer.length - position < 2) return position;
      const fieldCount = buffer.readInt16BE(position);
      if (fieldCount === -1) {
        this.ended = true;
        return position + 2;
      }
      if (fieldCount < 0) throw new Error(`binary COPY row with ${fieldCount} fields`);
      let cursor = position + 2;
      const row: CopyRow = new Array(fieldCount);
      for (let i = 0; i < fieldCount; i++) {
        if (buffer.length - cursor < 4) return position;
        const length = buffer.readInt32BE(cursor);
        cursor += 4;
        // Any other negative length would move backwards through the data, without end.
        if (length < -1) throw new Error(`binary COPY field of length ${length}`);
        if (length === -1) {
          row[i] = null;
          continue;
        }
        if (buffer.length - cursor < length) return position;
        row[i] = buffer.subarray(cursor, cursor + length);
        cursor += length;
      }
      rows.push(row);
      position = cursor;
    }
  }

  /** Throws unless the data ended with its trailer and nothing is left over. */
  end(): void {
    if (!this.ended || this.pending.length > 0) throw new Error('binary COPY data ended in the middle');
  }
}

/** Milliseconds from the Unix epoch to PostgreSQL's (2000-01-01 UTC). */
const POSTGRES_EPOCH_MS = 946_684_800_000;

/** A timestamptz field in binary form: microseconds since 2000-01-01 UTC (to the millisecond). */
export function timestampOf(field: Buffer): Date {
  const micros = field.readBigInt64BE(0);
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n); // floor, also before 2000
  return new Date(POSTGRES_EPOCH_MS + Number(millis));
}

/** An int8 field in binary form. */
export function int8Of(field: Buffer): number {
  return Number(field.readBigInt64BE(0));
}
