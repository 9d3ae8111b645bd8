/**
 * Reading the journal: cursor pages for pollers (JSON and CSV), the export of a period, and the
 * trial balance. The cursor is the journal's own (src/domain/accounting/cursor.ts): an entry's
 * causing event position and index, checked, so it survives restarts and rebuilds.
 */
import { Decimal } from 'decimal.js';
import type { AppDeps } from '../deps.ts';
import { InvalidParameterError, NotFoundError } from '../../core/errors.ts';
import { dateProblem } from '../../core/validate.ts';
import { formatMoney } from '../../core/money.ts';
import type { Filter, ReadStore } from '../../readstore/port.ts';
import { decodeCursor, encodeCursor, jsonPages, textPages, type TextPage } from '../../readstore/query.ts';
import { journalCursor, parseJournalCursor } from '../../domain/accounting/cursor.ts';
import { accountNames, type Account } from '../../domain/accounting/chart.ts';
import { journalCsvRowsOf, JOURNAL_CSV_HEADER } from '../../domain/accounting/journal.ts';
import { chartStateKey, JOURNAL, JOURNAL_CSV, JOURNAL_STATE, type JournalDocument } from '../../../projections/journal.projection.ts';
import { billingViewsProjection } from '../../../projections/billing-views.ts';
import { findLegalEntity } from '../legal-entities/service.ts';

export const JOURNAL_PAGE_MAX = 1000;
export const JOURNAL_PAGE_DEFAULT = 100;
/** The journal is kept by the billing views' group: its checkpoint says how far the journal is. */
const CHECKPOINT = `projection:${billingViewsProjection.name}`;

export interface JournalQuery {
  after?: string;
  limit?: number;
  entity?: string;
  from?: string;
  to?: string;
}

export { JOURNAL_CSV_COLUMNS, JOURNAL_CSV_HEADER } from '../../domain/accounting/journal.ts';

/** The filter of a query, and the read store's `after` for its cursor; 400 for a limit out of range, a bad date or a cursor never issued. */
async function pageQuery(deps: AppDeps, query: JournalQuery): Promise<{ filter: Filter; limit: number; after?: string } | 'not-yet'> {
  const limit = query.limit ?? JOURNAL_PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > JOURNAL_PAGE_MAX) throw InvalidParameterError.field('limit', `${String(query.limit)} is out of range: from 1 to ${JOURNAL_PAGE_MAX}`);
  const filter = periodFilter(query);
  if (query.after === undefined) return { filter, limit };
  const cursor = parseJournalCursor(query.after);
  if (!cursor) throw InvalidParameterError.field('after', `cursor ${JSON.stringify(query.after)} was never issued by the journal`);
  if (!(await deps.readStore.get(JOURNAL, cursor.seq))) {
    // Absent: never issued, unless the journal has not reached its event yet (a rebuild running).
    const [checkpoint, head] = [await deps.readStore.getCheckpoint(CHECKPOINT), await deps.eventStore.headPosition()];
    const reached = checkpoint?.position ?? -1;
    if (cursor.position <= reached || head === null || cursor.position > head) {
      throw InvalidParameterError.field('after', `cursor ${JSON.stringify(query.after)} was never issued by the journal`);
    }
    return 'not-yet';
  }
  return { filter, limit, after: encodeCursor({ id: cursor.seq }) };
}

/** A period's `from` and `to` (each optional) are dates, `from` not after `to`: else the parameter is named. */
function checkPeriod(query: Pick<JournalQuery, 'from' | 'to'>): void {
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    const problem = value === undefined ? null : dateProblem(value);
    if (problem) throw InvalidParameterError.field(field, problem);
  }
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) throw InvalidParameterError.field('from', `${query.from} is after to ${query.to}`);
}

function periodFilter(query: JournalQuery): Filter {
  const filter: Filter = {};
  checkPeriod(query);
  if (query.entity !== undefined) filter.legalEntityId = query.entity;
  if (query.from !== undefined || query.to !== undefined) filter.date = { ...(query.from !== undefined ? { $gte: query.from } : {}), ...(query.to !== undefined ? { $lte: query.to } : {}) };
  return filter;
}

/** The journal's cursor for the read store's `next` (which names the page's last entry by its key). */
function journalNext(storeNext: string | null): string | null {
  return storeNext === null ? null : cursorOfSeq(decodeCursor(storeNext).id);
}

/** A page of entries `{items, next}`; `next` is null on the last page. */
export async function journalPage(deps: AppDeps, query: JournalQuery): Promise<{ items: JournalDocument[]; next: string | null }> {
  const q = await pageQuery(deps, query);
  if (q === 'not-yet') return { items: [], next: null };
  const page = await deps.readStore.find(JOURNAL, q.filter, { limit: q.limit, ...(q.after ? { after: q.after } : {}) });
  return { items: page.items as JournalDocument[], next: journalNext(page.next) };
}

/**
 * The same page as the bytes of its JSON, from the stored JSON where the read store can give it
 * (the export of a million entries is mostly this): `journalPage` without parsing and
 * serializing every entry again. Returns the next cursor beside the bytes (for a header).
 */
export async function journalPageBytes(deps: AppDeps, query: JournalQuery): Promise<{ body: Buffer; next: string | null }> {
  const pages = jsonPages(deps.readStore);
  if (!pages) {
    const page = await journalPage(deps, query);
    return { body: Buffer.from(JSON.stringify(page)), next: page.next };
  }
  const q = await pageQuery(deps, query);
  if (q === 'not-yet') return { body: Buffer.from('{"items":[],"next":null}'), next: null };
  const bytes = await pages.findJson(JOURNAL, q.filter, { limit: q.limit, ...(q.after ? { after: q.after } : {}) });
  const tail = bytes.lastIndexOf('],"next":');
  const storeNext = JSON.parse(bytes.subarray(tail + '],"next":'.length, bytes.length - 1).toString('utf8')) as string | null;
  const next = journalNext(storeNext);
  return { body: Buffer.concat([bytes.subarray(0, tail), Buffer.from(`],"next":${JSON.stringify(next)}}`)]), next };
}

/** A key of the journal (`journalSeq`) as the cursor that continues after its entry. */
function cursorOfSeq(seq: string): string {
  const [position, index] = seq.split('-').map(Number) as [number, number];
  return journalCursor(position, index);
}

/** The CSV rows of a page of the journal's keys, as stored beside the entries (joined by the read store where it can). */
async function csvRowsPage(readStore: ReadStore, filter: Filter, options: { limit: number; after?: string }): Promise<TextPage> {
  const pages = textPages(readStore);
  if (pages) return pages.findText(JOURNAL_CSV, 'csv', filter, options);
  // Without it (MongoDB), rendered from the entries by the function that rendered the stored rows.
  const page = await readStore.find(JOURNAL, filter, options);
  const entries = page.items as JournalDocument[];
  return { text: Buffer.from(journalCsvRows(entries)), count: entries.length, lastId: entries.length ? parseJournalCursor(entries.at(-1)!.cursor)!.seq : null, next: page.next };
}

/**
 * A page of the journal as CSV (the header, then one row per line of each entry): the rows the
 * projection stored beside each entry, joined without reading the entries. Beside the bytes,
 * the cursor that continues after the page (null on the last page) and the page's last entry's
 * cursor (null when the page is empty), for the `Next-Cursor` and `Last-Cursor` headers.
 */
export async function journalCsvPage(deps: AppDeps, query: JournalQuery): Promise<{ body: Buffer; next: string | null; last: string | null }> {
  const header = Buffer.from(JOURNAL_CSV_HEADER);
  const q = await pageQuery(deps, query);
  if (q === 'not-yet') return { body: header, next: null, last: null };
  const page = await csvRowsPage(deps.readStore, q.filter, { limit: q.limit, ...(q.after ? { after: q.after } : {}) });
  return { body: Buffer.concat([header, page.text]), next: journalNext(page.next), last: page.lastId === null ? null : cursorOfSeq(page.lastId) };
}

/** Every entry's CSV rows of a period (and legal entity), in journal order, page by page. */
export async function forEachJournalCsvPage(readStore: ReadStore, query: Pick<JournalQuery, 'entity' | 'from' | 'to'>, visit: (rows: Buffer, entries: number) => void | Promise<void>): Promise<void> {
  const filter = periodFilter(query);
  let after: string | undefined;
  do {
    const page = await csvRowsPage(readStore, filter, { limit: JOURNAL_PAGE_MAX, ...(after ? { after } : {}) });
    await visit(page.text, page.count);
    after = page.next ?? undefined;
  } while (after);
}

/** One CSV row per journal line (JOURNAL_CSV_COLUMNS), CRLF-terminated as RFC 4180 says. */
export function journalCsvRows(entries: readonly JournalDocument[]): string {
  let out = '';
  for (const entry of entries) out += journalCsvRowsOf(entry);
  return out;
}

/** Every entry of a period (and legal entity), in journal order, page by page. */
export async function forEachJournalEntry(readStore: ReadStore, query: Pick<JournalQuery, 'entity' | 'from' | 'to'>, visit: (entries: JournalDocument[]) => void | Promise<void>): Promise<void> {
  const filter = periodFilter(query);
  let after: string | undefined;
  do {
    const page = await readStore.find(JOURNAL, filter, { limit: JOURNAL_PAGE_MAX, ...(after ? { after } : {}) });
    await visit(page.items as JournalDocument[]);
    after = page.next ?? undefined;
  } while (after);
}

export interface TrialBalanceRow {
  account: string;
  name: string | null;
  opening: string;
  debit: string;
  credit: string;
  closing: string;
}

export interface TrialBalance {
  legalEntityId: string;
  currency: string | null;
  from: string | null;
  to: string | null;
  accounts: TrialBalanceRow[];
  totals: Omit<TrialBalanceRow, 'account' | 'name'>;
}

/**
 * Per account of a legal entity, in its national currency: the balance before `from` (debit
 * positive), the debits and credits from `from` to `to` (inclusive), and the balance after.
 * Every entry balances, so the totals' debits equal their credits and the openings add up to zero.
 */
export async function trialBalance(deps: AppDeps, query: { entity: string; from?: string; to?: string }): Promise<TrialBalance> {
  // A malformed date, one the calendar does not have (2026-02-30), or a from after to is refused naming its parameter.
  checkPeriod(query);
  if (!(await findLegalEntity(deps, query.entity))) throw new NotFoundError(`legal entity ${query.entity} does not exist`);
  const rows = new Map<string, { opening: Decimal; debit: Decimal; credit: Decimal }>();
  let currency: string | null = null;
  await forEachJournalEntry(deps.readStore, { entity: query.entity, ...(query.to !== undefined ? { to: query.to } : {}) }, (entries) => {
    for (const entry of entries) {
      currency ??= entry.currency;
      const before = query.from !== undefined && entry.date < query.from;
      for (const line of entry.lines) {
        let row = rows.get(line.account);
        if (!row) rows.set(line.account, (row = { opening: new Decimal(0), debit: new Decimal(0), credit: new Decimal(0) }));
        if (before) row.opening = row.opening.plus(line.debit).minus(line.credit);
        else {
          row.debit = row.debit.plus(line.debit);
          row.credit = row.credit.plus(line.credit);
        }
      }
    }
  });
  const state = await deps.readStore.get(JOURNAL_STATE, chartStateKey(query.entity));
  const nameOf = accountNames((state?.accounts ?? {}) as Record<string, Account>);
  const money = (amount: Decimal) => (currency ? formatMoney(amount, currency) : amount.toFixed());
  const totals = { opening: new Decimal(0), debit: new Decimal(0), credit: new Decimal(0) };
  const accounts = [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([account, row]) => {
    totals.opening = totals.opening.plus(row.opening);
    totals.debit = totals.debit.plus(row.debit);
    totals.credit = totals.credit.plus(row.credit);
    return { account, name: nameOf(account), opening: money(row.opening), debit: money(row.debit), credit: money(row.credit), closing: money(row.opening.plus(row.debit).minus(row.credit)) };
  });
  return {
    legalEntityId: query.entity, currency, from: query.from ?? null, to: query.to ?? null, accounts,
    totals: { opening: money(totals.opening), debit: money(totals.debit), credit: money(totals.credit), closing: money(totals.opening.plus(totals.debit).minus(totals.credit)) },
  };
}
