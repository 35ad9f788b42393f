import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/lib/canonical-json.js';

describe('canonical JSON (RFC 8785)', () => {
  it('serialises the example of RFC 8785 §3.2.2 byte for byte', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",' +
        '"\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    // Read the order from the text: JS objects would list the integer-like key "1" first.
    const keys = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) =>
      JSON.parse(`"${m[1]}"`),
    );
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it('drops undefined members, keeps nested order canonical, and refuses what JSON cannot carry', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
    expect(() => canonicalJson({ x: '\ud800' })).toThrow(/surrogate/);
    expect(() => canonicalJson({ x: 1n })).toThrow();
  });

  it('is a fixed point: parsing and re-serialising gives the same bytes, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = canonicalJson(value);
        expect(canonicalJson(JSON.parse(once))).toBe(once);
        expect(JSON.parse(once)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('canonical JSON of frozen values', () => {
  /** A plain reference implementation, without any caching. */
  const reference = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    if (Array.isArray(value))
      return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(record[k])}`).join(',')}}`;
  };
  const deepFreeze = <T>(value: T): T => {
    if (value && typeof value === 'object') {
      for (const v of Object.values(value)) deepFreeze(v);
      Object.freeze(value);
    }
    return value;
  };

  it('gives the same text as a plain implementation, frozen or not, every time', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, freeze) => {
        const subject = freeze ? deepFreeze(value) : value;
        expect(canonicalJson(subject)).toBe(reference(subject));
        expect(canonicalJson(subject)).toBe(reference(subject));
      }),
    );
  });

  it('never serves a stale text for a frozen object holding something that can still change', () => {
    const inner = { b: 1 };
    const outer = Object.freeze({ a: inner });
    expect(canonicalJson(outer)).toBe('{"a":{"b":1}}');
    inner.b = 2;
    expect(canonicalJson(outer)).toBe('{"a":{"b":2}}');
  });
});

describe('canonical JSON: what JSON.stringify would drop or change', () => {
  it('writes holes and undefined array members as null, as JSON.stringify does', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    const holes = [1, , 3];
    expect(canonicalJson([1, undefined, 3])).toBe('[1,null,3]');
    expect(canonicalJson(holes)).toBe('[1,null,3]');
    expect(canonicalJson({ a: [undefined] })).toBe(JSON.stringify({ a: [undefined] }));
  });

  it('refuses what it cannot represent, saying what it was', () => {
    expect(() => canonicalJson({ x: 1n })).toThrow('canonical JSON cannot represent a value of type bigint');
    expect(() => canonicalJson([() => 1])).toThrow(
      'canonical JSON cannot represent a value of type function',
    );
    expect(() => canonicalJson(Symbol('s'))).toThrow('type symbol');
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(
      'canonical JSON cannot represent a non-finite number',
    );
    // A lone surrogate in a member name as well as in a value (RFC 8785 §3.2.2.2: I-JSON only).
    expect(() => canonicalJson({ '\udc00': 1 })).toThrow('canonical JSON cannot represent a lone surrogate');
    expect(() => canonicalJson(['\ud800'])).toThrow('canonical JSON cannot represent a lone surrogate');
    // A member left out (undefined) is not checked: it is not serialised.
    expect(canonicalJson({ '\udc00': undefined, a: 1 })).toBe('{"a":1}');
  });
});

/**
 * A value whose member reads are counted, through a Proxy over a (frozen) target: how the
 * remembering of deeply frozen texts is observed without timing anything.
 */
function counted<T extends object>(target: T): { value: T; reads: () => number } {
  let reads = 0;
  const value = new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'string' && key !== 'length') reads++;
      return Reflect.get(object, key, receiver);
    },
  });
  return { value, reads: () => reads };
}

describe('canonical JSON remembers the text of deeply frozen values only', () => {
  it('serialises a deeply frozen value once, whatever its members are', () => {
    const members = Object.freeze({
      null: null,
      yes: true,
      no: false,
      number: 1.5,
      text: 'tekst',
      list: Object.freeze([1, 'a', null, true, Object.freeze({ b: 2 })]),
      nested: Object.freeze({ c: Object.freeze(['d']) }),
    });
    const { value, reads } = counted(members);
    const text = canonicalJson(value);
    const first = reads();
    expect(first).toBeGreaterThan(0);
    expect(canonicalJson(value)).toBe(text);
    expect(reads()).toBe(first);
  });

  it('remembers a frozen array of immutable members', () => {
    const { value, reads } = counted(Object.freeze([null, true, 2, 'drie', Object.freeze({ vier: 4 })]));
    const text = canonicalJson(value);
    const first = reads();
    expect(canonicalJson(value)).toBe(text);
    expect(reads()).toBe(first);
  });

  it('remembers a frozen parent of a member remembered before it', () => {
    const child = Object.freeze({ kind: 'kind' });
    canonicalJson(child);
    const { value, reads } = counted(Object.freeze({ child, other: 1 }));
    expect(canonicalJson(value)).toBe('{"child":{"kind":"kind"},"other":1}');
    const first = reads();
    expect(canonicalJson(value)).toBe('{"child":{"kind":"kind"},"other":1}');
    expect(reads()).toBe(first);
  });

  it('reads a value again each time when it, or anything in it, is not frozen', () => {
    for (const subject of [
      { a: 1 },
      [1, 2],
      Object.freeze({ a: { b: 1 } }),
      Object.freeze([{ b: 1 }]),
      Object.freeze([1, [2]]),
      Object.freeze([Object.freeze([1]), { b: 1 }, 3]),
      Object.freeze({ a: Object.freeze({ b: 1 }), c: [2] }),
    ]) {
      const { value, reads } = counted(subject);
      canonicalJson(value);
      const first = reads();
      canonicalJson(value);
      expect(reads(), JSON.stringify(subject)).toBe(2 * first);
    }
  });

  it('never serves a stale text for a frozen array holding something that can still change', () => {
    const inner = [1];
    const outer = Object.freeze([Object.freeze({ a: 1 }), inner, 'x']);
    expect(canonicalJson(outer)).toBe('[{"a":1},[1],"x"]');
    inner.push(2);
    expect(canonicalJson(outer)).toBe('[{"a":1},[1,2],"x"]');
  });
});
