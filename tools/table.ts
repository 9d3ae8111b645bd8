/** Plain-text tables for the CLI: a header row, columns as wide as their widest cell, numbers right-aligned. */

export interface Column {
  header: string;
  /** Amounts and counts: right-aligned, so their digits line up. */
  right?: boolean;
  /** Left out when no row has a value in it. */
  optional?: boolean;
}

/** The table's lines (header first), without trailing spaces. */
export function table(allColumns: readonly Column[], allRows: readonly (readonly string[])[]): string[] {
  const kept = allColumns.flatMap((c, i) => (c.optional && allRows.every((r) => !r[i]) ? [] : [i]));
  const columns = kept.map((i) => allColumns[i]!);
  const rows = allRows.map((r) => kept.map((i) => r[i] ?? ''));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    columns.map((c, i) => (c.right ? (cells[i] ?? '').padStart(widths[i]!) : (cells[i] ?? '').padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
}

/** `1 draft`, `2 drafts`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
