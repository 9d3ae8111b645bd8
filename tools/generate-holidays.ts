/**
 * Writes `data.ts` (next to this file): the national public holidays (days off work) of the
 * countries billstream knows, for the years below. The engine reads only the committed data; run
 * this again to add a year or a country, then review the diff:
 *
 *   node --import tsx tools/generate-holidays.ts
 *
 * Sources: each country's holiday act as in force (see the notes per country). Easter-based dates
 * use the Gregorian computus (Western churches) and the Julian one (Romania: Orthodox).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addDays, daysInMonth, epochDayOf, isoWeekdayOf } from '../src/core/calendar-date.ts';

export const FROM_YEAR = 2024;
export const TO_YEAR = 2028;

/** An ISO date (`YYYY-MM-DD`). */
type PlainDate = string;
type Holiday = [date: PlainDate, name: string];

/** The date of the parts; throws for a day the month lacks. */
function date(year: number, month: number, day: number): PlainDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  epochDayOf(text);
  return text;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
const weekdayOf = (day: PlainDate): number => isoWeekdayOf(epochDayOf(day));

/** Western Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function westernEaster(year: number): PlainDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return date(year, month, day);
}

/** Orthodox Easter Sunday as a Gregorian date (Meeus' Julian algorithm, +13 days for 1900-2099). */
export function orthodoxEaster(year: number): PlainDate {
  if (year < 1900 || year > 2099) throw new RangeError('orthodoxEaster: 1900-2099 only');
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  return addDays(date(year, month, day), 13);
}

/** The n-th (1-based; -1 = last) given ISO weekday (1 = Monday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): PlainDate {
  if (n > 0) {
    const first = date(year, month, 1);
    return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7);
  }
  const last = date(year, month, daysInMonth(year, month));
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

const fixed = (year: number, list: [number, number, string][]): Holiday[] => list.map(([m, d, name]) => [date(year, m, d), name]);
const easterBased = (easter: PlainDate, list: [number, string][]): Holiday[] => list.map(([offset, name]) => [addDays(easter, offset), name]);

/** US federal rule: a holiday on Saturday is observed on Friday, on Sunday on Monday. */
function usObserved([day, name]: Holiday): Holiday[] {
  if (weekdayOf(day) === 6) return [[day, name], [addDays(day, -1), `${name} (observed)`]];
  if (weekdayOf(day) === 7) return [[day, name], [addDays(day, 1), `${name} (observed)`]];
  return [[day, name]];
}

const COUNTRIES: Record<string, { note: string; holidays: (year: number) => Holiday[] }> = {
  AT: {
    note: 'Feiertagsruhegesetz 1957 (Good Friday is no longer a public holiday since 2019)',
    holidays: (y) => [
      ...fixed(y, [[1, 1, 'Neujahr'], [1, 6, 'Heilige Drei Könige'], [5, 1, 'Staatsfeiertag'], [8, 15, 'Mariä Himmelfahrt'], [10, 26, 'Nationalfeiertag'], [11, 1, 'Allerheiligen'], [12, 8, 'Mariä Empfängnis'], [12, 25, 'Christtag'], [12, 26, 'Stefanitag']]),
      ...easterBased(westernEaster(y), [[1, 'Ostermontag'], [39, 'Christi Himmelfahrt'], [50, 'Pfingstmontag'], [60, 'Fronleichnam']]),
    ],
  },
  BE: {
    note: 'the ten legal public holidays (Arrêté royal 18 avril 1974)',
    holidays: (y) => [
      ...fixed(y, [[1, 1, 'New Year'], [5, 1, 'Labour Day'], [7, 21, 'National Day'], [8, 15, 'Assumption'], [11, 1, 'All Saints'], [11, 11, 'Armistice'], [12, 25, 'Christmas']]),
      ...easterBased(westernEaster(y), [[1, 'Easter Monday'], [39, 'Ascension'], [50, 'Whit Monday']]),
    ],
  },
  CZ: {
    note: 'zákon 245/2000 Sb. (státní svátky and ostatní svátky, all days off)',
    holidays: (y) => [
      ...fixed(y, [[1, 1, 'Den obnovy samostatného českého státu; Nový rok'], [5, 1, 'Svátek práce'], [5, 8, 'Den vítězství'], [7, 5, 'Den slovanských věrozvěstů Cyrila a Metoděje'], [7, 6, 'Den upálení mistra Jana Husa'], [9, 28, 'Den české státnosti'], [10, 28, 'Den vzniku samostatného československého státu'], [11, 17, 'Den boje za svobodu a demokracii'], [12, 24, 'Štědrý den'], [12, 25, '1. svátek vánoční'], [12, 26, '2. svátek vánoční']]),
      ...easterBased(westernEaster(y), [[-2, 'Velký pátek'], [1, 'Velikonoční pondělí']]),
    ],
  },
  DE: {
    note: 'the nine holidays of every Land (the others are set per Land)',
    holidays: (y) => [
      ...fixed(y, [[1, 1, 'Neujahr'], [5, 1, 'Tag der Arbeit'], [10, 3, 'Tag der Deutschen Einheit'], [12, 25, '1. Weihnachtstag'], [12, 26, '2. Weihnachtstag']]),
      ...easterBased(westernEaster(y), [[-2, 'Karfreitag'], [1, 'Ostermontag'], [39, 'Christi Himmelfahrt'], [50, 'Pfingstmontag']]),
    ],
  },
  ES: {
    note: 'the national holidays common to all autonomous communities (Estatuto de los Trabajadores art. 37.2, Real Decreto 2001/1983); regional ones and Sunday substitutions are set per community',
    holidays: (y) => [
      ...fixed(y, [[1, 1, 'Año Nuevo'], [1, 6, 'Epifanía del Señor'], [5, 1, 'Fiesta del Trabajo'], [8, 15, 'Asunción de la Virgen'], [10, 12, 'Fiesta Nacional de España'], [11, 1, 'Todos los Santos'], [12, 6, 'Día de la Constitución'], [12, 8, 'Inmaculada Concepción'], [12, 25, 'Natividad del Señor']]),
      ...easterBased(westernEaster(y), [[-2, 'Viernes Santo']]),
    ],
  },
  FR: {
    note: 'jours fériés of the Code du travail art. L3133-1 (Alsace-Moselle extras excluded)',
    holidays: (y) => [
      ...fixed(y, [[1, 1, "Jour de l'an"], [5, 1, 'Fête du Travail'], [5, 8, 'Victoire 1945'], [7, 14, 'Fête nationale'], [8, 15, 'Assomption'], [11, 1, 'Toussaint'], [11, 11, 'Armistice 1918'], [12, 25, 'Noël']]),
      ...easterBased(westernEaster(y), [[1, 'Lundi de Pâques'], [39, 'Ascension'], [50, 'Lundi de Pentecôte']]),
    ],
  },
  GB: {
    note: 'the bank holidays of all of the UK (England and Wales, Scotland, Northern Ireland), with substitute days; Easter Monday and the August holiday differ by nation and are excluded',
    holidays: (y) => {
      const list: Holiday[] = [
        ...easterBased(westernEaster(y), [[-2, 'Good Friday']]),
        [nthWeekday(y, 5, 1, 1), 'Early May bank holiday'],
        [nthWeekday(y, 5, 1, -1), 'Spring bank holiday'],
      ];
      const newYear = date(y, 1, 1);
      list.push([newYear, "New Year's Day"]);
      if (weekdayOf(newYear) >= 6) list.push([addDays(newYear, 8 - weekdayOf(newYear)), "New Year's Day (substitute day)"]);
      const christmas = date(y, 12, 25);
      const boxing = date(y, 12, 26);
      list.push([christmas, 'Christmas Day'], [boxing, 'Boxing Day']);
      // Christmas on Sat: Mon 27 and Tue 28; on Sun: Boxing Day Mon 26, Christmas Tue 27; Boxing on Sat: Mon 28.
      if (weekdayOf(christmas) === 6) list.push([date(y, 12, 27), 'Christmas Day (substitute day)'], [date(y, 12, 28), 'Boxing Day (substitute day)']);
      else if (weekdayOf(christmas) === 7) list.push([date(y, 12, 27), 'Christmas Day (substitute day)']);
      else if (weekdayOf(boxing) === 6) list.push([date(y, 12, 28), 'Boxing Day (substitute day)']);
      return list;
    },
  },
  HU: {
    note: 'Munka törvénykönyve 102. § (1) (swapped working days and bridge days are not holidays)',
    holidays: (y) => [
      ...fixed(y, [[1, 1, 'Újév'], [3, 15, 'Nemzeti ünnep'], [5, 1, 'A munka ünnepe'], [8, 20, 'Az államalapítás ünnepe'], [10, 23, 'Nemzeti ünnep'], [11, 1, 'Mindenszentek'], [12, 25, 'Karácsony'], [12, 26, 'Karácsony']]),
      ...easterBased(westernEaster(y), [[-2, 'Nagypéntek'], [0, 'Húsvétvasárnap'], [1, 'Húsvéthétfő'], [49, 'Pünkösdvasárnap'], [50, 'Pünkösdhétfő']]),
    ],
  },
  IT: {
    note: 'legge 260/1949 as amended; 4 October (San Francesco) again a national holiday from 2026 (legge 151/2025)',
    holidays: (y) => [
      ...fixed(y, [[1, 1, 'Capodanno'], [1, 6, 'Epifania'], [4, 25, 'Festa della Liberazione'], [5, 1, 'Festa del Lavoro'], [6, 2, 'Festa della Repubblica'], [8, 15, 'Ferragosto'], [11, 1, 'Ognissanti'], [12, 8, 'Immacolata Concezione'], [12, 25, 'Natale'], [12, 26, 'Santo Stefano']]),
      ...(y >= 2026 ? fixed(y, [[10, 4, "San Francesco d'Assisi"]]) : []),
      ...easterBased(westernEaster(y), [[0, 'Pasqua'], [1, "Lunedì dell'Angelo"]]),
    ],
  },
  NL: {
    note: 'Algemene termijnenwet art. 3 (Good Friday is not in it); Koningsdag moves to 26 April when 27 April is a Sunday',
    holidays: (y) => {
      const kingsDay = date(y, 4, 27);
      return [
        ...fixed(y, [[1, 1, 'Nieuwjaarsdag'], [5, 5, 'Bevrijdingsdag'], [12, 25, 'Eerste Kerstdag'], [12, 26, 'Tweede Kerstdag']]),
        [weekdayOf(kingsDay) === 7 ? addDays(kingsDay, -1) : kingsDay, 'Koningsdag'],
        ...easterBased(westernEaster(y), [[0, 'Eerste Paasdag'], [1, 'Tweede Paasdag'], [39, 'Hemelvaartsdag'], [49, 'Eerste Pinksterdag'], [50, 'Tweede Pinksterdag']]),
      ];
    },
  },
  PL: {
    note: 'ustawa o dniach wolnych od pracy (1951) as amended; Wigilia (24 December) a day off from 2025',
    holidays: (y) => [
      ...fixed(y, [[1, 1, 'Nowy Rok'], [1, 6, 'Trzech Króli'], [5, 1, 'Święto Pracy'], [5, 3, 'Święto Konstytucji 3 Maja'], [8, 15, 'Wniebowzięcie Najświętszej Maryi Panny'], [11, 1, 'Wszystkich Świętych'], [11, 11, 'Narodowe Święto Niepodległości'], [12, 25, 'Boże Narodzenie (pierwszy dzień)'], [12, 26, 'Boże Narodzenie (drugi dzień)']]),
      ...(y >= 2025 ? fixed(y, [[12, 24, 'Wigilia Bożego Narodzenia']]) : []),
      ...easterBased(westernEaster(y), [[0, 'Wielkanoc'], [1, 'Poniedziałek Wielkanocny'], [49, 'Zielone Świątki'], [60, 'Boże Ciało']]),
    ],
  },
  RO: {
    note: 'Codul muncii art. 139 (Orthodox Easter and Pentecost; 6 and 7 January from 2024)',
    holidays: (y) => [
      ...fixed(y, [[1, 1, 'Anul Nou'], [1, 2, 'Anul Nou'], [1, 6, 'Boboteaza'], [1, 7, 'Sfântul Ioan Botezătorul'], [1, 24, 'Ziua Unirii Principatelor Române'], [5, 1, 'Ziua Muncii'], [6, 1, 'Ziua Copilului'], [8, 15, 'Adormirea Maicii Domnului'], [11, 30, 'Sfântul Andrei'], [12, 1, 'Ziua Națională'], [12, 25, 'Crăciunul'], [12, 26, 'Crăciunul']]),
      ...easterBased(orthodoxEaster(y), [[-2, 'Vinerea Mare'], [0, 'Paștele'], [1, 'Paștele'], [49, 'Rusaliile'], [50, 'Rusaliile']]),
    ],
  },
  SK: {
    note: 'zákon 241/1993 Z. z. days off work (dni pracovného pokoja): 1 September no longer a day off from 2024, 17 November from 2025; 8 May and 15 September not days off in 2026 (consolidation act 2025)',
    holidays: (y) => [
      ...fixed(y, [[1, 1, 'Deň vzniku Slovenskej republiky'], [1, 6, 'Zjavenie Pána'], [5, 1, 'Sviatok práce'], [7, 5, 'Sviatok svätého Cyrila a svätého Metoda'], [8, 29, 'Výročie Slovenského národného povstania'], [11, 1, 'Sviatok Všetkých svätých'], [12, 24, 'Štedrý deň'], [12, 25, 'Prvý sviatok vianočný'], [12, 26, 'Druhý sviatok vianočný']]),
      ...(y !== 2026 ? fixed(y, [[5, 8, 'Deň víťazstva nad fašizmom'], [9, 15, 'Sedembolestná Panna Mária']]) : []),
      ...(y < 2025 ? fixed(y, [[11, 17, 'Deň boja za slobodu a demokraciu']]) : []),
      ...easterBased(westernEaster(y), [[-2, 'Veľký piatok'], [1, 'Veľkonočný pondelok']]),
    ],
  },
  US: {
    note: 'federal holidays (5 U.S.C. 6103) with their observed days (Saturday -> Friday, Sunday -> Monday)',
    holidays: (y) =>
      [
        [date(y, 1, 1), "New Year's Day"],
        [nthWeekday(y, 1, 1, 3), 'Birthday of Martin Luther King, Jr.'],
        [nthWeekday(y, 2, 1, 3), "Washington's Birthday"],
        [nthWeekday(y, 5, 1, -1), 'Memorial Day'],
        [date(y, 6, 19), 'Juneteenth National Independence Day'],
        [date(y, 7, 4), 'Independence Day'],
        [nthWeekday(y, 9, 1, 1), 'Labor Day'],
        [nthWeekday(y, 10, 1, 2), 'Columbus Day'],
        [date(y, 11, 11), 'Veterans Day'],
        [nthWeekday(y, 11, 4, 4), 'Thanksgiving Day'],
        [date(y, 12, 25), 'Christmas Day'],
      ].flatMap((h) => usObserved(h as Holiday)),
  },
};

export function generateHolidayData(fromYear = FROM_YEAR, toYear = TO_YEAR): Record<string, { note: string; dates: Record<string, string> }> {
  const out: Record<string, { note: string; dates: Record<string, string> }> = {};
  for (const country of Object.keys(COUNTRIES).sort()) {
    const { note, holidays } = COUNTRIES[country]!;
    const byDate = new Map<string, string[]>();
    for (let year = fromYear; year <= toYear; year++) {
      for (const [day, name] of holidays(year)) {
        const dayYear = Number(day.slice(0, 4));
        if (dayYear < fromYear || dayYear > toYear) continue; // an observed day outside the covered years
        const names = byDate.get(day) ?? [];
        if (!names.includes(name)) names.push(name);
        byDate.set(day, names);
      }
    }
    const dates: Record<string, string> = {};
    for (const key of [...byDate.keys()].sort()) dates[key] = byDate.get(key)!.join('; ');
    out[country] = { note, dates };
  }
  return out;
}

function render(data: ReturnType<typeof generateHolidayData>): string {
  const lines = [
    '/**',
    ' * National public holidays (days off work), generated by generate.ts in this folder: edit that',
    ' * and run it again (`node --import tsx tools/generate-holidays.ts`), do not edit by hand.',
    ' * The rating engine reads only this file (holidays.ts).',
    ' */',
    `export const HOLIDAY_YEARS = { from: ${FROM_YEAR}, to: ${TO_YEAR} } as const;`,
    '',
    'export const HOLIDAY_DATA: Readonly<Record<string, { note: string; dates: Readonly<Record<string, string>> }>> = {',
  ];
  for (const [country, { note, dates }] of Object.entries(data)) {
    lines.push(`  ${country}: {`, `    note: ${JSON.stringify(note)},`, '    dates: {');
    for (const [day, name] of Object.entries(dates)) lines.push(`      '${day}': ${JSON.stringify(name)},`);
    lines.push('    },', '  },');
  }
  lines.push('};', '');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const target = fileURLToPath(new URL('../src/rating/holidays/data.ts', import.meta.url));
  fs.writeFileSync(target, render(generateHolidayData()));
  console.log(`wrote ${target}`);
}
