/**
 * Text printed to a terminal. Names in the database may hold characters that a terminal acts on
 * instead of showing them: an ANSI escape can hide its own row or rewrite earlier lines, a
 * right-to-left override can disguise a name. New names refuse them (schemas/text.ts); names
 * stored before are shown with every control, format (bidi, zero-width) and line-separator
 * character written as a visible \u{…} escape.
 */
export function printable(text: string): string {
  return text.replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
    (ch) => `\\u{${ch.codePointAt(0)!.toString(16).padStart(4, '0')}}`,
  );
}
