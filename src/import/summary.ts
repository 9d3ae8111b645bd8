/** The one result every `billstream import` kind reports (issue contract: created/updated/unchanged/rejected/errors). */
export interface RowError {
  line: number;
  column: number;
  reason: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: RowError[];
}

export function emptySummary(): ImportSummary {
  return { created: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
}

export function summaryLine(file: string, summary: ImportSummary): string {
  return `${file}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected`;
}

/** `file:line:column: reason`, the form editors and terminals link to. */
export function errorLine(file: string, error: RowError): string {
  return `${file}:${error.line}:${error.column}: ${error.reason}`;
}

export interface ImportOptions {
  /** Reject the whole file when any row is bad: nothing is written. */
  allOrNothing?: boolean;
  /** Called after each row with (rows done, rows in all), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}
