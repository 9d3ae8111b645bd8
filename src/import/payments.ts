/**
 * `billstream import payments FILE` (FORMATS.md payments.csv: `payment_id, date, client_id,
 * invoice_number, amount, currency, reference`, the invoice number and reference optional) and
 * `POST /payments/import`. Streamed; each row is
 * checked and reported with line, column and reason, good rows are recorded. A payment recorded
 * before with the same details is unchanged (re-importing a file changes nothing); with other
 * details it is refused (a payment id names one payment). A number that names no issued invoice
 * is kept as given and the payment as unallocated credit. The errors listed are bounded
 * (LISTED_ERRORS, the first by line), the count of rejected rows is not.
 */
import type { CommandContext } from '../app/command-handler.ts';
import { BillstreamError, type FieldIssue } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import type { AppDeps } from '../app/deps.ts';
import { moneyDates, paymentCommand, recordPaymentBatch, type KnownLedger } from '../app/receivables/payments.ts';
import { ReceivablesLookups } from '../app/receivables/lookups.ts';
import type { LedgerCommand, PaymentInput } from '../domain/receivables/decider.ts';
import { CsvHeaderError, type CsvColumns, type CsvItem } from './csv.ts';
import { addErrors, emptySummary, listErrors, withTurns, type ImportOptions, type ImportSummary, type RowError } from './summary.ts';

/** `invoice_number` and `reference` may be left out of the header (docs/receivables.md: not required): absent reads as empty. */
export const PAYMENT_COLUMNS: CsvColumns = { required: ['payment_id', 'date', 'client_id', 'amount', 'currency'], optional: ['invoice_number', 'reference'] };

/** The file's columns by the payment's field names (errors name the column of the field). */
const COLUMN_OF: Record<string, string> = {
  paymentId: 'payment_id', date: 'date', clientId: 'client_id', invoiceNumber: 'invoice_number', amount: 'amount', currency: 'currency', reference: 'reference',
};

const CHUNK = 1000;


type RecordPayment = Extract<LedgerCommand, { type: 'RecordPayment' }>;

export async function importPayments(
  deps: AppDeps,
  source: () => AsyncIterable<CsvItem>,
  context: Omit<CommandContext, 'commandId'>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  // Matching reads the invoices and payments read models: they must show everything recorded so far.
  await deps.catchUp();
  const run = async (write: boolean): Promise<ImportSummary> => {
    const summary = emptySummary();
    // A payment's date lies within the horizon from the operator's today when the import starts.
    const dates = moneyDates(deps);
    const lookups = new ReceivablesLookups(deps.readStore);
    // The ledgers this import wrote, as it left them: the next chunk decides on them without reading them again.
    const ledgers = new Map<string, KnownLedger>();
    const seen = new Map<string, number>();
    let chunk: { line: number; rowErrors: (issues: FieldIssue[]) => RowError[]; payment: PaymentInput }[] = [];
    const reject = (errors: RowError[]) => {
      summary.rejected += 1;
      addErrors(summary, errors);
    };
    const flush = async () => {
      const rows = chunk;
      chunk = [];
      if (!rows.length) return;
      // A chunk's known payments, invoices and clients are read at once, then each row is matched as before.
      await lookups.prefetch(rows.map((r) => r.payment));
      const planned: { rowErrors: (issues: FieldIssue[]) => RowError[]; command: RecordPayment }[] = [];
      for (const row of rows) {
        try {
          planned.push({ rowErrors: row.rowErrors, command: await paymentCommand(lookups, row.payment, dates) });
        } catch (error) {
          if (!(error instanceof BillstreamError)) throw error;
          reject(row.rowErrors(issuesOf(error)));
        }
      }
      if (!planned.length || !write) return;
      const outcomes = await recordPaymentBatch(deps, planned.map((p) => ({ command: p.command, commandId: uuidv7(deps.clock) })), context, ledgers);
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome === true) summary.created += 1;
        else if (outcome === false) summary.unchanged += 1;
        else reject(planned[i]!.rowErrors(issuesOf(outcome)));
      }
    };
    let rows = 0;
    try {
      for await (const item of withTurns(source())) {
        if (item.kind === 'error') {
          reject([item.error]);
          continue;
        }
        const { row } = item;
        const v = (column: string) => {
          const value = row.values[column];
          return value === undefined || value === null || value === '' ? null : value;
        };
        const rowErrors = (issues: FieldIssue[]) => issues.map((issue) => ({ line: row.line, column: row.columnOf(COLUMN_OF[issue.field] ?? issue.field), reason: `${COLUMN_OF[issue.field] ?? issue.field}: ${issue.message}` }));
        const payment: PaymentInput = {
          paymentId: v('payment_id') ?? '', date: v('date') ?? '', clientId: v('client_id') ?? '', amount: v('amount') ?? '', currency: (v('currency') ?? '').toUpperCase(),
          reference: v('reference'), invoiceNumber: v('invoice_number'),
        };
        if (payment.paymentId) {
          const first = seen.get(payment.paymentId);
          if (first !== undefined) {
            reject(rowErrors([{ field: 'paymentId', message: `payment ${payment.paymentId} appears twice in this file (first at line ${first})` }]));
            continue;
          }
          seen.set(payment.paymentId, row.line);
        }
        chunk.push({ line: row.line, rowErrors, payment });
        if (chunk.length >= CHUNK) await flush();
        if (++rows % 1000 === 0) options.onProgress?.(rows, 0);
      }
      await flush();
    } catch (error) {
      if (!(error instanceof CsvHeaderError)) throw error;
      reject(error.errors);
    }
    listErrors(summary);
    return summary;
  };
  if (options.allOrNothing) {
    const check = await run(false);
    if (check.rejected > 0) return check;
  }
  return run(true);
}

function issuesOf(error: Error): FieldIssue[] {
  if (error instanceof BillstreamError && error.issues.length) return error.issues;
  return [{ field: 'paymentId', message: error.message }];
}
