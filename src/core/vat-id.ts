/**
 * VAT identification numbers: the format each EU member state uses behind its prefix (the
 * Commission's VIES formats). A company client with a valid VAT id is a taxable business
 * (reverse charge, RULES.md 13), so a malformed id must be refused at the door.
 */
import { isEuMemberState } from './countries.ts';

const EU_VAT_FORMATS: Record<string, RegExp> = {
  AT: /^ATU\d{8}$/,
  BE: /^BE[01]\d{9}$/,
  BG: /^BG\d{9,10}$/,
  CY: /^CY\d{8}[A-Z]$/,
  CZ: /^CZ\d{8,10}$/,
  DE: /^DE\d{9}$/,
  DK: /^DK\d{8}$/,
  EE: /^EE\d{9}$/,
  GR: /^EL\d{9}$/,
  ES: /^ES[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^FI\d{8}$/,
  FR: /^FR[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^HR\d{11}$/,
  HU: /^HU\d{8}$/,
  IE: /^IE(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^IT\d{11}$/,
  LT: /^LT(\d{9}|\d{12})$/,
  LU: /^LU\d{8}$/,
  LV: /^LV\d{11}$/,
  MT: /^MT\d{8}$/,
  NL: /^NL\d{9}B\d{2}$/,
  PL: /^PL\d{10}$/,
  PT: /^PT\d{9}$/,
  RO: /^RO\d{2,10}$/,
  SE: /^SE\d{10}01$/,
  SI: /^SI\d{8}$/,
  SK: /^SK\d{10}$/,
};

const NON_EU_VAT_FORMATS: Record<string, RegExp> = {
  GB: /^(GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})|XI(\d{9}|\d{12}|GD\d{3}|HA\d{3}))$/,
  CH: /^CHE\d{9}(MWST|TVA|IVA)?$/,
  NO: /^NO\d{9}(MVA)?$/,
};

/** Removes the spaces, dots and dashes people type into VAT ids. */
export function normalizeVatId(vatId: string): string {
  return vatId.replace(/[\s.\-]/g, '').toUpperCase();
}

/** The country whose format a VAT id's own prefix names (`EL` is Greece, `XI` Northern Ireland under the UK's scheme). */
function countryOfPrefix(vatId: string): string | null {
  const prefix = vatId.slice(0, 2);
  if (prefix === 'EL') return 'GR';
  if (prefix === 'XI' || prefix === 'GB') return 'GB';
  if (prefix === 'CH' || prefix === 'NO') return prefix;
  return EU_VAT_FORMATS[prefix] && prefix !== 'GR' ? prefix : null;
}

/**
 * Null when valid; else the reason. The format is the one of the country the id's own prefix
 * names (a company may be registered for VAT in another member state than its address), so
 * `DE123456789` is checked as German wherever the client sits. Without a known prefix an EU
 * client's id is refused; elsewhere any tax number of 2 to 20 letters and digits is accepted.
 */
export function vatIdProblem(vatId: string, country: string): string | null {
  const registered = countryOfPrefix(vatId);
  if (registered) {
    const format = EU_VAT_FORMATS[registered] ?? NON_EU_VAT_FORMATS[registered]!;
    return format.test(vatId) ? null : `not a valid ${registered} VAT id`;
  }
  if (isEuMemberState(country)) return `an EU VAT id starts with its country prefix (${country === 'GR' ? 'EL' : country} for ${country})`;
  return /^[A-Z0-9]{2,20}$/.test(vatId) ? null : 'a tax id is 2 to 20 letters and digits';
}
