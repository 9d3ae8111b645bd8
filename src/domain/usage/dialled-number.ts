/**
 * The one reading of a dialled number (usage.csv `called_number`, RULES.md 2): the import accepts
 * a number exactly when this gives digits, and rating looks those digits up in the deck
 * (src/rating/deck.ts: Deck.match), so a number that is imported can always be rated by them.
 *
 * Separators first, then the international prefix: switches write it spaced out or in
 * parentheses (`(0043) 1-888`, `(00)431888`, `0 0 43 1 888`, `(+43) 1 888`). Dropping a leading
 * `+` or `00` before the separators were gone left `(0043) 1-888` as 0043… , which no deck prefix
 * (431 …) matches: imported, then unresolved as no-rate on every bill run.
 */

/**
 * The digits a dialled number is rated by: spaces, `-`, `(` and `)` removed, then a leading `+`
 * or `00` dropped (`(0043) 1-888` -> `431888`, `+43 (1) 888` -> `431888`, `0361` -> `0361`).
 * Null when it is no dialled number: another character (a letter, `*`, `#`, or a `.`, which
 * docs/formats.md does not allow), a `+` after a digit, or no digit left.
 */
export function dialledDigits(text: string): string | null {
  let digits = '';
  let plus = false;
  let run = -1; // start of the current run of digits: most numbers are one run, taken by one slice
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (run < 0) run = i;
      continue;
    }
    if (run >= 0) {
      digits += text.slice(run, i);
      run = -1;
    }
    if (c === 43 && !plus && digits === '') plus = true;
    else if (!isSeparator(c)) return null;
  }
  if (run >= 0) digits += text.slice(run);
  const national = !plus && digits.startsWith('00') ? digits.slice(2) : digits;
  return national === '' ? null : national;
}

/** The visual separators a dialled number may be written with: space, `-`, `(` and `)`. */
function isSeparator(code: number): boolean {
  return code === 32 || code === 45 || code === 40 || code === 41;
}
