import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsBsn, normaliseDigits, numbersIn, passesElfproef, tokenHoldsBsn } from '../../src/lib/bsn.js';
import { bsnArb, bsnSpellingArb } from '../support/bsn.js';

describe('the elfproef', () => {
  // Numbers whose verdict is published elsewhere, with the sum worked out (weights 9…2, then −1):
  it.each([
    // 111222333: 9·1 + 8·1 + 7·1 + 6·2 + 5·2 + 4·2 + 3·3 + 2·3 − 3 = 66 = 6 × 11. The test BSN
    // that Dutch government test environments commonly use.
    ['111222333', true],
    // 123456782: 9 + 16 + 21 + 24 + 25 + 24 + 21 + 16 − 2 = 154 = 14 × 11 (worked example on
    // calaris.nl, "BSN 11-proef valideren").
    ['123456782', true],
    // 249566758: 18 + 32 + 63 + 30 + 30 + 24 + 21 + 10 − 8 = 220 = 20 × 11 (privacynieuws.nl).
    ['249566758', true],
    // 936977590: 81 + 24 + 42 + 54 + 35 + 28 + 15 + 18 − 0 = 297 = 27 × 11 (wiert.me, where it is
    // given as correct, with check digit 0).
    ['936977590', true],
    // 290594880: 18 + 72 + 0 + 30 + 45 + 16 + 24 + 16 − 0 = 221 = 20 × 11 + 1: invalid (wiert.me,
    // where it is shown to need check digit 10, which does not exist).
    ['290594880', false],
    // 123456789: 9 + 16 + 21 + 24 + 25 + 24 + 21 + 16 − 9 = 147 = 13 × 11 + 4: invalid.
    ['123456789', false],
    // 000000000: the sum is 0, a multiple of 11, but no BSN is all zeros.
    ['000000000', false],
    ['12345678', false],
    ['1234567820', false],
  ])('passesElfproef(%s) is %s', (value, expected) => {
    expect(passesElfproef(value)).toBe(expected);
  });

  it('fails for every single-digit change of a valid number (the check the test exists for)', () => {
    for (let position = 0; position < 9; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        const changed = `${'111222333'.slice(0, position)}${digit}${'111222333'.slice(position + 1)}`;
        if (changed !== '111222333') expect(passesElfproef(changed), changed).toBe(false);
      }
    }
  });
});

describe('normalisation', () => {
  it('reads every Unicode decimal digit as its ASCII digit and drops format characters', () => {
    expect(normaliseDigits('١٢٣')).toBe('123'); // Arabic-Indic
    expect(normaliseDigits('۴۵۶')).toBe('456'); // Extended Arabic-Indic
    expect(normaliseDigits('७८९')).toBe('789'); // Devanagari
    expect(normaliseDigits('１２３')).toBe('123'); // full-width (NFKC)
    expect(normaliseDigits('𝟏𝟐𝟑')).toBe('123'); // mathematical bold (NFKC)
    expect(normaliseDigits('1\u200b2\u00ad3\ufeff4\u202e5')).toBe('12345');
  });
});

describe('reading a text as written numbers', () => {
  // Which digits form one number decides what containsBsn tests; the integration tests also use
  // numbersIn to look for a BSN in what was stored.
  it.each([
    ['111-222-333', [{ groups: ['111', '222', '333'], separators: ['-', '-'] }]],
    ['111 - 222 / 333', [{ groups: ['111', '222', '333'], separators: [' - ', ' / '] }]],
    // A letter ends a number, and so does a run of more than three separator characters.
    [
      '12a34',
      [
        { groups: ['12'], separators: [] },
        { groups: ['34'], separators: [] },
      ],
    ],
    [
      '12 - 34 ---- 56',
      [
        { groups: ['12', '34'], separators: [' - '] },
        { groups: ['56'], separators: [] },
      ],
    ],
    // Separators before the first or after the last group belong to no number.
    ['-- 12.34 --', [{ groups: ['12', '34'], separators: ['.'] }]],
    [
      'client c-81f3, 2026',
      [
        { groups: ['81'], separators: [] },
        { groups: ['3', '2026'], separators: [', '] },
      ],
    ],
    ['no digits at all', []],
  ])('numbersIn(%j)', (text, expected) => {
    expect(numbersIn(text)).toEqual(expected);
  });
});

describe('containsBsn (references, names, free text)', () => {
  // The 23 spellings of issue 11, of which 13 passed the earlier check.
  it.each([
    '111222333',
    'C-111-222-333',
    '111 222 333',
    '111_222_333',
    '111/222/333',
    '111:222:333',
    '111,222,333',
    '111.222.333',
    '111 - 222 - 333',
    '１１１２２２３３３',
    '١١١٢٢٢٣٣٣',
    '१११२२२३३३',
    '𝟏𝟏𝟏𝟐𝟐𝟐𝟑𝟑𝟑',
    '111\u200b222\u200b333',
    '111\u00ad222333',
    '0111222333',
    '0-111-222-333',
    '1-1-1-2-2-2-3-3-3',
    '1234.56.782',
    'client-123456782',
    'BSN123456782x',
    '2026111222333',
    'cliënt met bsn 111 222 333, moeder',
    '00000000-0000-0000-0000-000111222333',
    // A UUID is recognised with spaces around it.
    ' 00000000-0000-0000-0000-000111222333 ',
    // Ten digits in whole groups are a BSN when they start with a zero.
    '01-11222-333',
  ])('finds %s', (value) => {
    expect(containsBsn(value)).toBe(true);
  });

  it.each([
    'c-81f3',
    'WT-2026-0042',
    'p-17',
    'Gemeente Utrecht, werkconsulent',
    // A date and a time: groups with different separators are not joined.
    'Gesprek op 1-12-2026 om 14:05',
    // 1, 12, 2026 and 15 together pass the elfproef (112202615), but the time is written with
    // another separator than the date.
    'Gesprek op 1-12-2026 15:30',
    'op 1-12-2026 14:05:30 gebeld',
    '2026-11-23T10:15:30.123Z',
    // Eight digits are no BSN; nor is a random UUID read as digits.
    '12345678',
    '7d0c1a9e-1234-4567-8901-123456789abc',
    // A UUID with spaces around it is still read as a UUID: its last group holds 123456782
    // followed by hexadecimal letters, which is not a number.
    ' 7d0c1a9e-1234-4567-8901-123456782abc ',
    // Ten digits not starting with a zero are no BSN, although the last nine pass (111222333).
    '11-11222-333',
  ])('leaves %s alone', (value) => {
    expect(containsBsn(value)).toBe(false);
  });

  it('finds every valid BSN in any generated spelling', () => {
    fc.assert(
      fc.property(bsnSpellingArb, ({ text }) => {
        expect(containsBsn(text)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('finds nine digits inside a longer number only when they pass the test', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), (digits) => {
        const nine = digits.join('');
        expect(containsBsn(`ref-${nine}`)).toBe(passesElfproef(nine));
      }),
    );
  });
});

describe('tokenHoldsBsn (Idempotency-Key, X-Request-Id, cursors)', () => {
  it.each(['123456782', 'bsn-123456782', 'retry_123456782_2', 'bsn123456782', '0123456782'])(
    'finds %s',
    (value) => {
      expect(tokenHoldsBsn(value)).toBe(true);
    },
  );

  it.each([
    '2026-11-23T10:15:30.123Z',
    'order-2026-0042',
    '7d0c1a9e-first-try',
    'pss_abc',
    // Sequential identifiers written as UUIDs: 1000020 padded to nine digits (001000020) passes
    // the elfproef, but a BSN has at least eight significant digits.
    '00000000-0000-0000-0000-000001000020',
    // Zeros inside the last group are digits of the number, not padding: 100011222333 is no BSN
    // although it holds 111222333 once its zeros are dropped.
    '00000000-0000-4000-8000-100011222333',
  ])('leaves %s alone', (value) => {
    expect(tokenHoldsBsn(value)).toBe(false);
  });

  it('never refuses a random UUID, and finds a BSN zero-padded into one', () => {
    fc.assert(
      fc.property(fc.noBias(fc.uuid()), (uuid) => {
        expect(tokenHoldsBsn(uuid)).toBe(false);
        expect(containsBsn(uuid)).toBe(false);
      }),
      { numRuns: 5_000 },
    );
    fc.assert(
      fc.property(fc.uuid(), bsnArb, (uuid, bsn) => {
        const hiding = `${uuid.slice(0, 24)}000${bsn}`;
        expect(tokenHoldsBsn(hiding)).toBe(true);
        expect(containsBsn(hiding)).toBe(true);
      }),
    );
  });
});
