/**
 * VAT data: standard rates with their effective dates, the EU VAT area by date, and per-service
 * exceptions (RULES.md 13: "Rates have effective dates"). Data only; the rules that read it are
 * in `vat.ts`. A rate change is a new row, never an edit of an old one: invoices already issued
 * were right on their date and are recomputed from the same rows on replay.
 *
 * Coverage: every list starts on VAT_DATA_FROM with the rate in force that day (it may have been
 * in force long before). Earlier dates have no data and are refused rather than guessed. The last
 * row of a list holds until a newer row is added.
 *
 * Rates are per country for its main territory. Territories outside the EU VAT area (Canary
 * Islands, Ceuta, Melilla, Åland, Büsingen, Heligoland, Livigno, Campione d'Italia, Mount Athos,
 * the French overseas departments) and regional rates (Madeira, Azores, Corsica) are not modelled:
 * clients there need a country-level decision by the operator before they are billed.
 */
import type { ServiceCategory } from '../domain/catalog/decider.ts';

/** First date with data; the first row of every rate list starts here. */
export const VAT_DATA_FROM = '2020-01-01';

/** A rate (percent, decimal string) in force from `from` (inclusive) until the next row's `from`. */
export interface RatePeriod {
  from: string;
  rate: string;
}

/**
 * Standard VAT rates. Sources: the European Commission's "VAT rates applied in the Member States"
 * and the national laws cited beside each change.
 */
export const STANDARD_VAT_RATES: Readonly<Record<string, readonly RatePeriod[]>> = {
  // EU member states
  AT: [{ from: VAT_DATA_FROM, rate: '20' }],
  BE: [{ from: VAT_DATA_FROM, rate: '21' }],
  BG: [{ from: VAT_DATA_FROM, rate: '20' }],
  CY: [{ from: VAT_DATA_FROM, rate: '19' }],
  CZ: [{ from: VAT_DATA_FROM, rate: '21' }],
  DE: [
    { from: VAT_DATA_FROM, rate: '19' },
    // Zweites Corona-Steuerhilfegesetz: 16 % for the second half of 2020 only.
    { from: '2020-07-01', rate: '16' },
    { from: '2021-01-01', rate: '19' },
  ],
  DK: [{ from: VAT_DATA_FROM, rate: '25' }],
  EE: [
    { from: VAT_DATA_FROM, rate: '20' },
    { from: '2024-01-01', rate: '22' },
    // The "security tax" package: 24 % from 1 July 2025.
    { from: '2025-07-01', rate: '24' },
  ],
  ES: [{ from: VAT_DATA_FROM, rate: '21' }],
  FI: [
    { from: VAT_DATA_FROM, rate: '24' },
    { from: '2024-09-01', rate: '25.5' },
  ],
  FR: [{ from: VAT_DATA_FROM, rate: '20' }],
  GR: [{ from: VAT_DATA_FROM, rate: '24' }],
  HR: [{ from: VAT_DATA_FROM, rate: '25' }],
  HU: [{ from: VAT_DATA_FROM, rate: '27' }],
  IE: [
    { from: VAT_DATA_FROM, rate: '23' },
    // July 2020 Jobs Stimulus: 21 % from 1 September 2020 to 28 February 2021.
    { from: '2020-09-01', rate: '21' },
    { from: '2021-03-01', rate: '23' },
  ],
  IT: [{ from: VAT_DATA_FROM, rate: '22' }],
  LT: [{ from: VAT_DATA_FROM, rate: '21' }],
  LU: [
    { from: VAT_DATA_FROM, rate: '17' },
    // Law of 26 October 2022: every rate but the super-reduced one one point lower for 2023.
    { from: '2023-01-01', rate: '16' },
    { from: '2024-01-01', rate: '17' },
  ],
  LV: [{ from: VAT_DATA_FROM, rate: '21' }],
  MT: [{ from: VAT_DATA_FROM, rate: '18' }],
  NL: [{ from: VAT_DATA_FROM, rate: '21' }],
  PL: [{ from: VAT_DATA_FROM, rate: '23' }],
  PT: [{ from: VAT_DATA_FROM, rate: '23' }],
  RO: [
    { from: VAT_DATA_FROM, rate: '19' },
    // The 2025 fiscal-budgetary package: 21 % from 1 August 2025.
    { from: '2025-08-01', rate: '21' },
  ],
  SE: [{ from: VAT_DATA_FROM, rate: '25' }],
  SI: [{ from: VAT_DATA_FROM, rate: '22' }],
  SK: [
    { from: VAT_DATA_FROM, rate: '20' },
    // The 2024 consolidation package: 23 % from 1 January 2025.
    { from: '2025-01-01', rate: '23' },
  ],
  // Outside the EU
  CH: [
    { from: VAT_DATA_FROM, rate: '7.7' },
    { from: '2024-01-01', rate: '8.1' },
  ],
  GB: [{ from: VAT_DATA_FROM, rate: '20' }],
  NO: [{ from: VAT_DATA_FROM, rate: '25' }],
};

/**
 * Countries known to levy no VAT. The United States taxes sales per state and locality, which is
 * not VAT and is out of billstream's scope; its invoices carry no VAT (category O).
 */
export const COUNTRIES_WITHOUT_VAT: ReadonlySet<string> = new Set(['US']);

/** Membership of the EU VAT area: from accession (inclusive) until the last day (inclusive), or still a member. */
export interface Membership {
  from: string;
  until: string | null;
}

const member = (from: string, until: string | null = null): Membership => ({ from, until });

/**
 * The EU VAT area, 27 member states plus the United Kingdom until its exit. The UK left the EU on
 * 2020-01-31, but EU VAT law applied to it through the transition period, so for VAT it was a
 * member until 2020-12-31 (Withdrawal Agreement art. 126-127). Northern Ireland stays in the EU
 * VAT area for goods only (Windsor Framework), not for services, so it is not modelled.
 * `src/core/countries.ts` lists today's members for VAT id formats; a test keeps both in step.
 */
export const EU_VAT_AREA: Readonly<Record<string, Membership>> = {
  BE: member('1958-01-01'),
  DE: member('1958-01-01'),
  FR: member('1958-01-01'),
  IT: member('1958-01-01'),
  LU: member('1958-01-01'),
  NL: member('1958-01-01'),
  DK: member('1973-01-01'),
  IE: member('1973-01-01'),
  GB: member('1973-01-01', '2020-12-31'),
  GR: member('1981-01-01'),
  ES: member('1986-01-01'),
  PT: member('1986-01-01'),
  AT: member('1995-01-01'),
  FI: member('1995-01-01'),
  SE: member('1995-01-01'),
  CY: member('2004-05-01'),
  CZ: member('2004-05-01'),
  EE: member('2004-05-01'),
  HU: member('2004-05-01'),
  LT: member('2004-05-01'),
  LV: member('2004-05-01'),
  MT: member('2004-05-01'),
  PL: member('2004-05-01'),
  SI: member('2004-05-01'),
  SK: member('2004-05-01'),
  BG: member('2007-01-01'),
  RO: member('2007-01-01'),
  HR: member('2013-07-01'),
};

/**
 * What a country's law does to one service category instead of its standard rate:
 * - `reduced`: a lower rate (still category S on the invoice: EN 16931 has no separate code);
 * - `zero-rated`: category Z, 0 %, VAT deductible on inputs;
 * - `exempt`: category E, 0 %; `mentionKey` names the legal mention (`vat-mention-<key>` in
 *   src/i18n/locales/<language>/invoice.ftl; use `'E'` for the generic one, or add a key citing
 *   the national article, in every language);
 * - `standard`: back to the standard rate, to end an earlier exception.
 */
export type ServiceVatTreatment =
  | { kind: 'reduced'; rate: string }
  | { kind: 'zero-rated' }
  | { kind: 'exempt'; mentionKey: string }
  | { kind: 'standard' };

export interface ServiceVatPeriod {
  from: string;
  treatment: ServiceVatTreatment;
  /** The law that says so: an auditor must be able to check every row. */
  basis: string;
}

/**
 * Exceptions by the country whose rate applies (the seller's at home, the consumer's under OSS),
 * then service category; rows in date order, each holding until the next one. A category without
 * rows pays the standard rate. To add one: append a row with its legal basis, never edit an old
 * row, and add a test with an invoice dated on each side of its `from`.
 *
 * Bundles (`bundle`) take no exception here: a bundle mixing rates must be split into its
 * components by the catalogue, not guessed from its category.
 */
export const SERVICE_VAT_OVERRIDES: Readonly<Record<string, Readonly<Partial<Record<ServiceCategory, readonly ServiceVatPeriod[]>>>>> = {
  // Empty on purpose: RULES.md 13 charges "that country's rate" to every telecom, broadcasting
  // and electronic service, and invoices must follow the rules the operator signed off. A reduced
  // rate is added here when the operator's tax adviser confirms it, e.g. Hungarian internet access
  // (Áfa tv. 3. számú melléklet I. rész, 5 % since 2018-01-01):
  //   HU: { internet: [{ from: '2018-01-01', treatment: { kind: 'reduced', rate: '5' }, basis: 'Áfa tv. 3. számú melléklet I. rész' }] },
};
