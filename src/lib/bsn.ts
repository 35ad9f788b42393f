/**
 * Burgerservicenummer detection. A BSN is nine digits passing the "elfproef": the weighted sum
 * 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and not zero). Nothing a person types into
 * this service may hold one: a BSN may only be processed where a statute allows it (Wet algemene
 * bepalingen burgerservicenummer, art. 10), and whatever is stored here ends up in an append-only
 * chain, where it could never be removed.
 *
 * Numbers are looked for the way a person, or a system building an "opaque" reference from the
 * BSN, might write them. The text is normalised first: NFKC (full-width and other compatibility
 * forms), every Unicode decimal digit (Arabic-Indic, Devanagari, …) read as its ASCII digit, and
 * format characters (zero-width space, soft hyphen, bidi controls) and combining marks dropped.
 * It is then read as groups of digits; a short run (at most three characters) of anything that is
 * neither a letter nor a digit joins two groups into one number (`111-222-333`, `111 / 222 / 333`,
 * `1-1-1-2-2-2-3-3-3`), a letter or a longer run ends it.
 *
 * `containsBsn` (references, names, free text) then tests
 * - every nine consecutive digits inside one group (`0111222333`, `client123456782`), and
 * - every run of whole groups, written with one and the same separator, of nine digits together
 *   (`C-111-222-333`, `1234.56.782`), or of ten starting with a zero (`0-111-222-333`).
 * Nine digits that cut a group in two across a separator, or groups with different separators
 * between them, are not tested: a date followed by a time (`1-12-2026 14:05`) would otherwise be
 * refused about one time in ten.
 *
 * `tokenHoldsBsn` (Idempotency-Key, X-Request-Id, cursors: identifiers a system generates) tests
 * only whether a part of the token between separators is itself a BSN (after any leading letters:
 * `bsn123456782`), because a timestamp or random characters in a token would otherwise be refused
 * often (a time with milliseconds, `10:15:30.123`, is nine digits in whole groups).
 *
 * A value that is a UUID is judged by its groups read as numbers (`…-000111222333` holds one): its
 * random hexadecimal digits would otherwise contain nine passing digits in about one UUID in thirty.
 *
 * Refusing errs on the safe side: about one in eleven random nine-digit numbers passes the test,
 * so a long number in a text is sometimes refused although it is no BSN; the refusal says so.
 */

/** The most separator characters between two digit groups that are still read as one number. */
const MAX_SEPARATOR_RUN = 3;

export function passesElfproef(nineDigits: string): boolean {
  if (!/^\d{9}$/.test(nineDigits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (nineDigits.charCodeAt(i) - 48);
  sum -= nineDigits.charCodeAt(8) - 48;
  return sum !== 0 && sum % 11 === 0;
}

const DECIMAL_DIGIT = /\p{Nd}/u;
const zeroOf = new Map<number, number>();

/**
 * The ASCII digit of any Unicode decimal digit. Unicode assigns decimal digits in contiguous runs
 * whose first character is zero (a stability guarantee), so a digit's value is its distance from
 * the start of its run, modulo ten (some runs hold several sets, e.g. mathematical digits).
 */
function asciiDigit(codePoint: number): string {
  let zero = zeroOf.get(codePoint);
  if (zero === undefined) {
    zero = codePoint;
    while (zero > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero -= 1;
    zeroOf.set(codePoint, zero);
  }
  return String.fromCharCode(48 + ((codePoint - zero) % 10));
}

/** NFKC, Unicode digits as ASCII, format characters and combining marks dropped. */
export function normaliseDigits(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{M}]/gu, '')
    .replace(/\p{Nd}/gu, (digit) => {
      const code = digit.codePointAt(0)!;
      return code >= 48 && code <= 57 ? digit : asciiDigit(code);
    });
}

const isDigit = (ch: string) => ch >= '0' && ch <= '9';
const isLetter = (ch: string) => /\p{L}/u.test(ch);

/** A number as written: its digit groups and the separator written before each group after the first. */
export interface WrittenNumber {
  groups: string[];
  separators: string[];
}

/**
 * The numbers of a normalised text: digit groups that short separators join (a letter or a longer
 * separator run starts a new number).
 */
export function numbersIn(normalised: string): WrittenNumber[] {
  const numbers: WrittenNumber[] = [];
  let current: WrittenNumber = { groups: [], separators: [] };
  let group = '';
  let separator = '';
  const endGroup = () => {
    if (!group) return;
    if (current.groups.length > 0) current.separators.push(separator);
    current.groups.push(group);
    group = '';
    separator = '';
  };
  const endNumber = () => {
    endGroup();
    if (current.groups.length > 0) numbers.push(current);
    current = { groups: [], separators: [] };
    separator = '';
  };
  for (const ch of normalised) {
    if (isDigit(ch)) {
      if (separator.length > MAX_SEPARATOR_RUN) endNumber();
      group += ch;
    } else if (isLetter(ch)) {
      endNumber();
    } else {
      endGroup();
      if (current.groups.length > 0) separator += ch;
    }
  }
  endNumber();
  return numbers;
}

/** Nine digits, or ten starting with a zero (an eight-digit BSN is written with a leading zero). */
function isBsnNumber(digits: string): boolean {
  if (digits.length === 9) return passesElfproef(digits);
  return digits.length === 10 && digits[0] === '0' && passesElfproef(digits.slice(1));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID holds a BSN when its last group is all digits and, read as a number, is one. */
function uuidHoldsBsn(uuid: string): boolean {
  return uuid.split('-').some((group) => {
    if (group.length < 9 || !/^\d+$/.test(group)) return false;
    const significant = group.replace(/^0+/, '');
    return significant.length >= 8 && significant.length <= 9 && passesElfproef(significant.padStart(9, '0'));
  });
}

/** True when the text (a reference, a name, free text) holds a BSN, written in any way above. */
export function containsBsn(value: string): boolean {
  const text = normaliseDigits(value);
  if (UUID.test(text.trim())) return uuidHoldsBsn(text.trim());
  for (const { groups, separators } of numbersIn(text)) {
    for (const group of groups) {
      for (let i = 0; i + 9 <= group.length; i++) if (passesElfproef(group.slice(i, i + 9))) return true;
    }
    // Whole groups written with one and the same separator, as a person splits a number.
    for (let first = 0; first < groups.length; first++) {
      let digits = groups[first]!;
      for (let last = first + 1; last < groups.length && digits.length < 10; last++) {
        if (separators[last - 1] !== separators[first]) break;
        digits += groups[last];
        if (isBsnNumber(digits)) return true;
      }
    }
  }
  return false;
}

/** True when a part of the token (an identifier a system generated) is a BSN. */
export function tokenHoldsBsn(value: string): boolean {
  const text = normaliseDigits(value);
  if (UUID.test(text)) return uuidHoldsBsn(text);
  return text
    .split(/[^\p{L}0-9]+/u)
    .some((part) => isBsnNumber(part.replace(/^\p{L}+/u, '')) && /^\p{L}*\d+$/u.test(part));
}
