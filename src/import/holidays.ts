/**
 * `billstream import holidays FILE` and `POST /holidays/import` (docs/formats.md holidays.csv:
 * `country, date, name`): the operator's public holidays, over the holiday library's. Each row
 * is checked and a bad one reported with its line, column and reason; good rows are kept. A day
 * stored with the same name is unchanged; another name for a stored day replaces it (an update;
 * the old name stays in the history).
 */
import { handleCommand, type CommandContext } from '../app/command-handler.ts';
import { uuidv7 } from '../core/ids.ts';
import type { AppDeps } from '../app/deps.ts';
import { operatorHolidayDecider, operatorHolidayKey, operatorHolidayStream, validateOperatorHoliday } from '../domain/holiday/decider.ts';
import { CsvHeaderError, type CsvColumns, type CsvItem } from './csv.ts';
import { emptySummary, type ImportOptions, type ImportSummary } from './summary.ts';

export const HOLIDAY_COLUMNS: CsvColumns = { required: ['country', 'date', 'name'], optional: [] };

export async function importHolidays(
  billstream: AppDeps,
  source: () => AsyncIterable<CsvItem>,
  context: Omit<CommandContext, 'commandId'>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const run = async (write: boolean): Promise<ImportSummary> => {
    const summary = emptySummary();
    /** country-date -> line where the file first gave it. */
    const seen = new Map<string, number>();
    let rows = 0;
    try {
      for await (const item of source()) {
        if (item.kind === 'error') {
          summary.rejected += 1;
          summary.errors.push(item.error);
          continue;
        }
        const { row } = item;
        const v = (column: string) => row.values[column] ?? null;
        const reject = (field: string, message: string) => {
          summary.rejected += 1;
          summary.errors.push({ line: row.line, column: row.columnOf(field), reason: `${field}: ${message}` });
        };
        const checked = validateOperatorHoliday({ country: v('country'), date: v('date'), name: v('name') });
        if ('issues' in checked) {
          summary.rejected += 1;
          summary.errors.push(...checked.issues.map((issue) => ({ line: row.line, column: row.columnOf(issue.field), reason: `${issue.field}: ${issue.message}` })));
          continue;
        }
        const { holiday } = checked;
        const key = operatorHolidayKey(holiday.country, holiday.date);
        const first = seen.get(key);
        if (first !== undefined) {
          reject('date', `${holiday.country} ${holiday.date} appears twice in this file (first at line ${first})`);
          continue;
        }
        seen.set(key, row.line);
        if (write) {
          const result = await handleCommand(billstream, operatorHolidayDecider, operatorHolidayStream(holiday.country, holiday.date), { type: 'SetOperatorHoliday', holiday }, {
            ...context,
            commandId: uuidv7(billstream.clock),
          });
          if (result.events.length === 0) summary.unchanged += 1;
          else if (result.events[0]!.data.previousName === undefined) summary.created += 1;
          else summary.updated += 1;
        }
        if (++rows % 100 === 0) options.onProgress?.(rows, 0);
      }
    } catch (error) {
      if (!(error instanceof CsvHeaderError)) throw error;
      summary.rejected += 1;
      summary.errors.push(...error.errors);
    }
    summary.errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return summary;
  };

  if (options.allOrNothing) {
    const check = await run(false);
    if (check.rejected > 0) return check;
  }
  return run(true);
}
