/**
 * A table of one page of a cursor-paged list: it asks the API for one page at a time (`after` =
 * the `next` of the page before) and keeps only the cursors of the pages seen, so Previous goes
 * back and a list of 100,000 clients is never loaded whole. Buttons are real buttons (keyboard,
 * screen readers); the page's state is announced politely.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Answer, Page } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { ErrorBanner } from './banners.tsx';

export interface Column<T> {
  /** The column's header text (translated). */
  header: string;
  cell: (row: T) => ComponentChildren;
  /** Right-aligned (amounts, counts). */
  numeric?: boolean;
}

export interface PagedTableProps<T> {
  /** One page: `after` is undefined for the first. */
  load: (after: string | undefined) => Promise<Answer<Page<T>>>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** The table's caption (its accessible name). */
  caption: string;
  testId: string;
  /** Anything that changes what is listed (a search term): the list starts again at page 1. */
  resetKey?: string;
  /** Shown when the first page is empty. */
  empty?: string;
}

export function PagedTable<T>({ load, columns, rowKey, caption, testId, resetKey = '', empty }: PagedTableProps<T>) {
  const { t } = useI18n();
  // cursors[i] is the `after` of page i (undefined for the first); a new resetKey starts at page 1.
  const [paging, setPaging] = useState({ key: resetKey, cursors: [undefined] as (string | undefined)[] });
  const cursors = paging.key === resetKey ? paging.cursors : [undefined];
  const setCursors = (change: (cursors: (string | undefined)[]) => (string | undefined)[]) =>
    setPaging((p) => ({ key: resetKey, cursors: change(p.key === resetKey ? p.cursors : [undefined]) }));
  const [page, setPage] = useState<Page<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const index = cursors.length - 1;
  const after = cursors[index];
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    loadRef.current(after).then(
      ({ data }) => current && (setPage(data), setLoading(false)),
      (e: unknown) => current && (setError(e), setLoading(false)),
    );
    return () => void (current = false);
  }, [after, index, resetKey, reload]);

  const next = page?.next ?? null;
  return (
    <div class="paged-table" data-testid={testId} aria-busy={loading}>
      <ErrorBanner error={error} />
      {error !== null && (
        <button type="button" onClick={() => setReload((n) => n + 1)} data-testid={`${testId}-retry`}>
          {t('console-retry')}
        </button>
      )}
      <div class="table-scroll">
        <table>
          <caption>{caption}</caption>
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
            {page?.items.map((row) => (
              <tr key={rowKey(row)} data-testid={`${testId}-row`}>
                {columns.map((column) => (
                  <td key={column.header} class={column.numeric ? 'numeric' : undefined}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
            {page && page.items.length === 0 && (
              <tr>
                <td colSpan={columns.length} data-testid={`${testId}-empty`}>
                  {empty ?? t('console-table-empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label={t('console-pager-label', { caption })}>
        <button type="button" class="secondary" disabled={index === 0 || loading} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid={`${testId}-previous`}>
          {t('console-page-previous')}
        </button>
        <span aria-live="polite" data-testid={`${testId}-page`}>
          {loading ? t('console-loading') : t('console-page-number', { page: index + 1 })}
        </span>
        <button type="button" class="secondary" disabled={!next || loading} onClick={() => next && setCursors((c) => [...c, next])} data-testid={`${testId}-next`}>
          {t('console-page-next')}
        </button>
      </nav>
    </div>
  );
}
