/**
 * Receivables (docs/receivables.md): payments (the list, recording one with POST /payments, a
 * payment's allocations and refunds, allocating and refunding its unallocated credit), a client's
 * account (balance per currency with the open invoices, the statement of a period as a table, CSV
 * or .docx), and the aging report as of a date.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, seg, type Page, type Schemas } from '../api.ts';
import { ErrorBanner, Notice } from '../components/banners.tsx';
import { DataTable } from '../components/data-table.tsx';
import { DOCX, DownloadButton } from '../components/download.tsx';
import { Facts } from '../components/facts.tsx';
import { Form, orNull, useForm } from '../components/form.tsx';
import { History } from '../components/history.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { listQuery, QueryFilters } from '../components/search.tsx';
import { useEntity } from '../components/use-entity.ts';
import { useI18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import { useSession } from '../session.tsx';
import { ACCOUNTANTS, AMOUNT_PATTERN, PaymentStatusBadge, today } from './billing-common.tsx';
import { ID_PATTERN, PAGE_SIZE } from './crm-common.tsx';

type Payment = Schemas['Payment'];
type Balance = Schemas['ClientBalance'];
type Statement = Schemas['Statement'];
type Aging = Schemas['AgingReport'];
type AgingRow = Schemas['AgingRow'];

/** The aging buckets as the API names them, and as the texts name them (a Fluent variant key cannot be `1-30`). */
const BUCKETS = [
  ['current', 'current'],
  ['1-30', 'days30'],
  ['31-60', 'days60'],
  ['61-90', 'days90'],
  ['90+', 'older'],
] as const;

function PaymentList() {
  const { t, date, money } = useI18n();
  const session = useSession();
  const { query: params } = useLocation();
  const query = listQuery(params, ['clientId', 'unallocated']);
  return (
    <section data-testid="payments">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-nav-payments')}</h1>
        {session.can(...ACCOUNTANTS) && (
          <Link class="button" href={`/payments/new${params.get('clientId') ? `?clientId=${encodeURIComponent(params.get('clientId')!)}` : ''}`} data-testid="payment-create">
            {t('console-payment-record')}
          </Link>
        )}
      </div>
      <QueryFilters
        testId="payments-filter"
        filters={[
          { param: 'clientId', label: t('console-contract-client') },
          { param: 'unallocated', label: t('console-payment-unallocated-only'), type: 'select', options: [{ value: 'true', label: t('console-payment-unallocated-yes') }] },
        ]}
      />
      <PagedTable<Payment>
        key={query}
        testId="payments-table"
        caption={t('console-payments-caption')}
        load={(after) => api.get<Page<Payment>>(`/payments${query ? `?${query}` : ''}`, { after, limit: PAGE_SIZE })}
        rowKey={(p) => p.paymentId}
        empty={t('console-payments-none')}
        columns={[
          { header: t('console-payment-id'), cell: (p) => <Link href={`/payments/${seg(p.paymentId)}`}>{p.paymentId}</Link> },
          { header: t('console-payment-date'), cell: (p) => date(p.date) },
          { header: t('console-contract-client'), cell: (p) => <Link href={`/accounts?clientId=${encodeURIComponent(p.clientId)}`}>{p.clientId}</Link> },
          { header: t('console-amount'), cell: (p) => money(p.amount, p.currency), numeric: true },
          { header: t('console-payment-invoice-number'), cell: (p) => p.invoiceNumber ?? '' },
          { header: t('console-payment-reference'), cell: (p) => p.reference ?? '' },
          { header: t('console-payment-remaining'), cell: (p) => money(p.remaining, p.currency), numeric: true },
        ]}
      />
    </section>
  );
}

function PaymentCreate() {
  const { t } = useI18n();
  const { query } = useLocation();
  const form = useForm({
    paymentId: '',
    date: today(),
    clientId: query.get('clientId') ?? '',
    invoiceNumber: query.get('invoiceNumber') ?? '',
    amount: query.get('amount') ?? '',
    currency: query.get('currency') ?? '',
    reference: '',
  });
  return (
    <section data-testid="payment-create-screen">
      <h1 tabIndex={-1}>{t('console-payment-record')}</h1>
      <Form
        id="payment"
        form={form}
        fields={[
          { name: 'paymentId', label: t('console-payment-id'), required: true, maxLength: 64, pattern: ID_PATTERN, hint: t('console-payment-id-hint') },
          { name: 'date', label: t('console-payment-date'), type: 'date', required: true },
          { name: 'clientId', label: t('console-contract-client'), required: true, maxLength: 64 },
          { name: 'invoiceNumber', label: t('console-payment-invoice-number'), maxLength: 64, hint: t('console-payment-invoice-number-hint') },
          { name: 'amount', label: t('console-amount'), required: true, maxLength: 40, pattern: AMOUNT_PATTERN, hint: t('console-amount-hint') },
          { name: 'currency', label: t('console-currency'), required: true, maxLength: 3, pattern: '[A-Z]{3}', hint: t('console-currency-hint') },
          { name: 'reference', label: t('console-payment-reference'), maxLength: 200 },
        ]}
        submitLabel={t('console-payment-record-submit')}
        onCancel={() => history.back()}
        onSubmit={async (values) => {
          const { data } = await api.post<Payment>('/payments', {
            paymentId: values.paymentId!.trim(),
            date: values.date,
            clientId: values.clientId!.trim(),
            invoiceNumber: orNull(values.invoiceNumber),
            amount: values.amount!.trim(),
            currency: values.currency!.trim(),
            reference: orNull(values.reference),
          });
          navigate(`/payments/${seg(data.paymentId)}`);
        }}
      />
    </section>
  );
}

function Allocate({ payment, onDone }: { payment: Payment; onDone: (payment: Payment) => void }) {
  const { t } = useI18n();
  const form = useForm({ date: today(), invoice: '', amount: '' });
  return (
    <section aria-labelledby="allocate-heading" class="panel" data-testid="payment-allocate">
      <h2 id="allocate-heading">{t('console-payment-allocate-title')}</h2>
      <p>{t('console-payment-allocate-intro')}</p>
      <Form
        id="allocate"
        form={form}
        fields={[
          { name: 'date', label: t('console-payment-allocation-date'), type: 'date', required: true },
          { name: 'invoices.0.invoice', label: t('console-payment-allocate-invoice'), maxLength: 64, hint: t('console-payment-allocate-invoice-hint') },
          { name: 'invoices.0.amount', label: t('console-amount'), maxLength: 40, pattern: AMOUNT_PATTERN, hint: t('console-payment-allocate-amount-hint', { currency: payment.currency }) },
        ]}
        check={(values): Record<string, string[]> => (values['invoices.0.amount']?.trim() && !values['invoices.0.invoice']?.trim() ? { 'invoices.0.invoice': [t('console-payment-allocate-invoice-needed')] } : {})}
        submitLabel={t('console-payment-allocate-submit')}
        onSubmit={async (values) => {
          const invoice = values['invoices.0.invoice']?.trim();
          const amount = values['invoices.0.amount']?.trim();
          const { data } = await api.post<Payment>(`/payments/${seg(payment.paymentId)}/allocations`, {
            date: values.date,
            ...(invoice ? { invoices: [{ invoice, ...(amount ? { amount } : {}) }] } : {}),
          });
          form.reset({ date: values.date!, 'invoices.0.invoice': '', 'invoices.0.amount': '' });
          onDone(data);
        }}
      />
    </section>
  );
}

function Refund({ payment, onDone }: { payment: Payment; onDone: (payment: Payment) => void }) {
  const { t } = useI18n();
  const form = useForm({ date: today(), amount: '', reference: '' });
  return (
    <section aria-labelledby="refund-heading" class="panel" data-testid="payment-refund">
      <h2 id="refund-heading">{t('console-payment-refund-title')}</h2>
      <Form
        id="refund"
        form={form}
        fields={[
          { name: 'date', label: t('console-payment-refund-date'), type: 'date', required: true },
          { name: 'amount', label: t('console-amount'), maxLength: 40, pattern: AMOUNT_PATTERN, hint: t('console-payment-refund-amount-hint', { currency: payment.currency }) },
          { name: 'reference', label: t('console-payment-reference'), maxLength: 200 },
        ]}
        submitLabel={t('console-payment-refund-submit')}
        onSubmit={async (values) => {
          const { data } = await api.post<Payment>(`/payments/${seg(payment.paymentId)}/refunds`, {
            date: values.date,
            ...(values.amount?.trim() ? { amount: values.amount.trim() } : {}),
            reference: orNull(values.reference),
          });
          form.reset({ date: values.date!, amount: '', reference: '' });
          onDone(data);
        }}
      />
    </section>
  );
}

function PaymentDetail({ params }: ScreenProps) {
  const { t, date, money, number } = useI18n();
  const session = useSession();
  const path = `/payments/${seg(params.id!)}`;
  const entity = useEntity<Payment>(path);
  const [historyVersion, setHistoryVersion] = useState(0);
  const payment = entity.data;
  const changed = (next: Payment) => {
    entity.set(next, null);
    setHistoryVersion((v) => v + 1);
  };
  return (
    <section data-testid="payment-detail">
      <h1 tabIndex={-1}>{t('console-payment-title', { id: params.id! })}</h1>
      <ErrorBanner error={entity.error} />
      {payment && (
        <>
          <Facts
            testId="payment-facts"
            items={[
              [t('console-payment-date'), date(payment.date)],
              [t('console-contract-client'), <Link href={`/accounts?clientId=${encodeURIComponent(payment.clientId)}`}>{payment.clientId}</Link>],
              [t('console-contract-legal-entity'), payment.legalEntityId],
              [t('console-amount'), money(payment.amount, payment.currency)],
              [t('console-payment-invoice-number'), payment.invoiceNumber ? <Link href={`/invoices/${seg(payment.invoiceNumber)}`}>{payment.invoiceNumber}</Link> : null],
              [t('console-payment-reference'), payment.reference],
              [t('console-payment-rate'), payment.currency === payment.nationalCurrency ? null : t('console-payment-rate-value', { currency: payment.currency, rate: number(payment.rate), national: payment.nationalCurrency })],
              [t('console-payment-remaining'), <span data-testid="payment-remaining">{money(payment.remaining, payment.currency)}</span>],
            ]}
          />
          <h2>{t('console-payment-allocations')}</h2>
          <DataTable
            testId="payment-allocations"
            hideCaption
            caption={t('console-payment-allocations')}
            rows={payment.allocations}
            rowKey={(a) => a.allocationId}
            empty={t('console-payment-allocations-none')}
            columns={[
              { header: t('console-invoice'), cell: (a) => <Link href={`/invoices/${seg(a.invoiceNumber)}`}>{a.invoiceNumber}</Link> },
              { header: t('console-payment-allocation-date'), cell: (a) => date(a.date) },
              { header: t('console-amount'), cell: (a) => money(a.amount, payment.currency), numeric: true },
              { header: t('console-payment-invoice-amount'), cell: (a) => money(a.invoiceAmount, a.invoiceCurrency), numeric: true },
            ]}
          />
          <h2>{t('console-payment-refunds')}</h2>
          <DataTable
            testId="payment-refunds"
            hideCaption
            caption={t('console-payment-refunds')}
            rows={payment.refunds}
            rowKey={(r) => r.refundId}
            empty={t('console-payment-refunds-none')}
            columns={[
              { header: t('console-payment-refund-date'), cell: (r) => date(r.date) },
              { header: t('console-amount'), cell: (r) => money(r.amount, payment.currency), numeric: true },
              { header: t('console-payment-reference'), cell: (r) => r.reference ?? '' },
            ]}
          />
          {session.can(...ACCOUNTANTS) && Number(payment.remaining) > 0 && (
            <div class="panels">
              <Allocate payment={payment} onDone={changed} />
              <Refund payment={payment} onDone={changed} />
            </div>
          )}
          <History key={historyVersion} path={`${path}/history`} entity="payment" testId="payment-history" />
        </>
      )}
    </section>
  );
}

function StatementView({ clientId }: { clientId: string }) {
  const { t, date, money } = useI18n();
  const { query } = useLocation();
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const [statement, setStatement] = useState<Statement | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setStatement(null);
    setError(null);
    if (!from || !to) return;
    let current = true;
    api.get<Statement>(`/clients/${seg(clientId)}/statement`, { from, to }).then(
      ({ data }) => current && setStatement(data),
      (e: unknown) => current && setError(e),
    );
    return () => void (current = false);
  }, [clientId, from, to]);
  const file = `statement-${clientId}-${from}-${to}`;
  return (
    <section aria-labelledby="statement-heading" data-testid="client-statement">
      <h2 id="statement-heading">{t('console-statement-title')}</h2>
      <QueryFilters
        testId="statement-filter"
        label={t('console-statement-title')}
        filters={[
          { param: 'from', label: t('console-statement-from'), type: 'date' },
          { param: 'to', label: t('console-statement-to'), type: 'date' },
        ]}
      />
      {(!from || !to) && <p>{t('console-statement-choose')}</p>}
      <ErrorBanner error={error} />
      {statement && (
        <>
          <div class="actions" role="group" aria-label={t('console-statement-downloads')}>
            <DownloadButton path={`/clients/${seg(clientId)}/statement`} query={{ from, to }} accept="text/csv" fileName={`${file}.csv`} label={t('console-statement-download-csv')} testId="statement-download-csv" />
            <DownloadButton path={`/clients/${seg(clientId)}/statement`} query={{ from, to }} accept={DOCX} fileName={`${file}.docx`} label={t('console-statement-download-docx')} testId="statement-download-docx" />
          </div>
          <DataTable
            testId="statement-currencies"
            caption={t('console-statement-summary')}
            rows={statement.currencies}
            rowKey={(c) => c.currency}
            empty={t('console-statement-empty')}
            columns={[
              { header: t('console-currency'), cell: (c) => c.currency },
              { header: t('console-statement-opening'), cell: (c) => money(c.opening, c.currency), numeric: true },
              { header: t('console-statement-debits'), cell: (c) => money(c.debits, c.currency), numeric: true },
              { header: t('console-statement-credits'), cell: (c) => money(c.credits, c.currency), numeric: true },
              { header: t('console-statement-closing'), cell: (c) => money(c.closing, c.currency), numeric: true },
            ]}
          />
          <DataTable
            testId="statement-lines"
            caption={t('console-statement-lines')}
            rows={statement.lines}
            rowKey={(l, i) => `${i}`}
            empty={t('console-statement-empty')}
            columns={[
              { header: t('console-statement-date'), cell: (l) => date(l.date) },
              { header: t('console-statement-kind'), cell: (l) => t('console-statement-kind-value', { kind: l.kind }) },
              { header: t('console-statement-reference'), cell: (l) => l.reference },
              { header: t('console-line-description'), cell: (l) => l.description },
              { header: t('console-statement-debit'), cell: (l) => (Number(l.debit) ? money(l.debit, l.currency) : ''), numeric: true },
              { header: t('console-statement-credit'), cell: (l) => (Number(l.credit) ? money(l.credit, l.currency) : ''), numeric: true },
              { header: t('console-statement-balance'), cell: (l) => money(l.balance, l.currency), numeric: true },
            ]}
          />
        </>
      )}
    </section>
  );
}

function ClientAccount() {
  const { t, date, money } = useI18n();
  const session = useSession();
  const clientId = useLocation().query.get('clientId') ?? '';
  const balance = useEntity<Balance>(clientId ? `/clients/${seg(clientId)}/balance` : null);
  return (
    <section data-testid="client-account">
      <h1 tabIndex={-1}>{clientId ? t('console-account-title', { clientId }) : t('console-nav-accounts')}</h1>
      <QueryFilters testId="account-filter" label={t('console-nav-accounts')} filters={[{ param: 'clientId', label: t('console-contract-client') }]} />
      {!clientId && <p>{t('console-account-choose-client')}</p>}
      {clientId && (
        <>
          <div class="actions">
            <Link class="button secondary" href={`/clients/${seg(clientId)}`} data-testid="account-client">
              {t('console-account-client')}
            </Link>
            <Link class="button secondary" href={`/invoices?clientId=${encodeURIComponent(clientId)}`} data-testid="account-invoices">
              {t('console-nav-invoices')}
            </Link>
            <Link class="button secondary" href={`/payments?clientId=${encodeURIComponent(clientId)}`} data-testid="account-payments">
              {t('console-nav-payments')}
            </Link>
            {session.can(...ACCOUNTANTS) && (
              <Link class="button" href={`/payments/new?clientId=${encodeURIComponent(clientId)}`} data-testid="account-record-payment">
                {t('console-payment-record')}
              </Link>
            )}
          </div>
          <ErrorBanner error={balance.error} />
          {balance.data && (
            <section aria-labelledby="balance-heading" data-testid="client-balance">
              <h2 id="balance-heading">{t('console-balance-title', { date: date(balance.data.asOf) })}</h2>
              {balance.data.currencies.length === 0 && <p data-testid="client-balance-empty">{t('console-balance-none')}</p>}
              {balance.data.currencies.map((c) => (
                <div key={c.currency} data-testid="client-balance-currency" data-currency={c.currency}>
                  <Facts
                    items={[
                      [t('console-currency'), c.currency],
                      [t('console-balance-receivable'), money(c.receivable, c.currency)],
                      [t('console-balance-unallocated'), money(c.unallocatedCredit, c.currency)],
                      [t('console-balance-balance'), <strong>{money(c.balance, c.currency)}</strong>],
                    ]}
                  />
                  <DataTable
                    testId="client-open-items"
                    caption={t('console-balance-open-items', { currency: c.currency })}
                    rows={c.openItems}
                    rowKey={(item) => item.invoiceId}
                    empty={t('console-balance-no-open-items')}
                    columns={[
                      { header: t('console-invoice'), cell: (item) => <Link href={`/invoices/${seg(item.number)}`}>{item.number}</Link> },
                      { header: t('console-invoice-issue-date'), cell: (item) => date(item.issueDate) },
                      { header: t('console-invoice-due-date'), cell: (item) => date(item.dueDate) },
                      { header: t('console-gross'), cell: (item) => money(item.total, c.currency), numeric: true },
                      { header: t('console-amount-due'), cell: (item) => money(item.amountDue, c.currency), numeric: true },
                      { header: t('console-payment-status'), cell: (item) => <PaymentStatusBadge status={item.paymentStatus} /> },
                    ]}
                  />
                </div>
              ))}
            </section>
          )}
          <StatementView clientId={clientId} />
        </>
      )}
    </section>
  );
}

function AgingReport() {
  const { t, date, money } = useI18n();
  const asOf = useLocation().query.get('asOf') || today();
  const aging = useEntity<Aging>(`/receivables/aging?asOf=${encodeURIComponent(asOf)}`);
  const columns = (withClient: boolean) => [
    ...(withClient ? [{ header: t('console-contract-client'), cell: (row: AgingRow) => <Link href={`/accounts?clientId=${encodeURIComponent(row.clientId ?? '')}`}>{row.clientId}</Link> }] : []),
    { header: t('console-currency'), cell: (row: AgingRow) => row.currency },
    ...BUCKETS.map(([bucket, key]) => ({ header: t('console-aging-bucket', { bucket: key }), cell: (row: AgingRow) => money(row[bucket], row.currency), numeric: true })),
    { header: t('console-aging-total'), cell: (row: AgingRow) => <strong>{money(row.total, row.currency)}</strong>, numeric: true },
  ];
  return (
    <section data-testid="aging">
      <h1 tabIndex={-1}>{t('console-aging-title', { date: date(asOf) })}</h1>
      <QueryFilters testId="aging-filter" filters={[{ param: 'asOf', label: t('console-aging-as-of'), type: 'date' }]} />
      <p>{t('console-aging-intro')}</p>
      <ErrorBanner error={aging.error} />
      {aging.data && (
        <>
          <h2>{t('console-aging-totals')}</h2>
          <DataTable testId="aging-totals" caption={t('console-aging-totals-caption')} rows={aging.data.totals} rowKey={(row) => row.currency} empty={t('console-aging-none')} columns={columns(false)} />
          <h2>{t('console-aging-clients')}</h2>
          <DataTable testId="aging-clients" caption={t('console-aging-clients-caption')} rows={aging.data.clients} rowKey={(row) => `${row.clientId}/${row.currency}`} empty={t('console-aging-none')} columns={columns(true)} />
        </>
      )}
      {aging.data && aging.data.totals.length > 0 && <Notice testId="aging-unallocated-note">{t('console-aging-unallocated-note')}</Notice>}
    </section>
  );
}

export const paymentScreens: Screen[] = [
  { path: '/payments', component: PaymentList, nav: { label: 'console-nav-payments', testId: 'nav-payments', order: 83 } },
  { path: '/payments/new', component: PaymentCreate },
  { path: '/payments/:id', component: PaymentDetail },
  { path: '/accounts', component: ClientAccount, nav: { label: 'console-nav-accounts', testId: 'nav-accounts', order: 84 } },
  { path: '/receivables/aging', component: AgingReport, nav: { label: 'console-nav-aging', testId: 'nav-aging', order: 85 } },
];
