/**
 * `billstream import fx-rates FILE` (FORMATS.md fx-rates.csv: `date, base, quote, rate`) and the
 * REST batch. Streamed; each row is checked and reported with line, column and reason, and good
 * rows are written in chunks whose appends share one commit. A row whose rate is stored already
 * is unchanged; another rate for a stored (base, quote, date) is a correction (an update).
 */
import { handleCommand, recordable, type CommandContext } from '../app/command-handler.ts';
import { fold } from '../core/decider.ts';
import type { FieldIssue } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import { WrongExpectedRevisionError } from '../eventstore/port.ts';
import type { AppDeps } from '../app/deps.ts';
import { fxRateDecider, type FxRateCommand } from '../fx/decider.ts';
import { fxRateKey, fxRateStream, type FxRate, type FxRateEvent } from '../fx/events.ts';
import { validateFxRate, type RawFxRate } from '../fx/validate.ts';
import { CsvHeaderError, type CsvColumns, type CsvItem } from './csv.ts';
import { emptySummary, type ImportOptions, type ImportSummary, type RowError } from './summary.ts';

export const FX_RATE_COLUMNS: CsvColumns = { required: ['date', 'base', 'quote', 'rate'], optional: [] };

const CHUNK = 500;

interface PlannedRate {
  rate: FxRate;
  events: FxRateEvent[];
  revision: number | null;
}

/** Checks rates one by one and writes the good ones in chunks; one instance per file or request. */
class FxRateWriter {
  readonly summary: ImportSummary = emptySummary();
  private chunk: PlannedRate[] = [];
  /** Key -> line (or item) where the file first gave it: a second row for it is refused. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly billstream: AppDeps,
    private readonly context: Omit<CommandContext, 'commandId'>,
    /** False: check only (the first pass of --all-or-nothing). */
    private readonly write: boolean,
    /** `file (first at line 3)` or `request (first at item 3)`. */
    private readonly firstSeen: (line: number) => string,
  ) {}

  reject(errors: RowError[]): void {
    this.summary.rejected += 1;
    this.summary.errors.push(...errors);
  }

  async add(raw: RawFxRate, line: number, rowErrors: (issues: FieldIssue[]) => RowError[]): Promise<void> {
    const checked = validateFxRate(raw);
    if ('issues' in checked) return this.reject(rowErrors(checked.issues));
    const { rate } = checked;
    const key = fxRateKey(rate.base, rate.quote, rate.date);
    const first = this.seen.get(key);
    if (first !== undefined) {
      return this.reject(rowErrors([{ field: 'date', message: `${rate.base}/${rate.quote} on ${rate.date} appears twice in this ${this.firstSeen(first)}` }]));
    }
    this.seen.set(key, line);
    if (!this.write) return;
    const recorded = await this.billstream.eventStore.readStream(fxRateStream(rate.base, rate.quote, rate.date));
    const events = fxRateDecider.decide(command(rate), fold(fxRateDecider, recorded as unknown as FxRateEvent[]));
    if (events.length === 0) {
      this.summary.unchanged += 1;
      return;
    }
    this.chunk.push({ rate, events, revision: recorded.length ? recorded[recorded.length - 1]!.revision : null });
    if (this.chunk.length >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    const planned = this.chunk;
    this.chunk = [];
    if (planned.length === 0) return;
    const recordedAt = this.billstream.clock.now().toString();
    // Issued in one turn of the event loop: the whole chunk is one grouped commit.
    const results = await Promise.allSettled(planned.map((p) => this.billstream.eventStore.append(
      fxRateStream(p.rate.base, p.rate.quote, p.rate.date),
      recordable(p.events, { ...this.context, commandId: uuidv7(this.billstream.clock) }, recordedAt),
      p.revision ?? 'noStream',
    )));
    for (const [i, result] of results.entries()) {
      const p = planned[i]!;
      if (result.status === 'fulfilled') {
        this.count(p.events);
        continue;
      }
      if (!(result.reason instanceof WrongExpectedRevisionError)) throw result.reason;
      // Someone published this rate since the row was checked: decide again on what is stored now.
      const again = await handleCommand(this.billstream, fxRateDecider, fxRateStream(p.rate.base, p.rate.quote, p.rate.date), command(p.rate), {
        ...this.context,
        commandId: uuidv7(this.billstream.clock),
      });
      this.count(again.events);
    }
  }

  private count(events: FxRateEvent[]): void {
    if (events.length === 0) this.summary.unchanged += 1;
    else if (events[0]!.type === 'FxRatePublished') this.summary.created += 1;
    else this.summary.updated += 1;
  }
}

function command(rate: FxRate): FxRateCommand {
  return { type: 'PublishFxRate', rate };
}

function sorted(summary: ImportSummary): ImportSummary {
  summary.errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return summary;
}

/** fx-rates.csv, streamed. With `allOrNothing` the file is checked first and nothing is written when any row is bad. */
export async function importFxRates(
  billstream: AppDeps,
  source: () => AsyncIterable<CsvItem>,
  context: Omit<CommandContext, 'commandId'>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const run = async (write: boolean): Promise<ImportSummary> => {
    const writer = new FxRateWriter(billstream, context, write, (line) => `file (first at line ${line})`);
    let rows = 0;
    try {
      for await (const item of source()) {
        if (item.kind === 'error') {
          writer.reject([item.error]);
          continue;
        }
        const { row } = item;
        const v = (column: string) => row.values[column] ?? null;
        await writer.add({ date: v('date'), base: v('base'), quote: v('quote'), rate: v('rate') }, row.line, (issues) =>
          issues.map((issue) => ({ line: row.line, column: row.columnOf(issue.field), reason: `${issue.field}: ${issue.message}` })));
        if (++rows % 1000 === 0) options.onProgress?.(rows, 0);
      }
      await writer.flush();
    } catch (error) {
      if (!(error instanceof CsvHeaderError)) throw error;
      writer.reject(error.errors);
    }
    return sorted(writer.summary);
  };

  if (options.allOrNothing) {
    const check = await run(false);
    if (check.rejected > 0) return check;
  }
  return run(true);
}

/** A JSON batch (REST): errors name the rate by its 1-based index in `line` (column 0), as for usage batches. */
export async function publishFxRates(billstream: AppDeps, rates: RawFxRate[], context: Omit<CommandContext, 'commandId'>): Promise<ImportSummary> {
  const writer = new FxRateWriter(billstream, context, true, (index) => `request (first at item ${index})`);
  for (const [index, raw] of rates.entries()) {
    await writer.add(raw, index + 1, (issues) => issues.map((issue) => ({ line: index + 1, column: 0, reason: `${issue.field}: ${issue.message}` })));
  }
  await writer.flush();
  return sorted(writer.summary);
}
