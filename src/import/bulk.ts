/**
 * Bulk CSV import of entities (FORMATS.md): streamed, never the whole file in memory. Rows are
 * checked one by one and reported with line, column and reason; good rows are written in chunks
 * whose appends arrive together and so share one commit (one fsync per chunk instead of per row).
 * The same file twice changes nothing; a changed row becomes an update event.
 */
import { BillstreamError, type FieldIssue } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import { recordable, type CommandContext } from '../app/command-handler.ts';
import type { DomainEvent } from '../core/decider.ts';
import { entityOutcome } from '../core/entity-decider.ts';
import { WrongExpectedRevisionError } from '../eventstore/port.ts';
import type { AppDeps } from '../app/deps.ts';
import { executeEntityCommand, newResolveContext, type EntityKind, type ResolveContext } from '../app/crm/commands.ts';
import { CsvHeaderError, type CsvColumns, type CsvItem, type CsvRow } from './csv.ts';
import { addErrors, emptySummary, listErrors, withTurns, type ImportOptions, type ImportSummary, type RowError } from './summary.ts';

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
  id: string;
  details: D;
  row: CsvRow;
  /** What the decider decided against the loaded state; appended if nobody wrote since. */
  events: DomainEvent[];
  revision: number | null;
}

export async function importCsvEntities<D extends object>(
  billstream: AppDeps,
  source: () => AsyncIterable<CsvItem>,
  spec: CsvEntityImport<D>,
  context: Omit<CommandContext, 'commandId'>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const summary = emptySummary();
  await billstream.catchUp();

  const reject = (errors: RowError[]) => {
    summary.rejected += 1;
    addErrors(summary, errors);
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
      const recordedAt = billstream.clock.now().toString();
      const results = await Promise.allSettled(planned.map((p) => {
        const commandContext = { ...context, commandId: uuidv7(billstream.clock) };
        return billstream.eventStore.append(spec.kind.stream(p.id), recordable(p.events, commandContext, recordedAt), p.revision ?? 'noStream');
      }));
      for (const [i, result] of results.entries()) {
        const p = planned[i]!;
        if (result.status === 'fulfilled') {
          summary[entityOutcome(p.events, spec.kind.registered)] += 1;
          continue;
        }
        if (!(result.reason instanceof WrongExpectedRevisionError)) throw result.reason;
        // Someone wrote to the entity since this row was checked: decide again on the new state.
        try {
          const { outcome } = await executeEntityCommand(billstream, spec.kind, { type: 'Define', id: p.id, details: p.details }, { ...context, commandId: uuidv7(billstream.clock) }, null);
          summary[outcome] += 1;
        } catch (error) {
          if (!(error instanceof BillstreamError)) throw error;
          reject(rowErrors(p.row, error.issues.length ? error.issues : [{ field: 'id', message: error.message }]));
        }
      }
      rowsDone += planned.length;
      options.onProgress?.(rowsDone, 0);
    };
    try {
      for await (const item of withTurns(source())) {
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
        const loaded = await spec.kind.load(billstream, parsed.id);
        const details = loaded.details ? ({ ...loaded.details, ...parsed.details } as D) : spec.create(parsed.id, parsed.details, row);
        const problems = [...(await spec.kind.resolve(billstream, parsed.id, details, resolveContext, loaded.details))];
        let events: DomainEvent[] = [];
        if (problems.length === 0) {
          // The decider decides now, so rule violations are reported before anything is written.
          try {
            events = spec.kind.decider.decide({ type: 'Define', id: parsed.id, details }, loaded.state);
          } catch (error) {
            if (!(error instanceof BillstreamError)) throw error;
            problems.push(...(error.issues.length ? error.issues : [{ field: 'id', message: error.message }]));
          }
        }
        if (problems.length) {
          reject(rowErrors(row, problems));
          continue;
        }
        if (events.length === 0) {
          if (write) summary.unchanged += 1;
          continue;
        }
        chunk.push({ id: parsed.id, details, row, events, revision: loaded.revision });
        if (chunk.length >= CHUNK) await flush();
      }
      await flush();
    } catch (error: unknown) {
      if (error instanceof CsvHeaderError) {
        reject(error.errors);
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

function sorted(summary: ImportSummary): ImportSummary {
  listErrors(summary);
  return summary;
}
