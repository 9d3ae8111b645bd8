/**
 * International bank account numbers (ISO 13616): the country prefix, two check digits that make
 * the whole number 1 modulo 97 (ISO 7064 MOD 97-10), and the length the IBAN registry fixes for
 * each country. A legal entity's IBAN is printed on every invoice it issues, so a typing mistake
 * would send every client's payment nowhere: it is refused at import.
 */

/** IBAN length per country, from the SWIFT IBAN registry (territories use their parent's prefix: AX is FI, RE is FR). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** The IBAN without spaces, in capitals: how it is stored and checked ("hu42 1177 3016 ..." -> "HU42117730..."). */
export function normalizeIban(iban: string): string {
  return iban.replace(/[\s\u00a0]+/g, '').toUpperCase();
}

/** The IBAN in groups of four, as people read and type it (EPC guidance for paper documents). */
export function printableIban(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}

/** ISO 7064 MOD 97-10 over the IBAN with its first four characters moved to the end, letters as 10 to 35. */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

/** Why `iban` is not an IBAN, or null when it is one (spaces and lower case are accepted: see `normalizeIban`). */
export function ibanProblem(iban: string): string | null {
  const value = normalizeIban(iban);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(value)) return 'is not an IBAN (two letters of a country, two check digits, then letters and digits)';
  const country = value.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return `${country} is not a country that uses IBANs`;
  if (value.length !== length) return `has ${value.length} characters; an IBAN of ${country} has ${length}`;
  if (mod97(value) !== 1) return 'has wrong check digits (ISO 13616 mod 97): a character is mistyped';
  return null;
}

/** BIC (ISO 9362): 4 letters of the bank, 2 of the country, 2 of the location, optionally 3 of the branch. */
export function bicProblem(bic: string): string | null {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic.trim().toUpperCase()) ? null : 'is not a BIC (8 or 11 letters and digits: bank, country, location, optional branch)';
}
