/**
 * VAT identification numbers: the format each EU member state uses behind its prefix (the
 * Commission's VIES formats) and the check digit it publishes. A company client with a valid VAT
 * id is a taxable business (reverse charge, RULES.md 13), so a mistyped id must be refused at the
 * door rather than turn up on an invoice that the buyer's tax office will not accept.
 *
 * Outside the EU the format alone is checked (GB and XI, CH, NO); elsewhere any tax number of
 * letters and digits is taken as given, since no register of every country's formats is kept.
 */
import { isEuMemberState } from './countries.ts';

/** A check returns true when the digits match, false when they do not, or the reason when some other part is wrong. */
type Check = (number: string) => boolean | string;

interface VatScheme {
  /** The ISO country the scheme belongs to (GR for the EL prefix). */
  country: string;
  name: string;
  adjective: string;
  /** The whole id, prefix included. */
  format: RegExp;
  /** What follows "has" in the format message, e.g. "9 digits after DE". */
  shape: string;
  /** Gets the id without its two-letter prefix. */
  check?: Check;
}

const digitsOf = (s: string): number[] => [...s].map(Number);
/** Sum of the leading digits of s, each times its weight. */
const weighted = (s: string, weights: readonly number[]): number => weights.reduce((sum, w, i) => sum + w * Number(s[i]), 0);
const mod = (a: number, m: number): number => ((a % m) + m) % m;

/** Luhn (ISO/IEC 7812) checksum of a number whose last digit is its check digit: 0 when valid. */
function luhnSum(s: string): number {
  let sum = 0;
  [...s].reverse().forEach((c, i) => {
    const d = Number(c) * (i % 2 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  });
  return sum % 10;
}

/** The Luhn check digit to append to s. */
const luhnDigit = (s: string): number => (10 - luhnSum(`${s}0`)) % 10;

/** ISO 7064 MOD 11,10 check digit (German USt-IdNr., Croatian OIB). */
function mod11_10Digit(s: string): number {
  let product = 10;
  for (const d of digitsOf(s)) {
    const sum = (d + product) % 10 || 10;
    product = (2 * sum) % 11;
  }
  return (11 - product) % 10;
}

/** Remainder of a long string of digits and letters (A = 10 ... Z = 35) modulo 97, as IBANs are checked. */
function mod97(s: string): number {
  let r = 0;
  for (const c of s) {
    const v = c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c;
    for (const d of v) r = (r * 10 + Number(d)) % 97;
  }
  return r;
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Czech and Slovak birth number (rodné číslo): embedded date, and for 10 digits the whole number divisible by 11. */
function czechBirthNumber(n: string): boolean | string {
  let year = 1900 + Number(n.slice(0, 2));
  // Women have 50 added to the month; 20 is added when a day's serials ran out (since 2004).
  const month = (Number(n.slice(2, 4)) % 50) % 20;
  if (n.length === 9) {
    if (year >= 1980) year -= 100;
    if (year > 1953) return 'a Czech VAT id of 9 digits is a birth number given before 1954 (or starts with 6)';
  } else if (year < 1954) year += 100;
  if (!isDate(year, month, Number(n.slice(4, 6)))) return `a Czech VAT id of ${n.length} digits is a birth number, and ${n.slice(0, 6)} is not a birth date (YYMMDD)`;
  return n.length === 9 || (Number(n.slice(0, 9)) % 11) % 10 === Number(n[9]);
}

/** Bulgarian personal number (EGN): birth date and check digit. */
function bulgarianEgn(n: string): boolean {
  let year = 1900 + Number(n.slice(0, 2));
  let month = Number(n.slice(2, 4));
  if (month > 40) [year, month] = [year + 100, month - 40];
  else if (month > 20) [year, month] = [year - 100, month - 20];
  if (!isDate(year, month, Number(n.slice(4, 6)))) return false;
  return (weighted(n, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10 === Number(n[9]);
}

const SPANISH_DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

function spanishNif(n: string): boolean | string {
  const last = n[8]!;
  const first = n[0]!;
  // Residents (DNI), foreigners (NIE: X, Y, Z stand for 0, 1, 2) and K, L, M: a letter from the number modulo 23.
  if (/\d/.test(first)) return last === SPANISH_DNI_LETTERS[Number(n.slice(0, 8)) % 23];
  if ('XYZ'.includes(first)) return last === SPANISH_DNI_LETTERS[Number(`${'XYZ'.indexOf(first)}${n.slice(1, 8)}`) % 23];
  if ('KLM'.includes(first)) return last === SPANISH_DNI_LETTERS[Number(n.slice(1, 8)) % 23];
  // Legal entities (CIF): a Luhn digit over the 7 digits, written as a digit or as a letter of JABCDEFGHI.
  if ('ABCDEFGHJNPQRSUVW'.includes(first)) {
    const check = luhnDigit(n.slice(1, 8));
    return last === String(check) || last === 'JABCDEFGHI'[check];
  }
  return `a Spanish VAT id starts with a digit or one of the letters ABCDEFGHJKLMNPQRSUVWXYZ, not ${first}`;
}

const FRENCH_KEY_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function frenchTva(n: string): boolean {
  const key = n.slice(0, 2);
  const siren = n.slice(2);
  // The SIREN carries its own Luhn digit; numbers of Monaco companies (000...) have none.
  if (!siren.startsWith('000') && luhnSum(siren) !== 0) return false;
  if (/^\d\d$/.test(key)) return Number(key) === Number(BigInt(`${siren}12`) % 97n);
  const check = /\d/.test(key[0]!)
    ? FRENCH_KEY_ALPHABET.indexOf(key[0]!) * 24 + FRENCH_KEY_ALPHABET.indexOf(key[1]!) - 10
    : FRENCH_KEY_ALPHABET.indexOf(key[0]!) * 34 + FRENCH_KEY_ALPHABET.indexOf(key[1]!) - 100;
  return (Number(siren) + 1 + Math.floor(check / 11)) % 11 === check % 11;
}

const IRISH_ALPHABET = 'WABCDEFGHIJKLMNOPQRSTUV';
const irishLetter = (sevenDigits: string, ninth: string): string =>
  IRISH_ALPHABET[(weighted(sevenDigits, [8, 7, 6, 5, 4, 3, 2]) + 9 * IRISH_ALPHABET.indexOf(ninth === '' ? 'W' : ninth)) % 23]!;

function irishVat(n: string): boolean {
  // Since 2013: 7 digits, the check letter and a second letter (W or A-I) folded into the check.
  if (/^\d{7}/.test(n)) return n[7] === irishLetter(n.slice(0, 7), n.slice(8));
  // The old form: digit, letter or + or *, 5 digits, check letter; checked as 0, the 5 digits, the first digit.
  return n[7] === irishLetter(`0${n.slice(2, 7)}${n[0]}`, '');
}

function czechDic(n: string): boolean | string {
  if (n.length === 8) {
    if (n.startsWith('9')) return 'a Czech VAT id of 8 digits (a company) does not start with 9';
    const check = mod(11 - weighted(n, [8, 7, 6, 5, 4, 3, 2]), 11);
    return (check || 1) % 10 === Number(n[7]);
  }
  if (n.length === 9 && n.startsWith('6')) {
    // Individuals without a birth number: the first digit is left out of the check.
    const check = weighted(n.slice(1, 8), [8, 7, 6, 5, 4, 3, 2]) % 11;
    return mod(8 - mod(10 - check, 11), 10) === Number(n[8]);
  }
  return czechBirthNumber(n);
}

function lithuanianPvm(n: string): boolean | string {
  if (n.length === 9 && n[7] !== '1') return 'a Lithuanian VAT id of 9 digits has 1 as its 8th digit';
  if (n.length === 12 && n[10] !== '1') return 'a Lithuanian VAT id of 12 digits has 1 as its 11th digit';
  const body = n.slice(0, -1);
  let check = [...body].reduce((s, d, i) => s + (1 + (i % 9)) * Number(d), 0) % 11;
  if (check === 10) check = [...body].reduce((s, d, i) => s + (1 + ((i + 2) % 9)) * Number(d), 0) % 11;
  return check % 10 === Number(n.at(-1));
}

function latvianPvn(n: string): boolean | string {
  // Legal entities (first digit above 3); persons use their personal code, which starts with the
  // birth date, except the codes given since 2017 (starting 32), which carry no check digit.
  if (n[0]! > '3') return weighted(n, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 === 3;
  if (n.startsWith('32')) return true;
  const year = 1800 + Number(n[6]) * 100 + Number(n.slice(4, 6));
  if (!isDate(year, Number(n.slice(2, 4)), Number(n.slice(0, 2)))) {
    return `a Latvian VAT id starting with 0 to 3 is a personal code, and ${n.slice(0, 6)} is not a birth date (DDMMYY)`;
  }
  return ((1 + weighted(n, [10, 5, 8, 4, 2, 1, 6, 3, 7, 9])) % 11) % 10 === Number(n[10]);
}

function dutchBtw(n: string): boolean | string {
  if (n.endsWith('B00')) return 'a Dutch VAT id ends in B and a branch number from 01 to 99';
  // Companies: the RSIN passes the 11-test; sole traders since 2020: the whole id modulo 97 is 1.
  const rsin = n.slice(0, 9);
  const elevenTest = mod(weighted(rsin.slice(0, 8), [9, 8, 7, 6, 5, 4, 3, 2]) - Number(rsin[8]), 11) === 0 && Number(rsin) > 0;
  return elevenTest || mod97(`NL${n}`) === 1;
}

function bulgarianVat(n: string): boolean {
  if (n.length === 9) {
    let check = weighted(n, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
    if (check === 10) check = weighted(n, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
    return check % 10 === Number(n[8]);
  }
  // 10 digits: a person's EGN, a foreigner's personal number, or another registered person.
  return bulgarianEgn(n)
    || weighted(n, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 === Number(n[9])
    || mod(11 - weighted(n, [4, 3, 2, 7, 6, 5, 4, 3, 2]), 11) === Number(n[9]);
}

const CYPRIOT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];

const SCHEMES: Record<string, VatScheme> = {
  AT: {
    country: 'AT', name: 'Austria', adjective: 'Austrian', format: /^ATU\d{8}$/, shape: 'U and 8 digits after AT',
    check: (n) => (6 - luhnSum(n.slice(1, 8)) + 10) % 10 === Number(n[8]),
  },
  BE: {
    country: 'BE', name: 'Belgium', adjective: 'Belgian', format: /^BE[01]\d{9}$/, shape: '10 digits after BE, starting with 0 or 1',
    check: (n) => 97 - (Number(n.slice(0, 8)) % 97) === Number(n.slice(8)),
  },
  BG: { country: 'BG', name: 'Bulgaria', adjective: 'Bulgarian', format: /^BG\d{9,10}$/, shape: '9 or 10 digits after BG', check: bulgarianVat },
  CY: {
    country: 'CY', name: 'Cyprus', adjective: 'Cypriot', format: /^CY\d{8}[A-Z]$/, shape: '8 digits and a letter after CY',
    check: (n) => n.startsWith('12') ? 'a Cypriot VAT id does not start with 12'
      : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[digitsOf(n.slice(0, 8)).reduce((s, d, i) => s + (i % 2 ? d : CYPRIOT_ODD[d]!), 0) % 26] === n[8],
  },
  CZ: { country: 'CZ', name: 'Czechia', adjective: 'Czech', format: /^CZ\d{8,10}$/, shape: '8, 9 or 10 digits after CZ', check: czechDic },
  DE: {
    country: 'DE', name: 'Germany', adjective: 'German', format: /^DE[1-9]\d{8}$/, shape: '9 digits after DE, the first not 0',
    check: (n) => mod11_10Digit(n.slice(0, 8)) === Number(n[8]),
  },
  DK: {
    country: 'DK', name: 'Denmark', adjective: 'Danish', format: /^DK[1-9]\d{7}$/, shape: '8 digits after DK, the first not 0',
    check: (n) => weighted(n, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0,
  },
  EE: {
    country: 'EE', name: 'Estonia', adjective: 'Estonian', format: /^EE\d{9}$/, shape: '9 digits after EE',
    check: (n) => weighted(n, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0,
  },
  EL: {
    country: 'GR', name: 'Greece', adjective: 'Greek', format: /^EL\d{9}$/, shape: '9 digits after EL',
    check: (n) => ((weighted(n.slice(0, 8), [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10) === Number(n[8]),
  },
  ES: {
    country: 'ES', name: 'Spain', adjective: 'Spanish', format: /^ES[A-Z0-9]\d{7}[A-Z0-9]$/,
    shape: '9 characters after ES: a letter or digit, 7 digits, a letter or digit', check: spanishNif,
  },
  FI: {
    country: 'FI', name: 'Finland', adjective: 'Finnish', format: /^FI\d{8}$/, shape: '8 digits after FI',
    check: (n) => weighted(n, [7, 9, 10, 5, 8, 4, 2, 1]) % 11 === 0,
  },
  FR: {
    country: 'FR', name: 'France', adjective: 'French', format: /^FR[A-HJ-NP-Z0-9]{2}\d{9}$/,
    shape: '2 characters (digits, or letters other than I and O) and the 9-digit SIREN after FR', check: frenchTva,
  },
  HR: {
    country: 'HR', name: 'Croatia', adjective: 'Croatian', format: /^HR\d{11}$/, shape: '11 digits after HR',
    check: (n) => mod11_10Digit(n.slice(0, 10)) === Number(n[10]),
  },
  HU: {
    country: 'HU', name: 'Hungary', adjective: 'Hungarian', format: /^HU\d{8}$/, shape: '8 digits after HU',
    check: (n) => (10 - (weighted(n, [9, 7, 3, 1, 9, 7, 3]) % 10)) % 10 === Number(n[7]),
  },
  IE: {
    country: 'IE', name: 'Ireland', adjective: 'Irish', format: /^IE(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
    shape: '7 digits and 1 or 2 letters after IE (or a digit, a letter, 5 digits and a letter)', check: irishVat,
  },
  IT: {
    country: 'IT', name: 'Italy', adjective: 'Italian', format: /^IT\d{11}$/, shape: '11 digits after IT',
    check: (n) => {
      if (/^0{7}/.test(n)) return 'the first 7 digits of an Italian VAT id are not all 0';
      const office = n.slice(7, 10);
      if (!((office >= '001' && office <= '100') || ['120', '121', '888', '999'].includes(office))) {
        return `an Italian VAT id has a tax office code (digits 8 to 10) of 001 to 100, 120, 121, 888 or 999, not ${office}`;
      }
      return luhnSum(n) === 0;
    },
  },
  LT: { country: 'LT', name: 'Lithuania', adjective: 'Lithuanian', format: /^LT(\d{9}|\d{12})$/, shape: '9 or 12 digits after LT', check: lithuanianPvm },
  LU: {
    country: 'LU', name: 'Luxembourg', adjective: 'Luxembourgish', format: /^LU\d{8}$/, shape: '8 digits after LU',
    check: (n) => Number(n.slice(0, 6)) % 89 === Number(n.slice(6)),
  },
  LV: { country: 'LV', name: 'Latvia', adjective: 'Latvian', format: /^LV\d{11}$/, shape: '11 digits after LV', check: latvianPvn },
  MT: {
    country: 'MT', name: 'Malta', adjective: 'Maltese', format: /^MT[1-9]\d{7}$/, shape: '8 digits after MT, the first not 0',
    check: (n) => weighted(n, [3, 4, 6, 7, 8, 9, 10, 1]) % 37 === 0,
  },
  NL: { country: 'NL', name: 'the Netherlands', adjective: 'Dutch', format: /^NL\d{9}B\d{2}$/, shape: '9 digits, B and 2 digits after NL', check: dutchBtw },
  PL: {
    country: 'PL', name: 'Poland', adjective: 'Polish', format: /^PL\d{10}$/, shape: '10 digits after PL',
    check: (n) => weighted(n, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === Number(n[9]),
  },
  PT: {
    country: 'PT', name: 'Portugal', adjective: 'Portuguese', format: /^PT\d{9}$/, shape: '9 digits after PT',
    check: (n) => (mod(11 - weighted(n, [9, 8, 7, 6, 5, 4, 3, 2]), 11) % 10) === Number(n[8]),
  },
  RO: {
    country: 'RO', name: 'Romania', adjective: 'Romanian', format: /^RO[1-9]\d{1,9}$/, shape: '2 to 10 digits after RO, the first not 0',
    check: (n) => ((10 * weighted(n.slice(0, -1).padStart(9, '0'), [7, 5, 3, 2, 1, 7, 5, 3, 2])) % 11) % 10 === Number(n.at(-1)),
  },
  SE: {
    country: 'SE', name: 'Sweden', adjective: 'Swedish', format: /^SE\d{10}01$/, shape: '12 digits after SE: the 10-digit organisation number and 01',
    check: (n) => luhnSum(n.slice(0, 10)) === 0,
  },
  SI: {
    country: 'SI', name: 'Slovenia', adjective: 'Slovenian', format: /^SI[1-9]\d{7}$/, shape: '8 digits after SI, the first not 0',
    check: (n) => {
      const check = 11 - (weighted(n, [8, 7, 6, 5, 4, 3, 2]) % 11);
      return check !== 11 && check % 10 === Number(n[7]);
    },
  },
  SK: {
    country: 'SK', name: 'Slovakia', adjective: 'Slovak', format: /^SK[1-9]\d{9}$/, shape: '10 digits after SK, the first not 0',
    check: (n) => '234789'.includes(n[2]!) ? Number(n) % 11 === 0 : `the 3rd digit of a Slovak VAT id is 2, 3, 4, 7, 8 or 9, not ${n[2]}`,
  },
  GB: {
    country: 'GB', name: 'the United Kingdom', adjective: 'British', format: /^GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
    shape: '9 or 12 digits, or GD or HA and 3 digits, after GB',
  },
  XI: {
    country: 'GB', name: 'Northern Ireland', adjective: 'Northern Irish', format: /^XI(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
    shape: '9 or 12 digits, or GD or HA and 3 digits, after XI',
  },
  CH: {
    country: 'CH', name: 'Switzerland', adjective: 'Swiss', format: /^CHE\d{9}(MWST|TVA|IVA)?$/,
    shape: 'E and 9 digits after CH, optionally followed by MWST, TVA or IVA',
  },
  NO: {
    country: 'NO', name: 'Norway', adjective: 'Norwegian', format: /^NO\d{9}(MVA)?$/, shape: '9 digits after NO, optionally followed by MVA',
  },
};

const PREFIX_OF_COUNTRY: Record<string, string> = Object.fromEntries(
  Object.entries(SCHEMES).filter(([prefix]) => prefix !== 'XI').map(([prefix, s]) => [s.country, prefix]),
);

/** Removes the spaces, dots and dashes people type into VAT ids. */
export function normalizeVatId(vatId: string): string {
  return vatId.replace(/[\s.\-]/g, '').toUpperCase();
}

/** Whether the VAT id is one of `country`'s (its prefix: EL for Greece). */
export function isVatIdOf(vatId: string, country: string): boolean {
  const prefix = vatPrefixOf(country);
  return prefix !== null && normalizeVatId(vatId).startsWith(prefix);
}

/** The prefix a VAT id of the country starts with (EL for Greece), or null outside the countries whose formats are known. */
function vatPrefixOf(country: string): string | null {
  return PREFIX_OF_COUNTRY[country] ?? null;
}

const article = (word: string): string => (/^[AEIOU]/.test(word) ? 'an' : 'a');

/** Why the string is no VAT or tax id at all (whatever country), or null when it could be one. */
function notAVatIdReason(id: string): string | null {
  if (id === '') return 'it is empty';
  // + and * appear only in old Irish ids (IE1+23456A).
  const stray = [...id].find((c) => !/[A-Z0-9]/.test(c) && !(id.startsWith('IE') && (c === '+' || c === '*')));
  if (stray !== undefined) return `${JSON.stringify(stray)} is not a letter or digit`;
  if (!/\d/.test(id)) return 'it has no digits';
  if (id.length < 4) return 'it is too short';
  if (id.length > 20) return 'it is longer than 20 characters';
  return null;
}

/**
 * Null when valid; else the reason, naming the country and what is wrong. The format is the one of
 * the country the id's own prefix names (a company may be registered for VAT in another member
 * state than its address), so `DE123456789` is checked as German wherever the client sits. A
 * string that is no id at all is said to be so, rather than read as the id of the country its
 * first two letters happen to name. Without a known prefix an EU client's id is refused;
 * elsewhere any tax number of 4 to 20 letters and digits is accepted.
 */
export function vatIdProblem(vatId: string, country: string): string | null {
  const id = normalizeVatId(vatId);
  const notAnId = notAVatIdReason(id);
  if (notAnId) return `not a VAT id: ${notAnId}`;
  const scheme = SCHEMES[id.slice(0, 2)];
  if (scheme) {
    if (!scheme.format.test(id)) return `${article(scheme.adjective)} ${scheme.adjective} VAT id has ${scheme.shape}`;
    const verdict = scheme.check ? scheme.check(id.slice(2)) : true;
    if (verdict === true) return null;
    return verdict === false ? `check digit does not match (${scheme.name})` : verdict;
  }
  if (id.startsWith('GR')) return 'a Greek VAT id starts with EL, not GR';
  if (isEuMemberState(country)) {
    const prefix = vatPrefixOf(country)!;
    return `an EU VAT id starts with its country prefix (${prefix} for ${SCHEMES[prefix]!.name})`;
  }
  return null;
}
