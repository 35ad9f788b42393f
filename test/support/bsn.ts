/**
 * Generators of BSNs and of the ways people and systems write them, for the property tests that
 * prove none is accepted or stored (test/unit/bsn.test.ts, test/unit/request-schemas.test.ts,
 * test/integration/personal-data.test.ts).
 */
import fc from 'fast-check';

/**
 * A valid BSN: eight random digits and the check digit the elfproef asks for (never 10, and not a
 * sum of zero). BSNs are issued from 10000000 up (eight-digit ones written with a leading zero).
 */
export const bsnArb: fc.Arbitrary<string> = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 })
  .map((digits) => {
    const sum = digits.reduce((s, d, i) => s + (9 - i) * d, 0);
    return { digits, sum, check: sum % 11 };
  })
  .filter(({ digits, sum, check }) => check < 10 && sum !== check && (digits[0]! > 0 || digits[1]! > 0))
  .map(({ digits, check }) => `${digits.join('')}${check}`);

/** Code points of the digit zero in scripts whose digits people or systems may use. */
const ZEROS = [
  0x30, // ASCII
  0xff10, // full-width
  0x660, // Arabic-Indic
  0x6f0, // Extended Arabic-Indic
  0x966, // Devanagari
  0x9e6, // Bengali
  0xe50, // Thai
  0x1d7ce, // mathematical bold
  0x1d7d8, // mathematical double-struck
];

/** How the nine digits are split into groups (lengths). */
const GROUPINGS = [[9], [3, 3, 3], [4, 2, 3], [1, 1, 1, 1, 1, 1, 1, 1, 1], [2, 3, 4], [3, 6]];
const SEPARATORS = [' ', '-', '_', '/', ':', ',', '.', ' - ', '\u00a0', '\u3000', ' / ', '--'];
const INVISIBLE = ['\u200b', '\u00ad', '\u2060', '\ufeff', '\u200d'];
const PREFIXES = ['', 'BSN ', 'bsn:', 'client-', 'C-', 'cliënt ', 'nummer ', '(', 'Z'];
const SUFFIXES = ['', ' (moeder)', 'x', '-A', ' bekend', ')', '.'];

export interface BsnSpelling {
  bsn: string;
  text: string;
}

/** A BSN written with grouping, separators, other digit scripts, invisible characters and context. */
export const bsnSpellingArb: fc.Arbitrary<BsnSpelling> = fc
  .record({
    bsn: bsnArb,
    grouping: fc.constantFrom(...GROUPINGS),
    separator: fc.constantFrom(...SEPARATORS),
    zero: fc.constantFrom(...ZEROS),
    leadingZero: fc.boolean(),
    invisible: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { maxLength: 3 }),
    prefix: fc.constantFrom(...PREFIXES),
    suffix: fc.constantFrom(...SUFFIXES),
  })
  .map(({ bsn, grouping, separator, zero, leadingZero, invisible, prefix, suffix }) => {
    const digits = [...bsn].map((d) => String.fromCodePoint(zero + Number(d)));
    const groups: string[] = [];
    let at = 0;
    for (const length of grouping) {
      groups.push(digits.slice(at, at + length).join(''));
      at += length;
    }
    if (leadingZero) groups[0] = String.fromCodePoint(zero) + groups[0];
    let written = [...groups.join(separator)];
    for (const [position, mark] of invisible) {
      const i = position % (written.length + 1);
      written = [...written.slice(0, i), mark, ...written.slice(i)];
    }
    return { bsn, text: `${prefix}${written.join('')}${suffix}` };
  });
