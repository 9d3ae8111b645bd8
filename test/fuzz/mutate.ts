/**
 * Input mutators for the fuzz suite: from a valid example (a JSON body, a YAML file, a CSV file)
 * to a random neighbour that is truncated, has wrong types, huge numbers and strings, deep nesting,
 * invalid dates or unicode oddities. Every mutation is plain data (operations with numeric
 * selectors) applied deterministically to the example, so fast-check shrinks a failing input to
 * the fewest and simplest operations.
 */
import fc from 'fast-check';
import YAML from 'yaml';

// ---------------------------------------------------------------------------------------------
// Odd values

/** Strings that have broken parsers before: numbers that are not, dates that are not, unicode that is odd. */
export const ODD_STRINGS: readonly string[] = [
  '', ' ', '0', '-0', '00', '1e308', '-1e308', '1e309', '1e-400', 'NaN', 'Infinity', '-Infinity', '9007199254740993',
  '99999999999999999999999999999999', '-1', '-1.5', '0.000000000000000000001', '1,5', '1.2.3', '0x1F', '  12  ', '1_000', '+5', '.5', '5.',
  '2026-02-30', '9999-12-31', '0000-00-00', '0001-01-01', '2026-13-01', '2026-00-10', 'yesterday', 'today', '+275760-09-13', '-000001-01-01',
  '2026-1-1', '20261011', '2026-10-11T25:00:00Z', '2026-10-11T08:15:00', '2026-10-11T08:15:00+99:00', '2026-10-11T08:15:00.123456789123Z',
  '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '2026-10-11 08:15:00Z', 'P1D', '08:00', '24:00', '23:60',
  '\uD800', '\uDFFF', 'a\uD83Db', '\u202E\u0645\u0631\u062D\u0628\u0627', '\u200F', '\u200B', '\u0000', 'a\u0000b', 'e\u0301\u0301\u0301\u0301',
  '\uFEFF', '\uFFFE', '\uFFFF', '\u{1D54F}', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', 'ǅ', 'ﬀ', 'İ', 'ß', '\r', '\n', '\r\n', '\t', '\u2028', '\u0085',
  '"', '""', "'", ',', ';', ':', '\\', '%', '%00', '%E0%A4%A', '../..', '/', '?', '#', '&', '=', '<script>', '${x}', '{{x}}',
  'null', 'true', 'false', '~', '{}', '[]', '- a', '*a', '&a', '!!binary', '? x', '|', '>', '@', '`', '---', '...',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  'Europe/Nowhere', 'Etc/GMT+99', 'UTC', '+01:00', 'xx-INVALID-LANG', 'HU', 'hu', 'XX', 'XXX', 'EUR', 'eur', 'BTC',
  '+3612345678', '00:1A:2B:3C:4D:5E', 'C-0001', 'K-0001', 'SP-0001', 'S-0001', 'HU1', 'FIBRE-100', 'HOME-VOIP',
];

/** Long strings: one of each, built once (a 100,000-character value in every text field is the point). */
const HUGE_STRINGS: readonly string[] = [
  'x'.repeat(100_000),
  'é'.repeat(50_000),
  '\uD800'.repeat(10_000),
  '9'.repeat(5_000),
  'a,'.repeat(20_000),
  '"'.repeat(20_000),
  '\n'.repeat(20_000),
];

export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_STRINGS) },
);

/** A value written verbatim into the serialized text (JSON numbers JSON.stringify cannot write, deep nesting). */
export class Raw {
  constructor(readonly text: string) {}
  toJSON(): string {
    return `<raw ${this.text.length > 60 ? `${this.text.slice(0, 60)}…(${this.text.length} chars)` : this.text}>`;
  }
}

function deep(levels: number, kind: 'array' | 'object'): Raw {
  return new Raw(kind === 'array' ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
}

const RAW_NUMBERS = ['1e309', '-1e309', '-0', '1e-400', '123456789012345678901234567890', '0.0000', '-1E+2', '1.7976931348623157e308', '5e-324'];

export const oddJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: oddString },
  { weight: 3, arbitrary: fc.constantFrom(0, -1, 1, 1.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 0.1, 29, 366, 1e21) },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBERS).map((text) => new Raw(text)) },
  { weight: 2, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>([], {}, [null], [[]], { '': '' }, ['x'], { __proto__: null, a: 1 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(10, 1000, 10_000).chain((n) => fc.constantFrom(deep(n, 'array'), deep(n, 'object'))) },
  { weight: 1, arbitrary: fc.constant(new Raw(`[${new Array(20_000).fill('0').join(',')}]`)) },
);

// ---------------------------------------------------------------------------------------------
// Structured values (JSON bodies, YAML documents)

type Path = (string | number)[];

/** Every path in a value, the root (empty path) included. */
function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...path, i], out));
  else if (value && typeof value === 'object' && !(value instanceof Raw)) for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...path, key], out);
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)?.[key], root);
}

/** Sets (or with `remove`, deletes) the value at a path; the root is replaced through the return value. */
function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return remove ? undefined : value;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else {
    Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

export type ValueOp =
  | { op: 'drop'; at: number }
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'add'; at: number; key: string; value: unknown }
  | { op: 'duplicate'; at: number }
  | { op: 'wrap'; at: number; in: 'array' | 'object' }
  | { op: 'retype'; at: number }
  | { op: 'nest'; at: number; levels: number };

const extraKey = fc.oneof(fc.constantFrom('id', 'unknownField', '__proto__', 'constructor', '', ' ', 'a'.repeat(1000), '\u0000', '\uD800', 'status', 'clientId'), fc.string({ maxLength: 8 }));

export const valueOp: fc.Arbitrary<ValueOp> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: oddJsonValue }) },
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: extraKey, value: oddJsonValue }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('wrap' as const), at: fc.nat(), in: fc.constantFrom('array' as const, 'object' as const) }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('nest' as const), at: fc.nat(), levels: fc.constantFrom(2, 50, 10_000) }),
);

/** A value in a different JSON type: number <-> string, bool -> string, object -> array of its values. */
function retyped(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value.length;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length ? value[0] : {};
  if (value instanceof Raw) return value.text;
  return Object.values(value as object);
}

function nested(value: unknown, levels: number): unknown {
  if (levels > 60) return new Raw(`${'['.repeat(levels)}${JSON.stringify(value ?? null) ?? 'null'}${']'.repeat(levels)}`);
  let out = value;
  for (let i = 0; i < levels; i++) out = [out];
  return out;
}

/**
 * A deep copy (Raw values shared: they never change). Generated values are copied before they
 * go into a document: fast-check hands out the same constant object to many runs, and a mutation
 * of it would leak into (or make a cycle in) later inputs.
 */
function copy(value: unknown): unknown {
  if (value instanceof Raw || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) Object.defineProperty(out, key, { value: copy((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Applies the operations to a deep copy of the example. */
export function applyValueOps(example: unknown, ops: readonly ValueOp[]): unknown {
  let root: unknown = copy(example);
  for (const op of ops) {
    const paths = pathsOf(root);
    const path = paths[op.at % paths.length]!;
    const current = getAt(root, path);
    switch (op.op) {
      case 'drop':
        root = path.length === 0 ? null : setAt(root, path, undefined, true);
        break;
      case 'replace':
        root = setAt(root, path, copy(op.value));
        break;
      case 'add':
        if (current && typeof current === 'object' && !Array.isArray(current) && !(current instanceof Raw)) {
          Object.defineProperty(current, op.key, { value: copy(op.value), enumerable: true, writable: true, configurable: true });
        } else if (Array.isArray(current)) current.push(copy(op.value));
        else root = setAt(root, path, Object.defineProperty({}, op.key, { value: copy(op.value), enumerable: true, writable: true, configurable: true }));
        break;
      case 'duplicate': {
        if (path.length === 0) {
          root = [root, copy(root)];
          break;
        }
        const parent = getAt(root, path.slice(0, -1));
        if (Array.isArray(parent)) parent.splice(path[path.length - 1] as number, 0, copy(current));
        break;
      }
      case 'wrap':
        root = setAt(root, path, op.in === 'array' ? [current] : { value: current });
        break;
      case 'retype':
        root = setAt(root, path, retyped(current));
        break;
      case 'nest':
        root = setAt(root, path, nested(current, op.levels));
        break;
    }
  }
  return root;
}

/** JSON text, with Raw values written verbatim (numbers JSON cannot hold, 10,000 levels of nesting). */
export function toJsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).map((key) => `${JSON.stringify(key)}:${toJsonText((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

/** YAML text in block style, Raw values spliced in verbatim (flow style is YAML too). */
export function toYamlText(value: unknown): string {
  const raws: string[] = [];
  const placeholders = (v: unknown): unknown => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `@@RAW${raws.length - 1}@@`;
    }
    if (Array.isArray(v)) return v.map(placeholders);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) Object.defineProperty(out, key, { value: placeholders((v as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  let text: string;
  try {
    text = YAML.stringify(placeholders(value), { lineWidth: 0 });
  } catch {
    text = toJsonText(placeholders(value));
  }
  return text.replace(/["']?@@RAW(\d+)@@["']?/g, (_m, i: string) => raws[Number(i)]!);
}

// ---------------------------------------------------------------------------------------------
// Text

export type TextOp =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'repeat'; at: number; length: number; times: number }
  | { op: 'line-endings'; style: '\r\n' | '\r' | '\n\n' }
  | { op: 'bom' };

/** Characters and snippets worth dropping into any text format. */
const TEXT_SNIPPETS = [
  '"', '""', ',', '\n', '\r', '\r\n', '\t', ':', ': ', '- ', '#', '&a ', '*a', '!!str ', '!!binary ', '[', ']', '{', '}', '{{', '\'', '\\', '|', '>',
  '---\n', '...\n', '%YAML 1.1\n', '\u0000', '\uFEFF', '\uD800', '\u202E', 'e\u0301', '\u{1F600}', '<<: *a\n', '? ', ',,,,,,,,,,,,,', ';;;',
];

export const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TEXT_SNIPPETS), oddString) }) },
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }), times: fc.constantFrom(2, 10, 1000) }),
  fc.record({ op: fc.constant('line-endings' as const), style: fc.constantFrom('\r\n' as const, '\r' as const, '\n\n' as const) }),
  fc.record({ op: fc.constant('bom' as const) }),
);

/**
 * Largest text the mutations grow an input to. Inputs are to be answered within a second; a
 * megabyte of odd text is a fair demand, tens of megabytes (repeats of repeats) measure throughput,
 * which is the benchmarks' business.
 */
export const MAX_TEXT = 1 << 20;

export function applyTextOps(text: string, ops: readonly TextOp[]): string {
  let out = text;
  for (const op of ops) {
    const at = 'at' in op ? op.at % (out.length + 1) : 0;
    switch (op.op) {
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'insert':
        out = out.slice(0, at) + op.text + out.slice(at);
        break;
      case 'delete':
        out = out.slice(0, at) + out.slice(at + op.length);
        break;
      case 'repeat': {
        const span = out.slice(at, at + op.length);
        out = out.slice(0, at) + span.repeat(Math.min(op.times, Math.floor(MAX_TEXT / Math.max(1, span.length)))) + out.slice(at);
        break;
      }
      case 'line-endings':
        out = out.replace(/\n/g, op.style);
        break;
      case 'bom':
        out = `\uFEFF${out}`;
        break;
    }
    if (out.length > MAX_TEXT) out = out.slice(0, MAX_TEXT);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// YAML documents

/** Texts no mutation of an example reaches: expansion bombs, deep nesting, tags, anchors, odd documents. */
export const YAML_SPECIALS: readonly string[] = [
  // Billion laughs: 9 levels of 9 aliases.
  ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((c, i) => {
    const p = 'abcdefghi'[i]!;
    return `${c}: &${c} [*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p}]`;
  })].join('\n'),
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `${'- '.repeat(2_000)}x`,
  Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a${i}:`).join('\n'),
  '!!binary aGVsbG8=',
  '!!js/function "function () {}"',
  '!!set {a, b}',
  '!!omap [a: 1, b: 2]',
  'id: !!int "12"\nname: !!float x',
  '---\nid: A\n---\nid: B\n',
  '%YAML 1.1\n---\nid: yes\nvalidFrom: 2026-01-01 10:00:00\n',
  'id: X\nid: Y\n',
  '<<: {id: X}\n',
  'a: &x 1\nb: *y\n',
  '? [complex, key]\n: value\n',
  '*a',
  '- &a [*a]',
  '\t- id: tab',
  '"\\uD800"',
  '"\\U0010FFFF\\x00"',
  'id: \u0000',
  '\uFEFF- id: HU1',
  '',
  '~',
  '[]',
  '{}',
  '123',
  '-',
  'id: "unterminated',
];

// ---------------------------------------------------------------------------------------------
// CSV files

/** RFC 4180 split of a small, valid example file (the examples only). */
export function parseCsvExample(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

export type CsvOp =
  | { op: 'cell'; row: number; column: number; value: string }
  | { op: 'drop-row'; row: number }
  | { op: 'duplicate-row'; row: number }
  | { op: 'swap-rows'; a: number; b: number }
  | { op: 'drop-column'; column: number }
  | { op: 'duplicate-column'; column: number }
  | { op: 'rename-column'; column: number; name: string }
  | { op: 'extra-cell'; row: number; value: string }
  | { op: 'drop-cell'; row: number; column: number }
  | { op: 'wide-row'; row: number; cells: number }
  | { op: 'many-rows'; row: number; times: number };

export const csvOp: fc.Arbitrary<CsvOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('cell' as const), row: fc.nat(), column: fc.nat(), value: oddString }) },
  fc.record({ op: fc.constant('drop-row' as const), row: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-row' as const), row: fc.nat() }),
  fc.record({ op: fc.constant('swap-rows' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('drop-column' as const), column: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-column' as const), column: fc.nat() }),
  fc.record({ op: fc.constant('rename-column' as const), column: fc.nat(), name: oddString }),
  fc.record({ op: fc.constant('extra-cell' as const), row: fc.nat(), value: oddString }),
  fc.record({ op: fc.constant('drop-cell' as const), row: fc.nat(), column: fc.nat() }),
  fc.record({ op: fc.constant('wide-row' as const), row: fc.nat(), cells: fc.constantFrom(100, 10_000) }),
  fc.record({ op: fc.constant('many-rows' as const), row: fc.nat(), times: fc.constantFrom(10, 300) }),
);

export function applyCsvOps(example: readonly string[][], ops: readonly CsvOp[]): string[][] {
  const rows = example.map((row) => [...row]);
  const rowAt = (n: number) => (rows.length ? n % rows.length : 0);
  for (const op of ops) {
    if (rows.length === 0) rows.push([]);
    switch (op.op) {
      case 'cell': {
        const row = rows[rowAt(op.row)]!;
        row[row.length ? op.column % row.length : 0] = op.value;
        break;
      }
      case 'drop-row':
        rows.splice(rowAt(op.row), 1);
        break;
      case 'duplicate-row':
        rows.splice(rowAt(op.row), 0, [...rows[rowAt(op.row)]!]);
        break;
      case 'swap-rows': {
        const [a, b] = [rowAt(op.a), rowAt(op.b)];
        [rows[a], rows[b]] = [rows[b]!, rows[a]!];
        break;
      }
      case 'drop-column': {
        const width = rows[0]!.length || 1;
        for (const row of rows) row.splice(op.column % width, 1);
        break;
      }
      case 'duplicate-column': {
        const width = rows[0]!.length || 1;
        for (const row of rows) row.push(row[op.column % width] ?? '');
        break;
      }
      case 'rename-column': {
        const header = rows[0]!;
        header[header.length ? op.column % header.length : 0] = op.name;
        break;
      }
      case 'extra-cell':
        rows[rowAt(op.row)]!.push(op.value);
        break;
      case 'drop-cell': {
        const row = rows[rowAt(op.row)]!;
        row.splice(row.length ? op.column % row.length : 0, 1);
        break;
      }
      case 'wide-row':
        rows[rowAt(op.row)]!.push(...new Array<string>(op.cells).fill('x'));
        break;
      case 'many-rows': {
        const row = rows[rowAt(op.row)]!;
        const times = Math.min(op.times, Math.floor(MAX_TEXT / 2 / Math.max(1, row.join(',').length)));
        rows.push(...Array.from({ length: times }, (_, i) => row.map((cell, c) => (c === 0 ? `${cell}-${i}` : cell))));
        break;
      }
    }
  }
  return rows;
}

/** CSV text; `quoting` decides whether cells that need quotes get them (`never` breaks the file on purpose). */
export function toCsvText(rows: readonly string[][], quoting: 'needed' | 'always' | 'never'): string {
  const cell = (value: string) => {
    if (quoting === 'never') return value;
    if (quoting === 'always' || /[",\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
    return value;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Whole inputs

/** A JSON body near the example: structural mutations, then (sometimes) text mutations of the JSON. */
export function mutatedJson(example: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.array(valueOp, { minLength: 1, maxLength: 4 }), fc.array(textOp, { maxLength: 1 })).map(([ops, text]) => applyTextOps(toJsonText(applyValueOps(example, ops)), text)) },
    { weight: 1, arbitrary: fc.array(textOp, { minLength: 1, maxLength: 3 }).map((ops) => applyTextOps(toJsonText(example), ops)) },
    { weight: 1, arbitrary: fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), oddString, oddJsonValue.map(toJsonText)) },
  );
}

/** A YAML text near the example: structural mutations, re-serialized, then (sometimes) text mutations; or a special. */
export function mutatedYaml(example: unknown, exampleText: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.array(valueOp, { minLength: 1, maxLength: 4 }), fc.array(textOp, { maxLength: 1 })).map(([ops, text]) => applyTextOps(toYamlText(applyValueOps(example, ops)), text)) },
    { weight: 3, arbitrary: fc.array(textOp, { minLength: 1, maxLength: 3 }).map((ops) => applyTextOps(exampleText, ops)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...YAML_SPECIALS), fc.boolean()).map(([special, prefix]) => (prefix ? `${special}\n${exampleText}` : special)) },
    { weight: 1, arbitrary: fc.oneof(oddString, fc.string({ unit: 'binary', maxLength: 200 })) },
  );
}

/** A CSV text near the example: row, column and cell mutations, a quoting style, then (sometimes) text mutations. */
export function mutatedCsv(exampleText: string): fc.Arbitrary<string> {
  const rows = parseCsvExample(exampleText);
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(fc.array(csvOp, { minLength: 1, maxLength: 4 }), fc.constantFrom('needed' as const, 'needed' as const, 'always' as const, 'never' as const), fc.array(textOp, { maxLength: 1 }))
        .map(([ops, quoting, text]) => applyTextOps(toCsvText(applyCsvOps(rows, ops), quoting), text)),
    },
    { weight: 2, arbitrary: fc.array(textOp, { minLength: 1, maxLength: 3 }).map((ops) => applyTextOps(exampleText, ops)) },
    { weight: 1, arbitrary: fc.oneof(oddString, fc.string({ unit: 'binary', maxLength: 300 })) },
  );
}
