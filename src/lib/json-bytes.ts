/**
 * The UTF-8 bytes of JSON texts, built from remembered pieces, for the two texts a recorded
 * weighing's full result is written as: its answer (exactly `JSON.stringify`) and its canonical
 * form (exactly `canonicalJson`, RFC 8785), which is only ever hashed (the result digest).
 *
 * Why: the full result is ~75 KB, most of it the per-rule trace, whose entries are deeply frozen
 * pieces of the compiled ruleset. Serialised as one JavaScript string, the text is a two-byte
 * string (the rule texts hold quotation marks and dashes beyond Latin-1) built as a rope of many
 * pieces; flattening it, counting its UTF-8 length and encoding it for the socket or the hash
 * cost several times what serialising it did (issue #15, docs/performance.md). Here each deeply
 * frozen piece is encoded once and remembered (weakly, per object), and a text is the sequence of
 * those byte pieces and the few members around them: concatenated for an answer, fed to the
 * hash one after the other for a digest. The bytes are the same as encoding the string would give;
 * test/unit/json-bytes.test.ts compares them on generated values and on engine results.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** Receives a text in order: short strings (to be UTF-8 encoded) and remembered byte pieces. */
interface Sink {
  text(part: string): void;
  bytes(piece: Buffer): void;
}

interface Form {
  /** The complete text of a value, as the form serialises it on its own. */
  whole(value: unknown): string;
  /** The members of an object, in the order the form writes them. */
  keys(record: Record<string, unknown>): string[];
  /** Remembered UTF-8 text of deeply frozen objects, and the same preceded by a comma. */
  remembered: WeakMap<object, Buffer>;
  rememberedAfterComma: WeakMap<object, Buffer>;
  /** Member names as written (quoted and escaped). */
  names: Map<string, string>;
}

/** Whether a frozen object holds only primitives and deeply frozen objects (remembered both ways). */
const deeplyFrozen = new WeakMap<object, boolean>();
function isDeeplyFrozen(value: object): boolean {
  if (!Object.isFrozen(value) || !isPlain(value)) return false;
  const known = deeplyFrozen.get(value);
  if (known !== undefined) return known;
  let deep = true;
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== null && (typeof member === 'object' || typeof member === 'function')) {
      if (typeof member === 'function' || !isDeeplyFrozen(member as object)) {
        deep = false;
        break;
      }
    }
  }
  deeplyFrozen.set(value, deep);
  return deep;
}

/**
 * Plain data: an array, or an object whose prototype is Object.prototype or null. Anything else
 * (a Date, a boxed primitive, a class instance) and anything with a toJSON method is left to the
 * form's own serialiser, so its rules (toJSON, unwrapping) apply exactly.
 */
function isPlain(value: object): boolean {
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype;
  const proto = Object.getPrototypeOf(value);
  return (
    (proto === Object.prototype || proto === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}

/**
 * Writes `value`, preceded by `separator` ('' or ','): a remembered piece is remembered with its
 * comma too, so that an array of them is one piece per item.
 */
function write(value: unknown, form: Form, sink: Sink, separator = ''): void {
  if (value === null || typeof value !== 'object' || !isPlain(value)) {
    sink.text(separator + form.whole(value));
    return;
  }
  if (isDeeplyFrozen(value)) {
    const remembered = separator === '' ? form.remembered : form.rememberedAfterComma;
    let piece = remembered.get(value);
    if (piece === undefined) {
      piece = Buffer.from(separator + form.whole(value), 'utf8');
      remembered.set(value, piece);
    }
    sink.bytes(piece);
    return;
  }
  sink.text(separator);
  if (Array.isArray(value)) {
    sink.text('[');
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const comma = i > 0 ? ',' : '';
      // Both forms write holes, undefined (and, JSON.stringify, functions and symbols) as null;
      // the form's own serialiser decides (canonical JSON refuses a function).
      if (item === undefined) sink.text(`${comma}null`);
      else if (typeof item === 'function' || typeof item === 'symbol')
        sink.text(comma + form.whole([item]).slice(1, -1));
      else write(item, form, sink, comma);
    }
    sink.text(']');
    return;
  }
  const record = value as Record<string, unknown>;
  sink.text('{');
  let first = true;
  for (const key of form.keys(record)) {
    const member = record[key];
    if (member === undefined) continue;
    if (typeof member === 'function' || typeof member === 'symbol') {
      // JSON.stringify leaves such members out; canonical JSON refuses them (and throws here).
      if (form.whole({ [key]: member }) === '{}') continue;
    }
    sink.text(first ? `${quoted(form, key)}:` : `,${quoted(form, key)}:`);
    first = false;
    write(member, form, sink);
  }
  sink.text('}');
}

/** A member name as the form writes it; the few names of results are remembered. */
function quoted(form: Form, key: string): string {
  let text = form.names.get(key);
  if (text === undefined) {
    text = form.whole(key);
    if (form.names.size < 1000) form.names.set(key, text);
  }
  return text;
}

const answerForm: Form = {
  whole: (value) => JSON.stringify(value),
  keys: (record) => Object.keys(record),
  remembered: new WeakMap(),
  rememberedAfterComma: new WeakMap(),
  names: new Map(),
};

const canonicalForm: Form = {
  whole: (value) => canonicalJson(value),
  // Default sort compares UTF-16 code units, the order RFC 8785 §3.2.3 requires (as canonicalJson).
  keys: (record) => Object.keys(record).sort(),
  remembered: new WeakMap(),
  rememberedAfterComma: new WeakMap(),
  names: new Map(),
};

/** Collects short strings until a byte piece comes, so that a text is a few dozen pieces. */
function collecting(emit: (piece: Buffer | string) => void): Sink & { end(): void } {
  let pending = '';
  return {
    text(part) {
      pending += part;
    },
    bytes(piece) {
      if (pending !== '') emit(pending);
      pending = '';
      emit(piece);
    },
    end() {
      if (pending !== '') emit(pending);
      pending = '';
    },
  };
}

/**
 * `Buffer.from(JSON.stringify(value), 'utf8')`, byte for byte (`value` must serialise to a
 * text, not to undefined).
 */
export function jsonUtf8(value: unknown): Buffer {
  const pieces: Array<Buffer | string> = [];
  let length = 0;
  const sink = collecting((piece) => {
    pieces.push(piece);
    length += typeof piece === 'string' ? Buffer.byteLength(piece, 'utf8') : piece.length;
  });
  write(value, answerForm, sink);
  sink.end();
  // One allocation, each piece copied (or encoded) into it once.
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  for (const piece of pieces) {
    at += typeof piece === 'string' ? bytes.write(piece, at, 'utf8') : piece.copy(bytes, at);
  }
  return bytes;
}

/**
 * `createHash(algorithm).update(canonicalJson(value)).digest('hex')`: the same digest, computed
 * over the canonical text's UTF-8 bytes piece by piece instead of over one string.
 */
export function canonicalDigest(value: unknown, algorithm = 'sha256'): string {
  const hash = createHash(algorithm);
  const sink = collecting((piece) => hash.update(piece));
  write(value, canonicalForm, sink);
  sink.end();
  return hash.digest('hex');
}
