/**
 * A negative invoice (RULES.md 8: a subscription's end recorded after its advance period was
 * invoiced credits the unused days on the next invoice, here more than the invoice charges) is a
 * credit the client is owed: the balance, the statement, the aging and the books all count it,
 * a payment is never allocated to it, and a credit note of it takes that credit back (a debit).
 * Real store, real bill runs, amounts computed by hand.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { creditInvoice } from '../../src/app/credit-note/credit.ts';
import { allocatePayment, recordPayment, paymentDocument } from '../../src/app/receivables/payments.ts';
import { agingReport, clientBalance, clientStatement } from '../../src/app/receivables/views.ts';
import { trialBalance } from '../../src/app/accounting/journal.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, importCrmText, importSmallBilling, LINE_RENTAL_TARIFF, lineRentalCrm, SUBSCRIPTIONS_HEADER } from '../support/small-billing.ts';

const TARIFF = LINE_RENTAL_TARIFF;
const CRM = lineRentalCrm(1);

describe('a negative invoice in receivables', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-02T06:00:00Z');
  const dir = temporaryDataDir('billstream-negative-invoice-');
  const file = fileWriter(dir);
  const context = (commandId: string) => ({ commandId, actor: 'test' });
  let first = '';
  let negative = '';
  const balance = async () => (await clientBalance(billstream.readStore, 'C-1', '2026-12-20')).currencies[0]!;
  const statement = () => clientStatement(billstream.readStore, 'C-1', '2026-01-01', '2026-12-31');
  const receivablesAccount = async () => (await trialBalance(billstream, { entity: 'DE1' })).accounts.find((a) => a.account === '1200')?.closing;

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'line.yaml': TARIFF }, CRM);
    // 1 November: October 10.00 and November in advance 10.00, VAT 19 %: 23.80.
    await approvedBillRun(billstream, '2026-11-01', '2026-11-02', { commandId: 'november' });
    // Then the subscription's end is recorded: active up to 16 November (exclusive), so 15 of
    // November's 30 days were paid and not used: 10.00 * 15 / 30 = 5.00, VAT 0.95: -5.95.
    await importCrmText(billstream, file, 'subscriptions', `${SUBSCRIPTIONS_HEADER}S-1,SP-1,T-LINE,2026-10-01,2026-11-16,1\n`);
    clock.advance({ hours: 30 * 24 });
    await approvedBillRun(billstream, '2026-12-01', '2026-12-02', { commandId: 'december', includeHeld: true });
    const invoices = (await findInvoices(billstream.readStore, { status: 'issued' })).sort((a, b) => a.number!.localeCompare(b.number!));
    expect(invoices.map((i) => i.total)).toEqual(['23.80', '-5.95']);
    [first, negative] = invoices.map((i) => i.number!) as [string, string];
  }, 60_000);
  afterAll(async () => {
    await billstream.close();
  });

  it('counts the credit in the balance, the statement, the aging and the books alike: 23.80 - 5.95 = 17.85', async () => {
    const before = await balance();
    expect(before).toMatchObject({ receivable: '17.85', unallocatedCredit: '0.00', balance: '17.85' });
    expect(before.openItems.map((i) => [i.number, i.amountDue, i.paymentStatus])).toEqual([[first, '23.80', 'overdue'], [negative, '-5.95', 'open']]);
    expect((await statement()).currencies).toEqual([{ currency: 'EUR', opening: '0.00', debits: '23.80', credits: '5.95', closing: '17.85' }]);
    // Due 16 November, 34 days late; the credit owed to the client is not late: it nets in the current bucket.
    const aging = await agingReport(billstream.readStore, '2026-12-20');
    expect(aging.totals).toEqual([{ currency: 'EUR', current: '-5.95', '1-30': '0.00', '31-60': '23.80', '61-90': '0.00', '90+': '0.00', total: '17.85' }]);
    expect(await receivablesAccount()).toBe('17.85');
  });

  it('never allocates a payment to the negative invoice, and a credit note of it takes the credit back as a debit', async () => {
    // 17.85 without an invoice number, then allocated to what is open, oldest due first: the 23.80 invoice only.
    // On 10 December: a payment is dated today at the latest.
    clock.advance({ hours: 8 * 24 });
    await recordPayment(billstream, { paymentId: 'P-1', clientId: 'C-1', date: '2026-12-10', amount: '17.85', currency: 'EUR', reference: null, invoiceNumber: null }, context('pay-1'));
    await billstream.catchUp();
    await allocatePayment(billstream, 'P-1', { date: '2026-12-10' }, context('allocate-1'));
    await billstream.catchUp();
    expect((await paymentDocument(billstream.readStore, 'P-1')).allocations.map((a) => [a.invoiceNumber, a.amount])).toEqual([[first, '17.85']]);
    expect(await balance()).toMatchObject({ receivable: '0.00', unallocatedCredit: '0.00', balance: '0.00' });

    const note = await creditInvoice(billstream, { invoice: negative, reason: 'the end date was wrong', issueDate: '2026-12-15' }, context('credit-negative'));
    await billstream.catchUp();
    expect(note.total).toBe('5.95');
    // 23.80 - 5.95 + 5.95 - 17.85 = 5.95, owed on the first invoice again.
    expect(await balance()).toMatchObject({ receivable: '5.95', unallocatedCredit: '0.00', balance: '5.95' });
    const after = await statement();
    expect(after.currencies).toEqual([{ currency: 'EUR', opening: '0.00', debits: '29.75', credits: '23.80', closing: '5.95' }]);
    // The credit note's line names the credit note itself; its description, the invoice it corrects.
    expect(after.lines.find((l) => l.kind === 'credit-note')).toMatchObject({ reference: note.number, description: `credit note on ${negative}`, debit: '5.95', credit: '0.00' });
    expect(await receivablesAccount()).toBe('5.95');
  });
});
