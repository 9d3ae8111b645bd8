/**
 * A credit note on an invoice that was already paid (issue 14, "nothing lost"): the money the
 * client paid for what was credited is the client's again, as unallocated credit of the payment:
 * the balance shows it, it can be refunded, and the books agree (trade receivables back to zero,
 * the credit on the customer-credit account until it is paid back). Real store, real saga.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { findInvoices, withPaymentStatus } from '../../src/app/invoice/view.ts';
import { creditInvoice } from '../../src/app/credit-note/credit.ts';
import { recordPayment, refundPayment, paymentDocument, writeOffInvoice } from '../../src/app/receivables/payments.ts';
import { clientBalance, clientStatement } from '../../src/app/receivables/views.ts';
import { trialBalance } from '../../src/app/accounting/journal.ts';
import { subledgerFindings } from '../../src/app/accounting/check.ts';
import { ledgerStream } from '../../src/domain/receivables/events.ts';
import { RECEIVABLES, type ReceivableDocument } from '../../projections/receivables.projection.ts';
import { CheckpointedConsumer } from '../../src/processing/checkpointed-consumer.ts';
import { creditReleaseSaga } from '../../sagas/credit-release.saga.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, importSmallBilling, LINE_RENTAL_TARIFF, lineRentalCrm } from '../support/small-billing.ts';

const TARIFF = LINE_RENTAL_TARIFF;
const CRM = lineRentalCrm(2);

describe('a credit note on a paid invoice', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-02T06:00:00Z');
  const dir = temporaryDataDir('billstream-credit-paid-');
  const file = fileWriter(dir);
  const context = (commandId: string) => ({ commandId, actor: 'test' });
  let paid = '';
  let partlyPaid = '';
  const balance = async () => (await clientBalance(billstream.readStore, 'C-1', '2026-11-30')).currencies[0]!;
  const account = async (number: string) => (await trialBalance(billstream, { entity: 'DE1' })).accounts.find((a) => a.account === number);

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'line.yaml': TARIFF }, CRM);
    await approvedBillRun(billstream, '2026-11-01', '2026-11-02', { commandId: 'first' });
    // Each invoice: October 10.00 and November in advance 10.00, VAT 19 %: 23.80.
    const invoices = (await findInvoices(billstream.readStore, { status: 'issued' })).sort((a, b) => a.contractId.localeCompare(b.contractId));
    expect(invoices.map((i) => i.total)).toEqual(['23.80', '23.80']);
    [paid, partlyPaid] = invoices.map((i) => i.number!) as [string, string];
    // To 21 November: the payments (10 November) and the refund (21 November) are dated today at the latest.
    clock.advance({ hours: 19 * 24 });
    await recordPayment(billstream, { paymentId: 'P-1', clientId: 'C-1', date: '2026-11-10', amount: '23.80', currency: 'EUR', reference: null, invoiceNumber: paid }, context('pay-1'));
    await recordPayment(billstream, { paymentId: 'P-2', clientId: 'C-1', date: '2026-11-10', amount: '20.00', currency: 'EUR', reference: null, invoiceNumber: partlyPaid }, context('pay-2'));
    await billstream.catchUp();
  }, 60_000);
  afterAll(async () => {
    await billstream.close();
  });

  it('gives back as unallocated credit what the client paid for what was credited, fully or in part', async () => {
    expect(await balance()).toMatchObject({ receivable: '3.80', unallocatedCredit: '0.00', balance: '3.80' });
    // A credit note is not dated before the invoice it corrects.
    await expect(creditInvoice(billstream, { invoice: paid, reason: 'cancelled', issueDate: '2026-11-01' }, context('credit-early')))
      .rejects.toThrow(`issue date 2026-11-01 is before 2026-11-02, the issue date of invoice ${paid} it credits`);
    await creditInvoice(billstream, { invoice: paid, reason: 'cancelled', issueDate: '2026-11-20' }, context('credit-1'));
    // 20.00 paid of 23.80, then credited in full: the 20.00 is the client's again.
    await creditInvoice(billstream, { invoice: partlyPaid, reason: 'cancelled', issueDate: '2026-11-20' }, context('credit-2'));
    await billstream.catchUp();
    // Numbers follow issue dates: DE1-2026-000004, the second credit note, is dated 2026-11-20.
    await expect(creditInvoice(billstream, { invoice: paid, reason: 'again', issueDate: '2026-11-19' }, context('credit-backdated')))
      .rejects.toThrow('issue date 2026-11-19 is before 2026-11-20, the issue date of DE1-2026-000004: numbers of a series follow issue dates');
    const p1 = await paymentDocument(billstream.readStore, 'P-1');
    expect(p1.remaining).toBe('23.80');
    // The allocation is kept; the release beside it names it.
    expect(p1.allocations.map((a) => [a.amount, a.releases ?? null])).toEqual([['23.80', null], ['-23.80', p1.allocations[0]!.allocationId]]);
    expect(((await paymentDocument(billstream.readStore, 'P-2'))).remaining).toBe('20.00');
    for (const number of [paid, partlyPaid]) {
      const [receivable] = (await billstream.readStore.find(RECEIVABLES, { number }, { limit: 1 })).items as ReceivableDocument[];
      expect(receivable!.open).toBe(false);
    }
    // Nothing is owed; billstream owes the client 43.80.
    expect(await balance()).toMatchObject({ receivable: '0.00', unallocatedCredit: '43.80', balance: '-43.80' });
    // The books agree: trade receivables back at zero, the money on customer credit.
    expect((await account('1200'))?.closing).toBe('0.00');
    expect((await account('2500'))?.closing).toBe('-43.80');
  });

  it('lets the released credit be refunded, and a replay of the saga releases nothing twice', async () => {
    await refundPayment(billstream, 'P-1', { date: '2026-11-21', reference: 'paid back' }, context('refund-1'));
    expect((await paymentDocument(billstream.readStore, 'P-1')).remaining).toBe('0.00');
    const replay = new CheckpointedConsumer(billstream, creditReleaseSaga(billstream), { owner: 'test' });
    await replay.rebuild();
    await replay.waitFor();
    await billstream.catchUp();
    expect((await paymentDocument(billstream.readStore, 'P-1')).remaining).toBe('0.00');
    expect(await balance()).toMatchObject({ receivable: '0.00', unallocatedCredit: '20.00', balance: '-20.00' });
  });
});

/**
 * A credit note on a written-off invoice: the write-off shrinks first (what was credited was never
 * owed, so it was no bad debt either); only what the client paid beyond what it still owes goes
 * back to it. The journal's receivable of each invoice equals what the receivables views show.
 */
describe('a credit note on a written-off invoice', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-02T06:00:00Z');
  const dir = temporaryDataDir('billstream-credit-written-off-');
  const file = fileWriter(dir);
  const context = (commandId: string) => ({ commandId, actor: 'test' });
  let partlyPaid = '';
  let writtenOff = '';
  const account = async (number: string) => (await trialBalance(billstream, { entity: 'DE1' })).accounts.find((a) => a.account === number)?.closing;
  const invoice = async (number: string) => (await withPaymentStatus(billstream.readStore, await findInvoices(billstream.readStore, { number }), '2026-11-21'))[0]!;

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'line.yaml': TARIFF }, CRM);
    await approvedBillRun(billstream, '2026-11-01', '2026-11-02', { commandId: 'first' });
    const invoices = (await findInvoices(billstream.readStore, { status: 'issued' })).sort((a, b) => a.contractId.localeCompare(b.contractId));
    [partlyPaid, writtenOff] = invoices.map((i) => i.number!) as [string, string];
    clock.advance({ hours: 19 * 24 });
    // 23.80 each: 3.80 paid and 20.00 written off on the first, all 23.80 written off on the second.
    await recordPayment(billstream, { paymentId: 'P-1', clientId: 'C-1', date: '2026-11-10', amount: '3.80', currency: 'EUR', reference: null, invoiceNumber: partlyPaid }, context('pay-1'));
    await writeOffInvoice(billstream, { invoice: partlyPaid, date: '2026-11-15', reason: 'insolvent' }, context('write-off-1'));
    await writeOffInvoice(billstream, { invoice: writtenOff, date: '2026-11-15', reason: 'insolvent' }, context('write-off-2'));
    await billstream.catchUp();
    expect([await account('1200'), await account('6800')]).toEqual(['0.00', '43.80']);
  }, 60_000);
  afterAll(async () => {
    await billstream.close();
  });

  it('takes a partial credit off the write-off, not the client\'s payment; the books agree with the invoice', async () => {
    // 5.00 net of line 0 (5.95 with VAT) credited on the wholly written-off invoice: the client owed 17.85, all of it written off.
    await creditInvoice(billstream, { invoice: writtenOff, lines: [{ line: 0, amount: '5.00' }], reason: 'price corrected', issueDate: '2026-11-20' }, context('credit-1'));
    await billstream.catchUp();
    expect(await invoice(writtenOff)).toMatchObject({ amountDue: '0.00', paymentStatus: 'paid' });
    expect([await account('1200'), await account('6800')]).toEqual(['0.00', '37.85']);
  });

  it('credited in full, the write-off goes entirely and what the client paid is its credit again', async () => {
    await creditInvoice(billstream, { invoice: partlyPaid, reason: 'cancelled', issueDate: '2026-11-20' }, context('credit-2'));
    await billstream.catchUp();
    expect(await invoice(partlyPaid)).toMatchObject({ amountDue: '0.00' });
    expect((await paymentDocument(billstream.readStore, 'P-1')).remaining).toBe('3.80');
    // 6800: 17.85 left of the second invoice's write-off, nothing of the first's; 2500: the 3.80 the client holds.
    expect([await account('1200'), await account('6800'), await account('2500')]).toEqual(['0.00', '17.85', '-3.80']);
    const statement = await clientStatement(billstream.readStore, 'C-1', '2026-11-01', '2026-11-30');
    expect(statement.lines.filter((l) => l.kind === 'write-off').map((l) => [l.reference, l.description, l.debit, l.credit])).toEqual([
      [partlyPaid, `written off on ${partlyPaid}`, '0.00', '20.00'],
      [writtenOff, `written off on ${writtenOff}`, '0.00', '23.80'],
      [partlyPaid, `write-off on ${partlyPaid} reduced by a credit note`, '20.00', '0.00'],
      [writtenOff, `write-off on ${writtenOff} reduced by a credit note`, '5.95', '0.00'],
    ]);
    expect(statement.currencies[0]).toMatchObject({ closing: '-3.80' });
    expect(await subledgerFindings(billstream.readStore)).toEqual([]);
  });

  it('verify finds a receivable the journal keeps open that the receivables views do not show (a ledger written before this fix)', async () => {
    // As an earlier version left it: a credit note over a write-off, nothing taken back; the views show 0.00 due.
    const invoiceRow = (await withPaymentStatus(billstream.readStore, await findInvoices(billstream.readStore, { number: writtenOff }), '2026-11-21'))[0]!;
    await billstream.eventStore.append(ledgerStream('C-1'), [{
      id: 'old-write-off', type: 'InvoiceWrittenOff',
      data: { writeOffId: 'W-OLD', clientId: 'C-1', legalEntityId: 'DE1', invoiceId: invoiceRow.id, invoiceNumber: writtenOff, date: '2026-11-21', amount: '5.00', currency: 'EUR', reason: 'old', nationalCurrency: 'EUR', invoiceRate: '1' },
      metadata: { correlationId: 'old', causationId: null, tenantId: null, actor: 'test', recordedAt: '2026-11-21T00:00:00Z', schemaVersion: 1 },
    }], 'any');
    await billstream.catchUp();
    expect((await invoice(writtenOff)).amountDue).toBe('0.00');
    expect(await subledgerFindings(billstream.readStore)).toEqual([{
      kind: 'receivable-differs', legalEntityId: 'DE1', message: `invoice ${writtenOff}: the journal keeps -5.00 EUR open on its receivable, the receivables views 0.00`,
    }]);
  });
});
