/** IBANs (ISO 13616): the country's length and the mod-97 check digits, as legal entities' payment details are checked. */
import { describe, expect, it } from 'vitest';
import { bicProblem, ibanProblem, normalizeIban, printableIban } from '../../src/core/iban.ts';

describe('IBAN', () => {
  it('accepts the IBAN registry examples, with or without spaces, in any case', () => {
    for (const iban of [
      'DE89 3704 0044 0532 0130 00', 'HU42 1177 3016 1111 1018 0000 0000', 'GB29 NWBK 6016 1331 9268 19', 'NL91 ABNA 0417 1643 00',
      'AT61 1904 3002 3457 3201', 'FR14 2004 1010 0505 0001 3M02 606', 'NO93 8601 1117 947', 'BE68 5390 0754 7034',
      'MT84 MALT 0110 0001 2345 MTLC AST0 01S', 'CH93 0076 2011 6238 5295 7', 'sk31 1200 0000 1987 4263 7541',
    ]) expect(ibanProblem(iban), iban).toBeNull();
  });

  it('refuses a mistyped character, a wrong length for the country, an unknown country and what is no IBAN', () => {
    expect(ibanProblem('DE89 3704 0044 0532 0130 01')).toBe('has wrong check digits (ISO 13616 mod 97): a character is mistyped');
    expect(ibanProblem('DE89 3704 0044 0532 0130 0')).toBe('has 21 characters; an IBAN of DE has 22');
    expect(ibanProblem('HU42 1177 3016 1111 1018 0000')).toBe('has 24 characters; an IBAN of HU has 28');
    expect(ibanProblem('US12 3456 7890 1234')).toBe('US is not a country that uses IBANs');
    expect(ibanProblem('12345678')).toMatch(/^is not an IBAN/);
    expect(ibanProblem('')).toMatch(/^is not an IBAN/);
    expect(ibanProblem('DE89-3704-0044-0532-0130-00')).toMatch(/^is not an IBAN/);
  });

  it('is stored without spaces in capitals and printed in groups of four', () => {
    expect(normalizeIban(' hu42 1177 3016\u00a01111 1018 0000 0000 ')).toBe('HU42117730161111101800000000');
    expect(printableIban('HU42117730161111101800000000')).toBe('HU42 1177 3016 1111 1018 0000 0000');
    expect(printableIban('NO9386011117947')).toBe('NO93 8601 1117 947');
  });

  it('checks the shape of a BIC', () => {
    expect(bicProblem('OTPVHUHB')).toBeNull();
    expect(bicProblem('DEUTDEFF500')).toBeNull();
    expect(bicProblem('OTPV HU')).toMatch(/^is not a BIC/);
  });
});
