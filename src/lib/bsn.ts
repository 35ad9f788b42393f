/**
 * Burgerservicenummer detection. A BSN is nine digits passing the "elfproef": the weighted sum
 * 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and not zero). References sent to this service
 * must be opaque; a value that looks like a BSN is refused so that no BSN enters the audit trail
 * (the BSN may only be used where a statute allows it: Wet algemene bepalingen
 * burgerservicenummer, art. 10).
 */
export function passesElfproef(nineDigits: string): boolean {
  if (!/^\d{9}$/.test(nineDigits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (nineDigits.charCodeAt(i) - 48);
  sum -= nineDigits.charCodeAt(8) - 48;
  return sum !== 0 && sum % 11 === 0;
}

/**
 * True when the reference is a BSN (nine digits, possibly typed with spaces, dots or hyphens) or
 * carries one as a run of exactly nine digits inside it (e.g. "client-111222333"), a pattern seen
 * when systems build "opaque" references from the BSN.
 */
export function containsBsn(value: string): boolean {
  const compact = value.replace(/[\s.-]/g, '');
  if (passesElfproef(compact)) return true;
  for (const run of value.match(/\d+/g) ?? []) {
    if (run.length === 9 && passesElfproef(run)) return true;
  }
  return false;
}
