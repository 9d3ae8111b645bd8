/**
 * Invoices and credit notes (billing process step 8): the lists with the filters the API takes,
 * an invoice's detail (its lines, VAT groups, the discounts with the lines they touched, payment
 * status and amount due, credit notes, history), its document (.docx) and e-invoice (UBL) to
 * download, and crediting it (POST /invoices/{idOrNumber}/credit-notes) in full or line by line.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, seg, type Page, type Schemas } from '../api.ts';
import { ErrorBanner, Notice } from '../components/banners.tsx';
import { DataTable } from '../components/data-table.tsx';
import { DOCX, DownloadButton } from '../components/download.tsx';
import { Facts } from '../components/facts.tsx';
import { Field, Form, useForm, type FieldSpec, type Values } from '../components/form.tsx';
import { History } from '../components/history.tsx';
import type { Column } from '../components/paged-table.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { listQuery, QueryFilters } from '../components/search.tsx';
import { useEntity } from '../components/use-entity.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import { useSession } from '../session.tsx';
import { ACCOUNTANTS, AMOUNT_PATTERN, BILLERS, FlagReasons, INVOICE_STATUSES, InvoiceStatusBadge, listField, PaymentStatusBadge, today, usePeriod } from './billing-common.tsx';
import { PAGE_SIZE } from './crm-common.tsx';

type Invoice = Schemas['Invoice'];
type InvoiceLine = Schemas['InvoiceLine'];
type CreditNote = Schemas['CreditNote'];

/** An invoice's reference in paths: its legal number once issued, else its id. */
const referenceOf = (invoice: { number: string | null; id: string }) => invoice.number ?? invoice.id;

function InvoiceList() {
  const { t, date, money } = useI18n();
  const period = usePeriod();
  const query = listQuery(useLocation().query, ['runId', 'clientId', 'contractId', 'status', 'number']);
  return (
    <section data-testid="invoices">
      <h1 tabIndex={-1}>{t('console-nav-invoices')}</h1>
      <QueryFilters
        testId="invoices-filter"
        filters={[
          { param: 'number', label: t('console-invoice-number') },
          { param: 'clientId', label: t('console-contract-client') },
          { param: 'contractId', label: t('console-contract-id') },
          { param: 'runId', label: t('console-bill-run-id') },
          { param: 'status', label: t('console-invoice-status'), type: 'select', options: INVOICE_STATUSES.map((status) => ({ value: status, label: t('console-invoice-status-value', { status }) })) },
        ]}
      />
      <PagedTable<Invoice>
        key={query}
        testId="invoices-table"
        caption={t('console-invoices-caption')}
        load={(after) => api.get<Page<Invoice>>(`/invoices${query ? `?${query}` : ''}`, { after, limit: PAGE_SIZE })}
        rowKey={(invoice) => invoice.id}
        empty={t('console-invoices-none')}
        columns={[
          { header: t('console-invoice-number'), cell: (i) => <Link href={`/invoices/${seg(referenceOf(i))}`}>{i.number ?? t('console-invoice-draft-of', { id: i.id })}</Link> },
          { header: t('console-invoice-status'), cell: (i) => <InvoiceStatusBadge status={i.status} /> },
          { header: t('console-contract-client'), cell: (i) => <Link href={`/clients/${seg(i.clientId)}`}>{i.clientId}</Link> },
          { header: t('console-invoice-buyer'), cell: (i) => i.buyer.name },
          { header: t('console-cycle'), cell: (i) => period(i.period) },
          { header: t('console-invoice-issue-date'), cell: (i) => date(i.issueDate) },
          { header: t('console-invoice-due-date'), cell: (i) => date(i.dueDate) },
          { header: t('console-gross'), cell: (i) => (i.currency ? money(i.total, i.currency) : ''), numeric: true },
          { header: t('console-payment-status'), cell: (i) => <PaymentStatusBadge status={i.paymentStatus} /> },
          { header: t('console-amount-due'), cell: (i) => (i.currency && i.amountDue ? money(i.amountDue, i.currency) : ''), numeric: true },
          { header: t('console-invoice-held'), cell: (i) => (i.held ? t('console-invoice-held-yes', { count: i.flags.length }) : '') },
        ]}
      />
    </section>
  );
}

/** The columns of an invoice's or a credit note's lines. */
function lineColumns(i18n: I18n, currency: string, lines: InvoiceLine[], period: ReturnType<typeof usePeriod>, credit: boolean): Column<[InvoiceLine, number]>[] {
  const { t, money, number } = i18n;
  return [
    { header: t('console-line-number'), cell: ([line, i]) => String(credit ? line.invoiceLine ?? i : i), numeric: true },
    { header: t('console-line-kind'), cell: ([line]) => t('console-line-kind-value', { kind: line.kind }) },
    {
      header: t('console-line-description'),
      cell: ([line]) => (
        <>
          {line.description}
          {line.discounted && line.discounted.length > 0 && (
            <span class="hint block" data-testid="line-discounted">
              {t('console-line-discounts-lines', { lines: line.discounted.map((n) => `${n} (${lines[n]?.description ?? '?'})`).join('; ') })}
            </span>
          )}
        </>
      ),
    },
    { header: t('console-cycle'), cell: ([line]) => period(line.period) },
    { header: t('console-line-quantity'), cell: ([line]) => `${number(line.quantity)} ${line.unit}`, numeric: true },
    { header: t('console-vat-rate'), cell: ([line]) => `${t('console-percent', { rate: number(line.vatRate) })} (${line.vatCategory})`, numeric: true },
    { header: t('console-net'), cell: ([line]) => money(line.net, currency), numeric: true },
    ...(credit
      ? [
          { header: t('console-vat'), cell: ([line]: [InvoiceLine, number]) => money(line.vat, currency), numeric: true },
          { header: t('console-gross'), cell: ([line]: [InvoiceLine, number]) => money(line.gross, currency), numeric: true },
        ]
      : []),
  ];
}

function VatTable({ groups, currency, testId }: { groups: Schemas['VatGroup'][]; currency: string; testId: string }) {
  const { t, money, number } = useI18n();
  return (
    <DataTable
      testId={testId}
      hideCaption
      caption={t('console-vat-groups')}
      rows={groups}
      rowKey={(g) => `${g.category}/${g.rate}`}
      columns={[
        { header: t('console-vat-category'), cell: (g) => g.category },
        { header: t('console-vat-rate'), cell: (g) => t('console-percent', { rate: number(g.rate) }), numeric: true },
        { header: t('console-vat-taxable'), cell: (g) => money(g.taxable, currency), numeric: true },
        { header: t('console-vat'), cell: (g) => money(g.amount, currency), numeric: true },
        { header: t('console-vat-national'), cell: (g) => (g.national ? money(g.national.amount, g.national.currency) : ''), numeric: true },
        { header: t('console-vat-mention'), cell: (g) => g.mention ?? '' },
      ]}
    />
  );
}

/** Each discount line of an invoice with the lines it discounted (by number and description). */
function DiscountsView({ invoice, currency }: { invoice: Invoice; currency: string }) {
  const { t, money } = useI18n();
  const discounts = invoice.lines.map((line, i) => [line, i] as const).filter(([line]) => line.kind === 'discount' || line.kind === 'commitment');
  if (discounts.length === 0) return null;
  return (
    <section aria-labelledby="invoice-discounts-heading" data-testid="invoice-discounts">
      <h2 id="invoice-discounts-heading">{t('console-invoice-discounts')}</h2>
      <ul class="discounts">
        {discounts.map(([line, i]) => (
          <li key={i} data-testid="invoice-discount">
            <strong>
              <Link href={`/discounts/${seg(line.code)}`}>{line.code}</Link>
            </strong>{' '}
            {t('console-invoice-discount-line', { line: i, description: line.description, amount: money(line.net, currency) })}
            {line.discounted && line.discounted.length > 0 && (
              <ul>
                {line.discounted.map((n) => (
                  <li key={n} data-testid="invoice-discount-touched">
                    {t('console-invoice-discount-touched', { line: n, description: invoice.lines[n]?.description ?? '', net: money(invoice.lines[n]?.net ?? '0', currency) })}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function InvoiceDetail({ params }: ScreenProps) {
  const i18n = useI18n();
  const { t, date, money, number } = i18n;
  const session = useSession();
  const period = usePeriod();
  const path = `/invoices/${seg(params.ref!)}`;
  const entity = useEntity<Invoice>(path);
  const invoice = entity.data;
  const currency = invoice?.currency ?? '';
  const m = (amount: string | null | undefined) => (currency && amount ? money(amount, currency) : null);
  return (
    <section data-testid="invoice-detail">
      <div class="heading-row">
        <h1 tabIndex={-1}>{invoice ? (invoice.number ? t('console-invoice-title', { number: invoice.number }) : t('console-invoice-draft-of', { id: invoice.id })) : t('console-invoice-title', { number: params.ref! })}</h1>
        {invoice && <InvoiceStatusBadge status={invoice.status} />}
      </div>
      <ErrorBanner error={entity.error} />
      {invoice && (
        <>
          {invoice.status === 'issued' && (
            <div class="actions" role="group" aria-label={t('console-invoice-actions')}>
              <DownloadButton path={`${path}/document`} accept={DOCX} fileName={`${invoice.number}.docx`} label={t('console-invoice-download-document')} testId="invoice-download-document" />
              <DownloadButton path={`${path}/ubl`} accept="application/xml" fileName={`${invoice.number}.xml`} label={t('console-invoice-download-ubl')} testId="invoice-download-ubl" />
              {session.can(...BILLERS) && (
                <Link class="button" href={`${path}/credit`} data-testid="invoice-credit">
                  {t('console-credit-note-create')}
                </Link>
              )}
              {session.can(...ACCOUNTANTS) && invoice.amountDue && Number(invoice.amountDue) > 0 && (
                <Link
                  class="button secondary"
                  href={`/payments/new?${new URLSearchParams({ clientId: invoice.clientId, invoiceNumber: invoice.number ?? '', amount: invoice.amountDue, currency }).toString()}`}
                  data-testid="invoice-record-payment"
                >
                  {t('console-payment-record')}
                </Link>
              )}
            </div>
          )}
          <Facts
            testId="invoice-facts"
            items={[
              [t('console-invoice-number'), invoice.number],
              [t('console-invoice-id'), invoice.id],
              [t('console-contract-client'), <Link href={`/clients/${seg(invoice.clientId)}`}>{`${invoice.clientId} (${invoice.buyer.name})`}</Link>],
              [t('console-contract-id'), <Link href={`/contracts/${seg(invoice.contractId)}`}>{invoice.contractId}</Link>],
              [t('console-invoice-seller'), invoice.seller ? `${invoice.seller.name} (${invoice.legalEntityId})` : invoice.legalEntityId],
              [t('console-bill-run-id'), <Link href={`/bill-runs/${seg(invoice.runId)}`}>{invoice.runId}</Link>],
              [t('console-cycle'), period(invoice.period)],
              [t('console-invoice-issue-date'), date(invoice.issueDate)],
              [t('console-invoice-due-date'), date(invoice.dueDate)],
              [t('console-currency'), invoice.currency],
              [t('console-net'), m(invoice.totalNet)],
              [t('console-vat'), m(invoice.totalVat)],
              [t('console-gross'), m(invoice.total)],
              [t('console-payment-status'), <PaymentStatusBadge status={invoice.paymentStatus} />],
              [t('console-amount-due'), <span data-testid="invoice-amount-due">{m(invoice.amountDue)}</span>],
            ]}
          />
          {invoice.flags.length > 0 && (
            <section aria-labelledby="invoice-flags-heading" data-testid="invoice-flags">
              <h2 id="invoice-flags-heading">{t('console-invoice-flags')}</h2>
              <FlagReasons flags={invoice.flags} />
            </section>
          )}
          <h2>{t('console-invoice-lines')}</h2>
          <DataTable
            testId="invoice-lines"
            caption={t('console-invoice-lines-caption')}
            rows={invoice.lines.map((line, i) => [line, i] as [InvoiceLine, number])}
            rowKey={([, i]) => String(i)}
            columns={lineColumns(i18n, currency, invoice.lines, period, false)}
          />
          <DiscountsView invoice={invoice} currency={currency} />
          <h2>{t('console-vat-groups')}</h2>
          <VatTable groups={invoice.vat} currency={currency} testId="invoice-vat" />
          {invoice.fxRates.length > 0 && (
            <p data-testid="invoice-fx">
              {t('console-invoice-fx')} {invoice.fxRates.map((fx) => t('console-invoice-fx-rate', { base: fx.base, quote: fx.quote, rate: number(fx.rate), date: date(fx.date) })).join('; ')}
            </p>
          )}
          {invoice.mentions.length > 0 && (
            <ul class="mentions" data-testid="invoice-mentions">
              {invoice.mentions.map((mention) => (
                <li key={mention}>{mention}</li>
              ))}
            </ul>
          )}
          {invoice.creditNotes.length > 0 && (
            <>
              <h2>{t('console-nav-credit-notes')}</h2>
              <DataTable
                testId="invoice-credit-notes"
                caption={t('console-invoice-credit-notes-caption')}
                rows={invoice.creditNotes}
                rowKey={(note) => note.id}
                columns={[
                  { header: t('console-credit-note'), cell: (note) => <Link href={`/credit-notes/${seg(note.id)}`}>{note.id}</Link> },
                  { header: t('console-net'), cell: (note) => m(note.net), numeric: true },
                  { header: t('console-vat'), cell: (note) => m(note.vat), numeric: true },
                  { header: t('console-gross'), cell: (note) => m(note.total), numeric: true },
                ]}
              />
            </>
          )}
          <History path={`${path}/history`} entity="invoice" testId="invoice-history" />
        </>
      )}
    </section>
  );
}

/** What is left to credit on each line: its net less the credit notes' (negative) nets on it. */
function useLeftToCredit(invoice: Invoice | null): Map<number, number> | null {
  const [left, setLeft] = useState<Map<number, number> | null>(null);
  useEffect(() => {
    if (!invoice) return;
    let current = true;
    const credited = new Map<number, number>();
    const load = async (after?: string): Promise<void> => {
      const { data } = await api.get<Page<CreditNote>>('/credit-notes', { invoiceId: invoice.id, after, limit: 100 });
      for (const note of data.items) for (const line of note.lines) if (line.invoiceLine !== undefined) credited.set(line.invoiceLine, (credited.get(line.invoiceLine) ?? 0) - Number(line.net));
      if (data.next) return load(data.next);
    };
    // Figures for the hints only: the API decides what may be credited.
    load().then(
      () => current && setLeft(new Map(invoice.lines.map((line, i) => [i, Number(line.net) - (credited.get(i) ?? 0)]))),
      () => current && setLeft(null),
    );
    return () => void (current = false);
  }, [invoice?.id]);
  return left;
}

function CreditNoteCreate({ params }: ScreenProps) {
  const i18n = useI18n();
  const { t, money } = i18n;
  const path = `/invoices/${seg(params.ref!)}`;
  const entity = useEntity<Invoice>(path);
  const invoice = entity.data;
  const currency = invoice?.currency ?? '';
  const left = useLeftToCredit(invoice);
  const form = useForm({ reason: '', issueDate: today(), mode: 'all' });
  const lineFields: FieldSpec[] = (invoice?.lines ?? []).flatMap((line, i) => [
    { name: `line.${i}.credit`, label: t('console-credit-line-choose', { line: i, description: line.description }), type: 'checkbox' as const },
    {
      name: `line.${i}.amount`,
      label: t('console-credit-line-amount', { line: i }),
      pattern: AMOUNT_PATTERN,
      maxLength: 40,
      hint: left?.has(i) ? t('console-credit-line-left', { amount: money(left.get(i)!.toFixed(6).replace(/\.?0+$/, ''), currency) }) : undefined,
    },
  ]);
  const fields: FieldSpec[] = [
    { name: 'reason', label: t('console-credit-reason'), type: 'textarea', required: true, maxLength: 500, hint: t('console-credit-reason-hint') },
    { name: 'issueDate', label: t('console-invoice-issue-date'), type: 'date', required: true },
    { name: 'mode', label: t('console-credit-mode'), type: 'select', required: true, options: [{ value: 'all', label: t('console-credit-mode-all') }, { value: 'lines', label: t('console-credit-mode-lines') }] },
    ...(form.values.mode === 'lines' ? lineFields : []),
  ];
  const chosen = (values: Values) => (invoice?.lines ?? []).map((_, i) => i).filter((i) => values[`line.${i}.credit`] === 'true');
  return (
    <section data-testid="credit-note-create-screen">
      <h1 tabIndex={-1}>{t('console-credit-note-create-title', { number: invoice?.number ?? params.ref! })}</h1>
      <ErrorBanner error={entity.error} />
      {invoice && invoice.status !== 'issued' && <Notice testId="credit-note-not-issued">{t('console-credit-note-not-issued')}</Notice>}
      {invoice && invoice.status === 'issued' && (
        <Form
          id="credit-note"
          form={form}
          fields={fields}
          submitLabel={t('console-credit-note-submit')}
          onCancel={() => navigate(path)}
          check={(values): Record<string, string[]> => (values.mode === 'lines' && chosen(values).length === 0 ? { mode: [t('console-credit-choose-a-line')] } : {})}
          onSubmit={async (values) => {
            const lines = values.mode === 'lines' ? chosen(values).map((i) => ({ line: i, ...(values[`line.${i}.amount`]?.trim() ? { amount: values[`line.${i}.amount`]!.trim() } : {}) })) : undefined;
            try {
              const { data } = await api.post<CreditNote>(`${path}/credit-notes`, { reason: values.reason!.trim(), issueDate: values.issueDate, ...(lines ? { lines } : {}) });
              navigate(`/credit-notes/${seg(data.number)}`);
            } catch (caught) {
              // The API names a request line by its place in `lines`: put its error at that invoice line's field.
              if (caught instanceof ApiError && lines) {
                const errors = (caught.problem.errors ?? []).map((error) => {
                  const named = listField(error.field);
                  const line = named && named[0] === 'lines' ? lines[named[1]] : undefined;
                  return line ? { ...error, field: `line.${line.line}.${named![2] === 'line' ? 'credit' : 'amount'}` } : error;
                });
                throw new ApiError({ ...caught.problem, errors });
              }
              throw caught;
            }
          }}
        >
          {fields.slice(0, 3).map((spec) => (
            <Field key={spec.name} spec={spec} form={form} formId="credit-note" />
          ))}
          {form.values.mode === 'lines' && (
            <fieldset data-testid="credit-note-lines">
              <legend>{t('console-credit-lines')}</legend>
              {invoice.lines.map((line, i) => (
                <div class="credit-line" key={i} data-testid="credit-note-line">
                  <Field spec={lineFields[2 * i]!} form={form} formId="credit-note" />
                  {form.values[`line.${i}.credit`] === 'true' && <Field spec={lineFields[2 * i + 1]!} form={form} formId="credit-note" />}
                  <span class="hint">{t('console-credit-line-net', { net: money(line.net, currency) })}</span>
                </div>
              ))}
            </fieldset>
          )}
        </Form>
      )}
    </section>
  );
}

function CreditNoteList() {
  const { t, date, money } = useI18n();
  const query = listQuery(useLocation().query, ['invoiceId', 'clientId']);
  return (
    <section data-testid="credit-notes">
      <h1 tabIndex={-1}>{t('console-nav-credit-notes')}</h1>
      <QueryFilters
        testId="credit-notes-filter"
        filters={[
          { param: 'clientId', label: t('console-contract-client') },
          { param: 'invoiceId', label: t('console-invoice-id') },
        ]}
      />
      <PagedTable<CreditNote>
        key={query}
        testId="credit-notes-table"
        caption={t('console-credit-notes-caption')}
        load={(after) => api.get<Page<CreditNote>>(`/credit-notes${query ? `?${query}` : ''}`, { after, limit: PAGE_SIZE })}
        rowKey={(note) => note.id}
        empty={t('console-credit-notes-none')}
        columns={[
          { header: t('console-credit-note'), cell: (n) => <Link href={`/credit-notes/${seg(n.number)}`}>{n.number}</Link> },
          { header: t('console-invoice'), cell: (n) => <Link href={`/invoices/${seg(n.invoiceNumber)}`}>{n.invoiceNumber}</Link> },
          { header: t('console-contract-client'), cell: (n) => <Link href={`/clients/${seg(n.clientId)}`}>{n.clientId}</Link> },
          { header: t('console-invoice-issue-date'), cell: (n) => date(n.issueDate) },
          { header: t('console-credit-reason'), cell: (n) => n.reason },
          { header: t('console-gross'), cell: (n) => money(n.total, n.currency), numeric: true },
        ]}
      />
    </section>
  );
}

function CreditNoteDetail({ params }: ScreenProps) {
  const i18n = useI18n();
  const { t, date, money } = i18n;
  const period = usePeriod();
  const path = `/credit-notes/${seg(params.ref!)}`;
  const entity = useEntity<CreditNote>(path);
  const note = entity.data;
  return (
    <section data-testid="credit-note-detail">
      <h1 tabIndex={-1}>{t('console-credit-note-title', { number: note?.number ?? params.ref! })}</h1>
      <ErrorBanner error={entity.error} />
      {note && (
        <>
          <div class="actions" role="group" aria-label={t('console-invoice-actions')}>
            <DownloadButton path={`${path}/document`} accept={DOCX} fileName={`${note.number}.docx`} label={t('console-invoice-download-document')} testId="credit-note-download-document" />
            <DownloadButton path={`${path}/ubl`} accept="application/xml" fileName={`${note.number}.xml`} label={t('console-invoice-download-ubl')} testId="credit-note-download-ubl" />
          </div>
          <Facts
            testId="credit-note-facts"
            items={[
              [t('console-credit-note'), note.number],
              [t('console-invoice'), <Link href={`/invoices/${seg(note.invoiceNumber)}`}>{note.invoiceNumber}</Link>],
              [t('console-contract-client'), <Link href={`/clients/${seg(note.clientId)}`}>{note.clientId}</Link>],
              [t('console-contract-legal-entity'), note.legalEntityId],
              [t('console-invoice-issue-date'), date(note.issueDate)],
              [t('console-credit-reason'), note.reason],
              [t('console-net'), money(note.totalNet, note.currency)],
              [t('console-vat'), money(note.totalVat, note.currency)],
              [t('console-gross'), money(note.total, note.currency)],
            ]}
          />
          <h2>{t('console-invoice-lines')}</h2>
          <DataTable
            testId="credit-note-lines"
            caption={t('console-credit-note-lines-caption')}
            rows={note.lines.map((line, i) => [line, i] as [InvoiceLine, number])}
            rowKey={([, i]) => String(i)}
            columns={lineColumns(i18n, note.currency, note.lines, period, true)}
          />
          <h2>{t('console-vat-groups')}</h2>
          <VatTable groups={note.vat} currency={note.currency} testId="credit-note-vat" />
          <History path={`${path}/history`} entity="credit-note" testId="credit-note-history" />
        </>
      )}
    </section>
  );
}

export const invoiceScreens: Screen[] = [
  { path: '/invoices', component: InvoiceList, nav: { label: 'console-nav-invoices', testId: 'nav-invoices', order: 81 } },
  { path: '/invoices/:ref', component: InvoiceDetail },
  { path: '/invoices/:ref/credit', component: CreditNoteCreate },
  { path: '/credit-notes', component: CreditNoteList, nav: { label: 'console-nav-credit-notes', testId: 'nav-credit-notes', order: 82 } },
  { path: '/credit-notes/:ref', component: CreditNoteDetail },
];
