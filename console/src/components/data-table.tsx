/**
 * A table of rows the screen already holds (a control report's totals, an invoice's lines, the
 * figures under a chart), with the same columns as PagedTable. Long lists show their first rows
 * and a button for the rest, so a report with thousands of held invoices stays quick to draw.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n.tsx';
import type { Column } from './paged-table.tsx';

export interface DataTableProps<T> {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T, index: number) => string;
  caption: string;
  testId: string;
  /** Shown when there are no rows. */
  empty?: string;
  /** Rows shown before "show all" (default 200). */
  limit?: number;
  /** A last row (totals). */
  footer?: ComponentChildren;
  /** The caption only for screen readers, when a heading right above says the same. */
  hideCaption?: boolean;
}

export function DataTable<T>({ rows, columns, rowKey, caption, testId, empty, limit = 200, footer, hideCaption = false }: DataTableProps<T>) {
  const { t, number } = useI18n();
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, limit);
  return (
    <div class="table-scroll" data-testid={testId}>
      <table>
        <caption class={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.header} class={column.numeric ? 'numeric' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, i) => (
            <tr key={rowKey(row, i)} data-testid={`${testId}-row`}>
              {columns.map((column) => (
                <td key={column.header} class={column.numeric ? 'numeric' : undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} data-testid={`${testId}-empty`}>
                {empty ?? t('console-table-empty')}
              </td>
            </tr>
          )}
        </tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
      {shown.length < rows.length && (
        <button type="button" class="secondary" onClick={() => setAll(true)} data-testid={`${testId}-all`}>
          {t('console-show-all', { count: number(rows.length) })}
        </button>
      )}
    </div>
  );
}
