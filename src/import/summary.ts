/** The one result every `billstream import` kind reports (issue contract: created/updated/unchanged/rejected/errors). */
export interface RowError {
  /**
   * The file the line and column are in, when it is not the one imported: a file of a folder of
   * tariffs or discount schemes (`tariffs/net.yaml`), so that the location names the file an
   * editor opens at that line, not the folder.
   */
  file?: string;
  line: number;
  column: number;
  reason: string;
}

/** A problem at a line and column of `file` (a file of a folder); null: of the file or text imported, which the summary's reader names. */
export function located(file: string | null, position: Pick<RowError, 'line' | 'column'>, reason: string): RowError {
  return file ? { file, line: position.line, column: position.column, reason } : { line: position.line, column: position.column, reason };
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: RowError[];
  /** Errors found beyond the LISTED_ERRORS listed in `errors`; absent when every error is listed. */
  errorsOmitted?: number;
}

export function emptySummary(): ImportSummary {
  return { created: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
}

/**
 * At most this many errors are listed, the first by line and column: a file of a million bad
 * rows once answered 83 MB and held 2.5 GB while it was read; the count of rejected rows stays
 * whole, and the first errors show what is wrong with the file.
 */
export const LISTED_ERRORS = 1000;

/** Adds errors to a bounded list (see listErrors): memory stays bounded however many rows are bad. */
export function addErrors(summary: ImportSummary, errors: RowError[]): void {
  summary.errors.push(...errors);
  if (summary.errors.length >= 2 * LISTED_ERRORS) listErrors(summary);
}

/** Sorts the errors by line and column and keeps the first LISTED_ERRORS, counting the others in `errorsOmitted`. */
export function listErrors(summary: ImportSummary): void {
  summary.errors.sort((a, b) => a.line - b.line || a.column - b.column);
  const beyond = summary.errors.length - LISTED_ERRORS;
  if (beyond <= 0) return;
  summary.errors.length = LISTED_ERRORS;
  summary.errorsOmitted = (summary.errorsOmitted ?? 0) + beyond;
}

export function summaryLine(file: string, summary: ImportSummary): string {
  const cut = summary.errorsOmitted ? ` (the first ${summary.errors.length} of ${summary.errors.length + summary.errorsOmitted} errors are listed)` : '';
  return `${file}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected${cut}`;
}

/** `file:line:column: reason`, the form editors and terminals link to; the error's own file, when it names one, is the file. */
export function errorLine(file: string, error: RowError): string {
  return `${error.file ?? file}:${error.line}:${error.column}: ${error.reason}`;
}

export interface ImportOptions {
  /** Reject the whole file when any row is bad: nothing is written. */
  allOrNothing?: boolean;
  /** Called after each row with (rows done, rows in all), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** Items read between two turns of the event loop (withTurns). */
const ITEMS_PER_TURN = 1000;

/**
 * The source's items, with a turn of the event loop after every ITEMS_PER_TURN. A rejected row
 * touches no store, so without it a file of bad rows is read from start to end in microtasks
 * alone and `serve` answers no other request meanwhile (100,000 payments naming unknown clients
 * held /health for 2.75 s); good rows yield as they append.
 */
export async function* withTurns<T>(items: AsyncIterable<T>): AsyncIterable<T> {
  let read = 0;
  for await (const item of items) {
    if (++read % ITEMS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    yield item;
  }
}
