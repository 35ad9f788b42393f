import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsBsn, passesElfproef } from '../../src/lib/bsn.js';

describe('BSN detection (elfproef)', () => {
  it.each([
    ['111222333', true], // 9+16+21+8+10+8+9+6-3 = 84? computed below by the property test too
    ['123456782', true],
    ['123456789', false],
    ['000000000', false],
    ['12345678', false],
  ])('passesElfproef(%s)', (value, expected) => {
    const digits = value.split('').map(Number);
    const sum =
      digits.length === 9 ? digits.slice(0, 8).reduce((s, d, i) => s + (9 - i) * d, 0) - digits[8]! : -1;
    expect(passesElfproef(value)).toBe(expected);
    expect(expected).toBe(sum > 0 && sum % 11 === 0);
  });

  it('finds a BSN typed with separators or embedded in a reference', () => {
    expect(containsBsn('123 456 782')).toBe(true);
    expect(containsBsn('1234.56.782')).toBe(true);
    expect(containsBsn('client-123456782')).toBe(true);
    expect(containsBsn('BSN123456782x')).toBe(true);
  });

  it('leaves opaque references alone', () => {
    expect(containsBsn('c-81f3')).toBe(false);
    expect(containsBsn('WT-2026-0042')).toBe(false);
    expect(containsBsn('p-17')).toBe(false);
    // A ten-digit number is not a BSN even when nine of its digits would pass.
    expect(containsBsn('1234567820')).toBe(false);
  });

  it('flags every nine-digit number that passes the test, and only those', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), (digits) => {
        const value = digits.join('');
        const sum = digits.slice(0, 8).reduce((s, d, i) => s + (9 - i) * d, 0) - digits[8]!;
        expect(containsBsn(`ref-${value}`)).toBe(sum !== 0 && sum % 11 === 0);
      }),
    );
  });
});
