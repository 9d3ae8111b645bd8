import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { accountFor, chartIssues, chartOfAccountsDecider, DEFAULT_ACCOUNTS, vatRole } from '../../src/domain/accounting/chart.ts';
import { entryTotals, isBalanced } from '../../src/domain/accounting/journal.ts';
import { postAllocation, postBilled, postPayment, postRefund, postWriteOff, type Billed } from '../../src/domain/accounting/posting.ts';
import { journalCursor, parseJournalCursor } from '../../src/domain/accounting/cursor.ts';
import { JOURNAL, JOURNAL_CSV, journalOf, journalProjection, JOURNAL_STATE } from '../../projections/journal.projection.ts';
import { journalCsvRowsOf } from '../../src/domain/accounting/journal.ts';
import type { Document, UnitOfWork } from '../../src/readstore/port.ts';
import type { PaymentAllocatedData, PaymentReceivedData } from '../../src/domain/receivables/events.ts';

const HU = 'HU1';
const eurInvoice: Billed = {
  legalEntityId: HU, date: '2026-04-01', ref: 'HU-2026-000001', currency: 'EUR', nationalCurrency: 'HUF', rate: '390.123',
  nets: [{ serviceCategory: 'voip', net: '10.01' }, { serviceCategory: 'internet', net: '20.02' }, { serviceCategory: 'voip', net: '0.03' }],
  vat: [{ category: 'S', rate: '27', taxable: '30.06', amount: '8.12', national: { currency: 'HUF', amount: '3167.80' } }],
  total: '38.18',
};

const lines = (entry: { lines: { account: string; debit: string; credit: string }[] }) => entry.lines.map((l) => [l.account, l.debit, l.credit]);

describe('posting rules', () => {
  it('invoice: receivable at total × rate, revenue per service category, VAT as the invoice states it in HUF; the largest revenue line takes the rounding', () => {
    const { entry } = postBilled('invoice', eurInvoice, {});
    // 38.18 × 390.123 = 14894.896... -> 14894.90; voip 10.04 × r = 3916.83; internet 20.02 × r = 7810.26; VAT 3167.80 -> 14894.89: internet +0.01.
    expect(lines(entry)).toEqual([
      ['1200', '14894.90', '0.00'],
      ['4000-voip', '0.00', '3916.83'],
      ['4000-internet', '0.00', '7810.27'],
      ['2400-S-27', '0.00', '3167.80'],
    ]);
    expect(entry.lines[0]).toMatchObject({ currency: 'EUR', amount: '38.18', rate: '390.123' });
    expect(isBalanced(entry)).toBe(true);
  });

  it('reverse charge: no VAT line, the taxable amount to the memo account and its contra', () => {
    const { entry } = postBilled('invoice', { ...eurInvoice, rate: '400', nets: [{ serviceCategory: 'voip', net: '100.00' }], vat: [{ category: 'AE', rate: '0', taxable: '100.00', amount: '0.00' }], total: '100.00' }, {});
    expect(lines(entry)).toEqual([['1200', '40000.00', '0.00'], ['4000-voip', '0.00', '40000.00'], ['9100', '40000.00', '0.00'], ['9199', '0.00', '40000.00']]);
  });

  it('credit note: the invoice mirrored (negative amounts credit the receivable and debit revenue and VAT)', () => {
    const note: Billed = { ...eurInvoice, ref: 'HU-CN-1', rate: '400', nets: [{ serviceCategory: 'voip', net: '-10.00' }], vat: [{ category: 'S', rate: '27', taxable: '-10.00', amount: '-2.70', national: { currency: 'HUF', amount: '-1080.00' } }], total: '-12.70' };
    const { entry } = postBilled('credit-note', note, {});
    expect(lines(entry)).toEqual([['1200', '0.00', '5080.00'], ['4000-voip', '4000.00', '0.00'], ['2400-S-27', '1080.00', '0.00']]);
  });

  const payment: PaymentReceivedData = { paymentId: 'P-1', clientId: 'C-1', legalEntityId: HU, date: '2026-05-02', amount: '100.00', currency: 'EUR', reference: null, invoiceNumber: 'HU-2026-000001', nationalCurrency: 'HUF', rate: '410' };
  const allocation: PaymentAllocatedData = {
    allocationId: 'A-1', paymentId: 'P-1', clientId: 'C-1', legalEntityId: HU, invoiceId: 'I-1', invoiceNumber: 'HU-2026-000001', date: '2026-05-02',
    amount: '100.00', currency: 'EUR', invoiceAmount: '100.00', invoiceCurrency: 'EUR', nationalCurrency: 'HUF', paymentRate: '410', invoiceRate: '400',
  };

  it.each([
    ['payment', () => postPayment(payment, {}).entry, [['1100', '41000.00', '0.00'], ['2500', '0.00', '41000.00']]],
    ['allocation at a higher rate: exchange gain', () => postAllocation(allocation, {}).entry, [['2500', '41000.00', '0.00'], ['1200', '0.00', '40000.00'], ['4900', '0.00', '1000.00']]],
    ['allocation at a lower rate: exchange loss', () => postAllocation({ ...allocation, paymentRate: '395.5' }, {}).entry, [['2500', '39550.00', '0.00'], ['1200', '0.00', '40000.00'], ['6900', '450.00', '0.00']]],
    ['allocation, same rate: no difference', () => postAllocation({ ...allocation, paymentRate: '400' }, {}).entry, [['2500', '40000.00', '0.00'], ['1200', '0.00', '40000.00']]],
    ['refund', () => postRefund({ refundId: 'R-1', paymentId: 'P-1', clientId: 'C-1', legalEntityId: HU, date: '2026-05-03', amount: '5.00', currency: 'EUR', reference: null, nationalCurrency: 'HUF', rate: '410' }, {}).entry, [['2500', '2050.00', '0.00'], ['1100', '0.00', '2050.00']]],
    ['write-off', () => postWriteOff({ writeOffId: 'W-1', clientId: 'C-1', legalEntityId: HU, invoiceId: 'I-1', invoiceNumber: 'HU-2026-000001', date: '2026-09-01', amount: '3.33', currency: 'EUR', reason: 'gone', nationalCurrency: 'HUF', invoiceRate: '400' }, {}).entry, [['6800', '1332.00', '0.00'], ['1200', '0.00', '1332.00']]],
  ])('%s', (_name, post, expected) => {
    const entry = post();
    expect(lines(entry)).toEqual(expected);
    expect(isBalanced(entry)).toBe(true);
  });

  it('clears exactly what is open: the last allocation of an invoice takes its remaining national amount', () => {
    const open = { currency: 'EUR', rate: '400.005', open: '0.01', openNational: '4.01' };
    const { entry } = postAllocation({ ...allocation, amount: '0.01', invoiceAmount: '0.01', paymentRate: '400.005', invoiceRate: '400.005' }, {}, undefined, open);
    expect(lines(entry)).toEqual([['2500', '4.00', '0.00'], ['1200', '0.00', '4.01'], ['6900', '0.01', '0.00']]);
  });

  it('books to the overridden accounts; a family member without its own is a sub-account of the family', () => {
    const chart = { receivables: { number: '311', name: 'Vevők' }, 'vat-payable': { number: '467', name: 'Fizetendő ÁFA' }, 'revenue:voip': { number: '911', name: 'VoIP árbevétel' } };
    const { entry } = postBilled('invoice', eurInvoice, chart);
    expect(entry.lines.map((l) => l.account)).toEqual(['311', '911', '4000-internet', '467-S-27']);
    expect(accountFor(chart, vatRole('S', '27.00'))).toEqual({ number: '467-S-27', name: 'Fizetendő ÁFA S 27 %' });
    expect(accountFor({}, 'bank')).toEqual(DEFAULT_ACCOUNTS.bank);
  });
});

describe('chart of accounts import', () => {
  it('refuses unknown roles, bad accounts and one number for two roles, naming each', () => {
    expect(chartIssues({ 'petty-cash': { number: '1', name: 'x' }, 'revenue:radio': { number: '2', name: 'x' }, 'vat-payable:S:abc': { number: '3', name: 'x' }, bank: { number: '', name: 'x' } }).map((i) => i.role))
      .toEqual(['petty-cash', 'revenue:radio', 'vat-payable:S:abc', 'bank']);
    expect(chartIssues({ bank: { number: '1200', name: 'Bank' } })).toEqual([{ role: 'receivables', message: "receivables: account 1200 is already bank's" }]);
    expect(() => chartOfAccountsDecider.decide({ type: 'ImportChartOfAccounts', legalEntityId: HU, accounts: { 'petty-cash': { number: '1', name: 'x' } } }, { accounts: null })).toThrow(/unknown role "petty-cash"/);
  });

  it('records an import once: the same chart again changes nothing', () => {
    const command = { type: 'ImportChartOfAccounts' as const, legalEntityId: HU, accounts: { bank: { number: '384', name: 'Bank' }, receivables: { number: '311', name: 'Vevők' } } };
    const [event] = chartOfAccountsDecider.decide(command, { accounts: null });
    expect(event!.data.accounts).toEqual({ bank: { number: '384', name: 'Bank' }, receivables: { number: '311', name: 'Vevők' } });
    expect(chartOfAccountsDecider.decide(command, chartOfAccountsDecider.evolve({ accounts: null }, event!))).toEqual([]);
  });
});

describe('journal cursor', () => {
  it('round-trips and refuses garbage and edits', () => {
    const cursor = journalCursor(123456, 0);
    expect(parseJournalCursor(cursor)).toMatchObject({ position: 123456, index: 0 });
    expect(parseJournalCursor('garbage')).toBeNull();
    expect(parseJournalCursor(Buffer.from('123457.0.' + Buffer.from(cursor, 'base64url').toString().split('.')[2]).toString('base64url'))).toBeNull();
    expect(parseJournalCursor(cursor + 'A')).toBeNull();
  });
});

// ---- property: debits = credits per entry and in total, over random sequences of invoices, credit notes and payments ----

let position = 0;
function recorded(streamId: string, type: string, data: unknown): RecordedEvent {
  position += 1;
  return { id: `e-${position}`, type, data, streamId, revision: 0, position, metadata: { correlationId: 'c', causationId: null, tenantId: null, actor: 't', recordedAt: '2026-01-01T00:00:00Z', schemaVersion: 1 } };
}

const CATEGORIES = ['voip', 'internet', 'catv'];
const money2 = fc.integer({ min: -50_000, max: 500_000 }).map((cents) => new Decimal(cents).dividedBy(100));
const rate = fc.integer({ min: 1, max: 5_000_000 }).map((n) => new Decimal(n).dividedBy(1000).toFixed());

const invoiceArb = fc.record({
  currency: fc.constantFrom('EUR', 'HUF'),
  rate,
  lines: fc.array(fc.record({ serviceCategory: fc.constantFrom(...CATEGORIES), net: money2, vat: fc.constantFrom('27', '5', '0') }), { minLength: 1, maxLength: 6 }),
  creditShare: fc.option(fc.integer({ min: 1, max: 100 })),
  payments: fc.array(fc.record({ share: fc.integer({ min: 1, max: 120 }), currency: fc.constantFrom('EUR', 'HUF'), rate, refund: fc.boolean() }), { maxLength: 3 }),
  writeOff: fc.boolean(),
});

function eventsOf(invoices: (typeof invoiceArb extends fc.Arbitrary<infer T> ? T : never)[]): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  invoices.forEach((inv, n) => {
    const id = `I-${n}`;
    const invRate = inv.currency === 'HUF' ? '1' : inv.rate;
    const groups = new Map<string, Decimal>();
    for (const l of inv.lines) groups.set(l.vat, (groups.get(l.vat) ?? new Decimal(0)).plus(l.net));
    const vat = [...groups].map(([r, taxable]) => {
      const amount = taxable.times(r).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      return { category: r === '0' ? 'AE' : 'S', rate: r, taxable: taxable.toFixed(2), amount: amount.toFixed(2), national: { currency: 'HUF', amount: amount.times(invRate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) } };
    });
    const total = inv.lines.reduce((s, l) => s.plus(l.net), new Decimal(0)).plus(vat.reduce((s, g) => s.plus(g.amount), new Decimal(0)));
    events.push(recorded(`invoice-${id}`, 'InvoiceDrafted', {
      invoiceId: id, legalEntityId: HU, seller: { currency: 'HUF' },
      invoice: { currency: inv.currency, lines: inv.lines.map((l) => ({ serviceCategory: l.serviceCategory, net: l.net.toFixed(2) })), vat, fxRates: inv.currency === 'HUF' ? [] : [{ base: inv.currency, quote: 'HUF', rate: invRate, date: '2026-01-31' }], total: total.toFixed(2) },
    }));
    const number = `HU-2026-${String(n + 1).padStart(6, '0')}`;
    events.push(recorded(`invoice-${id}`, 'InvoiceIssued', { invoiceId: id, number, issueDate: '2026-02-01' }));
    let open = total;
    if (inv.creditShare !== null) {
      const lines = inv.lines.map((l) => ({ serviceCategory: l.serviceCategory, net: l.net.times(-inv.creditShare!).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) }));
      const noteTotal = lines.reduce((s, l) => s.plus(l.net), new Decimal(0));
      open = open.plus(noteTotal);
      events.push(recorded(`creditNote-CN-${n}`, 'CreditNoteIssued', { invoiceId: id, number: `CN-${n}`, issueDate: '2026-02-10', legalEntityId: HU, currency: inv.currency, lines, vat: [], total: noteTotal.toFixed(2) }));
    }
    inv.payments.forEach((p, k) => {
      const paymentId = `P-${n}-${k}`;
      const invoiceAmount = open.times(p.share).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      const payRate = p.currency === 'HUF' ? '1' : p.rate;
      // The payment's amount in its currency: the invoice amount converted through HUF.
      const amount = p.currency === inv.currency ? invoiceAmount : invoiceAmount.times(invRate).dividedBy(payRate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      if (amount.lte(0) || invoiceAmount.lte(0)) return;
      const extra = new Decimal(1);
      events.push(recorded(`ledger-C-${n}`, 'PaymentReceived', { paymentId, clientId: `C-${n}`, legalEntityId: HU, date: '2026-03-01', amount: amount.plus(extra).toFixed(2), currency: p.currency, reference: null, invoiceNumber: number, nationalCurrency: 'HUF', rate: payRate }));
      events.push(recorded(`ledger-C-${n}`, 'PaymentAllocated', { allocationId: `A-${n}-${k}`, paymentId, clientId: `C-${n}`, legalEntityId: HU, invoiceId: id, invoiceNumber: number, date: '2026-03-01', amount: amount.toFixed(2), currency: p.currency, invoiceAmount: invoiceAmount.toFixed(2), invoiceCurrency: inv.currency, nationalCurrency: 'HUF', paymentRate: payRate, invoiceRate: invRate }));
      if (p.refund) events.push(recorded(`ledger-C-${n}`, 'PaymentRefunded', { refundId: `R-${n}-${k}`, paymentId, clientId: `C-${n}`, legalEntityId: HU, date: '2026-03-02', amount: extra.toFixed(2), currency: p.currency, reference: null, nationalCurrency: 'HUF', rate: payRate }));
      open = open.minus(invoiceAmount);
    });
    if (inv.writeOff && open.gt(0)) {
      events.push(recorded(`ledger-C-${n}`, 'InvoiceWrittenOff', { writeOffId: `W-${n}`, clientId: `C-${n}`, legalEntityId: HU, invoiceId: id, invoiceNumber: number, date: '2026-06-01', amount: open.toFixed(2), currency: inv.currency, reason: 'x', nationalCurrency: 'HUF', invoiceRate: invRate }));
    }
  });
  return events;
}

/** The projection's documents after the events, applied in units of work of `batches` events each (one event at a time when `batches` is 0). */
async function projected(events: RecordedEvent[], batch: number): Promise<Map<string, Map<string, Document>>> {
  const collections = new Map(journalProjection.collections.map((c) => [c.name, new Map<string, Document>()]));
  // As the read stores do: a document put is stored as its JSON.
  const uow: UnitOfWork = {
    get: async (collection, id) => structuredClone(collections.get(collection)!.get(id) ?? null),
    put: (collection, id, doc) => collections.get(collection)!.set(id, JSON.parse(JSON.stringify(doc)) as Document),
    delete: (collection, id) => collections.get(collection)!.delete(id),
    setCheckpoint: () => {},
  };
  if (batch === 0) for (const event of events) await journalProjection.apply(event, uow);
  else for (let at = 0; at < events.length; at += batch) await journalProjection.applyBatch!(events.slice(at, at + batch), uow);
  return collections;
}

describe('journal CSV rows', () => {
  // The rows as the export rendered them before they were stored: field by field, quoted when needed.
  const reference = (entry: Parameters<typeof journalCsvRowsOf>[0]) => entry.lines.map((line, i) => [entry.id, entry.date, entry.legalEntityId, entry.kind, entry.ref, i + 1, line.account, line.debit, line.credit, entry.currency, line.currency, line.amount, line.rate, entry.cursor]
    .map((v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v))).join(',') + '\r\n').join('');

  it('quotes what needs quoting, CRLF-terminated, one row per line', () => {
    const entry = { id: 'e-1', date: '2026-05-01', legalEntityId: 'HU1', kind: 'allocation' as const, ref: 'P,1 "x"/HU1-2026-000001', currency: 'HUF', cursor: journalCursor(7, 0),
      lines: [{ account: '2500', debit: '410.00', credit: '0.00', currency: 'EUR', amount: '1', rate: '410' }, { account: '311\r\n', debit: '0.00', credit: '410.00', currency: 'EUR', amount: '1', rate: '400' }] };
    expect(journalCsvRowsOf(entry)).toBe(reference(entry));
    expect(journalCsvRowsOf(entry).split('\r\n')[0]).toBe(`e-1,2026-05-01,HU1,allocation,"P,1 ""x""/HU1-2026-000001",1,2500,410.00,0.00,HUF,EUR,1,410,${journalCursor(7, 0)}`);
  });
});

describe('journal projection in batches', () => {
  it('stores the entries journalOf gives, their CSV rows beside them, and the same state as one event at a time, however the events are batched', async () => {
    await fc.assert(fc.asyncProperty(fc.array(invoiceArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 40 }), async (invoices, batch) => {
      const events = eventsOf(invoices);
      const journal = await journalOf(events);
      const one = await projected(events, 0);
      const batched = await projected(events, batch);
      const entries = [...batched.get(JOURNAL)!].sort(([a], [b]) => (a < b ? -1 : 1));
      expect(entries.map(([, doc]) => doc)).toEqual(journal);
      expect([...batched.get(JOURNAL_CSV)!].sort(([a], [b]) => (a < b ? -1 : 1))).toEqual(entries.map(([key, doc]) => [key, { legalEntityId: doc.legalEntityId, date: doc.date, csv: journalCsvRowsOf(doc as never) }]));
      for (const name of [JOURNAL, JOURNAL_CSV, JOURNAL_STATE]) expect(Object.fromEntries(batched.get(name)!)).toEqual(Object.fromEntries(one.get(name)!));
    }), { numRuns: 60 });
  });
});

describe('a reverse-charge invoice credited in parts', () => {
  it('leaves nothing on the memo pair: the note taking back the rest takes the rest of the memo, not its own rounding', async () => {
    // 34.94 EUR at 384.2 = 13,423.95 HUF of memo; credited as 0.02 (7.68) and 34.92 (its own rounding 13,416.26, the rest 13,416.27).
    const ae = (taxable: string) => [{ category: 'AE', rate: '0', taxable, amount: '0.00', national: { currency: 'HUF', amount: '0.00' } }];
    const note = (n: number, net: string) => recorded(`creditNote-CN-AE-${n}`, 'CreditNoteIssued', {
      invoiceId: 'I-AE', number: `CN-AE-${n}`, issueDate: '2026-02-10', legalEntityId: HU, currency: 'EUR', lines: [{ serviceCategory: 'internet', net }], vat: ae(net), total: net,
    });
    const journal = await journalOf([
      recorded('invoice-I-AE', 'InvoiceDrafted', {
        invoiceId: 'I-AE', legalEntityId: HU, seller: { currency: 'HUF' },
        invoice: { currency: 'EUR', lines: [{ serviceCategory: 'internet', net: '34.94' }], vat: ae('34.94'), fxRates: [{ base: 'EUR', quote: 'HUF', rate: '384.2', date: '2026-01-31' }], total: '34.94' },
      }),
      recorded('invoice-I-AE', 'InvoiceIssued', { invoiceId: 'I-AE', number: 'HU-2026-000777', issueDate: '2026-02-01' }),
      note(1, '-0.02'),
      note(2, '-34.92'),
    ]);
    const net = (account: string) => journal.flatMap((e) => e.lines).filter((l) => l.account === account).reduce((sum, l) => sum.plus(l.debit).minus(l.credit), new Decimal(0)).toFixed(2);
    expect([net('9100'), net('9199'), net('1200'), net('4000-internet')]).toEqual(['0.00', '0.00', '0.00', '0.00']);
    expect(journal.map((e) => e.lines.find((l) => l.account === '9100')).map((l) => [l!.debit, l!.credit])).toEqual([['13423.95', '0.00'], ['0.00', '7.68'], ['0.00', '13416.27']]);
  });
});

describe('journal invariants (property)', () => {
  it('every entry balances, the journal balances in total, amounts have the national minor unit, and a rebuild gives the same entries and ids', async () => {
    await fc.assert(fc.asyncProperty(fc.array(invoiceArb, { minLength: 1, maxLength: 8 }), async (invoices) => {
      const events = eventsOf(invoices);
      const journal = await journalOf(events);
      let debit = new Decimal(0);
      let credit = new Decimal(0);
      for (const entry of journal) {
        const totals = entryTotals(entry);
        expect(totals.debit.toFixed(2)).toBe(totals.credit.toFixed(2));
        for (const line of entry.lines) {
          expect(line.debit).toMatch(/^\d+\.\d{2}$/);
          expect(line.credit).toMatch(/^\d+\.\d{2}$/);
        }
        debit = debit.plus(totals.debit);
        credit = credit.plus(totals.credit);
      }
      expect(debit.equals(credit)).toBe(true);
      // Rebuilt from the same events: the same entries, ids and cursors.
      expect(await journalOf(events)).toEqual(journal);
      expect(new Set(journal.map((e) => e.id)).size).toBe(journal.length);
    }), { numRuns: 150 });
  });
});

describe('a release in another currency', () => {
  it('reverses exactly what its allocation booked, its exchange difference on the same account', async () => {
    // A EUR invoice of a HUF seller at 391.18: 215.09 EUR, receivable 84,138.91 HUF. Two EUR payments at the same rate
    // settle it; the second clears the 28,477.91 left with 72.80 × 391.18 = 28,477.90 and 0.01 to fx-loss. A full credit
    // note then gives both payments back (latest first).
    const invoiceId = 'I-FX';
    const number = 'HU-2026-000901';
    const ledger = (type: string, data: object) => recorded('ledger-C-FX', type, { clientId: 'C-FX', legalEntityId: HU, invoiceId, invoiceNumber: number, nationalCurrency: 'HUF', ...data });
    const allocation = (allocationId: string, paymentId: string, amount: string, releases?: string) => ledger('PaymentAllocated', {
      allocationId, paymentId, date: releases ? '2026-10-20' : '2026-10-10', amount, currency: 'EUR', invoiceAmount: amount, invoiceCurrency: 'EUR', paymentRate: '391.18', invoiceRate: '391.18', ...(releases ? { releases } : {}),
    });
    const events = [
      recorded(`invoice-${invoiceId}`, 'InvoiceDrafted', {
        invoiceId, legalEntityId: HU, seller: { currency: 'HUF' },
        invoice: { currency: 'EUR', lines: [{ serviceCategory: 'internet', net: '169.36' }], vat: [{ category: 'S', rate: '27', taxable: '169.36', amount: '45.73', national: { currency: 'HUF', amount: '17888.66' } }], fxRates: [{ base: 'EUR', quote: 'HUF', rate: '391.18', date: '2026-10-02' }], total: '215.09' },
      }),
      recorded(`invoice-${invoiceId}`, 'InvoiceIssued', { invoiceId, number, issueDate: '2026-10-03' }),
      ledger('PaymentReceived', { paymentId: 'P1', date: '2026-10-10', amount: '142.29', currency: 'EUR', reference: null, rate: '391.18' }),
      allocation('A1', 'P1', '142.29'),
      ledger('PaymentReceived', { paymentId: 'P2', date: '2026-10-11', amount: '72.80', currency: 'EUR', reference: null, rate: '391.18' }),
      allocation('A2', 'P2', '72.80'),
      recorded('creditNote-CN-FX', 'CreditNoteIssued', { invoiceId, number: 'CN-FX', issueDate: '2026-10-20', legalEntityId: HU, currency: 'EUR', lines: [{ serviceCategory: 'internet', net: '-169.36' }], vat: [{ category: 'S', rate: '27', taxable: '-169.36', amount: '-45.73' }], total: '-215.09' }),
      allocation('release-A2', 'P2', '-72.80', 'A2'),
      allocation('release-A1', 'P1', '-142.29', 'A1'),
    ];
    const journal = (await journalOf(events)).filter((e) => e.kind === 'allocation');
    const [a1, a2, r2, r1] = journal.map(lines);
    expect(a2).toEqual([['2500', '28477.90', '0.00'], ['1200', '0.00', '28477.91'], ['6900', '0.01', '0.00']]);
    // Each line of the release is its allocation's, debit and credit swapped.
    const mirrored = (entry: string[][]) => entry.map(([account, debit, credit]) => [account, credit, debit]);
    expect(r2).toEqual(mirrored(a2!));
    expect(r1).toEqual(mirrored(a1!));
  });
});
