/**
 * A synthetic data set in the FORMATS.md import formats, for benchmarks and load tests:
 *
 *   node --import tsx tools/generate.ts --clients N --out DIR [--seed S] [--usage R]
 *
 * writes DIR/legal-entities.yaml (the sellers HU1, DE1 and AT1 of examples/), DIR/partners.csv (the three partners of
 * examples/ that some clients came through), DIR/clients.csv (N), DIR/contracts.csv (one
 * per client), DIR/service-points.csv (one per contract) and DIR/subscriptions.csv (two per
 * service point): 5 N rows. Every row is meant to import cleanly: ISO countries and currencies,
 * canonical IANA time zones, VAT ids in their country's format (with a valid check digit), ids
 * and service point identifiers unique across the set, dates in order.
 *
 * Then what it takes to bill them: DIR/tariffs/ (the seven tariffs of examples/tariffs, which the
 * subscriptions name, with their rate deck), DIR/fx-rates.csv (monthly EUR rates to HUF, USD and
 * GBP from January 2025, when the first contracts start, to December 2026) and DIR/usage.csv: up
 * to R records per client (default 10; fewer when no service is active long enough), CDRs, data sessions, SMS and VOD rentals of the client's
 * subscriptions while they are active (from `billing_start` for migrated contracts) and before
 * 2026-11-01, to destinations the deck prices. Every 1000th record is sent twice (an exact
 * duplicate) and every 1000th comes from an identifier no service point has (unresolved), as a
 * switch's files do; `GenerateResult.usage` counts both. Rows are written client by client, not
 * in time order (the importer takes records in any order).
 *
 * The same seed gives the same bytes (a seeded sfc32 generator, never Math.random), so a
 * benchmark can be repeated on the same data. The rows are streamed in 64 KiB chunks that wait
 * for 'drain', so memory stays flat whatever N is; uniqueness comes from the client's index,
 * never from a set of what was already written.
 *
 * Nothing collides with examples/: generated ids have 7 digits (C-0000001, examples C-0001),
 * RADIUS user names carry the index, MAC addresses use other OUIs, the subscriber part of
 * generated phone numbers starts with 5 to 9 (examples use 2 to 4), and usage record ids start
 * with G.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { dateOfEpochDay, epochDayOf } from '../src/core/calendar-date.ts';

/** The columns of FORMATS.md, in its order; `billing_start` is the optional migration column of contracts.csv. */
export const COLUMNS = {
  clients: ['client_id', 'type', 'name', 'country', 'language', 'currency', 'vat_id', 'time_zone', 'email', 'address_line1', 'city', 'postal_code', 'partner_id'],
  contracts: ['contract_id', 'client_id', 'legal_entity_id', 'start_date', 'end_date', 'billing_cycle', 'cycle_anchor_day', 'currency', 'payment_terms_days', 'billing_start'],
  servicePoints: ['service_point_id', 'contract_id', 'identifiers', 'address_line1', 'city', 'postal_code', 'country'],
  subscriptions: ['subscription_id', 'service_point_id', 'tariff_id', 'start_date', 'end_date', 'quantity'],
  usage: ['record_id', 'source', 'identifier', 'type', 'start_time', 'duration_s', 'called_number', 'bytes_in', 'bytes_out', 'quantity'],
  fxRates: ['date', 'base', 'quote', 'rate'],
} as const;

/** Ids have 7 digits (subscriptions two per client), MAC addresses 24 bits per OUI, and a calling area 500,000 numbers or more: this many clients stay inside all of them. */
export const MAX_CLIENTS = 4_000_000;

/** Usage records per client: a bound, so a mistyped option cannot fill a disk (4 million clients x 1000 records is ~300 GB already). */
export const MAX_USAGE_PER_CLIENT = 1000;

/** The tariffs the generated subscriptions name (with their rate deck), copied as they are. */
const EXAMPLE_TARIFFS = fileURLToPath(new URL('../examples/tariffs', import.meta.url));

export interface GenerateOptions {
  clients: number;
  out: string;
  /** An unsigned 32-bit integer; default 1. */
  seed?: number;
  /** Usage records per client, 0 to MAX_USAGE_PER_CLIENT; default 10. Duplicates come on top. */
  usagePerClient?: number;
}

export interface GeneratedFile {
  path: string;
  /** Data rows (YAML: entries), the header not counted. */
  rows: number;
  bytes: number;
}

export interface GenerateResult {
  legalEntities: number;
  partners: number;
  clients: number;
  contracts: number;
  servicePoints: number;
  subscriptions: number;
  tariffs: number;
  /** Rows of usage.csv: `records` distinct records (of which `unresolved` have an unknown identifier) plus `duplicates` sent again. */
  usage: { records: number; duplicates: number; unresolved: number };
  files: GeneratedFile[];
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** sfc32 (Chris Doty-Humphrey's small fast counter), seeded through splitmix32: fast, 128 bits of state, passes PractRand. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.uint32() / 4294967296) * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.uint32() / 4294967296 < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  weighted<T>(table: Weighted<T>): T {
    const r = this.below(table.total);
    let i = 0;
    while (table.cumulative[i]! <= r) i++;
    return table.items[i]!;
  }
}

interface Weighted<T> {
  items: T[];
  cumulative: number[];
  total: number;
}

function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  let total = 0;
  const cumulative = entries.map(([, weight]) => (total += weight));
  return { items: entries.map(([item]) => item), cumulative, total };
}

// ---------------------------------------------------------------------------------------------
// VAT ids: each country's format with its check digit (the project checks the format; the check
// digit makes the data look like what an operator actually holds). `n` is a number unique per
// client, so no two generated companies share an id.

/** Spreads consecutive indexes over [0, modulus) without collisions (multiplier coprime to the modulus). */
function scatter(n: number, modulus: number): number {
  return (n * 7919 + 104729) % modulus; // exact: n < 10^8 keeps the product far below 2^53
}

const digitsOf = (text: string) => [...text].map(Number);

export function hungarianVatId(n: number): string {
  const body = String(1_000_000 + scatter(n, 9_000_000));
  const sum = digitsOf(body).reduce((s, d, i) => s + d * [9, 7, 3, 1, 9, 7, 3][i]!, 0);
  return `HU${body}${(10 - (sum % 10)) % 10}`;
}

/** ISO 7064 MOD 11,10, as the Bundeszentralamt für Steuern checks a USt-IdNr. */
export function germanVatId(n: number): string {
  const body = String(10_000_000 + scatter(n, 90_000_000));
  let product = 10;
  for (const digit of digitsOf(body)) {
    let sum = (digit + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  return `DE${body}${(11 - product) % 10}`;
}

export function austrianVatId(n: number): string {
  const body = String(1_000_000 + scatter(n, 9_000_000));
  const d = digitsOf(body);
  const cross = (x: number) => Math.floor(x / 5) + ((2 * x) % 10);
  const sum = d[0]! + cross(d[1]!) + d[2]! + cross(d[3]!) + d[4]! + cross(d[5]!) + d[6]!;
  return `ATU${body}${(10 - ((sum + 4) % 10)) % 10}`;
}

/** FR + key + SIREN: the SIREN is Luhn-valid, the key is (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatId(n: number): string {
  const body = String(10_000_000 + scatter(n, 90_000_000));
  const luhn = digitsOf(body)
    .reverse()
    .reduce((s, d, i) => s + (i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  const siren = `${body}${(10 - (luhn % 10)) % 10}`;
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

/** SK + 10 digits divisible by 11, starting with 2 and with a third digit of 2, 3, 4, 7, 8 or 9. */
export function slovakVatId(n: number): string {
  const j = scatter(n, 6_000_000);
  const rest = j % 600_000;
  const prefix = `2${Math.floor(j / 600_000)}${[2, 3, 4, 7, 8, 9][Math.floor(rest / 100_000)]}${String(rest % 100_000).padStart(5, '0')}`;
  const last = (11 - ((Number(prefix) * 100) % 11)) % 11;
  return `SK${prefix}${String(last).padStart(2, '0')}`;
}

/** GB + 7 digits + 2 check digits: the weighted sum (8 … 2) plus the check is a multiple of 97. */
export function britishVatId(n: number): string {
  const body = String(1_000_000 + scatter(n, 9_000_000));
  const sum = digitsOf(body).reduce((s, d, i) => s + d * (8 - i), 0);
  return `GB${body}${String((97 - (sum % 97)) % 97).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Countries

interface City {
  name: string;
  postalCodes: readonly string[];
  /** Trunk-less area code; the areas of one country are prefix-free, so numbers never collide across areas. */
  area: string;
  /** Digits of the subscriber number after the area code. */
  digits: number;
  timeZone?: string;
}

interface Country {
  code: string;
  callingCode: string;
  currency: string;
  timeZone: string;
  languages: Weighted<string>;
  legalEntity: string;
  personShare: number;
  male: readonly string[];
  female: readonly string[];
  /** A plain surname, or [male form, female form] where the language inflects it (Kováč, Kováčová). */
  surnames: readonly (string | readonly [string, string])[];
  familyNameFirst?: boolean;
  streets: readonly string[];
  cities: Weighted<City>;
  address(street: string, rng: Rng): string;
  company(rng: Rng): string;
  association(rng: Rng): string;
  vatId: ((n: number) => string) | null;
  /** Where the operator serves a client from outside its countries: a branch in the legal entity's country. */
  servedIn?: string;
  /** Served across the border without a network of the operator's there: VoIP and VOD only (no fibre, no cable). */
  overTheTop?: boolean;
}

const city = (name: string, postalCodes: string, area: string, digits: number, timeZone?: string): City => ({
  name,
  postalCodes: postalCodes.split(' | '),
  area,
  digits,
  ...(timeZone ? { timeZone } : {}),
});
const words = (text: string) => text.split(', ');

function companyMaker(names: string, activities: string, forms: readonly (readonly [string, number])[], join: (name: string, activity: string, form: string) => string) {
  const n = words(names);
  const a = words(activities);
  const f = weighted(forms);
  return (rng: Rng) => join(rng.pick(n), rng.pick(a), rng.weighted(f));
}

const GERMAN_ACTIVITIES =
  'Software, Logistik, Bau, Handel, Steuerberatung, Zahnarztpraxis, Bäckerei, Gastronomie, Autohaus, Druckerei, Medien, Immobilien, Ingenieurbüro, Gartenbau, Spedition, Elektrotechnik';

const COUNTRIES: Record<string, Country> = {
  HU: {
    code: 'HU',
    callingCode: '36',
    currency: 'HUF',
    timeZone: 'Europe/Budapest',
    languages: weighted([['hu', 95], ['en', 5]]),
    legalEntity: 'HU1',
    personShare: 0.82,
    familyNameFirst: true,
    male: words('Gábor, László, István, Péter, Zoltán, Attila, Bálint, Tamás, Ádám, Dávid, Gergő, Levente, Csaba, Imre, Ferenc, József, Márton, Zsolt, Botond, Örs'),
    female: words('Anna, Zsófia, Katalin, Éva, Erzsébet, Júlia, Réka, Eszter, Ildikó, Mária, Ágnes, Krisztina, Boglárka, Dóra, Noémi, Orsolya, Tünde, Enikő'),
    surnames: words('Kovács, Szabó, Tóth, Nagy, Horváth, Varga, Kiss, Molnár, Németh, Farkas, Balogh, Papp, Takács, Juhász, Lakatos, Mészáros, Oláh, Simon, Rácz, Fekete, Szűcs, Török, Fehér, Gál, Bíró, Vörös, Pintér, Szőke, Hegedűs, Kelemen, Bárány, Győri'),
    streets: words('Kossuth Lajos utca, Petőfi Sándor utca, Rákóczi út, Széchenyi István tér, Béke utca, Ady Endre út, Dózsa György út, Jókai Mór utca, Arany János utca, Bajcsy-Zsilinszky út, Deák Ferenc utca, Szent István körút, Hunyadi János utca, Táncsics Mihály utca, Kölcsey Ferenc utca, Vörösmarty utca, Munkácsy Mihály utca, Árpád fejedelem útja, Fő utca, Szabadság tér, Görgey Artúr utca, Erzsébet királyné útja'),
    cities: weighted([
      [city('Budapest', '1011 | 1027 | 1052 | 1061 | 1072 | 1085 | 1092 | 1114 | 1118 | 1134 | 1145 | 1158 | 1173 | 1191 | 1203 | 1221', '1', 7), 40],
      [city('Debrecen', '4024 | 4025 | 4031 | 4032', '52', 6), 7],
      [city('Szeged', '6720 | 6721 | 6724 | 6726', '62', 6), 6],
      [city('Miskolc', '3525 | 3529 | 3530', '46', 6), 5],
      [city('Pécs', '7621 | 7622 | 7624 | 7632', '72', 6), 5],
      [city('Győr', '9021 | 9022 | 9024 | 9026', '96', 6), 5],
      [city('Nyíregyháza', '4400 | 4405', '42', 6), 4],
      [city('Kecskemét', '6000', '76', 6), 4],
      [city('Székesfehérvár', '8000', '22', 6), 4],
      [city('Szombathely', '9700', '94', 6), 3],
      [city('Sopron', '9400', '99', 6), 2],
      [city('Eger', '3300', '36', 6), 3],
      [city('Veszprém', '8200', '88', 6), 3],
      [city('Érd', '2030', '23', 6), 3],
      [city('Gödöllő', '2100', '28', 6), 2],
    ]),
    address: (street, rng) => (rng.chance(0.25) ? `${street} ${rng.between(1, 160)}, ${rng.between(1, 8)}. em. ${rng.between(1, 12)}.` : `${street} ${rng.between(1, 160)}`),
    company: companyMaker(
      'Duna, Tisza, Balaton, Mátra, Bükk, Hajnal, Napfény, Kőrös, Pannon, Zöldmező, Alföld, Délibáb, Tűzkő, Gyöngyvirág, Rózsakert, Hegyalja, Vértes, Bakony, Zemplén, Őrség',
      'Informatika, Logisztika, Építőipari, Kereskedelmi, Szerviz, Könyvelő, Fogászati, Pékség, Vendéglátó, Autóház, Nyomda, Ingatlan, Mérnöki, Kertészet, Szállítmányozási, Egészségügyi',
      [['Kft.', 70], ['Bt.', 20], ['Zrt.', 9], ['Nyrt.', 1]],
      (name, activity, form) => `${name} ${activity} ${form}`,
    ),
    association: (rng) => `${rng.pick(words('Duna, Tisza, Mátra, Bakony, Pannon, Hajnal'))} ${rng.pick(words('Sportegyesület, Kulturális Egyesület, Polgárőr Egyesület'))}`,
    vatId: hungarianVatId,
  },
  DE: {
    code: 'DE',
    callingCode: '49',
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    languages: weighted([['de', 93], ['en', 7]]),
    legalEntity: 'DE1',
    personShare: 0.8,
    male: words('Lukas, Jonas, Felix, Maximilian, Paul, Jürgen, Sören, Björn, Jörg, Günter, Thomas, Michael, Stefan, Tobias, Niklas, Matthias, Uwe, Dieter'),
    female: words('Anna, Lea, Sophie, Jana, Käthe, Ursula, Hannah, Mia, Sabine, Claudia, Katrin, Anja, Jutta, Lena, Marie, Franziska, Birgit, Bärbel'),
    surnames: words('Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Krüger, Hofmann, Hartmann, Lange, Weiß, Köhler, Jäger, Groß, Böhm, Vogel, Fuchs, Brandt'),
    streets: words('Hauptstraße, Bahnhofstraße, Schillerstraße, Goethestraße, Lindenallee, Gartenweg, Mühlenweg, Am Marktplatz, Königstraße, Friedrichstraße, Schloßallee, Kastanienweg, Münchner Straße, Kölner Straße, Rosenstraße, Bergstraße, Parkstraße, Uhlandstraße, Karl-Marx-Straße, Hölderlinweg, Dorfstraße, Lessingstraße'),
    cities: weighted([
      [city('Berlin', '10115 | 10178 | 10243 | 10437 | 10585 | 10827 | 12043 | 12157 | 13353 | 14057', '30', 8), 20],
      [city('Hamburg', '20095 | 20249 | 22083 | 22767', '40', 8), 10],
      [city('München', '80331 | 80469 | 80797 | 81541 | 81675', '89', 8), 10],
      [city('Köln', '50667 | 50674 | 50823 | 51063', '221', 7), 8],
      [city('Frankfurt am Main', '60311 | 60316 | 60486 | 60594', '69', 8), 7],
      [city('Stuttgart', '70173 | 70178 | 70372', '711', 7), 6],
      [city('Düsseldorf', '40210 | 40213 | 40477', '211', 7), 5],
      [city('Leipzig', '04103 | 04109 | 04277', '341', 7), 5],
      [city('Dresden', '01067 | 01097 | 01307', '351', 7), 4],
      [city('Nürnberg', '90402 | 90419 | 90443', '911', 7), 4],
      [city('Hannover', '30159 | 30161 | 30173', '511', 7), 4],
      [city('Bremen', '28195 | 28203', '421', 7), 3],
      [city('Freiburg im Breisgau', '79098 | 79102', '761', 7), 2],
      [city('Münster', '48143 | 48147', '251', 7), 2],
    ]),
    address: (street, rng) => `${street} ${rng.between(1, 180)}${rng.chance(0.1) ? rng.pick(['a', 'b', 'c']) : ''}`,
    company: companyMaker(
      'Nordlicht, Spreeblick, Isartal, Elbufer, Rheinblick, Schwarzwald, Havelland, Weserbergland, Alsterhaus, Taunus, Eifel, Harz, Sonnenhof, Lindenhof, Mainufer',
      GERMAN_ACTIVITIES,
      [['GmbH', 55], ['GmbH & Co. KG', 15], ['KG', 8], ['AG', 4], ['UG (haftungsbeschränkt)', 8], ['e.K.', 10]],
      (name, activity, form) => `${name} ${activity} ${form}`,
    ),
    association: (rng) => (rng.chance(0.5) ? `Sportverein ${rng.pick(words('Spreeblick, Isartal, Elbufer, Havelland'))} e.V.` : `Förderverein ${rng.pick(words('Lindenhof, Sonnenhof, Mainufer'))} e.V.`),
    vatId: germanVatId,
  },
  AT: {
    code: 'AT',
    callingCode: '43',
    currency: 'EUR',
    timeZone: 'Europe/Vienna',
    languages: weighted([['de', 95], ['en', 5]]),
    legalEntity: 'AT1',
    personShare: 0.8,
    male: words('Lukas, Tobias, Florian, Stefan, Andreas, Sebastian, Matthias, Johann, Josef, Franz, Georg, Alexander, Dominik, Wolfgang, Jakob'),
    female: words('Katharina, Theresa, Magdalena, Johanna, Elisabeth, Anna, Sophie, Julia, Lisa, Verena, Christina, Barbara, Sarah, Hannah, Marlene'),
    surnames: words('Gruber, Huber, Bauer, Wagner, Müller, Pichler, Steiner, Moser, Mayer, Hofer, Leitner, Berger, Fuchs, Eder, Fischer, Schmid, Winkler, Weber, Schwarz, Maier, Reiter, Mayr, Brunner, Wimmer, Egger, Lang, Baumgartner, Auer, Binder, Lechner, Wallner, Aigner, Ebner, Koller, Lehner, Haas, Schuster, Holzer, Stöger, Pölzl, Grünwald, Strauß'),
    streets: words('Hauptplatz, Hauptstraße, Mariahilfer Straße, Landstraßer Hauptstraße, Herrengasse, Bahnhofstraße, Kirchengasse, Wiener Straße, Linzer Straße, Grazer Straße, Schulgasse, Dorfstraße, Favoritenstraße, Ottakringer Straße, Josefstädter Straße, Annenstraße, Getreidegasse, Maria-Theresien-Straße, Südtiroler Platz, Lerchenfelder Gürtel'),
    cities: weighted([
      [city('Wien', '1010 | 1020 | 1030 | 1040 | 1050 | 1060 | 1070 | 1080 | 1090 | 1100 | 1120 | 1140 | 1150 | 1160 | 1170 | 1180 | 1190 | 1210 | 1220 | 1230', '1', 7), 40],
      [city('Graz', '8010 | 8020 | 8036 | 8042', '316', 7), 12],
      [city('Linz', '4020 | 4030 | 4040', '732', 7), 10],
      [city('Salzburg', '5020 | 5023 | 5026', '662', 7), 8],
      [city('Innsbruck', '6020', '512', 7), 7],
      [city('Klagenfurt am Wörthersee', '9020', '463', 7), 5],
      [city('Villach', '9500', '4242', 6), 3],
      [city('Wels', '4600', '7242', 6), 3],
      [city('St. Pölten', '3100', '2742', 6), 3],
      [city('Dornbirn', '6850', '5572', 6), 2],
      [city('Steyr', '4400', '7252', 6), 2],
    ]),
    address: (street, rng) => (rng.chance(0.35) ? `${street} ${rng.between(1, 120)}/${rng.between(1, 6)}/${rng.between(1, 24)}` : `${street} ${rng.between(1, 120)}`),
    company: companyMaker(
      'Donau, Alpen, Wienerwald, Tauern, Mur, Salzach, Kärntner, Bergland, Inntal, Wachau, Semmering, Dachstein, Traunsee, Mühlviertler, Steirer',
      `${GERMAN_ACTIVITIES}, Tischlerei, Installateur`,
      [['GmbH', 60], ['OG', 12], ['KG', 10], ['e.U.', 15], ['AG', 3]],
      (name, activity, form) => `${name} ${activity} ${form}`,
    ),
    association: (rng) => `${rng.pick(words('Musikverein, Sportunion, Turnverein'))} ${rng.pick(words('Wachau, Semmering, Traunsee, Inntal'))}`,
    vatId: austrianVatId,
  },
  FR: {
    code: 'FR',
    callingCode: '33',
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    languages: weighted([['fr', 95], ['en', 5]]),
    legalEntity: 'DE1',
    personShare: 0.75,
    male: words('Théo, Jérôme, François, Étienne, Benoît, Loïc, Raphaël, Noël, Gaël, Mathéo, Julien, Nicolas, Antoine, Hugo, Lucas'),
    female: words('Camille, Léa, Chloé, Élodie, Hélène, Amélie, Inès, Zoé, Margaux, Manon, Céline, Sandrine, Aurélie, Mélanie, Anaïs'),
    surnames: words('Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Laurent, Lefèvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel, Girard, André, Mercier, Dupont, Lambert, Bonnet, François, Fontaine, Chevalier, Rousseau, Lefebvre, Gauthier, Bézier'),
    streets: words("rue de la République, avenue Victor Hugo, boulevard Haussmann, rue du Faubourg Saint-Honoré, place Bellecour, rue Sainte-Catherine, quai des Chartrons, rue de la Paix, allée des Tilleuls, chemin des Vignes, rue Léon Gambetta, avenue Jean Jaurès, rue de l'Église, boulevard de la Croisette, rue Émile Zola, place du Général de Gaulle"),
    cities: weighted([
      [city('Paris', '75001 | 75003 | 75008 | 75011 | 75015 | 75017 | 75019', '1', 8), 35],
      [city('Lyon', '69001 | 69002 | 69003 | 69006 | 69007', '4', 8), 12],
      [city('Marseille', '13001 | 13006 | 13008', '4', 8), 10],
      [city('Nice', '06000 | 06100 | 06300', '4', 8), 5],
      [city('Strasbourg', '67000 | 67100', '3', 8), 8],
      [city('Lille', '59000 | 59800', '3', 8), 7],
      [city('Bordeaux', '33000 | 33800', '5', 8), 7],
      [city('Toulouse', '31000 | 31400', '5', 8), 7],
      [city('Nantes', '44000 | 44100', '2', 8), 6],
      [city('Rennes', '35000', '2', 8), 3],
    ]),
    // French addresses are often written "12, rue …": a comma inside a field, quoted in the CSV.
    address: (street, rng) => `${rng.between(1, 140)}${rng.chance(0.08) ? ' bis' : ''}${rng.chance(0.5) ? ',' : ''} ${street}`,
    company: companyMaker(
      'Lumière, Bellevue, du Rhône, Saint-Michel, des Halles, Montmartre, de la Côte, Beauséjour, du Parc, Voltaire, des Lilas, Mistral',
      'Boulangerie, Cabinet, Atelier, Transports, Informatique, Éditions, Garage, Pharmacie, Librairie, Conseil, Menuiserie, Imprimerie',
      [['SARL', 45], ['SAS', 35], ['SA', 8], ['EURL', 12]],
      (name, activity, form) => `${activity} ${name} ${form}`,
    ),
    association: (rng) => `Association ${rng.pick(words('des Lilas, du Parc, Voltaire, Mistral, Bellevue'))}`,
    vatId: frenchVatId,
    overTheTop: true,
  },
  SK: {
    code: 'SK',
    callingCode: '421',
    currency: 'EUR',
    timeZone: 'Europe/Bratislava',
    // The Hungarian-speaking south (Komárno, Dunajská Streda) reads its invoices in Hungarian.
    languages: weighted([['en', 65], ['hu', 35]]),
    legalEntity: 'HU1',
    personShare: 0.8,
    male: words('Ján, Peter, Lukáš, Tomáš, Martin, Michal, Ľubomír, Dušan, Marek, Juraj, Štefan, Attila, Tibor, Zoltán'),
    female: words('Mária, Zuzana, Katarína, Lucia, Jana, Veronika, Eva, Monika, Alžbeta, Ivana, Tímea, Erika'),
    surnames: [
      ['Horváth', 'Horváthová'], ['Kováč', 'Kováčová'], ['Varga', 'Vargová'], ['Tóth', 'Tóthová'], ['Nagy', 'Nagyová'], ['Baláž', 'Balážová'],
      ['Szabó', 'Szabóová'], ['Molnár', 'Molnárová'], ['Novák', 'Nováková'], ['Kollár', 'Kollárová'], ['Németh', 'Némethová'], ['Lukáč', 'Lukáčová'],
      ['Šimko', 'Šimková'], ['Hudák', 'Hudáková'], ['Čierny', 'Čierna'], ['Polák', 'Poláková'], ['Krajčovič', 'Krajčovičová'], ['Gašparík', 'Gašparíková'],
    ],
    streets: words('Hlavná, Štúrova, Námestie slobody, Palárikova, Komárňanská, Dunajská, Obchodná, Mlynská, Hviezdoslavova, Župná, Kukučínova, Záhradnícka, Ružová'),
    cities: weighted([
      [city('Bratislava', '811 01 | 811 04 | 821 08 | 831 04 | 841 01 | 851 01', '2', 8), 35],
      [city('Komárno', '945 01', '35', 7), 15],
      [city('Nové Zámky', '940 01 | 940 02', '35', 7), 10],
      [city('Dunajská Streda', '929 01', '31', 7), 12],
      [city('Štúrovo', '943 01', '36', 7), 6],
      [city('Košice', '040 01 | 040 11 | 040 22', '55', 7), 12],
      [city('Žilina', '010 01', '41', 7), 5],
      [city('Nitra', '949 01', '37', 7), 5],
    ]),
    address: (street, rng) => (rng.chance(0.4) ? `${street} ${rng.between(100, 3999)}/${rng.between(1, 80)}` : `${street} ${rng.between(1, 120)}`),
    company: companyMaker(
      'Dunaj, Tatra, Váh, Hron, Podunajsko, Žitný ostrov, Slovan, Javor, Karpaty, Tribeč',
      'Stavby, Logistika, Obchod, Servis, Informatika, Pekáreň, Reality, Doprava',
      [['s.r.o.', 80], ['a.s.', 12], ['k.s.', 8]],
      (name, activity, form) => `${name} ${activity} ${form}`,
    ),
    association: (rng) => `Občianske združenie ${rng.pick(words('Dunaj, Tatra, Javor, Hron'))}`,
    vatId: slovakVatId,
  },
  GB: {
    code: 'GB',
    callingCode: '44',
    currency: 'GBP',
    timeZone: 'Europe/London',
    languages: weighted([['en', 1]]),
    legalEntity: 'DE1',
    personShare: 0.5,
    male: words("Oliver, George, Harry, James, Thomas, William, Jack, Noah, Oscar, Rhys, Callum, Seán"),
    female: words('Amelia, Olivia, Isla, Charlotte, Emily, Sophie, Niamh, Siobhán, Chloë, Grace, Freya, Eleanor'),
    surnames: words("Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Robinson, Wright, Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, O'Brien, MacLeod"),
    streets: words("High Street, Station Road, Church Lane, Victoria Road, Park Avenue, Queen's Road, King Street, Mill Lane, Green Lane, Manor Road, Albert Street, Windsor Close"),
    cities: weighted([
      [city('London', 'E1 6AN | EC1A 1BB | N1 9GU | NW1 6XE | SE1 7PB | SW1A 1AA | W1D 3QF | WC2N 5DU', '20', 8), 45],
      [city('Manchester', 'M1 1AE | M2 5DB | M4 1HQ', '161', 7), 12],
      [city('Birmingham', 'B1 1BB | B2 4QA | B5 4BU', '121', 7), 12],
      [city('Edinburgh', 'EH1 1YZ | EH2 2ER | EH3 9DR', '131', 7), 10],
      [city('Leeds', 'LS1 4DY | LS2 7EW', '113', 7), 8],
      [city('Bristol', 'BS1 4DJ | BS8 1TH', '117', 7), 8],
      [city('Glasgow', 'G1 1XQ | G2 3AX', '141', 7), 5],
    ]),
    address: (street, rng) => (rng.chance(0.3) ? `Flat ${rng.between(1, 30)}, ${rng.between(1, 250)} ${street}` : `${rng.between(1, 250)} ${street}`),
    company: companyMaker(
      'Thames, Pennine, Highland, Kingsway, Oakwood, Riverside, Albion, Cotswold, Northgate, Severn',
      'Consulting, Logistics, Software, Trading, Media, Engineering, Design, Property',
      [['Ltd', 70], ['Limited', 10], ['LLP', 12], ['plc', 8]],
      (name, activity, form) => `${name} ${activity} ${form}`,
    ),
    association: (rng) => `${rng.pick(words('Thames, Severn, Pennine'))} Community Trust`,
    vatId: britishVatId,
    servedIn: 'DE',
  },
  US: {
    code: 'US',
    callingCode: '1',
    currency: 'USD',
    timeZone: 'America/New_York',
    languages: weighted([['en', 1]]),
    legalEntity: 'AT1',
    personShare: 0.3,
    male: words('Michael, David, Daniel, Christopher, James, Robert, José, Kevin, Brian, Ethan'),
    female: words('Jennifer, Sarah, Jessica, Ashley, Emily, María, Megan, Rachel, Lauren, Olivia'),
    surnames: words('Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Hernández, Lopez, Gonzalez, Wilson, Anderson, Thomas, Taylor, Moore, Nguyen, Kim, Patel'),
    streets: words('Main Street, Broadway, Oak Avenue, Maple Drive, Elm Street, Fifth Avenue, Washington Boulevard, Market Street, Lake Shore Drive, Pine Street'),
    cities: weighted([
      [city('New York, NY', '10001 | 10013 | 10019 | 10036', '212', 7, 'America/New_York'), 35],
      [city('Chicago, IL', '60601 | 60607 | 60614', '312', 7, 'America/Chicago'), 15],
      [city('Los Angeles, CA', '90012 | 90017 | 90028', '213', 7, 'America/Los_Angeles'), 15],
      [city('Austin, TX', '78701 | 78704', '512', 7, 'America/Chicago'), 10],
      [city('Seattle, WA', '98101 | 98104', '206', 7, 'America/Los_Angeles'), 10],
      [city('Boston, MA', '02108 | 02110', '617', 7, 'America/New_York'), 10],
      [city('Denver, CO', '80202', '303', 7, 'America/Denver'), 5],
    ]),
    address: (street, rng) => `${rng.between(1, 2500)} ${street}${rng.chance(0.4) ? `, Suite ${rng.between(100, 2400)}` : ''}`,
    company: companyMaker(
      'Hudson, Lakeside, Redwood, Liberty, Summit, Bayview, Pioneer, Evergreen, Keystone, Silverline',
      'Consulting, Logistics, Software, Media, Analytics, Trading, Engineering, Design',
      [[', Inc.', 50], [' LLC', 35], [', Corp.', 15]],
      (name, activity, form) => `${name} ${activity}${form}`,
    ),
    association: (rng) => `${rng.pick(words('Hudson, Liberty, Evergreen'))} Foundation`,
    vatId: null,
    servedIn: 'AT',
  },
};

const CLIENT_COUNTRIES = weighted<Country>([
  [COUNTRIES.HU!, 40],
  [COUNTRIES.DE!, 25],
  [COUNTRIES.AT!, 18],
  [COUNTRIES.SK!, 5],
  [COUNTRIES.FR!, 4],
  [COUNTRIES.GB!, 4],
  [COUNTRIES.US!, 4],
]);

// ---------------------------------------------------------------------------------------------
// Services

type Identifier = 'phone' | 'radius' | 'mac';

interface Bundle {
  tariffs: readonly [string, string];
  identifiers: readonly Identifier[];
}

const PERSON_BUNDLES = weighted<Bundle>([
  [{ tariffs: ['FIBRE-100', 'HOME-VOIP'], identifiers: ['radius', 'phone'] }, 30],
  [{ tariffs: ['FIBRE-1000', 'VOD-STORE'], identifiers: ['radius', 'mac'] }, 20],
  [{ tariffs: ['FIBRE-100', 'CATV-BASIC'], identifiers: ['radius', 'mac'] }, 20],
  [{ tariffs: ['CATV-BASIC', 'VOD-STORE'], identifiers: ['mac'] }, 15],
  [{ tariffs: ['FIBRE-1000', 'HOME-VOIP'], identifiers: ['radius', 'phone'] }, 15],
]);

const COMPANY_BUNDLES = weighted<Bundle>([
  [{ tariffs: ['FIBRE-1000', 'BIZ-SIP'], identifiers: ['radius', 'phone'] }, 45],
  [{ tariffs: ['FIBRE-100', 'BIZ-SIP'], identifiers: ['radius', 'phone'] }, 30],
  [{ tariffs: ['FIBRE-100', 'WIFI-HOTSPOT'], identifiers: ['radius', 'mac'] }, 25],
]);

const PERSON_OVER_THE_TOP = weighted<Bundle>([[{ tariffs: ['HOME-VOIP', 'VOD-STORE'], identifiers: ['phone', 'radius'] }, 1]]);
const COMPANY_OVER_THE_TOP = weighted<Bundle>([[{ tariffs: ['BIZ-SIP', 'HOME-VOIP'], identifiers: ['phone', 'phone'] }, 1]]);

/** Customer-premises and set-top box vendors' OUIs; examples/ uses others. */
const OUIS = ['00:04:0E', 'E0:28:6D', '3C:A6:2F', 'C8:0E:14', '74:42:7F', '00:1D:D5'];

// ---------------------------------------------------------------------------------------------
// Writing

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const CHUNK = 64 * 1024;

/** Rows gathered into chunks of about 64 KiB; a full chunk is written and, when the stream's buffer is full, waits for 'drain'. */
class CsvWriter {
  rows = 0;
  private lines: string[];
  private length = 0;
  private failure: Error | null = null;
  private readonly stream: fs.WriteStream;

  constructor(readonly path: string, header: readonly string[]) {
    this.stream = fs.createWriteStream(path);
    this.stream.on('error', (error) => (this.failure ??= error));
    this.lines = [`${header.join(',')}\n`];
  }

  async open(): Promise<void> {
    await once(this.stream, 'open');
  }

  push(values: readonly string[]): void {
    const line = `${values.map(csvField).join(',')}\n`;
    this.lines.push(line);
    this.length += line.length;
    this.rows += 1;
  }

  get full(): boolean {
    return this.length >= CHUNK;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.lines.join('');
    this.lines = [];
    this.length = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<number> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    return this.stream.bytesWritten;
  }

  destroy(): void {
    this.stream.destroy();
  }
}

/** The sellers of examples/, copied as they are: generated contracts name HU1, DE1 and AT1. */
const EXAMPLE_LEGAL_ENTITIES = fileURLToPath(new URL('../examples/legal-entities.yaml', import.meta.url));
/** The partners the clients name (`P-RESELLER1`, `P-RESELLER2`, `P-WHOLESALE1`): clients.csv may only name existing ones. */
const EXAMPLE_PARTNERS = fileURLToPath(new URL('../examples/partners.csv', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Rows

// Dates as epoch days (src/core/calendar-date.ts): a random start is a random integer.
const FIRST_START = epochDayOf('2025-01-01');
const LAST_START = epochDayOf('2026-09-30');
const MIGRATION_DAY = epochDayOf('2026-01-01');
const id = (prefix: string, n: number) => `${prefix}-${String(n).padStart(7, '0')}`;

const FOLDED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd' };
/** Bounded: only names from the lists above are folded. */
const asciiCache = new Map<string, string>();
/** Lower-case ASCII letters and digits only, for user names and e-mail addresses (Szűcs -> szucs, Weiß -> weiss). */
function ascii(text: string): string {
  let folded = asciiCache.get(text);
  if (folded === undefined) {
    folded = text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[ßæœøłđ]/g, (c) => FOLDED[c]!)
      .replace(/[^a-z0-9]/g, '');
    asciiCache.set(text, folded);
  }
  return folded;
}

/**
 * The next subscriber number of an area, scattered over the upper half of the number range (5…
 * to 9…), so generated numbers never meet the examples' (2… to 4…) and never repeat in the area.
 */
function phoneNumber(counters: Map<string, number>, country: Country, place: City): string {
  const key = `${country.callingCode} ${place.area}`;
  const used = counters.get(key) ?? 0;
  const capacity = 5 * 10 ** (place.digits - 1);
  if (used >= capacity) throw new RangeError(`no more numbers in +${key}: generate fewer clients`);
  counters.set(key, used + 1);
  return `+${country.callingCode}${place.area}${capacity + scatter(used, capacity)}`;
}

/** A MAC address from the index: the low 24 bits are a bijection of the index, so distinct clients never share one. */
function macAddress(rng: Rng, index: number): string {
  const low = Math.imul(index, 0x9e3779b1) & 0xffffff;
  const hex = low.toString(16).toUpperCase().padStart(6, '0');
  return `${rng.pick(OUIS)}:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

// ---------------------------------------------------------------------------------------------

export async function generate({ clients, out, seed = 1, usagePerClient = 10 }: GenerateOptions): Promise<GenerateResult> {
  if (!Number.isInteger(clients) || clients < 0 || clients > MAX_CLIENTS) throw new RangeError(`clients: an integer from 0 to ${MAX_CLIENTS}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError('seed: an integer from 0 to 4294967295');
  if (!Number.isInteger(usagePerClient) || usagePerClient < 0 || usagePerClient > MAX_USAGE_PER_CLIENT) throw new RangeError(`usage: an integer from 0 to ${MAX_USAGE_PER_CLIENT} records per client`);
  await fs.promises.mkdir(out, { recursive: true });
  const legalEntitiesPath = path.join(out, 'legal-entities.yaml');
  const legalEntities = await fs.promises.readFile(EXAMPLE_LEGAL_ENTITIES);
  await fs.promises.writeFile(legalEntitiesPath, legalEntities);
  const partnersPath = path.join(out, 'partners.csv');
  const partners = await fs.promises.readFile(EXAMPLE_PARTNERS);
  await fs.promises.writeFile(partnersPath, partners);
  const partnerRows = partners.toString('utf8').trim().split('\n').length - 1;

  const writers = {
    clients: new CsvWriter(path.join(out, 'clients.csv'), COLUMNS.clients),
    contracts: new CsvWriter(path.join(out, 'contracts.csv'), COLUMNS.contracts),
    servicePoints: new CsvWriter(path.join(out, 'service-points.csv'), COLUMNS.servicePoints),
    subscriptions: new CsvWriter(path.join(out, 'subscriptions.csv'), COLUMNS.subscriptions),
    usage: new CsvWriter(path.join(out, 'usage.csv'), COLUMNS.usage),
    fxRates: new CsvWriter(path.join(out, 'fx-rates.csv'), COLUMNS.fxRates),
  };
  const all = Object.values(writers);
  const rng = new Rng(seed);
  // Usage draws from a stream of its own: the CRM files of a seed stay the same whatever --usage is.
  const usage = new UsageWriter(writers.usage, new Rng(seed ^ 0x5eed5eed), usagePerClient);
  const phoneCounters = new Map<string, number>();

  try {
    await Promise.all(all.map((w) => w.open()));
    for (let i = 1; i <= clients; i++) {
      const country = rng.weighted(CLIENT_COUNTRIES);
      const person = rng.chance(country.personShare);
      const place = rng.weighted(country.cities);
      const street = country.address(rng.pick(country.streets), rng);
      const postalCode = rng.pick(place.postalCodes);
      const language = rng.weighted(country.languages);

      // Client
      let name: string;
      let email: string;
      let radius: string;
      let vatId = '';
      let partnerId = '';
      if (person) {
        const female = rng.chance(0.5);
        const given = rng.pick(female ? country.female : country.male);
        const surname = rng.pick(country.surnames);
        const family = typeof surname === 'string' ? surname : surname[female ? 1 : 0];
        name = country.familyNameFirst ? `${family} ${given}` : `${given} ${family}`;
        const local = `${ascii(given)}.${ascii(family)}`;
        email = `${local}.${i}@${rng.pick(['mail', 'posta', 'web', 'home'])}.example`;
        radius = `${local}.${i}@isp.example`;
        if (rng.chance(0.08)) partnerId = country.legalEntity === 'HU1' ? 'P-RESELLER1' : 'P-RESELLER2';
      } else {
        const association = country.vatId !== null && rng.chance(0.08);
        name = association ? country.association(rng) : country.company(rng);
        if (country.vatId && !association) vatId = country.vatId(i);
        const slug = ascii(name.split(' ')[0]!);
        email = `info.${i}@${slug}.example`;
        radius = `${slug}.${i}@biz.isp.example`;
        if (rng.chance(0.03)) partnerId = 'P-WHOLESALE1';
      }
      let currency = country.currency;
      if (country.code === 'HU' && !person && rng.chance(0.25)) currency = 'EUR';
      const clientId = id('C', i);
      writers.clients.push([clientId, person ? 'person' : 'company', name, country.code, language, currency, vatId, place.timeZone ?? country.timeZone, email, street, place.name, postalCode, partnerId]);

      // Contract: 15 % fixed-term; 10 % migrated from the previous billing system, billed by billstream from 2026-01-01.
      const migrated = rng.chance(0.1);
      const start = migrated ? rng.between(FIRST_START, MIGRATION_DAY - 60) : rng.between(FIRST_START, LAST_START);
      const end = rng.chance(0.15) ? start + (migrated || rng.chance(0.5) ? 730 : 365) : null;
      const cycle = person ? rng.weighted(PERSON_CYCLES) : rng.weighted(COMPANY_CYCLES);
      const anchor = rng.chance(0.5) ? 1 : Math.min(Number(dateOfEpochDay(start).slice(8, 10)), 28);
      const contractCurrency = country.code === 'GB' && rng.chance(0.5) ? 'EUR' : currency;
      const terms = person ? rng.weighted(PERSON_TERMS) : rng.weighted(COMPANY_TERMS);
      const contractId = id('K', i);
      writers.contracts.push([contractId, clientId, country.legalEntity, dateOfEpochDay(start), end === null ? '' : dateOfEpochDay(end), cycle, String(anchor), contractCurrency, String(terms), migrated ? dateOfEpochDay(MIGRATION_DAY) : '']);

      // Service point: at the client's address, or for a client from outside the operator's countries at a branch in the seller's country.
      const siteCountry = country.servedIn ? COUNTRIES[country.servedIn]! : country;
      const site = country.servedIn ? rng.weighted(siteCountry.cities) : place;
      const siteStreet = country.servedIn ? siteCountry.address(rng.pick(siteCountry.streets), rng) : street;
      const sitePostalCode = country.servedIn ? rng.pick(site.postalCodes) : postalCode;
      const bundle = rng.weighted(country.overTheTop ? (person ? PERSON_OVER_THE_TOP : COMPANY_OVER_THE_TOP) : person ? PERSON_BUNDLES : COMPANY_BUNDLES);
      const identifiers = bundle.identifiers.map((kind) =>
        kind === 'phone' ? phoneNumber(phoneCounters, siteCountry, site) : kind === 'radius' ? radius : macAddress(rng, i),
      );
      const servicePointId = id('SP', i);
      writers.servicePoints.push([servicePointId, contractId, identifiers.join(';'), siteStreet, site.name, sitePostalCode, siteCountry.code]);

      // Subscriptions: the main service from the contract's start, the second up to a month later; a few second services cancelled early. End dates are exclusive and never past the contract's end.
      const [main, extra] = bundle.tariffs;
      const openEnd = end === null ? '' : dateOfEpochDay(end);
      writers.subscriptions.push([id('S', 2 * i - 1), servicePointId, main, dateOfEpochDay(start), openEnd, '1']);
      const extraStart = start + rng.below(31);
      let extraEnd = openEnd;
      if (rng.chance(0.1)) {
        const cancelled = extraStart + rng.between(30, 300);
        if (end === null || cancelled < end) extraEnd = dateOfEpochDay(cancelled);
      }
      writers.subscriptions.push([id('S', 2 * i), servicePointId, extra, dateOfEpochDay(extraStart), extraEnd, String(quantity(rng, extra))]);

      // Usage: from the day billstream bills (billing_start) to the end of October 2026.
      const billedFrom = migrated ? MIGRATION_DAY : start;
      const extraUntil = extraEnd === '' ? null : epochDayOf(extraEnd);
      usage.client(siteCountry.code, [
        { tariff: main, from: Math.max(start, billedFrom), until: end },
        { tariff: extra, from: Math.max(extraStart, billedFrom), until: extraUntil },
      ], Object.fromEntries(bundle.identifiers.map((kind, n) => [kind, identifiers[n]!])));

      if (all.some((writer) => writer.full)) {
        for (const writer of all) if (writer.full) await writer.flush();
      }
    }
    writeFxRates(writers.fxRates, new Rng(seed ^ 0xf0f0f0f0));
    const bytes = await Promise.all(all.map((w) => w.close()));
    const tariffs = await copyTariffs(path.join(out, 'tariffs'));
    return {
      legalEntities: 3,
      partners: partnerRows,
      clients: writers.clients.rows,
      contracts: writers.contracts.rows,
      servicePoints: writers.servicePoints.rows,
      subscriptions: writers.subscriptions.rows,
      tariffs: tariffs.tariffs,
      usage: { records: writers.usage.rows - usage.duplicates, duplicates: usage.duplicates, unresolved: usage.unresolved },
      files: [
        { path: legalEntitiesPath, rows: 3, bytes: legalEntities.length },
        { path: partnersPath, rows: partnerRows, bytes: partners.length },
        ...all.map((w, n) => ({ path: w.path, rows: w.rows, bytes: bytes[n]! })),
        { path: path.join(out, 'tariffs'), rows: tariffs.tariffs, bytes: tariffs.bytes },
      ],
    };
  } catch (error) {
    for (const writer of all) writer.destroy();
    throw error;
  }
}

const PERSON_CYCLES = weighted([['monthly', 90], ['quarterly', 6], ['yearly', 4]]);
const COMPANY_CYCLES = weighted([['monthly', 65], ['quarterly', 25], ['yearly', 10]]);
const PERSON_TERMS = weighted([[15, 70], [8, 20], [30, 10]]);
const COMPANY_TERMS = weighted([[30, 50], [15, 25], [45, 15], [60, 10]]);

/** SIP channels and hotspot access points are counted; every other service is one. */
function quantity(rng: Rng, tariff: string): number {
  if (tariff === 'BIZ-SIP') return rng.weighted(SIP_CHANNELS);
  if (tariff === 'WIFI-HOTSPOT') return rng.between(1, 6);
  return 1;
}
const SIP_CHANNELS = weighted([[2, 35], [4, 30], [8, 20], [10, 8], [30, 7]]);

// ---------------------------------------------------------------------------------------------
// Usage, exchange rates and tariffs

/** Usage ends before this day: a bill run as of 2026-11-01 bills every generated record's cycle that has closed. */
const USAGE_END = epochDayOf('2026-11-01');

type UsageType = 'voice' | 'sms' | 'data' | 'vod';

/** What each tariff rates (examples/tariffs), the identifier a record of it comes from, and how often such records come. */
const USAGE_OF_TARIFF: Record<string, readonly { type: UsageType; from: readonly Identifier[]; weight: number }[]> = {
  'HOME-VOIP': [{ type: 'voice', from: ['phone'], weight: 6 }, { type: 'sms', from: ['phone'], weight: 1 }],
  'BIZ-SIP': [{ type: 'voice', from: ['phone'], weight: 8 }],
  'FIBRE-100': [{ type: 'data', from: ['radius'], weight: 3 }],
  'WIFI-HOTSPOT': [{ type: 'data', from: ['mac', 'radius'], weight: 3 }],
  'VOD-STORE': [{ type: 'vod', from: ['mac', 'radius'], weight: 1 }],
};

const SOURCE_OF: Record<UsageType, string> = { voice: 'sbc-1', sms: 'smsc-1', data: 'radius-1', vod: 'vod-1' };

/**
 * Dialled prefixes per country of the calling service point, each priced by the example deck
 * (tariffs/decks/voice-eur.csv): mostly domestic fixed and mobile numbers, some abroad.
 */
const DESTINATIONS: Record<string, Weighted<string>> = {
  HU: weighted([['+361', 40], ['+3620', 15], ['+3630', 20], ['+3670', 12], ['+4930', 4], ['+431', 4], ['+44207', 2]]),
  DE: weighted([['+4930', 25], ['+4989', 12], ['+4940', 10], ['+4915', 12], ['+4917', 10], ['+431', 6], ['+361', 4], ['+44207', 3], ['+1212', 2]]),
  AT: weighted([['+431', 30], ['+43316', 10], ['+43664', 12], ['+43676', 10], ['+4989', 6], ['+4930', 4], ['+361', 3]]),
  SK: weighted([['+4212', 30], ['+42190', 30], ['+361', 30], ['+3630', 10]]),
  FR: weighted([['+331', 30], ['+334', 15], ['+336', 20], ['+337', 10], ['+4930', 10], ['+44207', 5]]),
};

interface UsageSpan {
  tariff: string;
  /** Epoch days: the first active day, and the day after the last (null: open). */
  from: number;
  until: number | null;
}

/** Writes a client's usage records to usage.csv, with the occasional duplicate and unknown caller. */
class UsageWriter {
  duplicates = 0;
  unresolved = 0;
  private records = 0;

  constructor(private readonly csv: CsvWriter, private readonly rng: Rng, private readonly perClient: number) {}

  client(country: string, spans: readonly UsageSpan[], identifiers: Partial<Record<Identifier, string>>): void {
    const { rng } = this;
    const choices: (readonly [{ type: UsageType; identifier: string; from: number; days: number }, number])[] = [];
    for (const span of spans) {
      const days = Math.min(span.until ?? USAGE_END, USAGE_END) - span.from;
      if (days <= 0) continue;
      for (const use of USAGE_OF_TARIFF[span.tariff] ?? []) {
        const identifier = use.from.map((kind) => identifiers[kind]).find((found) => found !== undefined);
        if (identifier) choices.push([{ type: use.type, identifier, from: span.from, days }, use.weight]);
      }
    }
    if (choices.length === 0) return;
    const table = weighted(choices);
    for (let n = 0; n < this.perClient; n++) {
      const { type, identifier, from, days } = rng.weighted(table);
      this.records += 1;
      const unknown = this.records % 1000 === 500;
      if (unknown) this.unresolved += 1;
      // 10:00 to 21:00 UTC: daytime and evening in Europe, and the same local date in every generated time zone (America/Los_Angeles included).
      const second = rng.between(10 * 3600, 21 * 3600 - 1);
      const start = `${dateOfEpochDay(from + rng.below(days))}T${clock(second)}Z`;
      const row = [`G${String(this.records).padStart(9, '0')}`, SOURCE_OF[type], unknown ? `unprovisioned.${this.records}@isp.example` : identifier, type, start];
      if (type === 'voice') {
        const dialled = rng.weighted(DESTINATIONS[country] ?? DESTINATIONS.DE!);
        row.push(String(rng.chance(0.1) ? rng.between(1, 20) : rng.between(20, 1200)), `${dialled}${digits(rng, 12 - dialled.length)}`, '', '', '');
      } else if (type === 'data') {
        const bytes = identifier === identifiers.mac ? rng.between(50, 3000) * 1_000_000 : rng.between(500, 30_000) * 1_000_000;
        const sent = Math.round(bytes * (0.05 + rng.below(10) / 100));
        row.push(String(rng.between(600, 86_400)), '', String(bytes - sent), String(sent), '');
      } else {
        row.push('', type === 'sms' ? `${rng.weighted(DESTINATIONS[country] ?? DESTINATIONS.DE!)}${digits(rng, 7)}` : '', '', '', '1');
      }
      this.csv.push(row);
      if (this.records % 1000 === 0) {
        this.csv.push(row);
        this.duplicates += 1;
      }
    }
  }
}

function clock(secondOfDay: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor(secondOfDay / 60) % 60)}:${two(secondOfDay % 60)}`;
}

function digits(rng: Rng, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += String(rng.below(10));
  return text;
}

/** Monthly EUR rates from the first month a generated contract can start, around these levels. */
const FX_LEVELS = [['HUF', 390, 2], ['USD', 1.15, 4], ['GBP', 0.86, 5]] as const;

/** A rate on the first of every month of 2025 and 2026 for each of FX_LEVELS: the newest on or before a cycle's last day always exists. */
function writeFxRates(csv: CsvWriter, rng: Rng): void {
  for (let month = 0; month < 24; month++) {
    const date = `${2025 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`;
    for (const [quote, level, decimals] of FX_LEVELS) {
      const rate = level * (1 + (rng.below(601) - 300) / 10_000);
      csv.push([date, 'EUR', quote, rate.toFixed(decimals)]);
    }
  }
}

/** Copies examples/tariffs (YAML files and their decks) to `target`; returns the number of tariffs and bytes. */
async function copyTariffs(target: string): Promise<{ tariffs: number; bytes: number }> {
  await fs.promises.cp(EXAMPLE_TARIFFS, target, { recursive: true });
  let tariffs = 0;
  let bytes = 0;
  for (const entry of await fs.promises.readdir(target, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += (await fs.promises.stat(path.join(entry.parentPath, entry.name))).size;
    if (entry.name.endsWith('.yaml')) tariffs += 1;
  }
  return { tariffs, bytes };
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE = 'usage: node --import tsx tools/generate.ts --clients N --out DIR [--seed S] [--usage RECORDS_PER_CLIENT]';

async function cli(argv: string[]): Promise<number> {
  let values: { clients?: string; out?: string; seed?: string; usage?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { clients: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, usage: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`generate: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const clients = Number(values.clients);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const usagePerClient = values.usage === undefined ? 10 : Number(values.usage);
  if (!values.clients || !values.out || !Number.isInteger(clients) || !Number.isInteger(seed) || !Number.isInteger(usagePerClient)) {
    console.error(USAGE);
    return 2;
  }
  const started = performance.now();
  let result: GenerateResult;
  try {
    result = await generate({ clients, out: values.out, seed, usagePerClient });
  } catch (error) {
    console.error(`generate: ${(error as Error).message}`);
    return error instanceof RangeError ? 2 : 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const number = (n: number) => n.toLocaleString('en-US');
  const rows = result.files.filter((file) => file.path.endsWith('.csv')).reduce((sum, file) => sum + file.rows, 0);
  console.log(`generated ${number(clients)} clients (seed ${seed}) into ${values.out}`);
  for (const file of result.files) {
    const unit = file.path.endsWith('.yaml') ? 'entries' : file.path.endsWith('.csv') ? 'rows' : 'tariffs';
    console.log(`  ${path.basename(file.path).padEnd(20)} ${number(file.rows).padStart(11)} ${unit.padEnd(7)} ${(file.bytes / 1e6).toFixed(1).padStart(8)} MB`);
  }
  console.log(`${number(rows)} CSV rows in ${seconds.toFixed(2)} s (${number(Math.round(rows / seconds))} rows/s); usage.csv: ${number(result.usage.duplicates)} duplicates, ${number(result.usage.unresolved)} records of unknown identifiers`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void cli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
