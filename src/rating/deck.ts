/**
 * Destination rate decks (FORMATS.md `decks/*.csv`, RULES.md 2): parsing with precise errors, and a
 * compact in-memory form for the per-record hot path.
 *
 * Rows live in parallel typed arrays (prices as integer nano-units, see amount.ts), and the prefixes
 * in a flat Int32Array digit trie, 11 slots per node: `[row, child0 … child9]` (row -1 = no prefix
 * ends here; child 0 = none, since the root is never a child). A lookup walks one node per dialled
 * digit; it allocates only the digit string of a number written with a `+` or separators.
 */
import { readCsv, CsvHeaderError } from '../core/csv-parser.ts';
import { parsePriceNano, nanoToDecimalString } from './amount.ts';
import { dialledDigits } from '../domain/usage/dialled-number.ts';

export const DECK_COLUMNS = [
  'prefix',
  'destination',
  'peak_per_minute',
  'offpeak_per_minute',
  'connect_fee',
  'min_seconds',
  'first_increment',
  'next_increment',
] as const;
export type DeckColumn = (typeof DECK_COLUMNS)[number];

/** Largest accepted min_seconds / increment: a day. */
export const MAX_DECK_SECONDS = 86_400;

/** A problem found in a deck: file, physical line (1-based), column (1-based; 0 = the whole row) and reason. */
export interface DeckProblem {
  file: string;
  line: number;
  column: number;
  reason: string;
}

/** A deck row as plain values (for events, views and tests); prices in nano-units. */
export interface DeckRow {
  prefix: string;
  destination: string;
  peakPerMinuteNano: number;
  offpeakPerMinuteNano: number;
  connectFeeNano: number;
  minSeconds: number;
  firstIncrement: number;
  nextIncrement: number;
  /** Line of the deck file the row came from (fromRows: its 1-based position). */
  line: number;
}

/** Input of `Deck.fromRows`: the CSV columns, camel-cased; prices as decimal strings. */
export interface DeckRowInput {
  prefix: string;
  destination: string;
  peakPerMinute: string;
  /** Empty: the peak price. */
  offpeakPerMinute?: string | null;
  /** Empty: 0. */
  connectFee?: string | null;
  /** Empty: 0. */
  minSeconds?: number | string | null;
  firstIncrement: number | string;
  nextIncrement: number | string;
}

export class DeckError extends Error {
  override readonly name = 'DeckError';
  constructor(readonly problems: DeckProblem[]) {
    super(`deck is not usable: ${problems.slice(0, 5).map((p) => `line ${p.line} column ${p.column}: ${p.reason}`).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
  }
}

const STRIDE = 11;
const DIGITS = /^[0-9]+$/;
const WHOLE = /^[0-9]+$/;

/** One validated row before it goes into the arrays. */
interface ParsedRow {
  prefix: string;
  destination: string;
  peak: number;
  offpeak: number;
  connectFee: number;
  minSeconds: number;
  first: number;
  next: number;
  line: number;
}

/**
 * Checks one row's cells (null = empty). Returns the row, or its problems as [column, reason].
 * Empty offpeak_per_minute means the peak price, empty connect_fee and min_seconds mean 0; the other
 * cells are required.
 */
function validateRow(get: (column: DeckColumn) => string | null, line: number): ParsedRow | [DeckColumn, string][] {
  const problems: [DeckColumn, string][] = [];
  const prefix = get('prefix');
  if (prefix === null) problems.push(['prefix', 'prefix is required']);
  else if (!DIGITS.test(prefix)) problems.push(['prefix', `prefix ${JSON.stringify(prefix)} must be digits only (no +, 00 is a prefix like any other)`]);
  const destination = get('destination');
  if (destination === null) problems.push(['destination', 'destination is required']);

  const price = (column: DeckColumn, fallback: number | null): number => {
    const text = get(column);
    if (text === null) {
      if (fallback === null) problems.push([column, `${column} is required`]);
      return fallback ?? 0;
    }
    try {
      return parsePriceNano(text);
    } catch (error) {
      problems.push([column, `${column}: ${(error as Error).message}`]);
      return 0;
    }
  };
  const seconds = (column: DeckColumn, min: number, fallback: number | null): number => {
    const text = get(column);
    if (text === null) {
      if (fallback === null) problems.push([column, `${column} is required`]);
      return fallback ?? 0;
    }
    const value = WHOLE.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= MAX_DECK_SECONDS)) {
      problems.push([column, `${column} ${JSON.stringify(text)} must be a whole number of seconds from ${min} to ${MAX_DECK_SECONDS}`]);
      return 0;
    }
    return value;
  };
  const peak = price('peak_per_minute', null);
  const offpeak = price('offpeak_per_minute', peak);
  const connectFee = price('connect_fee', 0);
  const minSeconds = seconds('min_seconds', 0, 0);
  const first = seconds('first_increment', 1, null);
  const next = seconds('next_increment', 1, null);
  if (problems.length > 0) return problems;
  return { prefix: prefix!, destination: destination!, peak, offpeak, connectFee, minSeconds, first, next, line };
}

/**
 * Reads a deck CSV (FORMATS.md columns, any order). Every problem is reported with its line and
 * column: unreadable rows, missing or unknown columns (header errors), a value in a column without
 * a name, non-digit or duplicate prefixes (naming the line of the first), bad prices (negative,
 * more than 9 decimals), increments that are not whole positive numbers of seconds. A deck with any
 * problem is not usable: `deck` is then null.
 *
 * `stored`: the text of a deck already published (read back for rating). Decks published before
 * unknown columns were refused may have some; they were ignored then and still are, so rating a
 * stored deck never fails on what its import accepted.
 */
export async function parseDeck(source: AsyncIterable<Buffer | string>, file: string, options: { stored?: boolean } = {}): Promise<{ deck: Deck | null; errors: DeckProblem[] }> {
  const errors: DeckProblem[] = [];
  const rows: ParsedRow[] = [];
  const firstLine = new Map<string, number>();
  try {
    for await (const item of readCsv(source, { required: [...DECK_COLUMNS], optional: [] }, { unknownColumns: options.stored ? 'ignore' : 'refuse' })) {
      if (item.kind === 'error') {
        errors.push({ file, ...item.error });
        continue;
      }
      const { line, values, columnOf } = item.row;
      const parsed = validateRow((column) => values[column] ?? null, line);
      if (Array.isArray(parsed)) {
        for (const [column, reason] of parsed) errors.push({ file, line, column: columnOf(column), reason });
        continue;
      }
      const first = firstLine.get(parsed.prefix);
      if (first !== undefined) {
        errors.push({ file, line, column: columnOf('prefix'), reason: `duplicate prefix ${parsed.prefix} (first on line ${first})` });
        continue;
      }
      firstLine.set(parsed.prefix, line);
      rows.push(parsed);
    }
  } catch (error) {
    if (!(error instanceof CsvHeaderError)) throw error;
    errors.push(...error.errors.map((e) => ({ file, ...e })));
    return { deck: null, errors };
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ file, line: 1, column: 1, reason: 'the deck has no rate rows' });
  return errors.length > 0 ? { deck: null, errors } : { deck: Deck.build(rows, file), errors };
}

/**
 * The trie with its nodes renumbered in depth-first pre-order: a node's first child follows it and
 * a subtree is contiguous, so a lookup's path through a big deck touches fewer cache lines than
 * with the nodes in insertion order.
 */
function depthFirst(trie: Int32Array, used: number): Int32Array {
  const out = new Int32Array(used);
  let next = 0;
  // Pending nodes: [old node, slot of the parent's child pointer to patch (-1 for the root)].
  const stack: number[] = [0, -1];
  while (stack.length > 0) {
    const slot = stack.pop()!;
    const oldNode = stack.pop()!;
    const newNode = next;
    next += STRIDE;
    out[newNode] = trie[oldNode]!;
    if (slot >= 0) out[slot] = newNode;
    for (let d = 9; d >= 0; d--) {
      const child = trie[oldNode + 1 + d]!;
      if (child !== 0) stack.push(child, newNode + 1 + d);
    }
  }
  return out;
}

/** A validated deck: rows by index, and the longest-prefix matcher. Immutable. */
export class Deck {
  private constructor(
    /** Where the deck came from (a file name), for messages. */
    readonly source: string,
    private readonly prefixes: readonly string[],
    private readonly destinations: readonly string[],
    private readonly peakNano: Float64Array,
    private readonly offpeakNano: Float64Array,
    private readonly connectNano: Float64Array,
    private readonly minSecs: Int32Array,
    private readonly firstInc: Int32Array,
    private readonly nextInc: Int32Array,
    private readonly lines: Int32Array,
    private readonly trie: Int32Array,
  ) {}

  /** @internal Rows already validated, prefixes unique. */
  static build(rows: readonly ParsedRow[], source: string): Deck {
    const n = rows.length;
    const peak = new Float64Array(n);
    const offpeak = new Float64Array(n);
    const connect = new Float64Array(n);
    const minSecs = new Int32Array(n);
    const firstInc = new Int32Array(n);
    const nextInc = new Int32Array(n);
    const lines = new Int32Array(n);
    const prefixes: string[] = new Array(n);
    const destinations: string[] = new Array(n);
    let trie = new Int32Array(STRIDE * 1024);
    trie[0] = -1;
    let used = STRIDE; // the root
    for (let r = 0; r < n; r++) {
      const row = rows[r]!;
      prefixes[r] = row.prefix;
      destinations[r] = row.destination;
      peak[r] = row.peak;
      offpeak[r] = row.offpeak;
      connect[r] = row.connectFee;
      minSecs[r] = row.minSeconds;
      firstInc[r] = row.first;
      nextInc[r] = row.next;
      lines[r] = row.line;
      let node = 0;
      for (let k = 0; k < row.prefix.length; k++) {
        const slot = node + 1 + (row.prefix.charCodeAt(k) - 48);
        let child = trie[slot]!;
        if (child === 0) {
          if (used + STRIDE > trie.length) {
            const grown = new Int32Array(trie.length * 2);
            grown.set(trie);
            trie = grown;
          }
          child = used;
          used += STRIDE;
          trie[child] = -1;
          trie[slot] = child;
        }
        node = child;
      }
      if (trie[node] !== -1) throw new Error(`duplicate prefix ${row.prefix}`);
      trie[node] = r;
    }
    return new Deck(source, prefixes, destinations, peak, offpeak, connect, minSecs, firstInc, nextInc, lines, depthFirst(trie, used));
  }

  /** A deck from plain rows (tests, tools); throws DeckError with every problem, `line` = 1-based position. */
  static fromRows(rows: readonly DeckRowInput[], source = 'rows'): Deck {
    const problems: DeckProblem[] = [];
    const parsed: ParsedRow[] = [];
    const firstLine = new Map<string, number>();
    const text = (v: string | number | null | undefined): string | null => (v === null || v === undefined || v === '' ? null : String(v));
    rows.forEach((input, index) => {
      const line = index + 1;
      const cells: Record<DeckColumn, string | null> = {
        prefix: text(input.prefix),
        destination: text(input.destination),
        peak_per_minute: text(input.peakPerMinute),
        offpeak_per_minute: text(input.offpeakPerMinute),
        connect_fee: text(input.connectFee),
        min_seconds: text(input.minSeconds),
        first_increment: text(input.firstIncrement),
        next_increment: text(input.nextIncrement),
      };
      const row = validateRow((column) => cells[column], line);
      if (Array.isArray(row)) {
        for (const [column, reason] of row) problems.push({ file: source, line, column: DECK_COLUMNS.indexOf(column) + 1, reason });
        return;
      }
      const first = firstLine.get(row.prefix);
      if (first !== undefined) {
        problems.push({ file: source, line, column: 1, reason: `duplicate prefix ${row.prefix} (first on line ${first})` });
        return;
      }
      firstLine.set(row.prefix, line);
      parsed.push(row);
    });
    if (problems.length > 0) throw new DeckError(problems);
    return Deck.build(parsed, source);
  }

  /** Number of rows. */
  get size(): number {
    return this.prefixes.length;
  }

  /** Nodes of the prefix trie (memory: 44 bytes each). */
  get trieNodes(): number {
    return this.trie.length / STRIDE;
  }

  /**
   * RULES 2: the row index of the longest prefix of `dialled`, or -1 when none matches. The number
   * is read as the usage import reads it (dialledDigits): separators (space, `-`, parentheses)
   * removed, then a leading `+` or `00` dropped, so `+4930123`, `004930123`, `4930123`,
   * `+49 30-123` and `(0049) 30 123` match alike. Any other character (a letter, `*`, `#`, `.`) or
   * no digit at all: no match.
   */
  match(dialled: string): number {
    const digits = dialledDigits(dialled);
    if (digits === null) return -1;
    const trie = this.trie;
    let node = 0;
    let best = -1; // the root never holds a row: no digit, no match
    for (let i = 0; i < digits.length; i++) {
      const child = trie[node + 1 + digits.charCodeAt(i) - 48]!;
      if (child === 0) break;
      node = child;
      const row = trie[child]!;
      if (row >= 0) best = row;
    }
    return best;
  }

  /** The digits `match` looks up (`+36 1-234` -> `361234`), or null when it would not match anything. */
  static normalize(dialled: string): string | null {
    return dialledDigits(dialled);
  }

  prefix(row: number): string {
    return this.prefixes[this.check(row)]!;
  }
  destination(row: number): string {
    return this.destinations[this.check(row)]!;
  }
  peakPerMinuteNano(row: number): number {
    return this.peakNano[row]!;
  }
  offpeakPerMinuteNano(row: number): number {
    return this.offpeakNano[row]!;
  }
  /** The per-minute price of the band, in nano-units. */
  perMinuteNano(row: number, band: 'peak' | 'offpeak'): number {
    return band === 'peak' ? this.peakNano[row]! : this.offpeakNano[row]!;
  }
  connectFeeNano(row: number): number {
    return this.connectNano[row]!;
  }
  minSeconds(row: number): number {
    return this.minSecs[row]!;
  }
  firstIncrement(row: number): number {
    return this.firstInc[row]!;
  }
  nextIncrement(row: number): number {
    return this.nextInc[row]!;
  }
  /** The deck file's line of the row. */
  line(row: number): number {
    return this.lines[row]!;
  }

  /** Row `index` as plain values. */
  row(index: number): DeckRow {
    this.check(index);
    return {
      prefix: this.prefixes[index]!,
      destination: this.destinations[index]!,
      peakPerMinuteNano: this.peakNano[index]!,
      offpeakPerMinuteNano: this.offpeakNano[index]!,
      connectFeeNano: this.connectNano[index]!,
      minSeconds: this.minSecs[index]!,
      firstIncrement: this.firstInc[index]!,
      nextIncrement: this.nextInc[index]!,
      line: this.lines[index]!,
    };
  }

  /** Row `index` with its prices as decimal strings (as written in a CSV). */
  rowText(index: number): Record<DeckColumn, string> {
    const row = this.row(index);
    return {
      prefix: row.prefix,
      destination: row.destination,
      peak_per_minute: nanoToDecimalString(row.peakPerMinuteNano),
      offpeak_per_minute: nanoToDecimalString(row.offpeakPerMinuteNano),
      connect_fee: nanoToDecimalString(row.connectFeeNano),
      min_seconds: String(row.minSeconds),
      first_increment: String(row.firstIncrement),
      next_increment: String(row.nextIncrement),
    };
  }

  private check(row: number): number {
    if (!(row >= 0 && row < this.prefixes.length && Number.isInteger(row))) throw new RangeError(`deck ${this.source} has no row ${row} (size ${this.prefixes.length})`);
    return row;
  }
}
