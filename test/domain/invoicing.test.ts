/**
 * The invoicing rules in their own functions (RULES.md 10, 11, 15, 16, 18), the number series as
 * a decider specification, and the series under two writers at once on a real store.
 */
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { invoiceNumber, invoiceSeriesDecider, NUMBERS_ASSIGNED, type NumbersAssigned } from '../../src/domain/invoice-series/series.ts';
import { NumberAllocator } from '../../src/app/invoice-series/allocator.ts';
import { lineNet, MissingFxRateError, pairKey, priceInvoice, type ChargeLine, type FxRate } from '../../src/domain/invoice/invoice.ts';
import { invoiceTexts } from '../../src/i18n/invoice-texts.ts';
import { translatorFor } from '../../src/i18n/translator.ts';
import { dueDate } from '../../src/app/bill-run/issue.ts';
import { cyclesDue } from '../../src/app/bill-run/draft.ts';
import { openSqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';
import { temporaryDataDir } from '../support/billstream.ts';

const spec = DeciderSpecification.for(invoiceSeriesDecider);
const assigned = (assignments: [string, number][], issueDate = '2026-11-02'): NumbersAssigned => ({
  type: NUMBERS_ASSIGNED,
  data: { legalEntityId: 'HU1', year: 2026, prefix: 'HU1', assignments: assignments.map(([documentId, sequence]) => ({ documentId, sequence, number: invoiceNumber('HU1', 2026, sequence) })), issueDate },
});

describe('RULES.md 16: invoice numbers {prefix}-{year}-{sequence:6}, gapless per legal entity and year', () => {
  it('formats the number', () => {
    expect(invoiceNumber('HU1', 2026, 1)).toBe('HU1-2026-000001');
    expect(invoiceNumber('DE1', 2027, 123456)).toBe('DE1-2027-123456');
  });

  it('starts at 000001 and continues from the last number, in the order asked', () => {
    spec.given([]).when({ type: 'AssignNumbers', legalEntityId: 'HU1', year: 2026, prefix: 'HU1', documentIds: ['a', 'b'], issueDate: '2026-11-02' }).then([assigned([['a', 1], ['b', 2]])]);
    spec.given([assigned([['a', 1], ['b', 2]])]).when({ type: 'AssignNumbers', legalEntityId: 'HU1', year: 2026, prefix: 'HU1', documentIds: ['c'], issueDate: '2026-11-02' }).then([assigned([['c', 3]])]);
  });

  it('never gives a document a second number (a retry after a crash gets the same one)', () => {
    spec.given([assigned([['a', 1]])]).when({ type: 'AssignNumbers', legalEntityId: 'HU1', year: 2026, prefix: 'HU1', documentIds: ['a'], issueDate: '2026-11-02' }).thenNothingHappens();
    spec.given([assigned([['a', 1]])]).when({ type: 'AssignNumbers', legalEntityId: 'HU1', year: 2026, prefix: 'HU1', documentIds: ['a', 'b', 'b'], issueDate: '2026-11-02' }).then([assigned([['b', 2]])]);
  });

  it('stays gapless and unique with two processes numbering the same series at once', async () => {
    const file = path.join(temporaryDataDir(), 'events.db');
    // Two stores on one file: two writers with their own connections and caches, as two processes have.
    const first = openSqliteEventStore(file);
    const second = openSqliteEventStore(file);
    const metadata = { correlationId: 'c', causationId: 'c', tenantId: null, actor: 'test', recordedAt: '2026-11-02T00:00:00Z', schemaVersion: 1 };
    const allocators = [new NumberAllocator(first), new NumberAllocator(second)];
    const batches = Array.from({ length: 40 }, (_, i) => Array.from({ length: 5 }, (_, j) => `doc-${i}-${j}`));
    const results = await Promise.all(batches.map((documentIds, i) => allocators[i % 2]!.assign({ legalEntityId: 'HU1', year: 2026, prefix: 'HU1', documentIds, issueDate: '2026-11-02' }, metadata)));
    const numbers = results.flatMap((m) => [...m.values()]);
    expect(new Set(numbers).size).toBe(200);
    expect(numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // Asking again, from either process, returns the same numbers.
    const again = await allocators[1]!.assign({ legalEntityId: 'HU1', year: 2026, prefix: 'HU1', documentIds: batches[0]!, issueDate: '2026-11-02' }, metadata);
    expect([...again.values()]).toEqual([...results[0]!.values()]);
    await first.close();
    await second.close();
  });
});

describe('RULES.md 10: a line is the sum of its unrounded parts, converted, then rounded once, half-up', () => {
  it('rounds once, after conversion', () => {
    // 3 calls of 0.0125 EUR = 0.0375 -> 0.04 (rounding each first would give 0.03).
    expect(lineNet(new Decimal('0.0375'), null, 'EUR').toString()).toBe('0.04');
    // 0.0375 EUR at 392.123 HUF = 14.7046125 -> 14.70 HUF.
    expect(lineNet(new Decimal('0.0375'), { rate: '392.123' }, 'HUF').toString()).toBe('14.7');
    // RULES.md 11 with only CHF per EUR published (3): 0.015 CHF / 3 = 0.005 EUR -> 0.01, not 0.015 * 0.333... -> 0.00.
    expect(lineNet(new Decimal('0.015'), { rate: '0.333333333333333333', dividedBy: '3' }, 'EUR').toString()).toBe('0.01');
    expect(lineNet(new Decimal('0.125'), null, 'EUR').toString()).toBe('0.13');
    expect(lineNet(new Decimal('-0.125'), null, 'EUR').toString()).toBe('-0.13');
    expect(lineNet(new Decimal('149.5'), null, 'JPY').toString()).toBe('150');
  });
});

const line = (amount: string, currency: string, serviceCategory = 'voip'): ChargeLine => ({
  kind: 'recurring', code: 'X', description: 'x', subscriptionId: 'S', serviceCategory, quantity: '1', unit: 'MON', currency, amount: new Decimal(amount), period: { start: '2026-10-01', end: '2026-11-01' },
});
const rate = (base: string, quote: string, value: string, date: string): [string, FxRate] => [pairKey(base, quote), { base, quote, rate: value, date }];
const HU_SELLER = { country: 'HU', vatId: 'HU12345676', currency: 'HUF' };
const HU_CONSUMER = { country: 'HU', vatId: null, taxableBusiness: false };

describe('RULES.md 11: a line priced in another currency is converted at the rate of the cycle\'s last day, stored on the invoice', () => {
  it('converts and records the rate and its date', () => {
    const invoice = priceInvoice({ lines: [line('10', 'USD')], currency: 'EUR', seller: { country: 'DE', vatId: 'DE123456788', currency: 'EUR' }, buyer: { country: 'DE', vatId: null, taxableBusiness: false },
      taxDate: '2026-10-31', texts: invoiceTexts(translatorFor('de')), rates: new Map([rate('USD', 'EUR', '0.91234', '2026-10-30')]) });
    // 10 * 0.91234 = 9.1234 -> 9.12; VAT 19 %: 1.7328 -> 1.73.
    expect([invoice.lines[0]!.net, invoice.totalVat, invoice.total]).toEqual(['9.12', '1.73', '10.85']);
    expect(invoice.fx).toEqual({ base: 'USD', quote: 'EUR', rate: '0.91234', date: '2026-10-30' });
    expect(invoice.lines[0]!.priced).toEqual({ currency: 'USD', amount: '10' });
  });

  it('holds rather than guesses when a rate is missing', () => {
    expect(() => priceInvoice({ lines: [line('10', 'USD')], currency: 'EUR', seller: { country: 'DE', vatId: null, currency: 'EUR' }, buyer: { country: 'DE', vatId: null, taxableBusiness: false },
      taxDate: '2026-10-31', texts: invoiceTexts(translatorFor('de')), rates: new Map() })).toThrow(MissingFxRateError);
  });
});

describe('RULES.md 14 and 15: VAT also in the national currency; total = line nets + group VAT', () => {
  it('states each VAT group in HUF for a EUR invoice of a Hungarian seller, and sums the total', () => {
    const invoice = priceInvoice({ lines: [line('10.01', 'EUR'), line('0.05', 'EUR'), line('0.05', 'EUR')], currency: 'EUR', seller: HU_SELLER, buyer: HU_CONSUMER,
      taxDate: '2026-10-31', texts: invoiceTexts(translatorFor('hu')), rates: new Map([rate('EUR', 'HUF', '390.12', '2026-10-31')]) });
    // Nets 10.01 + 0.05 + 0.05 = 10.11; VAT 27 % of 10.11 = 2.7297 -> 2.73 (per line: 2.70 + 0.01 + 0.01 = 2.72).
    // In HUF: 2.73 * 390.12 = 1065.0276 -> 1065.03. Total 10.11 + 2.73 = 12.84.
    expect(invoice.vat).toEqual([{ category: 'S', rate: '27', taxable: '10.11', amount: '2.73', national: { currency: 'HUF', amount: '1065.03' } }]);
    expect([invoice.totalNet, invoice.totalVat, invoice.total]).toEqual(['10.11', '2.73', '12.84']);
  });
});

describe('RULES.md 13: rates have effective dates; late usage is taxed as a supply of its original cycle', () => {
  it('taxes a late line of June 2025 at the Estonian rate of June (22 %) on the July invoice (24 %), each in its own group', () => {
    const EE_CONSUMER = { country: 'EE', vatId: null, taxableBusiness: false };
    const july = { start: '2025-07-01', end: '2025-08-01' };
    const late: ChargeLine = { ...line('10.00', 'EUR'), kind: 'late-usage', period: july, originalPeriod: { start: '2025-06-01', end: '2025-07-01' } };
    const invoice = priceInvoice({ lines: [{ ...line('20.00', 'EUR'), period: july }, late], currency: 'EUR', seller: { country: 'HU', vatId: 'HU12345676', currency: 'EUR' }, buyer: EE_CONSUMER,
      taxDate: '2025-07-31', texts: invoiceTexts(translatorFor('en')), rates: new Map() });
    expect(invoice.lines.map((l) => [l.net, l.vatCategory, l.vatRate])).toEqual([['20.00', 'S', '24'], ['10.00', 'S', '22']]);
    // 20.00 x 24 % = 4.80; 10.00 x 22 % = 2.20.
    expect(invoice.vat.map((g) => [g.rate, g.taxable, g.amount])).toEqual([['24', '20.00', '4.80'], ['22', '10.00', '2.20']]);
    expect(invoice.total).toBe('37.00');
  });
});

describe('RULES.md 18: due date = issue date + the contract\'s payment terms', () => {
  it('adds calendar days across month and year ends', () => {
    expect(dueDate('2026-11-02', 15)).toBe('2026-11-17');
    expect(dueDate('2026-12-20', 15)).toBe('2027-01-04');
    expect(dueDate('2026-11-02', 0)).toBe('2026-11-02');
  });
});

describe('RULES.md 6: a bill run closes every cycle ending on or before its date, none before billing_start', () => {
  const terms = { billingCycle: 'monthly' as const, cycleAnchorDay: 1, startDate: '2026-08-15', endDate: null, billingStart: null };
  it('lists the cycles from the first one', () => {
    expect(cyclesDue(terms, '2026-11-01')).toEqual([{ start: '2026-08-01', end: '2026-09-01' }, { start: '2026-09-01', end: '2026-10-01' }, { start: '2026-10-01', end: '2026-11-01' }]);
    expect(cyclesDue(terms, '2026-10-31')).toHaveLength(2);
  });
  it('skips cycles billed elsewhere (migration) and cycles after the contract ended', () => {
    expect(cyclesDue({ ...terms, billingStart: '2026-10-01' }, '2026-11-01')).toEqual([{ start: '2026-10-01', end: '2026-11-01' }]);
    expect(cyclesDue({ ...terms, endDate: '2026-09-10' }, '2026-11-01')).toEqual([{ start: '2026-08-01', end: '2026-09-01' }, { start: '2026-09-01', end: '2026-10-01' }]);
  });
});
