/** `billstream receivables aging`, `payments`, `payment allocate|refund` and `write-off`: thin callers of src/app/receivables. */
import { operatorToday } from '../src/core/clock.ts';
import { uuidv7 } from '../src/core/ids.ts';
import { cliContext, type Billstream } from '../src/main.ts';
import { findAll, type Filter } from '../src/readstore/port.ts';
import { allocatePayment, refundPayment, writeOffInvoice } from '../src/app/receivables/payments.ts';
import { agingReport, invoicePaymentOf, paymentView } from '../src/app/receivables/views.ts';
import { AGING_BUCKETS } from '../src/domain/receivables/receivable.ts';
import { PAYMENTS, type PaymentDocument } from '../projections/payments.projection.ts';
import { count, table } from './table.ts';

type UsageError = (message: string) => Error;

export async function receivablesCommand(billstream: Billstream, args: string[], options: { asOf?: string; json: boolean }, usageError: UsageError): Promise<number> {
  if (args[0] !== 'aging' || args.length > 1) throw usageError('receivables aging --as-of DATE [--json]');
  const asOf = options.asOf ?? operatorToday(billstream.clock);
  await billstream.catchUp();
  const report = await agingReport(billstream.readStore, asOf);
  if (options.json) {
    console.log(JSON.stringify(report));
    return 0;
  }
  const columns = [{ header: 'CLIENT' }, { header: 'CURRENCY' }, ...AGING_BUCKETS.map((b) => ({ header: b.toUpperCase(), right: true })), { header: 'TOTAL', right: true }];
  console.log(`receivables aging as of ${asOf} (days past the due date; unallocated credit is not in the buckets)`);
  const rows = [
    ...report.clients.map((r) => [r.clientId, r.currency, ...AGING_BUCKETS.map((b) => r[b]), r.total]),
    ...report.totals.map((r) => ['TOTAL', r.currency, ...AGING_BUCKETS.map((b) => r[b]), r.total]),
  ];
  for (const line of table(columns, rows)) console.log(line);
  return 0;
}

export async function paymentsCommand(billstream: Billstream, options: { client?: string; unallocated: boolean; json: boolean }): Promise<number> {
  await billstream.catchUp();
  const filter: Filter = {};
  if (options.client) filter.clientId = options.client;
  if (options.unallocated) filter.unallocated = true;
  const payments = await findAll<PaymentDocument>(billstream.readStore, PAYMENTS, filter, { sort: { field: 'date' } });
  if (options.json) {
    console.log(JSON.stringify(payments.map(paymentView)));
    return 0;
  }
  for (const line of table(
    [{ header: 'PAYMENT' }, { header: 'DATE' }, { header: 'CLIENT' }, { header: 'AMOUNT', right: true }, { header: 'CURRENCY' }, { header: 'INVOICE' }, { header: 'ALLOCATED TO' }, { header: 'UNALLOCATED', right: true }],
    payments.map((p) => [p.paymentId, p.date, p.clientId, p.amount, p.currency, p.invoiceNumber ?? '-', p.allocations.map((a) => a.invoiceNumber).join(' ') || '-', p.remaining]),
  )) console.log(line);
  console.log(count(payments.length, 'payment'));
  return 0;
}

/** `payment allocate PAYMENT [NUMBER[=AMOUNT] ...] [--date D]` and `payment refund PAYMENT [--amount A] [--date D] [--reference R]`. */
export async function paymentCommand(
  billstream: Billstream, args: string[], options: { amount?: string; date?: string; reference?: string; json: boolean }, usageError: UsageError,
): Promise<number> {
  const [action, paymentId, ...invoices] = args;
  if (!paymentId || (action !== 'allocate' && action !== 'refund') || (action === 'refund' && invoices.length > 0)) {
    throw usageError('payment allocate PAYMENT [NUMBER[=AMOUNT] ...] [--date DATE] | payment refund PAYMENT [--amount AMOUNT] [--date DATE] [--reference TEXT]');
  }
  await billstream.catchUp();
  const date = options.date ?? operatorToday(billstream.clock);
  const context = cliContext(uuidv7(billstream.clock));
  const payment = action === 'allocate'
    ? await allocatePayment(billstream, paymentId, {
      date, ...(invoices.length ? { invoices: invoices.map((spec) => {
        const [invoice, amount] = spec.split('=');
        return { invoice: invoice!, ...(amount !== undefined ? { amount } : {}) };
      }) } : {}),
    }, context)
    : await refundPayment(billstream, paymentId, { date, reference: options.reference ?? null, ...(options.amount !== undefined ? { amount: options.amount } : {}) }, context);
  if (options.json) console.log(JSON.stringify(paymentView(payment)));
  else {
    for (const a of payment.allocations) console.log(`  ${a.date}  ${a.amount} ${payment.currency} -> ${a.invoiceNumber} (${a.invoiceAmount} ${a.invoiceCurrency})`);
    for (const r of payment.refunds) console.log(`  ${r.date}  ${r.amount} ${payment.currency} refunded`);
    console.log(`payment ${payment.paymentId}: ${payment.remaining} ${payment.currency} unallocated`);
  }
  return 0;
}

/** `write-off INVOICE --reason TEXT [--amount AMOUNT] [--date DATE]`. */
export async function writeOffCommand(billstream: Billstream, args: string[], options: { amount?: string; reason?: string; date?: string; json: boolean }, usageError: UsageError): Promise<number> {
  const [invoice] = args;
  if (!invoice || args.length > 1) throw usageError('write-off INVOICE --reason TEXT [--amount AMOUNT] [--date DATE]');
  if (options.reason === undefined) throw usageError('write-off needs --reason TEXT (why it cannot be collected): write-off INVOICE --reason TEXT [--amount AMOUNT] [--date DATE]');
  await billstream.catchUp();
  const today = operatorToday(billstream.clock);
  const receivable = await writeOffInvoice(billstream, {
    invoice, reason: options.reason, date: options.date ?? today, ...(options.amount !== undefined ? { amount: options.amount } : {}),
  }, cliContext(uuidv7(billstream.clock)));
  const status = invoicePaymentOf(receivable, today)!;
  console.log(options.json ? JSON.stringify({ invoiceId: receivable.invoiceId, number: receivable.number, currency: receivable.currency, ...status })
    : `invoice ${receivable.number}: ${status.paymentStatus}, ${status.amountDue} ${receivable.currency} due`);
  return 0;
}
