/**
 * W3C Trace Context header grammar (src/lib/trace-context.ts): the specification's own examples,
 * every rule that makes a traceparent invalid, versioning, tracestate limits, and a cross-check
 * against an independent implementation (OpenTelemetry JS core) on generated and mangled values.
 */
import { parseTraceParent, TraceState } from '@opentelemetry/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FLAG_RANDOM,
  FLAG_SAMPLED,
  formatTraceparent,
  formatTracestate,
  newSpanId,
  newTraceId,
  parseTraceparent,
  parseTracestate,
  traceForRequest,
} from '../../src/lib/trace-context.js';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceparent', () => {
  it('parses the specification example', () => {
    expect(parseTraceparent(VALID)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      flags: 1,
    });
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')?.flags).toBe(0);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['garbage', 'not-a-traceparent'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['version not hex', 'zz-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['upper-case trace id', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01'],
    ['upper-case parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01'],
    ['trace id too short', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['parent id too long', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b70-01'],
    ['flags not hex', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g'],
    ['version 00 with more after the flags', `${VALID}-extra`],
    ['two headers joined by Node', `${VALID}, ${VALID}`],
    ['wrong separators', '00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01'],
    ['higher version, shorter than 55', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1'],
    [
      'higher version, flags not followed by a dash',
      '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x',
    ],
  ])('ignores a traceparent that is %s', (_name, value) => {
    expect(parseTraceparent(value)).toBeNull();
  });

  it('reads a higher version as far as version 00 defines it (§ versioning)', () => {
    const future = '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-what-comes-next';
    expect(parseTraceparent(future)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      flags: 9,
    });
    expect(parseTraceparent(future.slice(0, 55))).not.toBeNull();
  });

  it('formats version 00, clearing flags it does not know', () => {
    expect(formatTraceparent('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', 0xff)).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03',
    );
  });

  it('generates valid, distinct ids', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const t = newTraceId();
      const s = newSpanId();
      expect(parseTraceparent(formatTraceparent(t, s, 1))).toEqual({ traceId: t, parentId: s, flags: 1 });
      ids.add(t);
    }
    expect(ids.size).toBe(200);
  });

  const hex = (n: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
  const traceparents = fc
    .tuple(hex(2), hex(32), hex(16), hex(2), fc.option(fc.string({ maxLength: 12 }), { nil: undefined }))
    .map(([v, t, p, f, rest]) => `${v}-${t}-${p}-${f}${rest === undefined ? '' : `-${rest}`}`);
  /** Single-character edits: what a buggy or hostile caller sends. */
  const mangled = fc
    .tuple(
      traceparents,
      fc.nat(),
      fc.constantFrom('drop', 'upper', 'replace', 'insert'),
      fc.string({ minLength: 1, maxLength: 1 }),
    )
    .map(([value, at, how, ch]) => {
      const i = at % value.length;
      if (how === 'drop') return value.slice(0, i) + value.slice(i + 1);
      if (how === 'upper') return value.slice(0, i) + value[i]!.toUpperCase() + value.slice(i + 1);
      if (how === 'replace') return value.slice(0, i) + ch + value.slice(i + 1);
      return value.slice(0, i) + ch + value.slice(i);
    })
    // OpenTelemetry also strips one surrounding space; Node hands header values over trimmed.
    .filter((v) => !/^\s|\s$/.test(v));

  it('agrees with OpenTelemetry JS on generated and mangled values', () => {
    fc.assert(
      fc.property(fc.oneof(traceparents, mangled), (value) => {
        const ours = parseTraceparent(value);
        const theirs = parseTraceParent(value);
        expect(ours === null).toBe(theirs === null);
        if (ours && theirs) {
          expect([ours.traceId, ours.parentId, ours.flags]).toEqual([
            theirs.traceId,
            theirs.spanId,
            theirs.traceFlags,
          ]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a request trace', () => {
  it('continues a valid traceparent with a new span of its own, sampled, keeping the random flag', () => {
    const trace = traceForRequest(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02',
      'congo=t61rcWkgMzE',
    );
    expect(trace.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trace.parentSpanId).toBe('00f067aa0ba902b7');
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe('00f067aa0ba902b7');
    expect(trace.flags).toBe(FLAG_SAMPLED | FLAG_RANDOM);
    expect(trace.tracestate).toEqual([['congo', 't61rcWkgMzE']]);
    expect(traceForRequest(VALID, undefined).flags).toBe(FLAG_SAMPLED);
  });

  it('starts a new trace for a missing or invalid traceparent, and drops the tracestate', () => {
    for (const header of [undefined, 'garbage', VALID.toUpperCase()]) {
      const trace = traceForRequest(header, 'congo=t61rcWkgMzE');
      expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(trace.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(trace.parentSpanId).toBeNull();
      expect(trace.tracestate).toBeNull();
      expect(trace.flags).toBe(FLAG_SAMPLED | FLAG_RANDOM);
    }
  });
});

describe('tracestate', () => {
  it('parses the specification examples, with optional whitespace and empty members', () => {
    expect(parseTracestate('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).toEqual([
      ['rojo', '00f067aa0ba902b7'],
      ['congo', 't61rcWkgMzE'],
    ]);
    expect(parseTracestate(' rojo=1 ,\t, congo=2 , ')).toEqual([
      ['rojo', '1'],
      ['congo', '2'],
    ]);
    expect(parseTracestate('tenant@vendor=x')).toEqual([['tenant@vendor', 'x']]);
    expect(parseTracestate('')).toEqual([]);
  });

  it.each([
    ['a key in capitals', 'Rojo=1'],
    ['a key starting with a sign', '_rojo=1'],
    ['a member without =', 'rojo'],
    ['a comma-free value with =', 'rojo=a=b'],
    ['a value longer than 256 characters', `rojo=${'x'.repeat(257)}`],
    ['a non-ASCII character in a value', 'rojo=a\u00a0b'],
    ['a control character in a value', 'rojo=a\u0001b'],
    ['a key twice', 'rojo=1,rojo=2'],
    ['more than 32 members', Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')],
  ])('discards a tracestate with %s', (_name, value) => {
    expect(parseTracestate(value)).toBeNull();
  });

  it('truncates past 512 characters: long members first, then from the right', () => {
    const long = `big=${'x'.repeat(200)}`;
    const members = Array.from(
      { length: 30 },
      (_, i) => `key${String(i).padStart(2, '0')}=${'v'.repeat(12)}`,
    );
    const parsed = parseTracestate([long, ...members].join(','))!;
    expect(parsed.some(([k]) => k === 'big')).toBe(false);
    expect(formatTracestate(parsed).length).toBeLessThanOrEqual(512);
    expect(parsed[0]![0]).toBe('key00');
    expect(parsed.map(([k]) => k)).toEqual(members.slice(0, parsed.length).map((m) => m.split('=')[0]));
  });

  it('agrees with OpenTelemetry JS on valid lists', () => {
    const key = fc
      .tuple(
        fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
        fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-*/'), maxLength: 20 }),
      )
      .map(([a, b]) => a + b);
    const value = fc
      .string({
        unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        maxLength: 30,
      })
      .map((v) => v.replace(/[,=]/g, ''))
      .filter((v) => /[!-~]$/.test(v));
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, value), { maxLength: 12, selector: ([k]) => k }), (list) => {
        const header = formatTracestate(list);
        const ours = parseTracestate(header);
        expect(ours).toEqual(list);
        // OpenTelemetry keeps the members in reverse internally and serialises them in order.
        expect(formatTracestate(ours!)).toBe(new TraceState(header).serialize());
      }),
      { numRuns: 500 },
    );
  });
});
