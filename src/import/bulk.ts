/**
 * Bulk CSV import of entities (FORMATS.md): streamed, never the whole file in memory. Rows are
 * checked one by one and reported with line, column and reason; good rows are written in chunks
 * whose appends arrive together and so share one commit (one fsync per chunk instead of per row).
 * The same file twice changes nothing; a changed row becomes an update event.
 */
import { BillstreamError, type FieldIssue } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import type { CommandContext } from '../core/command-handler.ts';
import type { Billstream } from '../main.ts';
import { executeEntityCommand, newResolveContext, type EntityKind, type ResolveContext } from '../domain/crm.ts';
import { CsvHeaderError, type CsvColumns, type CsvItem, type CsvRow } from './csv.ts';
import { emptySummary, type ImportOptions, type ImportSummary, type RowError } from './summary.ts';

const CHUNK = 500;

export interface ParsedRow<D> {
  id: string | null;
  /** Only the fields this file has columns for; the rest keep their stored values. */
  details: Partial<D>;
  issues: FieldIssue[];
}

export interface CsvEntityImport<D extends object> {
  kind: EntityKind<D>;
  columns: CsvColumns;
  /** The id column (`client_id`): duplicates inside one file are refused. */
  idColumn: string;
  /** Detail field -> CSV column, to point errors at the right column. */
  fieldColumns: Record<string, string>;
  parse(row: CsvRow): ParsedRow<D>;
  /** Details for a new entity from a row (defaults for what the file does not say). */
  create(id: string, parsed: Partial<D>, row: CsvRow): D;
}

interface PlannedRow<D> {
  line: number;
  id: string;
  details: D;
  row: CsvRow;
}

export async function importCsvEntities<D extends object>(
  billstream: Billstream,
  source: () => AsyncIterable<CsvItem>,
  spec: CsvEntityImport<D>,
  context: Omit<CommandContext, 'commandId'>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const summary = emptySummary();
  await billstream.catchUp();

  const reject = (errors: RowError[]) => {
    summary.rejected += 1;
    summary.errors.push(...errors);
  };
  const columnOf = (row: CsvRow, field: string) => row.columnOf(spec.fieldColumns[field] ?? spec.idColumn) || row.columnOf(spec.idColumn);
  const rowErrors = (row: CsvRow, issues: FieldIssue[]): RowError[] =>
    issues.map((issue) => ({ line: row.line, column: columnOf(row, issue.field), reason: `${spec.fieldColumns[issue.field] ?? issue.field}: ${issue.message}` }));

  /** Runs the checks of every row; `write` decides whether good rows are committed. */
  const pass = async (write: boolean): Promise<void> => {
    const seen = new Map<string, number>();
    const resolveContext: ResolveContext = newResolveContext();
    let chunk: PlannedRow<D>[] = [];
    let rowsDone = 0;
    const flush = async () => {
      const planned = chunk;
      chunk = [];
      if (!write || planned.length === 0) return;
      // All appends of the chunk are issued in one turn of the event loop: one grouped commit.
      const results = await Promise.allSettled(
        planned.map((p) => executeEntityCommand(billstream, spec.kind, { type: 'Define', id: p.id, details: p.details }, { ...context, commandId: uuidv7(billstream.clock) }, null)),
      );
      results.forEach((result, i) => {
        const p = planned[i]!;
        if (result.status === 'fulfilled') summary[result.value.outcome] += 1;
        else if (result.reason instanceof BillstreamError) reject(rowErrors(p.row, result.reason.issues.length ? result.reason.issues : [{ field: 'id', message: result.reason.message }]));
        else throw result.reason;
      });
      rowsDone += planned.length;
      options.onProgress?.(rowsDone, 0);
    };
    try {
      for await (const item of source()) {
        if (item.kind === 'error') {
          reject([item.error]);
          continue;
        }
        const { row } = item;
        const parsed = spec.parse(row);
        const issues = [...parsed.issues];
        if (parsed.id) {
          const first = seen.get(parsed.id);
          if (first !== undefined) issues.push({ field: '__id', message: `${parsed.id} appears twice in this file (first at line ${first})` });
          else seen.set(parsed.id, row.line);
        }
        if (!parsed.id || issues.length) {
          reject(rowErrors(row, issues.map((i) => (i.field === '__id' ? { field: 'id', message: i.message } : i))));
          continue;
        }
        const current = await spec.kind.current(billstream, parsed.id);
        const details = current ? ({ ...current, ...parsed.details } as D) : spec.create(parsed.id, parsed.details, row);
        const problems = [...(await spec.kind.resolve(billstream, parsed.id, details, resolveContext))];
        if (problems.length === 0) {
          // A dry run of the decider catches rule violations before anything is written.
          try {
            const state = current === null ? spec.kind.decider.initialState() : await foldKind(billstream, spec.kind, parsed.id);
            spec.kind.decider.decide({ type: 'Define', id: parsed.id, details }, state);
          } catch (error) {
            if (!(error instanceof BillstreamError)) throw error;
            problems.push(...(error.issues.length ? error.issues : [{ field: 'id', message: error.message }]));
          }
        }
        if (problems.length) {
          reject(rowErrors(row, problems));
          continue;
        }
        chunk.push({ line: row.line, id: parsed.id, details, row });
        if (chunk.length >= CHUNK) await flush();
      }
      await flush();
    } catch (error: unknown) {
      if (error instanceof CsvHeaderError) {
        reject([error.error]);
        return;
      }
      throw error;
    }
  };

  if (options.allOrNothing) {
    await pass(false);
    if (summary.rejected > 0) return sorted(summary);
  }
  await pass(true);
  return sorted(summary);
}

async function foldKind<D extends object>(billstream: Billstream, kind: EntityKind<D>, id: string): Promise<unknown> {
  const events = await billstream.eventStore.readStream(kind.stream(id));
  return events.reduce((state, event) => kind.decider.evolve(state, event as never), kind.decider.initialState());
}

function sorted(summary: ImportSummary): ImportSummary {
  summary.errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return summary;
}
