/**
 * The public holiday calendar rating uses for a client's country (RULES.md 1): the nationwide
 * public holidays of the `date-holidays` library (about 200 countries, any year), with the
 * operator's days (`billstream import holidays`) laid over them.
 *
 * What counts: only the library's holidays of type `public` for the country as a whole. Regional
 * ones (a German Land's, a Swiss canton's) and the types `bank`, `optional`, `school` and
 * `observance` are not offpeak; an operator who wants one adds it as its own day. A holiday the
 * library gives several days (Eid al-Fitr in some countries) counts every one of them; substitute
 * days (a holiday on a weekend observed on the Monday) count as holidays.
 *
 * The library is loaded on first use (it takes ~0.3 s), and each country's year is computed once
 * per process.
 */
import type { AppDeps } from '../deps.ts';
import { findAll } from '../../readstore/port.ts';
import { HolidayCalendar, type OperatorDays, type YearHolidays } from '../../rating/holidays.ts';
import { addDays } from '../../core/calendar-date.ts';
import { HOLIDAYS, type HolidayDocument } from '../../../projections/holidays.projection.ts';
import { USAGE_WITHOUT_HOLIDAYS, type UsageWithoutHolidaysDocument } from '../../../projections/usage-without-holidays.projection.ts';
import type { Cycle } from '../../domain/billing-cycle/cycles.ts';
import type { InvoiceFlag } from '../../domain/bill-run/events.ts';

interface HolidayLibrary {
  /** The library's nationwide public holidays of a country per year, or null when it has no calendar for it. */
  yearsOf(country: string): YearHolidays | null;
}

let library: Promise<HolidayLibrary> | null = null;

const DAY_MS = 86_400_000;

/** The `date-holidays` library, loaded once per process. */
export function holidayLibrary(): Promise<HolidayLibrary> {
  library ??= import('date-holidays').then(({ default: Holidays }) => {
    const countries = new Set(Object.keys(new Holidays().getCountries()));
    const perCountry = new Map<string, YearHolidays>();
    return {
      yearsOf(country: string): YearHolidays | null {
        if (!countries.has(country)) return null;
        let years = perCountry.get(country);
        if (!years) {
          // UTC: a holiday's start and end are then its local dates at midnight, whatever the machine's zone.
          const source = new Holidays(country, { types: ['public'], timezone: 'UTC' });
          const cache = new Map<number, ReadonlyMap<string, string>>();
          years = (year) => {
            let days = cache.get(year);
            if (!days) {
              const prefix = `${String(year).padStart(4, '0')}-`;
              const found = new Map<string, string>();
              // A holiday of several days that starts late in December reaches into the next year.
              for (const holiday of [...source.getHolidays(year - 1), ...source.getHolidays(year)]) {
                if (holiday.type !== 'public') continue;
                const first = holiday.date.slice(0, 10);
                const count = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
                for (let i = 0; i < count; i++) {
                  const date = addDays(first, i);
                  if (date.startsWith(prefix) && !found.has(date)) found.set(date, holiday.name);
                }
              }
              days = found;
              cache.set(year, days);
            }
            return days;
          };
          perCountry.set(country, years);
        }
        return years;
      },
    };
  });
  return library;
}

/** The library's calendar of a country alone, without the operator's days (tests, benchmarks). */
export async function libraryCalendar(country: string): Promise<HolidayCalendar> {
  return new HolidayCalendar(country, (await holidayLibrary()).yearsOf(country));
}

/** The operator's days of a country from the read model: date -> name (null: a library day removed). */
export async function operatorDays(billstream: Pick<AppDeps, 'readStore'>, country: string): Promise<OperatorDays> {
  const documents = await findAll<HolidayDocument>(billstream.readStore, HOLIDAYS, { country });
  return new Map(documents.map((d) => [d.date, d.name]));
}

/** The calendar rating uses for a client's country: the library's days with the operator's over them. */
export async function holidayCalendarOf(billstream: Pick<AppDeps, 'readStore'>, country: string): Promise<HolidayCalendar> {
  const [source, days] = await Promise.all([holidayLibrary(), operatorDays(billstream, country)]);
  return new HolidayCalendar(country, source.yearsOf(country), days);
}

/**
 * The voice records of these subscriptions whose latest rating had no holiday calendar: one query
 * for a page of contracts (the read model is normally empty).
 */
export async function usageWithoutHolidays(billstream: Pick<AppDeps, 'readStore'>, subscriptionIds: readonly string[]): Promise<UsageWithoutHolidaysDocument[]> {
  if (subscriptionIds.length === 0) return [];
  return findAll<UsageWithoutHolidaysDocument>(billstream.readStore, USAGE_WITHOUT_HOLIDAYS, { subscriptionId: { $in: [...subscriptionIds] } });
}

/**
 * The control report flag of one contract cycle (non-blocking `no-holiday-calendar`) when any of
 * its subscriptions' voice records in the cycle was rated without a public holiday calendar for
 * the client's country (RULES.md 1: such calls were banded by weekday and time alone, so a call
 * on a holiday may have been charged at the peak price); null otherwise. `records` may hold other
 * subscriptions' and cycles' records (those of a page of contracts, from usageWithoutHolidays).
 */
export function noHolidayCalendarFlag(records: readonly UsageWithoutHolidaysDocument[], subscriptionIds: readonly string[], cycle: Pick<Cycle, 'start' | 'end'>): InvoiceFlag | null {
  const subscriptions = new Set(subscriptionIds);
  const found = records.filter((r) => subscriptions.has(r.subscriptionId) && r.localDate >= cycle.start && r.localDate < cycle.end);
  if (found.length === 0) return null;
  const missing = [...new Set(found.map((r) => `${r.country} in ${r.localDate.slice(0, 4)}`))].sort();
  const first = found.reduce((min, r) => (r.localDate < min ? r.localDate : min), found[0]!.localDate);
  return {
    code: 'no-holiday-calendar',
    message: `${found.length} voice call(s) of this cycle were rated without public holidays: no holiday calendar for ${missing.join(', ')}. `
      + `Add the country's holidays (billstream import holidays FILE): the import rates these calls again`,
    // The calendars missing as `country year` (`QA 2026, SK 2026`), the first call's date.
    params: { calls: String(found.length), calendars: [...new Set(found.map((r) => `${r.country} ${r.localDate.slice(0, 4)}`))].sort().join(', '), since: first },
    blocking: false,
  };
}

/** Both of the above for one contract cycle (one query): what bill-run drafting calls per cycle. */
export async function holidayCalendarFlag(billstream: Pick<AppDeps, 'readStore'>, subscriptionIds: readonly string[], cycle: Pick<Cycle, 'start' | 'end'>): Promise<InvoiceFlag | null> {
  return noHolidayCalendarFlag(await usageWithoutHolidays(billstream, subscriptionIds), subscriptionIds, cycle);
}
