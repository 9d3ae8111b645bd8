/**
 * Streaming CSV reader for bulk imports (FORMATS.md: RFC 4180, UTF-8, a BOM tolerated, header row
 * required, columns in any order, empty cell = not given).
 *
 * The reader works on bytes: a resumable state machine scans each chunk once, records field
 * boundaries as byte offsets and decodes only the known columns of a finished record. A record that
 * spans chunks keeps just its own bytes until it ends, so memory stays flat whatever the file size
 * (and is bounded by `maxRecordBytes` even when a stray quote swallows the rest of the file).
 *
 * Every record yields one item, a row or an error; an error never stops the stream. Line numbers are
 * physical lines (1-based), newlines inside quoted fields included; columns are 1-based field indexes.
 */
import { isAscii, isUtf8 } from 'node:buffer';

export interface CsvColumns {
  required: string[];
  optional: string[];
}

export interface CsvRow {
  /** Physical line (1-based) where the record starts. */
  line: number;
  /** By column name; an empty cell (or a known optional column the header lacks) is null. Only known columns. */
  values: Record<string, string | null>;
  /** 1-based index of that column in this file's header (for error reports); 0 when the header lacks it. */
  columnOf(name: string): number;
}

/** Same shape as RowError (summary.ts). */
export interface CsvError {
  line: number;
  column: number;
  reason: string;
}

export type CsvItem = { kind: 'row'; row: CsvRow } | { kind: 'error'; error: CsvError };

export interface CsvOptions {
  /**
   * A header column that is neither required nor optional (`refuse`, the default): the file is
   * refused, every such column named at its position, with the known column it most likely
   * misspells. `ignore` is only for texts stored before such columns were refused (rate decks
   * kept in the event store): re-reading what was once accepted must not start failing. A column
   * without a name is allowed either way as long as its cells are empty (`refuse`: a row with a
   * value in it is rejected).
   */
  unknownColumns?: 'refuse' | 'ignore';
  /**
   * Longest record accepted, in bytes (default 1 MiB). A longer record is rejected
   * (`record longer than N bytes`) and its bytes are not kept, so a stray quote that turns the
   * rest of a huge file into one field cannot exhaust memory.
   */
  maxRecordBytes?: number;
}

/** The header makes the file unusable: nothing in it is read. `errors` has one entry per problem (never empty), by column. */
export class CsvHeaderError extends Error {
  readonly errors: CsvError[];
  constructor(errors: CsvError | CsvError[]) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.map((e) => e.reason).join('; '));
    this.errors = list;
    this.name = 'CsvHeaderError';
  }

  /** The first problem. */
  get error(): CsvError {
    return this.errors[0]!;
  }
}

const DEFAULT_MAX_RECORD_BYTES = 1 << 20;

/** Unknown header columns named one by one; more are counted in one last error. */
const MAX_UNKNOWN_REPORTED = 50;

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** Bytes that end the fast scan of an unquoted field. */
const SPECIAL = new Uint8Array(256);
SPECIAL[COMMA] = 1;
SPECIAL[QUOTE] = 1;
SPECIAL[LF] = 1;

// Scanner states.
/** At the start of a field; only spaces, tabs or CRs seen in it so far. */
const S_FIELD_START = 0;
const S_UNQUOTED = 1;
const S_QUOTED = 2;
/** A quote inside a quoted field: either the first of `""` or the closing quote. */
const S_QUOTE_IN_QUOTED = 3;
/** After the closing quote (and maybe spaces or tabs). */
const S_AFTER_CLOSE = 4;
/** After the closing quote and a CR: only LF may follow. */
const S_AFTER_CLOSE_CR = 5;
/** After a syntax error: skipping to the end of the physical line. */
const S_SKIP = 6;

// Field flags.
const F_QUOTED = 1;
const F_ESCAPES = 2;

const EMPTY = Buffer.alloc(0);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Node's undocumented but long-standing fast slicers (what `toString` calls after argument checks). */
interface FastSlice {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * Parses the header, then yields one item per record. Throws CsvHeaderError when the header is
 * unusable (missing required column, unknown column, duplicate column, empty file, non-UTF-8
 * header). A row with a value in a column without a name is an error item.
 */
export async function* readCsv(
  source: AsyncIterable<Buffer | string>,
  columns: CsvColumns,
  options: CsvOptions = {},
): AsyncGenerator<CsvItem> {
  const parser = new CsvParser(columns, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES, options.unknownColumns ?? 'refuse');
  const out: CsvItem[] = [];
  // Bytes seen while it is still undecided whether the stream starts with a BOM (split chunks).
  let head: Buffer | null = EMPTY;
  for await (const raw of source) {
    let chunk = toBuffer(raw);
    if (head !== null) {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) continue;
      chunk = head.subarray(0, BOM.length).equals(BOM) ? head.subarray(BOM.length) : head;
      head = null;
    }
    if (chunk.length === 0) continue;
    parser.feed(chunk, out);
    if (out.length > 0) {
      for (let k = 0; k < out.length; k++) yield out[k]!;
      out.length = 0;
    }
  }
  // A stream shorter than a BOM that is a BOM prefix (e.g. a lone 0xEF) is data: invalid UTF-8.
  if (head !== null && head.length > 0) parser.feed(head, out);
  parser.finish(out);
  for (let k = 0; k < out.length; k++) yield out[k]!;
}

/** Characters per piece of textSource: a few milliseconds of parsing. */
const TEXT_SLICE = 1 << 16;

/**
 * A text already in memory (an upload, a stored deck) as the byte source the reader takes, in
 * pieces: given whole, a 4 MB upload was parsed in one synchronous stretch into all its rows at
 * once (100,000 payments held `serve` for seconds and their rows in memory together). A piece
 * never ends between the two halves of a surrogate pair, which alone are no UTF-8.
 */
export async function* textSource(text: string): AsyncGenerator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + TEXT_SLICE, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield text.slice(start, end);
    start = end;
  }
}

function toBuffer(raw: Buffer | string | Uint8Array): Buffer {
  if (typeof raw === 'string') return Buffer.from(raw, 'utf8');
  if (Buffer.isBuffer(raw)) return raw;
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

class CsvParser {
  private readonly known: Set<string>;

  // Header (null until the first non-blank record is read).
  private header: string[] | null = null;
  private width = 0;
  /** Header index and name of each known column present, in header order. */
  private planIndex: number[] = [];
  private planName: string[] = [];
  /** Known columns the header lacks: always null. */
  private absent: string[] = [];
  /** Header indexes of the columns without a name: their cells must be empty. */
  private unnamed: number[] = [];
  private columnOf: (name: string) => number = () => 0;

  // Scanner state carried between chunks.
  private state = S_FIELD_START;
  private line = 1;
  /** Line where the current record starts. */
  private recLine = 1;
  /** Line of the opening quote of the current quoted field. */
  private quoteLine = 0;
  /** Record-relative byte offset of the current field's first byte (after an opening quote). */
  private fieldStart = 0;
  /** Record-relative offset of the last quote seen in a quoted field (the closing one, if it is). */
  private quoteEnd = 0;
  /** F_ESCAPES when the current quoted field holds `""`. */
  private escapes = 0;

  // The current record's fields.
  private nf = 0;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private flags = new Uint8Array(64);
  /** First field ending past maxRecordBytes (for the "too long" error's column). */
  private overColumn = 0;
  private errColumn = 0;
  private errReason = '';

  // Bytes of the current record that came in earlier chunks.
  private prevLen = 0;
  private pending: Buffer[] = [];
  /** The record's bytes are no longer kept (too long, or already known to be an error). */
  private dropped = false;
  private chunkAscii = false;

  constructor(
    private readonly columns: CsvColumns,
    private readonly max: number,
    private readonly unknownColumns: 'refuse' | 'ignore',
  ) {
    this.known = new Set([...columns.required, ...columns.optional]);
  }

  feed(chunk: Buffer, out: CsvItem[]): void {
    const n = chunk.length;
    this.chunkAscii = isAscii(chunk);
    let state = this.state;
    let line = this.line;
    let fieldStart = this.fieldStart;
    let quoteEnd = this.quoteEnd;
    let escapes = this.escapes;
    /** Chunk index of the record's first byte (negative when it started in an earlier chunk). */
    let recStart = -this.prevLen;
    let i = 0;
    while (i < n) {
      let c = chunk[i]!;
      // Each case either continues scanning or breaks out of the switch when chunk[i] is an LF
      // that ends the record (its last field already pushed).
      switch (state) {
        case S_FIELD_START:
          if (c === COMMA) {
            this.push(fieldStart, i - recStart, 0);
            fieldStart = ++i - recStart;
            continue;
          }
          if (c === LF) {
            if (this.nf > 0) this.push(fieldStart, i - recStart, 0);
            break; // nf === 0: a blank line
          }
          if (c === QUOTE) {
            state = S_QUOTED;
            fieldStart = ++i - recStart;
            this.quoteLine = line;
            escapes = 0;
            continue;
          }
          if (c !== SPACE && c !== TAB && c !== CR) state = S_UNQUOTED;
          i++;
          continue;

        case S_UNQUOTED:
          while (i < n && SPECIAL[chunk[i]!] === 0) i++;
          if (i === n) continue;
          c = chunk[i]!;
          if (c === COMMA) {
            this.push(fieldStart, i - recStart, 0);
            fieldStart = ++i - recStart;
            state = S_FIELD_START;
            continue;
          }
          if (c === LF) {
            this.push(fieldStart, i - recStart, 0);
            break;
          }
          this.fail('unexpected quote in an unquoted field');
          state = S_SKIP;
          continue;

        case S_QUOTED:
          while (i < n) {
            c = chunk[i]!;
            if (c === QUOTE) break;
            if (c === LF) line++;
            i++;
          }
          if (i === n) continue;
          quoteEnd = i++ - recStart;
          state = S_QUOTE_IN_QUOTED;
          continue;

        case S_QUOTE_IN_QUOTED:
          if (c === QUOTE) {
            escapes = F_ESCAPES;
            state = S_QUOTED;
            i++;
            continue;
          }
          state = S_AFTER_CLOSE;
          continue; // the same byte again, as the first one after the closing quote

        case S_AFTER_CLOSE:
          if (c === COMMA) {
            this.push(fieldStart, quoteEnd, F_QUOTED | escapes);
            fieldStart = ++i - recStart;
            state = S_FIELD_START;
            continue;
          }
          if (c === LF) {
            this.push(fieldStart, quoteEnd, F_QUOTED | escapes);
            break;
          }
          if (c === SPACE || c === TAB) {
            i++;
            continue;
          }
          if (c === CR) {
            state = S_AFTER_CLOSE_CR;
            i++;
            continue;
          }
          this.fail('unexpected character after closing quote');
          state = S_SKIP;
          continue;

        case S_AFTER_CLOSE_CR:
          if (c === LF) {
            this.push(fieldStart, quoteEnd, F_QUOTED | escapes);
            break;
          }
          this.fail('unexpected character after closing quote');
          state = S_SKIP;
          continue;

        default: {
          // S_SKIP
          const j = chunk.indexOf(LF, i);
          if (j < 0) {
            i = n;
            continue;
          }
          i = j;
          break;
        }
      }
      // chunk[i] is the LF that ends the record.
      this.endRecord(chunk, i, recStart, out);
      line++;
      recStart = ++i;
      this.recLine = line;
      fieldStart = 0;
      state = S_FIELD_START;
    }
    this.state = state;
    this.line = line;
    this.fieldStart = fieldStart;
    this.quoteEnd = quoteEnd;
    this.escapes = escapes;
    if (recStart < n) {
      // The record goes on in the next chunk: keep its bytes (unless they are not needed).
      this.prevLen = n - recStart;
      if (!this.dropped) {
        if (this.errColumn !== 0 || this.prevLen > this.max) {
          this.dropped = true;
          this.pending = [];
        } else {
          this.pending.push(recStart > 0 ? chunk.subarray(recStart) : chunk);
        }
      }
    } else {
      this.prevLen = 0;
    }
  }

  /** End of input: the last record may lack its final newline. */
  finish(out: CsvItem[]): void {
    if (this.prevLen > 0) {
      const recStart = -this.prevLen;
      const end = this.prevLen;
      switch (this.state) {
        case S_FIELD_START:
          if (this.nf > 0) this.push(this.fieldStart, end, 0);
          break;
        case S_UNQUOTED:
          this.push(this.fieldStart, end, 0);
          break;
        case S_QUOTED: {
          const error = {
            line: this.recLine,
            column: this.nf + 1,
            reason: `unterminated quoted field (opened on line ${this.quoteLine})`,
          };
          if (this.header === null) throw new CsvHeaderError(error);
          out.push({ kind: 'error', error });
          this.resetRecord();
          break;
        }
        case S_SKIP:
          break;
        default: // closed quoted field
          this.push(this.fieldStart, this.quoteEnd, F_QUOTED | this.escapes);
      }
      if (this.prevLen > 0) this.endRecord(EMPTY, 0, recStart, out);
    }
    if (this.header === null) {
      throw new CsvHeaderError({ line: 1, column: 1, reason: 'empty file: a header row is required' });
    }
  }

  private push(start: number, end: number, flags: number): void {
    const k = this.nf++;
    if (end > this.max && this.overColumn === 0) this.overColumn = k + 1;
    if (this.dropped) return;
    if (k === this.starts.length) {
      const starts = new Int32Array(k * 2);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(k * 2);
      ends.set(this.ends);
      this.ends = ends;
      const f = new Uint8Array(k * 2);
      f.set(this.flags);
      this.flags = f;
    }
    this.starts[k] = start;
    this.ends[k] = end;
    this.flags[k] = flags;
  }

  private fail(reason: string): void {
    if (this.errColumn !== 0) return;
    this.errColumn = this.nf + 1;
    this.errReason = reason;
  }

  private resetRecord(): void {
    this.nf = 0;
    this.overColumn = 0;
    this.errColumn = 0;
    this.prevLen = 0;
    if (this.pending.length > 0) this.pending = [];
    this.dropped = false;
  }

  /** The record from chunk index recStart (maybe negative: earlier chunks) to end is complete. */
  private endRecord(chunk: Buffer, end: number, recStart: number, out: CsvItem[]): void {
    const nf = this.nf;
    const line = this.recLine;
    if (nf === 0 && this.errColumn === 0) {
      this.resetRecord(); // a blank line
      return;
    }
    const len = end - recStart;
    let error: CsvError | null = null;
    if (len > this.max) {
      error = { line, column: this.overColumn || nf, reason: `record longer than ${this.max} bytes` };
    } else if (this.errColumn !== 0) {
      error = { line, column: this.errColumn, reason: this.errReason };
    } else if (this.header !== null && nf !== this.width) {
      error = {
        line,
        column: nf < this.width ? nf + 1 : this.width + 1,
        reason: `expected ${this.width} fields (as in the header), found ${nf}`,
      };
    }
    if (error !== null) {
      this.resetRecord();
      if (this.header === null) throw new CsvHeaderError(error);
      out.push({ kind: 'error', error });
      return;
    }

    let buf: Buffer;
    let base: number;
    let ascii: boolean;
    if (this.prevLen === 0) {
      buf = chunk;
      base = recStart;
      ascii = this.chunkAscii;
    } else {
      this.pending.push(chunk.subarray(0, end));
      buf = Buffer.concat(this.pending, len);
      base = 0;
      ascii = false;
    }
    this.resetRecord();

    if (this.header === null) {
      this.readHeader(buf, base, len, nf, line);
      return;
    }

    let record: string;
    /** String index of each byte offset, when they differ (multi-byte characters). */
    let charIndex: Int32Array | null = null;
    if (ascii) {
      record = (buf as unknown as FastSlice).latin1Slice(base, base + len);
    } else {
      const badColumn = this.invalidUtf8Column(buf, base, len, nf);
      if (badColumn !== 0) {
        out.push({ kind: 'error', error: { line, column: badColumn, reason: 'invalid UTF-8 byte sequence' } });
        return;
      }
      record = (buf as unknown as FastSlice).utf8Slice(base, base + len);
      if (record.length !== len) charIndex = this.charIndex(buf, base, len);
    }

    const unnamed = this.unnamed;
    for (let p = 0; p < unnamed.length; p++) {
      const k = unnamed[p]!;
      if (this.fieldValue(buf, base, k, record, charIndex) !== null) {
        out.push({ kind: 'error', error: { line, column: k + 1, reason: `a value in a column without a name (header column ${k + 1})` } });
        return;
      }
    }

    const values: Record<string, string | null> = {};
    const planIndex = this.planIndex;
    const planName = this.planName;
    for (let p = 0; p < planIndex.length; p++) {
      values[planName[p]!] = this.fieldValue(buf, base, planIndex[p]!, record, charIndex);
    }
    const absent = this.absent;
    for (let p = 0; p < absent.length; p++) values[absent[p]!] = null;
    out.push({ kind: 'row', row: { line, values, columnOf: this.columnOf } });
  }

  private charMap = new Int32Array(256);

  /** Maps byte offsets of a valid UTF-8 record to offsets in its decoded string (UTF-16 units). */
  private charIndex(buf: Buffer, base: number, len: number): Int32Array {
    if (this.charMap.length <= len) this.charMap = new Int32Array(Math.max(len + 1, this.charMap.length * 2));
    const map = this.charMap;
    let chars = 0;
    for (let b = 0; b < len; b++) {
      map[b] = chars;
      const c = buf[base + b]!;
      // A lead byte starts a character; a 4-byte one (>= 0xF0) is a surrogate pair.
      if ((c & 0xc0) !== 0x80) chars += c >= 0xf0 ? 2 : 1;
    }
    map[len] = chars;
    return map;
  }

  /** 0 when the record is valid UTF-8, else the 1-based column of the first bad field. */
  private invalidUtf8Column(buf: Buffer, base: number, len: number, nf: number): number {
    if (isUtf8(buf.subarray(base, base + len))) return 0;
    for (let k = 0; k < nf; k++) {
      if (!isUtf8(buf.subarray(base + this.starts[k]!, base + this.ends[k]!))) return k + 1;
    }
    return 1; // not reached: bytes outside fields are ASCII delimiters
  }

  /**
   * Value of field k: quoted fields as written (`""` -> `"`), unquoted fields trimmed of spaces,
   * tabs and CRs; empty -> null. `record` is the whole record decoded (byte offsets map to its
   * indexes through `charIndex` when it has multi-byte characters); null: decode the field's bytes.
   */
  private fieldValue(buf: Buffer, base: number, k: number, record: string | null, charIndex: Int32Array | null = null): string | null {
    let s = this.starts[k]!;
    let e = this.ends[k]!;
    const flags = this.flags[k]!;
    if ((flags & F_QUOTED) === 0) {
      let b = buf[base + s]!;
      while (s < e && (b === SPACE || b === TAB || b === CR)) b = buf[base + ++s]!;
      b = buf[base + e - 1]!;
      while (e > s && (b === SPACE || b === TAB || b === CR)) b = buf[base + --e - 1]!;
    }
    if (s === e) return null;
    const value =
      record === null
        ? (buf as unknown as FastSlice).utf8Slice(base + s, base + e)
        : charIndex === null
          ? record.slice(s, e)
          : record.slice(charIndex[s], charIndex[e]);
    return (flags & F_ESCAPES) === 0 ? value : value.replaceAll('""', '"');
  }

  private readHeader(buf: Buffer, base: number, len: number, nf: number, line: number): void {
    const bad = this.invalidUtf8Column(buf, base, len, nf);
    if (bad !== 0) throw new CsvHeaderError({ line, column: bad, reason: 'invalid UTF-8 byte sequence' });
    const names: string[] = [];
    for (let k = 0; k < nf; k++) names.push((this.fieldValue(buf, base, k, null) ?? '').trim());

    const index = new Map<string, number>();
    const unnamed: number[] = [];
    for (let k = 0; k < nf; k++) {
      const name = names[k]!;
      if (name === '') {
        // A column without a name (e.g. Excel's trailing comma): allowed while its cells are empty.
        unnamed.push(k);
        continue;
      }
      const first = index.get(name);
      if (first !== undefined) {
        throw new CsvHeaderError({ line, column: k + 1, reason: `duplicate column ${name} (columns ${first + 1} and ${k + 1})` });
      }
      index.set(name, k);
    }
    const errors: CsvError[] = [];
    const missing = this.columns.required.filter((name) => !index.has(name));
    if (missing.length > 0) {
      const has = names.filter((name) => name !== '').join(', ');
      errors.push({
        line,
        column: 1,
        reason: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header has: ${has})`,
      });
    }
    if (this.unknownColumns === 'refuse') {
      // Never accept data that is then ignored: a misspelt column (billing_strat) would otherwise
      // import without its values, silently.
      const expected = [...this.known];
      const notInHeader = expected.filter((name) => !index.has(name));
      const unknown = [...index].filter(([name]) => !this.known.has(name));
      for (const [name, k] of unknown.slice(0, MAX_UNKNOWN_REPORTED)) {
        const guess = closestName(name, notInHeader);
        errors.push({
          line,
          column: k + 1,
          reason: `unknown column ${name}${guess === null ? '' : `, did you mean ${guess}?`} (expected one of: ${expected.join(', ')})`,
        });
      }
      if (unknown.length > MAX_UNKNOWN_REPORTED) {
        // A header of thousands of names (not a CSV of this kind at all) is not answered with thousands of errors.
        const [, k] = unknown[MAX_UNKNOWN_REPORTED]!;
        errors.push({ line, column: k + 1, reason: `and ${unknown.length - MAX_UNKNOWN_REPORTED} more unknown columns (expected one of: ${expected.join(', ')})` });
      }
    }
    if (errors.length > 0) throw new CsvHeaderError(errors);

    this.header = names;
    this.width = nf;
    for (let k = 0; k < nf; k++) {
      if (this.known.has(names[k]!)) {
        this.planIndex.push(k);
        this.planName.push(names[k]!);
      }
    }
    this.absent = [...new Set(this.columns.optional)].filter((name) => !index.has(name));
    if (this.unknownColumns === 'refuse') this.unnamed = unnamed;
    this.columnOf = (name: string) => (index.get(name) ?? -1) + 1;
  }
}

/**
 * The known column a header name most likely misspells: the nearest by edit distance (letters
 * compared without case, a space or dash read as `_`; a swap of two neighbours is one edit), at
 * most 2 edits and fewer than a third of the known name's length; null when none is that near.
 */
export function closestName(name: string, candidates: readonly string[]): string | null {
  const a = name.toLowerCase().replace(/[\s-]/g, '_');
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const limit = Math.min(2, Math.floor(candidate.length / 3));
    if (Math.abs(a.length - candidate.length) > limit) continue; // at least that many edits
    const d = editDistance(a, candidate.toLowerCase());
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}
