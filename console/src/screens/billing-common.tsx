/**
 * What the billing screens (bill runs, invoices and credit notes, payments and receivables, the
 * dashboard) share: who may change what (test/e2e/route-roles.ts), states written as words (never
 * as a colour alone), periods, and the field paths the API names in its errors.
 */
import type { Schemas } from '../api.ts';
import { flagText } from '../flags.ts';
import { useI18n } from '../i18n.tsx';

/** Starting, approving and voiding runs, and crediting invoices, are the billing desk's. */
export const BILLERS = ['billing'] as const;
/** Payments, their allocations and refunds are recorded by accountants. */
export const ACCOUNTANTS = ['accountant'] as const;

export const RUN_STATUSES: Schemas['BillRunStatus'][] = ['started', 'drafted', 'approved', 'completed', 'failed', 'voided', 'superseded'];
/** A run in these states is working (drafting, issuing): its screen polls until it is done. */
export const RUN_WORKING: Schemas['BillRunStatus'][] = ['started', 'approved'];
export const INVOICE_STATUSES: Schemas['InvoiceStatus'][] = ['draft', 'issued', 'voided'];
export const PAYMENT_STATUSES: Schemas['PaymentStatus'][] = ['open', 'partly-paid', 'paid', 'overdue'];

/** How often a working run is read again. */
export const POLL_MS = 1000;

/** Today in the browser, as the date inputs want it. */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** A decimal amount, as the API's payment and credit fields take it. */
export const AMOUNT_PATTERN = '\\d{1,15}(\\.\\d{1,6})?';

/** A state as a word in a bordered badge; the class only adds colour to what the word says. */
export function Badge({ kind, value, label }: { kind: string; value: string; label: string }) {
  return (
    <span class={`badge badge-${kind}-${value}`} data-testid={`${kind}-status`} data-status={value}>
      {label}
    </span>
  );
}

export function RunStatus({ status }: { status: Schemas['BillRunStatus'] }) {
  const { t } = useI18n();
  return <Badge kind="run" value={status} label={t('console-run-status-value', { status })} />;
}

export function PaymentStatusBadge({ status }: { status: Schemas['PaymentStatus'] | null | undefined }) {
  const { t } = useI18n();
  if (!status) return null;
  return <Badge kind="payment" value={status} label={t('console-payment-status-value', { status })} />;
}

export function InvoiceStatusBadge({ status }: { status: Schemas['InvoiceStatus'] }) {
  const { t } = useI18n();
  return <Badge kind="invoice" value={status} label={t('console-invoice-status-value', { status })} />;
}

/** Why an invoice is held: the reasons of its flags, each in the console's language (flags.ts). */
export function FlagReasons({ flags, testId }: { flags: Schemas['InvoiceFlag'][]; testId?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <ul class="reasons">
      {flags.map((flag, i) => (
        <li key={`${flag.code}-${i}`} data-testid={testId} data-code={flag.code}>
          <strong>{t('console-flag-code', { code: flag.code })}</strong>
          {flag.blocking && <span class="badge badge-blocking">{t('console-flag-blocking')}</span>}: {flagText(flag, i18n)}
        </li>
      ))}
    </ul>
  );
}

/** A billing period: its end is exclusive in the API, shown as the last day it covers. */
export function usePeriod(): (period: Schemas['Period'] | null | undefined) => string {
  const { t, date } = useI18n();
  return (period) => {
    if (!period) return '';
    const end = new Date(`${period.end}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() - 1);
    return t('console-period', { start: date(period.start), end: date(end.toISOString().slice(0, 10)) });
  };
}

/**
 * A list field of a request as the API names it in its errors: the validator writes
 * `lines.0.amount`, the domain `lines[0].amount`. Answers [list, index, field] or null.
 */
export function listField(field: string): [string, number, string] | null {
  const match = /^(\w+)(?:\[(\d+)\]|\.(\d+))\.(\w+)$/.exec(field);
  return match ? [match[1]!, Number(match[2] ?? match[3]), match[4]!] : null;
}
