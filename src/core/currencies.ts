/**
 * ISO 4217 active currency codes and their minor units. Rounding to "the currency's minor unit"
 * (RULES.md 10, 14) reads this table: one place, so HUF, JPY and KWD round alike everywhere.
 */
const ZERO_DECIMALS = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DECIMALS = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DECIMALS = 'CLF UYW';
const TWO_DECIMALS =
  'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW ' +
  'COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR ' +
  'IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD ' +
  'NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP ' +
  'SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG';

const MINOR_UNITS = new Map<string, number>();
for (const [codes, digits] of [[ZERO_DECIMALS, 0], [TWO_DECIMALS, 2], [THREE_DECIMALS, 3], [FOUR_DECIMALS, 4]] as const) {
  for (const code of codes.split(' ')) MINOR_UNITS.set(code, digits);
}

export function isCurrencyCode(code: string): boolean {
  return MINOR_UNITS.has(code);
}

/** Digits after the decimal point of the currency's minor unit; throws for an unknown code. */
export function minorUnitDigits(currency: string): number {
  const digits = MINOR_UNITS.get(currency);
  if (digits === undefined) throw new Error(`unknown currency ${currency}`);
  return digits;
}
