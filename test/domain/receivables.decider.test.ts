/** A client's ledger as specifications: payments, matching, allocation, refunds and write-offs, each rule and each refusal. */
import { describe, expect, it } from 'vitest';
import { ledgerDecider, type InvoiceFacts, type LedgerCommand, type PaymentInput } from '../../src/domain/receivables/decider.ts';
import type { ReceivablesEvent } from '../../src/domain/receivables/events.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';

const spec = DeciderSpecification.for(ledgerDecider);
/** The operator's today in these specifications: every date below is on or before it. */
const TODAY = '2027-01-31';
/** The horizon in these specifications: dates up to 2027-03-02 are taken. */
const DATES = { today: TODAY, horizonDays: 30 };
const BEYOND = '2027-03-03';

const invoice = (over: Partial<InvoiceFacts> = {}): InvoiceFacts => ({
  invoiceId: 'I-1', invoiceNumber: 'HU1-2026-000001', clientId: 'C-1', legalEntityId: 'HU1', currency: 'HUF', total: '12700.00', credited: '0',
  issueDate: '2026-11-02', dueDate: '2026-11-17', nationalCurrency: 'HUF', invoiceRate: '1', ...over,
});
const eurInvoice = invoice({ invoiceId: 'I-2', invoiceNumber: 'HU1-2026-000002', currency: 'EUR', total: '100.00', invoiceRate: '400' });

const input = (over: Partial<PaymentInput> = {}): PaymentInput => ({
  paymentId: 'PAY-1', clientId: 'C-1', date: '2026-11-10', amount: '12700.00', currency: 'HUF', reference: 'bank 1', invoiceNumber: 'HU1-2026-000001', ...over,
});
const record = (over: Partial<PaymentInput> = {}, match: InvoiceFacts | null = invoice(), extra: Partial<Extract<LedgerCommand, { type: 'RecordPayment' }>> = {}): LedgerCommand => ({
  type: 'RecordPayment', payment: input(over), dates: DATES, legalEntityId: 'HU1', nationalCurrency: 'HUF', rate: '1', match, conversion: null, ...extra,
});
const received = (over: Partial<PaymentInput> = {}, rate = '1'): ReceivablesEvent => {
  const p = input(over);
  return { type: 'PaymentReceived', data: { ...p, legalEntityId: 'HU1', nationalCurrency: 'HUF', rate } };
};
const allocated = (amount: string, over: Record<string, string> = {}): ReceivablesEvent => ({
  type: 'PaymentAllocated',
  data: {
    allocationId: 'PAY-1:I-1', paymentId: 'PAY-1', clientId: 'C-1', legalEntityId: 'HU1', invoiceId: 'I-1', invoiceNumber: 'HU1-2026-000001', date: '2026-11-10',
    amount, currency: 'HUF', invoiceAmount: amount, invoiceCurrency: 'HUF', nationalCurrency: 'HUF', paymentRate: '1', invoiceRate: '1', ...over,
  },
});

describe('recording a payment', () => {
  it('settles the invoice it names exactly, in part, or leaves the over-payment as credit', () => {
    spec.given([]).when(record()).then([received(), allocated('12700.00')]);
    spec.given([]).when(record({ amount: '5000.00' })).then([received({ amount: '5000.00' }), allocated('5000.00')]);
    spec.given([]).when(record({ amount: '20000.00' })).then([received({ amount: '20000.00' }), allocated('12700.00')]);
    // Credit notes and earlier payments reduce what is open.
    spec.given([]).when(record({ amount: '20000.00' }, invoice({ credited: '2700.00' }))).then([received({ amount: '20000.00' }), allocated('10000.00')]);
  });

  it('a payment dated before the invoice it names was issued (a prepayment) settles it on the issue date, not before the receivable exists', () => {
    spec.given([]).when(record({ date: '2026-10-25' })).then([received({ date: '2026-10-25' }), allocated('12700.00', { date: '2026-11-02' })]);
  });

  it('keeps a payment without a number or with an unknown one as unallocated credit', () => {
    spec.given([]).when(record({ invoiceNumber: null }, null)).then([received({ invoiceNumber: null })]);
    spec.given([]).when(record({ invoiceNumber: 'NOPE-1' }, null)).then([received({ invoiceNumber: 'NOPE-1' })]);
  });

  it('is exists-ok when identical and a conflict when different', () => {
    spec.given([received(), allocated('12700.00')]).when(record()).thenNothingHappens();
    spec.given([received(), allocated('12700.00')]).when(record({ amount: '12700' })).thenNothingHappens();
    spec.given([received()]).when(record({ amount: '100.00' })).thenThrows(ConflictError);
    spec.given([received()]).when(record({ date: '2026-11-11' })).thenThrows(ConflictError);
  });

  it('refuses zero, negative, malformed and oversized amounts, bad dates and currencies', () => {
    for (const amount of ['0', '0.00', '-5.00', 'abc', '1.001', '1234567890123456']) spec.given([]).when(record({ amount })).thenThrows(ValidationError);
    for (const date of ['2026-02-30', '10/11/2026', '']) spec.given([]).when(record({ date })).thenThrows(ValidationError);
    spec.given([]).when(record({ currency: 'XYZ' })).thenThrows(ValidationError);
    spec.given([]).when(record({ reference: 'x'.repeat(201) })).thenThrows(ValidationError);
    spec.given([]).when(record({ paymentId: 'has space' })).thenThrows(ValidationError, (e) => expect(e.issues[0]!.field).toBe('paymentId'));
  });

  it('refuses a date before 2000 or beyond the horizon, naming the date; takes today and the horizon\'s last day', () => {
    for (const date of ['0000-01-01', '1999-12-31', BEYOND, '2099-12-31']) {
      spec.given([]).when(record({ date })).thenThrows(ValidationError, (e) => {
        expect(e.issues).toEqual([{ field: 'date', message: expect.stringContaining(date) }]);
      });
    }
    spec.given([]).when(record({ date: BEYOND })).thenThrows(ValidationError, (e) => expect(e.issues[0]!.message).toBe('2027-03-03 is more than 30 days after today (2027-01-31): the latest date taken is 2027-03-02 (BILLSTREAM_BILL_RUN_HORIZON_DAYS sets the horizon)'));
    // A transfer entered ahead of its value date is taken, up to the horizon's last day.
    spec.given([]).when(record({ date: '2027-03-02' }, null)).then([received({ date: '2027-03-02' })]);
    spec.given([]).when(record({ date: '1999-12-31' })).thenThrows(ValidationError, (e) => expect(e.issues[0]!.message).toBe('1999-12-31 is before 2000-01-01, the earliest date billstream takes for money'));
    spec.given([]).when(record({ date: TODAY })).then([received({ date: TODAY }), allocated('12700.00', { date: TODAY })]);
    spec.given([]).when(record({ date: '2000-01-01' }, null)).then([received({ date: '2000-01-01' })]);
  });

  it('converts a payment in another currency at the payment date\'s rate; refuses one with no rate', () => {
    // 40,000 HUF at 0.0025 EUR/HUF = 100.00 EUR: the EUR invoice is paid in full.
    const eur = { invoiceNumber: 'HU1-2026-000002', amount: '40000.00' };
    spec.given([]).when(record(eur, eurInvoice, { conversion: { to: 'EUR', rate: '0.0025' } })).then([
      received(eur),
      allocated('40000.00', { allocationId: 'PAY-1:I-2', invoiceId: 'I-2', invoiceNumber: 'HU1-2026-000002', invoiceAmount: '100.00', invoiceCurrency: 'EUR', invoiceRate: '400' }),
    ]);
    // 50,000 HUF: 125 EUR offered, 100 open: 40,000 HUF settle it, 10,000 HUF stay credit.
    spec.given([]).when(record({ ...eur, amount: '50000.00' }, eurInvoice, { conversion: { to: 'EUR', rate: '0.0025' } })).then([
      received({ ...eur, amount: '50000.00' }),
      allocated('40000.00', { allocationId: 'PAY-1:I-2', invoiceId: 'I-2', invoiceNumber: 'HU1-2026-000002', invoiceAmount: '100.00', invoiceCurrency: 'EUR', invoiceRate: '400' }),
    ]);
    spec.given([]).when(record({ ...eur, currency: 'USD', amount: '10.00' }, eurInvoice)).thenThrows(ValidationError, (e) => {
      expect(e.issues[0]!.field).toBe('currency');
      expect(e.message).toMatch(/no USD\/EUR rate on or before 2026-11-10/);
    });
  });

  it('refuses an invoice of another client', () => {
    spec.given([]).when(record({}, invoice({ clientId: 'C-2' }))).thenThrows(ValidationError, (e) => expect(e.issues[0]!.field).toBe('invoiceNumber'));
  });
});

describe('allocating credit', () => {
  const credit = received({ paymentId: 'PAY-1', amount: '15000.00', invoiceNumber: null });
  const older = invoice({ invoiceId: 'I-0', invoiceNumber: 'HU1-2026-000000', total: '8000.00', dueDate: '2026-10-17' });
  const allocate = (targets: { invoice: InvoiceFacts; amount?: string }[], named = false): Extract<LedgerCommand, { type: 'AllocatePayment' }> => ({
    type: 'AllocatePayment', paymentId: 'PAY-1', date: '2026-11-20', dates: DATES, targets, conversions: [], named, allocationIds: targets.map((_, i) => `A-${i}`),
  });
  const alloc = (id: string, inv: InvoiceFacts, amount: string) => allocated(amount, { allocationId: id, invoiceId: inv.invoiceId, invoiceNumber: inv.invoiceNumber, date: '2026-11-20' });

  it('settles the invoices in the order given until the credit runs out', () => {
    spec.given([credit]).when(allocate([{ invoice: older }, { invoice: invoice() }])).then([alloc('A-0', older, '8000.00'), alloc('A-1', invoice(), '7000.00')]);
  });

  it('allocates a named amount, never more than is open or than is left', () => {
    spec.given([credit]).when(allocate([{ invoice: invoice(), amount: '100.00' }], true)).then([alloc('A-0', invoice(), '100.00')]);
    spec.given([credit]).when(allocate([{ invoice: older, amount: '9000.00' }], true)).thenThrows(ValidationError, (e) => expect(e.message).toMatch(/more than is open/));
    spec.given([credit]).when(allocate([{ invoice: invoice(), amount: '15000.01' }], true)).thenThrows(ValidationError, (e) => expect(e.message).toMatch(/more than payment PAY-1 has left/));
  });

  it('counts what was allocated before', () => {
    const earlier = allocated('12000.00', { allocationId: 'X', paymentId: 'PAY-0' });
    spec.given([received({ paymentId: 'PAY-0', amount: '12000.00' }), earlier, credit]).when(allocate([{ invoice: invoice() }])).then([alloc('A-0', invoice(), '700.00')]);
    spec.given([received({ paymentId: 'PAY-0', amount: '12700.00' }), allocated('12700.00', { paymentId: 'PAY-0' }), credit]).when(allocate([{ invoice: invoice() }], true)).thenThrows(ValidationError);
  });

  it('refuses a payment without credit left, an unknown payment and a date before the payment', () => {
    spec.given([received(), allocated('12700.00')]).when({ ...allocate([{ invoice: older }]), paymentId: 'PAY-1' }).thenThrows(ConflictError);
    spec.given([]).when(allocate([{ invoice: older }])).thenThrows(NotFoundError);
    spec.given([credit]).when({ ...allocate([{ invoice: older }]), date: '2026-11-01' }).thenThrows(ValidationError);
  });

  it('never allocates to an invoice before its issue date: refused when named, passed over when choosing', () => {
    const later = invoice({ invoiceId: 'I-5', invoiceNumber: 'HU1-2026-000005', issueDate: '2026-11-25', dueDate: '2026-12-10' });
    spec.given([credit]).when(allocate([{ invoice: later }], true))
      .thenThrows(ValidationError, (e) => expect(e.issues).toEqual([{ field: 'invoices/0', message: "2026-11-20 is before invoice HU1-2026-000005's issue date 2026-11-25" }]));
    spec.given([credit]).when(allocate([{ invoice: later }, { invoice: older }])).then([alloc('A-1', older, '8000.00')]);
  });

  it('refuses an allocation dated beyond the horizon', () => {
    spec.given([credit]).when({ ...allocate([{ invoice: older }]), date: BEYOND }).thenThrows(ValidationError, (e) => expect(e.issues[0]!.field).toBe('date'));
    spec.given([credit]).when({ ...allocate([{ invoice: older }]), date: TODAY }).then([allocated('8000.00', { allocationId: 'A-0', invoiceId: older.invoiceId, invoiceNumber: older.invoiceNumber, date: TODAY })]);
  });

  it('skips what it cannot convert when choosing, refuses it when named', () => {
    spec.given([credit]).when(allocate([{ invoice: eurInvoice }, { invoice: invoice() }])).then([alloc('A-1', invoice(), '12700.00')]);
    spec.given([credit]).when(allocate([{ invoice: eurInvoice }], true)).thenThrows(ValidationError);
  });

  it('refuses a named invoice of another legal entity even when the invoices before it use up the credit', () => {
    const otherEntity = invoice({ invoiceId: 'I-9', invoiceNumber: 'DE1-2026-000001', legalEntityId: 'DE1' });
    const large = invoice({ invoiceId: 'I-3', invoiceNumber: 'HU1-2026-000003', total: '20000.00' });
    spec.given([credit]).when(allocate([{ invoice: large }, { invoice: otherEntity }], true))
      .thenThrows(ValidationError, (e) => expect(e.issues).toEqual([{ field: 'invoices/1', message: 'invoice DE1-2026-000001 was issued by DE1; payment PAY-1 was received by HU1' }]));
    // Choosing oldest first, it is passed over.
    spec.given([credit]).when(allocate([{ invoice: large }, { invoice: otherEntity }])).then([alloc('A-0', large, '15000.00')]);
  });
});

describe('refunds', () => {
  const refund = (amount?: string): LedgerCommand => ({ type: 'RefundPayment', paymentId: 'PAY-1', refundId: 'R-1', date: '2026-11-20', dates: DATES, ...(amount ? { amount } : {}), reference: null });
  const refunded = (amount: string): ReceivablesEvent => ({
    type: 'PaymentRefunded',
    data: { refundId: 'R-1', paymentId: 'PAY-1', clientId: 'C-1', legalEntityId: 'HU1', date: '2026-11-20', amount, currency: 'HUF', reference: null, nationalCurrency: 'HUF', rate: '1' },
  });
  const over = [received({ amount: '20000.00' }), allocated('12700.00')];

  it('pays back unallocated credit, all of it by default, never more than is left', () => {
    spec.given(over).when(refund()).then([refunded('7300.00')]);
    spec.given(over).when(refund('300.00')).then([refunded('300.00')]);
    spec.given(over).when(refund('7300.01')).thenThrows(ValidationError);
    spec.given([...over, refunded('7300.00')]).when(refund('1.00')).thenThrows(ConflictError);
    spec.given(over).when(refund('-1.00')).thenThrows(ValidationError);
  });

  it('refuses a refund dated beyond the horizon or before 2000', () => {
    for (const date of [BEYOND, '1999-12-31']) spec.given(over).when({ ...(refund() as object), date } as LedgerCommand).thenThrows(ValidationError, (e) => expect(e.issues[0]!.field).toBe('date'));
  });
});

describe('write-offs', () => {
  const writeOff = (amount?: string, reason = 'insolvent'): LedgerCommand => ({ type: 'WriteOffInvoice', writeOffId: 'W-1', invoice: invoice(), date: '2026-12-31', dates: DATES, ...(amount ? { amount } : {}), reason });
  const writtenOff = (amount: string): ReceivablesEvent => ({
    type: 'InvoiceWrittenOff',
    data: { writeOffId: 'W-1', clientId: 'C-1', legalEntityId: 'HU1', invoiceId: 'I-1', invoiceNumber: 'HU1-2026-000001', date: '2026-12-31', amount, currency: 'HUF', reason: 'insolvent', nationalCurrency: 'HUF', invoiceRate: '1' },
  });

  it('writes off what is open, or part of it, with a reason', () => {
    spec.given([received({ amount: '5000.00' }), allocated('5000.00')]).when(writeOff()).then([writtenOff('7700.00')]);
    spec.given([]).when(writeOff('100.00')).then([writtenOff('100.00')]);
    spec.given([]).when(writeOff('12700.01')).thenThrows(ValidationError);
    spec.given([]).when(writeOff(undefined, ' ')).thenThrows(ValidationError);
    spec.given([received(), allocated('12700.00')]).when(writeOff()).thenThrows(ConflictError);
  });

  it('refuses a write-off dated beyond the horizon', () => {
    spec.given([]).when({ ...(writeOff() as object), date: BEYOND } as LedgerCommand).thenThrows(ValidationError, (e) => expect(e.issues[0]!.field).toBe('date'));
  });

  it('leaves nothing for a payment to settle after it', () => {
    spec.given([writtenOff('12700.00')]).when(record()).then([received()]);
  });
});

describe('a credit note on a paid invoice gives the client its money back as credit', () => {
  const release = (creditNoteId: string, amount: string, over: Record<string, string> = {}): ReceivablesEvent => {
    const event = allocated(`-${amount}`, { allocationId: `release:${creditNoteId}:PAY-1:I-1`, date: '2026-11-20', ...over });
    return { ...event, data: { ...event.data, releases: 'PAY-1:I-1' } } as ReceivablesEvent;
  };
  const releaseCommand = (credited: string, creditNoteId = 'CN-1'): LedgerCommand => ({ type: 'ReleaseOverCredit', invoice: invoice({ credited }), creditNoteId, date: '2026-11-20' });

  it('releases what the credit leaves overpaid from the allocation: all of a fully paid invoice credited in full, part of a partly paid one', () => {
    spec.given([received(), allocated('12700.00')]).when(releaseCommand('12700.00')).then([release('CN-1', '12700.00')]);
    // 10000 paid of 12700, then credited in full: the 10000 paid is the client's again.
    spec.given([received({ amount: '10000.00' }), allocated('10000.00')]).when(releaseCommand('12700.00')).then([release('CN-1', '10000.00')]);
    // Paid in full, credited 2700: 2700 overpaid.
    spec.given([received(), allocated('12700.00')]).when(releaseCommand('2700.00')).then([release('CN-1', '2700.00')]);
  });

  it('releases nothing while the credit leaves something open, nothing twice', () => {
    spec.given([received({ amount: '5000.00' }), allocated('5000.00')]).when(releaseCommand('2700.00')).thenNothingHappens();
    spec.given([received(), allocated('12700.00'), release('CN-1', '12700.00')]).when(releaseCommand('12700.00', 'CN-1')).thenNothingHappens();
  });

  const writtenOff = (amount: string, writeOffId = 'W-1', extra: object = {}): ReceivablesEvent => ({ type: 'InvoiceWrittenOff', data: { writeOffId, clientId: 'C-1', legalEntityId: 'HU1', invoiceId: 'I-1', invoiceNumber: 'HU1-2026-000001', date: '2026-11-15', amount, currency: 'HUF', reason: 'gone', nationalCurrency: 'HUF', invoiceRate: '1', ...extra } });
  const reduced = (amount: string, creditNoteId = 'CN-1') => writtenOff(amount, `credit:${creditNoteId}`, { date: '2026-11-20', reason: 'reduced by a credit note', creditNoteId });

  it('a credit note on a written-off invoice reduces the write-off by what it leaves over-settled, never gives it to the client', () => {
    // 12700 written off, credited in full: the whole write-off is taken back; no payment has anything to get.
    spec.given([writtenOff('12700.00')]).when(releaseCommand('12700.00')).then([reduced('-12700.00')]);
    // 10000 written off (2700 still open), credited 5000: 2300 over, taken off the write-off.
    spec.given([writtenOff('10000.00')]).when(releaseCommand('5000.00')).then([reduced('-2300.00')]);
    // Taken back once: a second look finds nothing over.
    spec.given([writtenOff('12700.00'), reduced('-12700.00')]).when(releaseCommand('12700.00')).thenNothingHappens();
  });

  it('reduces the write-off before it gives back what the client paid', () => {
    // 2700 paid, 10000 written off; credited 5000: the client still owes 7700 and paid 2700 of it, so 5000 comes off the write-off.
    spec.given([received({ amount: '2700.00' }), allocated('2700.00'), writtenOff('10000.00')]).when(releaseCommand('5000.00')).then([reduced('-5000.00')]);
    // Credited in full: the write-off goes entirely, then the 2700 paid is the client's again.
    spec.given([received({ amount: '2700.00' }), allocated('2700.00'), writtenOff('10000.00')]).when(releaseCommand('12700.00')).then([reduced('-10000.00'), release('CN-1', '2700.00')]);
  });

  it('the released credit can be refunded', () => {
    spec.given([received(), allocated('12700.00'), release('CN-1', '12700.00')])
      .when({ type: 'RefundPayment', paymentId: 'PAY-1', refundId: 'R-1', date: '2026-11-21', dates: DATES, reference: null })
      .then([{ type: 'PaymentRefunded', data: { refundId: 'R-1', paymentId: 'PAY-1', clientId: 'C-1', legalEntityId: 'HU1', date: '2026-11-21', amount: '12700.00', currency: 'HUF', reference: null, nationalCurrency: 'HUF', rate: '1' } }]);
  });
});
