import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Cycle, CycleTerms } from '../../src/domain/billing-cycle/cycles.ts';
import {
  billedSpans,
  oneTimeFeeLines,
  prorate,
  recurringFeeLines,
  type FeeStretch,
  type FeeSubject,
  type RecurringLine,
} from '../../src/domain/billing-cycle/recurring.ts';
import type { OneTimeFee, RecurringFee } from '../../src/domain/tariff/definition.ts';

const MONTHLY: CycleTerms = { billingCycle: 'monthly', cycleAnchorDay: 1, startDate: '2026-01-01' };
const LINE: RecurringFee = { code: 'VOIP-LINE', name: { en: 'Line rental' }, amount: '5.00', period: 'monthly', billed: 'advance' };
const LINE_ARREARS: RecurringFee = { ...LINE, code: 'VOIP-PORT', billed: 'arrears' };
const SETUP: OneTimeFee = { code: 'VOIP-SETUP', name: { en: 'Activation' }, amount: '20.00', on: 'activation' };
const CLOSE: OneTimeFee = { code: 'VOIP-CLOSE', name: { en: 'Termination' }, amount: '10.00', on: 'termination' };

const subject = (startDate: string, endDate: string | null = null, quantity = 1): FeeSubject => ({ subscriptionId: 'S1', startDate, endDate, quantity });
const month = (yearMonth: string): Cycle => {
  const [year, m] = yearMonth.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return { start: `${yearMonth}-01`, end: `${next}-01` };
};

/** One line as text: kind, days, days/days in period, quantity, amount to 12 decimals. */
const show = (line: RecurringLine): string =>
  `${line.kind} ${line.span.start}..${line.span.end} ${line.days}/${line.daysInPeriod} x${line.quantity} ${line.amount.toDecimalPlaces(12).toString()}`;

interface Setup {
  fee?: RecurringFee;
  terms?: CycleTerms;
  billingStart?: string | null;
}

/** The invoice closing `closing`, given every recurring line issued before (read back with billedSpans). */
function invoice(closing: Cycle, sub: FeeSubject, issued: readonly RecurringLine[] = [], setup: Setup = {}): RecurringLine[] {
  const fee = setup.fee ?? LINE;
  return recurringFeeLines({
    fee,
    subject: sub,
    terms: setup.terms ?? MONTHLY,
    billingStart: setup.billingStart ?? null,
    closing,
    billed: billedSpans(issued, sub.subscriptionId, fee.code),
  });
}

/** Invoices closing each cycle in turn, each seeing what the previous ones issued. */
function invoices(closings: Cycle[], sub: FeeSubject, setup: Setup = {}, issued: RecurringLine[] = []): RecurringLine[][] {
  return closings.map((closing) => {
    const lines = invoice(closing, sub, issued, setup);
    issued.push(...lines);
    return lines;
  });
}

describe('RULES.md 7: proration by calendar days', () => {
  it('is amount * active_days / days_in_period, unrounded', () => {
    // 5.00 * 22 / 31 = 110 / 31 = 3.548387096774...
    expect(prorate(new Decimal('5.00'), 22, 31).toDecimalPlaces(12).toString()).toBe('3.548387096774');
    expect(prorate(new Decimal('5.00'), 31, 31).toString()).toBe('5');
    expect(prorate(new Decimal('5.00'), 0, 31).toString()).toBe('0');
    // Not cut at 20 digits: times 31 gives back 110 to 150 decimals.
    expect(prorate(new Decimal('5.00'), 22, 31).times(31).toDecimalPlaces(150).toString()).toBe('110');
  });

  it('rejects days that are not a part of the period', () => {
    expect(() => prorate(new Decimal(5), 32, 31)).toThrow(RangeError);
    expect(() => prorate(new Decimal(5), -1, 31)).toThrow(RangeError);
    expect(() => prorate(new Decimal(5), 1.5, 31)).toThrow(RangeError);
    expect(() => prorate(new Decimal(5), 0, 0)).toThrow(RangeError);
  });

  it('February has 28 days: activation on 2026-02-15 pays 14/28', () => {
    // Feb 15..28 = 14 days: 5 * 14 / 28 = 2.50; March in advance 5.00
    expect(invoice(month('2026-02'), subject('2026-02-15')).map(show)).toEqual([
      'charge 2026-02-15..2026-03-01 14/28 x1 2.5',
      'charge 2026-03-01..2026-04-01 31/31 x1 5',
    ]);
  });

  it('February 2028 has 29 days: activation on 2028-02-15 pays 15/29', () => {
    // Feb 15..29 = 15 days: 5 * 15 / 29 = 75 / 29 = 2.586206896552 (2.59)
    const lines = invoice(month('2028-02'), subject('2028-02-15'));
    expect(lines.map(show)[0]).toBe('charge 2028-02-15..2028-03-01 15/29 x1 2.586206896552');
    expect(lines[0]!.amount.toFixed(2)).toBe('2.59');
  });

  it('quantity multiplies the fee: 3 lines at 5.00 from 2026-03-10', () => {
    // 3 * 5 * 22 / 31 = 330 / 31 = 10.645161290323 (10.65); April 3 * 5.00 = 15.00
    expect(invoice(month('2026-03'), subject('2026-03-10', null, 3)).map(show)).toEqual([
      'charge 2026-03-10..2026-04-01 22/31 x3 10.645161290323',
      'charge 2026-04-01..2026-05-01 30/30 x3 15',
    ]);
  });
});

describe('RULES.md 8: advance and arrears fees on the invoice closing a cycle', () => {
  it('advance: the invoice closing the activation cycle charges the first period and the next cycle', () => {
    // March 10..31 = 22 days: 5 * 22 / 31 = 3.548387096774 (3.55); April in full 5.00
    const lines = invoice(month('2026-03'), subject('2026-03-10'));
    expect(lines.map(show)).toEqual(['charge 2026-03-10..2026-04-01 22/31 x1 3.548387096774', 'charge 2026-04-01..2026-05-01 30/30 x1 5']);
    expect(lines[0]).toMatchObject({ code: 'VOIP-LINE', subscriptionId: 'S1', feePeriod: month('2026-03') });
    expect(lines[0]!.amount.toFixed(2)).toBe('3.55');
  });

  it('advance: each later invoice charges the cycle after the one it closes, once', () => {
    const [march, april, may] = invoices([month('2026-03'), month('2026-04'), month('2026-05')], subject('2026-03-10'));
    expect(march).toHaveLength(2);
    expect(april!.map(show)).toEqual(['charge 2026-05-01..2026-06-01 31/31 x1 5']);
    expect(may!.map(show)).toEqual(['charge 2026-06-01..2026-07-01 30/30 x1 5']);
  });

  it('advance: an invoice before the activation charges nothing', () => {
    expect(invoice(month('2026-01'), subject('2026-03-10'))).toEqual([]);
  });

  it('advance: a subscription activated in the next cycle is charged on the invoice closing that cycle, not in advance before it starts', () => {
    // Known when February is closed, active from March 10: nothing on February's invoice; March's
    // charges its first period (22/31) beside April in advance. The same from the first day of March.
    const [february, march] = invoices([month('2026-02'), month('2026-03')], subject('2026-03-10'));
    expect(february).toEqual([]);
    expect(march!.map(show)).toEqual(['charge 2026-03-10..2026-04-01 22/31 x1 3.548387096774', 'charge 2026-04-01..2026-05-01 30/30 x1 5']);
    const [beforeFirstDay, onFirstDay] = invoices([month('2026-02'), month('2026-03')], subject('2026-03-01'));
    expect(beforeFirstDay).toEqual([]);
    expect(onFirstDay!.map(show)).toEqual(['charge 2026-03-01..2026-04-01 31/31 x1 5', 'charge 2026-04-01..2026-05-01 30/30 x1 5']);
  });

  it('advance: an earlier cycle closed after the invoice that charged a later activation takes none of it back', () => {
    // February had nothing to bill, so its invoice is drafted again by later runs: after March's
    // invoice charged March 10.. and April, February's sees those days as billed and active, not
    // as billed and no longer active. Only units beyond the subscription's quantity go back.
    const issued = invoice(month('2026-03'), subject('2026-03-10'));
    expect(issued.map(show)).toEqual(['charge 2026-03-10..2026-04-01 22/31 x1 3.548387096774', 'charge 2026-04-01..2026-05-01 30/30 x1 5']);
    expect(invoice(month('2026-02'), subject('2026-03-10'), issued)).toEqual([]);
    const two = invoice(month('2026-03'), subject('2026-03-10', null, 2));
    expect(invoice(month('2026-02'), subject('2026-03-10', null, 1), two).map(show)).toEqual(['credit 2026-03-10..2026-04-01 22/31 x1 -3.548387096774']);
    // The same before billing_start: a cycle of a migrated contract before it is drafted late.
    const migratedLater = { billingStart: '2026-03-15' };
    const fromMigration = invoice(month('2026-03'), subject('2025-01-01'), [], migratedLater);
    expect(invoice(month('2026-02'), subject('2025-01-01'), fromMigration, migratedLater)).toEqual([]);
  });

  it('advance: a start moved into a later cycle after it was billed in advance is credited', () => {
    const issued = invoice(month('2026-02'), subject('2026-02-20'));
    expect(issued.map(show)).toEqual(['charge 2026-02-20..2026-03-01 9/28 x1 1.607142857143', 'charge 2026-03-01..2026-04-01 31/31 x1 5']);
    // The start corrected to April 5: March's invoice takes back both; April's charges April 5.. and May.
    const [march, april] = invoices([month('2026-03'), month('2026-04')], subject('2026-04-05'), {}, [...issued]);
    expect(march!.map(show)).toEqual(['credit 2026-02-20..2026-03-01 9/28 x1 -1.607142857143', 'credit 2026-03-01..2026-04-01 31/31 x1 -5']);
    expect(april!.map(show)).toEqual(['charge 2026-04-05..2026-05-01 26/30 x1 4.333333333333', 'charge 2026-05-01..2026-06-01 31/31 x1 5']);
  });

  it('arrears: charged on the invoice of the cycle it covers, prorated, nothing in advance', () => {
    const setup = { fee: LINE_ARREARS };
    const [february, march, april] = invoices([month('2026-02'), month('2026-03'), month('2026-04')], subject('2026-03-10'), setup);
    expect(february).toEqual([]);
    // March 10..31: 5 * 22 / 31 = 3.548387096774
    expect(march!.map(show)).toEqual(['charge 2026-03-10..2026-04-01 22/31 x1 3.548387096774']);
    expect(april!.map(show)).toEqual(['charge 2026-04-01..2026-05-01 30/30 x1 5']);
  });

  it('arrears: a subscription ending mid-cycle pays its active days of that cycle', () => {
    // May 1..19 = 19 days: 5 * 19 / 31 = 95 / 31 = 3.064516129032
    const lines = invoice(month('2026-05'), subject('2026-03-10', '2026-05-20'), invoices([month('2026-03'), month('2026-04')], subject('2026-03-10'), { fee: LINE_ARREARS }).flat(), { fee: LINE_ARREARS });
    expect(lines.map(show)).toEqual(['charge 2026-05-01..2026-05-20 19/31 x1 3.064516129032']);
  });

  it('a subscription ending inside a paid period: the unused days are credited on the next invoice, and the next cycle is not charged', () => {
    const issued: RecurringLine[] = [];
    invoices([month('2026-01'), month('2026-02'), month('2026-03'), month('2026-04')], subject('2026-01-01'), {}, issued);
    // May was paid in advance on the invoice closing April.
    expect(issued.at(-1)!.span).toEqual(month('2026-05'));
    // Ends 2026-05-20 (exclusive): May 20..31 = 12 unused days, 5 * 12 / 31 = 60 / 31 = 1.935483870968 (1.94)
    const may = invoice(month('2026-05'), subject('2026-01-01', '2026-05-20'), issued);
    expect(may.map(show)).toEqual(['credit 2026-05-20..2026-06-01 12/31 x1 -1.935483870968']);
    expect(may[0]!.feePeriod).toEqual(month('2026-05'));
    expect(may[0]!.amount.toFixed(2)).toBe('-1.94');
    issued.push(...may);
    expect(invoice(month('2026-06'), subject('2026-01-01', '2026-05-20'), issued)).toEqual([]);
  });

  it('an end date entered after the next cycle was also paid credits both, never more than was billed', () => {
    const issued: RecurringLine[] = [];
    invoices([month('2026-04'), month('2026-05')], subject('2026-04-01'), {}, issued); // May and June paid
    // May 20..31: -60/31 = -1.935483870968; June in full: -5.00
    expect(invoice(month('2026-06'), subject('2026-04-01', '2026-05-20'), issued).map(show)).toEqual([
      'credit 2026-05-20..2026-06-01 12/31 x1 -1.935483870968',
      'credit 2026-06-01..2026-07-01 30/30 x1 -5',
    ]);
  });

  it('an end date already known charges only the active days of the next cycle', () => {
    // June 1..9 = 9 days: 5 * 9 / 30 = 1.50
    const issued = invoices([month('2026-04')], subject('2026-04-01')).flat();
    expect(invoice(month('2026-05'), subject('2026-04-01', '2026-06-10'), issued).map(show)).toEqual(['charge 2026-06-01..2026-06-10 9/30 x1 1.5']);
  });

  it('a start date corrected later credits the days charged before it', () => {
    const issued = invoices([month('2026-03')], subject('2026-03-10')).flat();
    // Now starts 2026-03-20: March 10..19 = 10 days back, 5 * 10 / 31 = 50 / 31 = 1.612903225806; May in advance
    expect(invoice(month('2026-04'), subject('2026-03-20'), issued).map(show)).toEqual([
      'credit 2026-03-10..2026-03-20 10/31 x1 -1.612903225806',
      'charge 2026-05-01..2026-06-01 31/31 x1 5',
    ]);
  });

  it('a quantity corrected after a period was paid charges the difference', () => {
    const issued = invoices([month('2026-03')], subject('2026-03-01')).flat(); // March and April at 1
    // Now 3 units: March and April 2 more each (2 * 5.00), May 3 * 5.00
    expect(invoice(month('2026-04'), subject('2026-03-01', null, 3), issued).map(show)).toEqual([
      'charge 2026-03-01..2026-04-01 31/31 x2 10',
      'charge 2026-04-01..2026-05-01 30/30 x2 10',
      'charge 2026-05-01..2026-06-01 31/31 x3 15',
    ]);
  });

  it('is idempotent: the same invoice run again with the lines of the first run yields nothing', () => {
    const first = invoice(month('2026-03'), subject('2026-03-10'));
    expect(first).toHaveLength(2);
    expect(invoice(month('2026-03'), subject('2026-03-10'), first)).toEqual([]);
    const credit = invoice(month('2026-03'), subject('2026-03-10', '2026-03-25'), first);
    expect(credit.map(show)).toEqual(['credit 2026-03-25..2026-04-01 7/31 x1 -1.129032258065', 'credit 2026-04-01..2026-05-01 30/30 x1 -5']);
    expect(invoice(month('2026-03'), subject('2026-03-10', '2026-03-25'), [...first, ...credit])).toEqual([]);
  });

  it('days billed twice (an invoice recorded twice) are credited once, down to what should be billed', () => {
    const first = invoice(month('2026-03'), subject('2026-03-10'));
    expect(invoice(month('2026-03'), subject('2026-03-10'), [...first, ...first]).map(show)).toEqual([
      'credit 2026-03-10..2026-04-01 22/31 x1 -3.548387096774',
      'credit 2026-04-01..2026-05-01 30/30 x1 -5',
    ]);
  });

  it('a run that crashed before an invoice was recorded comes out the same when run again', () => {
    const issued = invoices([month('2026-03')], subject('2026-03-10')).flat();
    const april = invoice(month('2026-04'), subject('2026-03-10'), issued);
    // The April invoice was lost: the May run charges May (missed) and June together.
    expect(invoice(month('2026-05'), subject('2026-03-10'), issued).map(show)).toEqual([...april.map(show), 'charge 2026-06-01..2026-07-01 30/30 x1 5']);
  });

  it('cycles on anchor day 15', () => {
    const terms: CycleTerms = { billingCycle: 'monthly', cycleAnchorDay: 15, startDate: '2026-01-10' };
    const cycle = (start: string, end: string): Cycle => ({ start, end });
    const [first, second] = invoices([cycle('2025-12-15', '2026-01-15'), cycle('2026-01-15', '2026-02-15')], subject('2026-01-10'), { terms });
    // Jan 10..14 = 5 days of Dec 15..Jan 14 (31 days): 5 * 5 / 31 = 25 / 31 = 0.806451612903 (0.81)
    expect(first!.map(show)).toEqual(['charge 2026-01-10..2026-01-15 5/31 x1 0.806451612903', 'charge 2026-01-15..2026-02-15 31/31 x1 5']);
    // Feb 15..Mar 14 = 28 days
    expect(second!.map(show)).toEqual(['charge 2026-02-15..2026-03-15 28/28 x1 5']);
    expect(() => invoice(month('2026-01'), subject('2026-01-10'), [], { terms })).toThrow(/not a billing cycle/);
  });

  it('a quarterly cycle with a monthly fee: three fee periods per cycle', () => {
    const terms: CycleTerms = { billingCycle: 'quarterly', cycleAnchorDay: 1, startDate: '2026-01-01' };
    const q1 = { start: '2026-01-01', end: '2026-04-01' };
    // Feb 10..28 = 19 days: 5 * 19 / 28 = 95 / 28 = 3.392857142857 (3.39); March; then Q2 in advance
    expect(invoice(q1, subject('2026-02-10'), [], { terms }).map(show)).toEqual([
      'charge 2026-02-10..2026-03-01 19/28 x1 3.392857142857',
      'charge 2026-03-01..2026-04-01 31/31 x1 5',
      'charge 2026-04-01..2026-05-01 30/30 x1 5',
      'charge 2026-05-01..2026-06-01 31/31 x1 5',
      'charge 2026-06-01..2026-07-01 30/30 x1 5',
    ]);
    // Arrears: only the quarter it closes
    expect(invoice(q1, subject('2026-02-10'), [], { terms, fee: LINE_ARREARS }).map(show)).toEqual([
      'charge 2026-02-10..2026-03-01 19/28 x1 3.392857142857',
      'charge 2026-03-01..2026-04-01 31/31 x1 5',
    ]);
  });

  it('a yearly fee on a monthly cycle: priced per year, billed once', () => {
    const yearly: RecurringFee = { code: 'IP-BLOCK', name: { en: 'IP block' }, amount: '120.00', period: 'yearly', billed: 'advance' };
    const [march, april] = invoices([month('2026-03'), month('2026-04')], subject('2026-03-01'), { fee: yearly });
    // Mar 1 2026..Jan 1 2027 = 306 days of 365: 120 * 306 / 365 = 36720 / 365 = 100.602739726027 (100.60)
    expect(march!.map(show)).toEqual(['charge 2026-03-01..2027-01-01 306/365 x1 100.602739726027']);
    expect(march![0]!.feePeriod).toEqual({ start: '2026-01-01', end: '2027-01-01' });
    expect(april).toEqual([]);
    // The invoice closing December charges 2027 in advance.
    const issued = [...march!];
    expect(invoice(month('2026-12'), subject('2026-03-01'), issued, { fee: yearly }).map(show)).toEqual(['charge 2027-01-01..2028-01-01 365/365 x1 120']);
    // In arrears: nothing until the year ends, then the same 306/365.
    const arrears = { fee: { ...yearly, billed: 'arrears' as const } };
    expect(invoice(month('2026-11'), subject('2026-03-01'), [], arrears)).toEqual([]);
    expect(invoice(month('2026-12'), subject('2026-03-01'), [], arrears).map(show)).toEqual(['charge 2026-03-01..2027-01-01 306/365 x1 100.602739726027']);
  });

  it('arrears of a longer fee period the service leaves early: on the invoice of the cycle it ends in, not when the period would have ended', () => {
    const arrears = { fee: { code: 'IP-BLOCK', name: { en: 'IP block' }, amount: '120.00', period: 'yearly', billed: 'arrears' } satisfies RecurringFee };
    // Active Jan 1 to Jun 15 (exclusive): 165 of 365 days, 120 * 165 / 365 = 54.246575342466 (54.25), on the June invoice.
    const [may, june, july] = invoices([month('2026-05'), month('2026-06'), month('2026-07')], subject('2026-01-01', '2026-06-15'), arrears);
    expect(may).toEqual([]);
    expect(june!.map(show)).toEqual(['charge 2026-01-01..2026-06-15 165/365 x1 54.246575342466']);
    expect(july).toEqual([]);
    // An end on the cycle's end day (the service's last day is June 30) is June's as well.
    expect(invoice(month('2026-06'), subject('2026-01-01', '2026-07-01'), [], arrears).map(show)).toEqual(['charge 2026-01-01..2026-07-01 181/365 x1 59.506849315068']);
    // A quarterly fee on a monthly cycle: Apr 1 to May 10, 39 of 91 days of 30.00, on May's invoice.
    const quarterly = { fee: { ...arrears.fee, period: 'quarterly', amount: '30.00' } satisfies RecurringFee };
    expect(invoice(month('2026-05'), subject('2026-04-01', '2026-05-10'), [], quarterly).map(show)).toEqual(['charge 2026-04-01..2026-05-10 39/91 x1 12.857142857143']);
  });
});

describe('RULES.md 6: migration (billing_start)', () => {
  const migrated: Setup = { terms: { billingCycle: 'monthly', cycleAnchorDay: 1, startDate: '2024-06-01' }, billingStart: '2026-03-15' };

  it('billing_start mid-cycle is the activation day of recurring fees', () => {
    // Mar 15..31 = 17 days: 5 * 17 / 31 = 85 / 31 = 2.741935483871 (2.74); April in advance
    expect(invoice(month('2026-03'), subject('2025-01-01'), [], migrated).map(show)).toEqual([
      'charge 2026-03-15..2026-04-01 17/31 x1 2.741935483871',
      'charge 2026-04-01..2026-05-01 30/30 x1 5',
    ]);
    expect(invoice(month('2026-03'), subject('2025-01-01'), [], { ...migrated, fee: LINE_ARREARS }).map(show)).toEqual([
      'charge 2026-03-15..2026-04-01 17/31 x1 2.741935483871',
    ]);
  });

  it('a subscription activated after billing_start keeps its own start', () => {
    // Mar 20..31 = 12 days: 5 * 12 / 31 = 1.935483870968
    expect(invoice(month('2026-03'), subject('2026-03-20'), [], migrated).map(show)[0]).toBe('charge 2026-03-20..2026-04-01 12/31 x1 1.935483870968');
  });

  it('a subscription ended before billing_start is not charged', () => {
    expect(invoice(month('2026-03'), subject('2025-01-01', '2026-03-01'), [], migrated)).toEqual([]);
  });

  it('a one-time fee of an activation before billing_start is never charged', () => {
    const input = { fee: SETUP, subject: subject('2025-01-01'), billingStart: '2026-03-15', closing: month('2026-03'), billed: 0 };
    expect(oneTimeFeeLines(input)).toEqual([]);
    expect(oneTimeFeeLines({ ...input, closing: month('2026-12') })).toEqual([]);
    // On billing_start itself it is billstream's.
    expect(oneTimeFeeLines({ ...input, subject: subject('2026-03-15') })).toHaveLength(1);
  });
});

describe('RULES.md 9: one-time fees on the first invoice after their trigger', () => {
  const base = { fee: SETUP, subject: subject('2026-03-10'), billingStart: null, closing: month('2026-03'), billed: 0 };

  it('activation: charged on the invoice closing the cycle of the start date, amount * quantity', () => {
    expect(oneTimeFeeLines({ ...base, closing: month('2026-02') })).toEqual([]);
    const [line] = oneTimeFeeLines(base);
    expect(line).toMatchObject({ code: 'VOIP-SETUP', subscriptionId: 'S1', on: 'activation', date: '2026-03-10', quantity: 1 });
    expect(line!.amount.toString()).toBe('20');
    // 3 * 20.00 = 60.00
    expect(oneTimeFeeLines({ ...base, subject: subject('2026-03-10', null, 3) })[0]!.amount.toString()).toBe('60');
  });

  it('is charged once: a later invoice after it was billed charges nothing', () => {
    expect(oneTimeFeeLines({ ...base, closing: month('2026-04'), billed: 1 })).toEqual([]);
    // Missed (not billed yet): the next invoice still charges it.
    expect(oneTimeFeeLines({ ...base, closing: month('2026-04') })).toHaveLength(1);
  });

  it('termination: charged on the invoice closing the cycle of the end date; nothing while open', () => {
    const termination = { ...base, fee: CLOSE };
    expect(oneTimeFeeLines(termination)).toEqual([]);
    expect(oneTimeFeeLines({ ...termination, subject: subject('2026-03-10', '2026-05-20'), closing: month('2026-04') })).toEqual([]);
    expect(oneTimeFeeLines({ ...termination, subject: subject('2026-03-10', '2026-05-20'), closing: month('2026-05') })).toMatchObject([
      { on: 'termination', date: '2026-05-20', quantity: 1 },
    ]);
    // An end on the cycle's end day: the last day of service is May 31, so May's invoice charges it.
    expect(oneTimeFeeLines({ ...termination, subject: subject('2026-03-10', '2026-06-01'), closing: month('2026-05') })).toMatchObject([
      { on: 'termination', date: '2026-06-01', quantity: 1 },
    ]);
    // An activation on that day is June's.
    expect(oneTimeFeeLines({ ...base, subject: subject('2026-06-01'), closing: month('2026-05') })).toEqual([]);
  });

  it('is reconciled with what was billed: an end withdrawn takes its fee back, a corrected quantity charges the difference', () => {
    const termination = { ...base, fee: CLOSE };
    // Charged for an end on May 20th, which the operator then removes: June's invoice takes the 10.00 back.
    const [reversal] = oneTimeFeeLines({ ...termination, subject: subject('2026-03-10'), closing: month('2026-06'), billed: 1, billedOn: '2026-05-20' });
    expect(reversal).toMatchObject({ on: 'termination', date: '2026-05-20', quantity: -1 });
    expect(reversal!.amount.toString()).toBe('-10');
    // Taken back once: nothing billed any more, nothing to do.
    expect(oneTimeFeeLines({ ...termination, subject: subject('2026-03-10'), closing: month('2026-07'), billed: 0, billedOn: '2026-05-20' })).toEqual([]);
    // The activation billed for 1 unit, the quantity corrected to 3: 2 x 20.00 more.
    const [more] = oneTimeFeeLines({ ...base, subject: subject('2026-03-10', null, 3), closing: month('2026-05'), billed: 1, billedOn: '2026-03-10' });
    expect([more!.quantity, more!.amount.toString()]).toEqual([2, '40']);
  });
});

describe('billedSpans: issued lines read back as what was billed', () => {
  it('nets credits against charges, per fee period, and skips other subscriptions and fees', () => {
    const issued = invoices([month('2026-04')], subject('2026-04-01')).flat(); // April, May
    const credit = invoice(month('2026-05'), subject('2026-04-01', '2026-05-20'), issued);
    const other = invoice(month('2026-04'), { ...subject('2026-04-01'), subscriptionId: 'S2' });
    const arrears = invoice(month('2026-04'), subject('2026-04-01'), [], { fee: LINE_ARREARS });
    expect(billedSpans([...issued, ...credit, ...other, ...arrears], 'S1', 'VOIP-LINE')).toEqual([
      { start: '2026-04-01', end: '2026-05-01', feePeriod: month('2026-04'), quantity: 1 },
      { start: '2026-05-01', end: '2026-05-20', feePeriod: month('2026-05'), quantity: 1 },
    ]);
  });

  it('joins consecutive charges of one fee period into one span', () => {
    const lines = invoices([month('2026-03')], subject('2026-03-10')).flat();
    const corrected = invoice(month('2026-03'), subject('2026-03-01'), lines); // March 1..9 charged later
    expect(corrected.map(show)).toEqual(['charge 2026-03-01..2026-03-10 9/31 x1 1.451612903226']);
    expect(billedSpans([...lines, ...corrected], 'S1', 'VOIP-LINE')[0]).toEqual({ start: '2026-03-01', end: '2026-04-01', feePeriod: month('2026-03'), quantity: 1 });
  });

  it('the sum over all invoices equals the active days priced once', () => {
    const issued: RecurringLine[] = [];
    invoices([month('2026-03'), month('2026-04')], subject('2026-03-10'), {}, issued);
    invoices([month('2026-05'), month('2026-06')], subject('2026-03-10', '2026-05-20'), {}, issued);
    // 22/31 of March + April + 19/31 of May: 5 * 22/31 + 5 + 5 * 19/31 = 5 + 205/31 = 11.612903225806
    const total = issued.reduce((sum, line) => sum.plus(line.amount), new Decimal(0));
    expect(total.toDecimalPlaces(12).toString()).toBe('11.612903225806');
  });
});

describe('a fee across tariff versions (FORMATS.md: a version supersedes from its validFrom)', () => {
  const feeLines = (closing: Cycle, sub: FeeSubject, schedule: FeeStretch[], issued: readonly RecurringLine[] = []) =>
    recurringFeeLines({ schedule, subject: sub, terms: MONTHLY, billingStart: null, closing, billed: billedSpans(issued, sub.subscriptionId, schedule.find((s) => s.fee)!.fee!.code) });
  const run = (closings: Cycle[], sub: FeeSubject, schedule: FeeStretch[]) => {
    const issued: RecurringLine[] = [];
    return closings.map((closing) => {
      const lines = feeLines(closing, sub, schedule, issued);
      issued.push(...lines);
      return lines.map(show);
    });
  };
  const ROUTER: RecurringFee = { code: 'ROUTER', name: { en: 'Router' }, amount: '6.00', period: 'monthly', billed: 'advance' };

  it('a fee a version adds is charged from its validFrom, never for the months before', () => {
    const [april, may] = run([month('2026-04'), month('2026-05')], subject('2026-04-01'), [{ from: '', fee: null }, { from: '2026-06-15', fee: ROUTER }]);
    expect(april).toEqual([]);
    // The invoice closing May bills June in advance: the fee exists from the 15th (16 of 30 days).
    expect(may).toEqual(['charge 2026-06-15..2026-07-01 16/30 x1 3.2']);
  });

  it('a fee a version drops is charged until its validFrom, and days paid after it are credited at the price paid', () => {
    const schedule: FeeStretch[] = [{ from: '', fee: LINE_ARREARS }, { from: '2026-06-15', fee: null }];
    // Arrears: June's 14 days under the first version are billed on June's invoice, nothing after.
    expect(run([month('2026-05'), month('2026-06'), month('2026-07')], subject('2026-05-01'), schedule)).toEqual([
      ['charge 2026-05-01..2026-06-01 31/31 x1 5'], ['charge 2026-06-01..2026-06-15 14/30 x1 2.333333333333'], [],
    ]);
    // Advance, paid for July, then dropped from July 16th by a version published later: 16 days back at 5.00.
    const paid = feeLines(month('2026-06'), subject('2026-06-01'), [{ from: '', fee: LINE }]);
    expect(paid.map(show)).toEqual(['charge 2026-06-01..2026-07-01 30/30 x1 5', 'charge 2026-07-01..2026-08-01 31/31 x1 5']);
    const dropped = feeLines(month('2026-07'), subject('2026-06-01'), [{ from: '', fee: LINE }, { from: '2026-07-16', fee: null }], paid);
    expect(dropped.map(show)).toEqual(['credit 2026-07-16..2026-08-01 16/31 x1 -2.58064516129']);
  });

  it('a price change prices each day at the version in force that day, and a credit at the price the days were charged', () => {
    const dearer: RecurringFee = { ...LINE, amount: '10.00' };
    const schedule: FeeStretch[] = [{ from: '', fee: LINE }, { from: '2026-08-01', fee: dearer }];
    // Arrears fee: June is served at 5.00 even when the invoice closing it is drafted after a later version exists.
    const arrears = [{ from: '', fee: LINE_ARREARS }, { from: '2026-07-01', fee: { ...LINE_ARREARS, amount: '10.00' } }];
    expect(feeLines(month('2026-06'), subject('2026-06-01'), arrears).map(show)).toEqual(['charge 2026-06-01..2026-07-01 30/30 x1 5']);
    // Advance: July paid at 5.00; August in advance at 10.00; the end on 07-16 credits 16 July days at 5.00.
    const june = feeLines(month('2026-06'), subject('2026-06-01'), schedule);
    expect(june.map(show)).toEqual(['charge 2026-06-01..2026-07-01 30/30 x1 5', 'charge 2026-07-01..2026-08-01 31/31 x1 5']);
    const july = feeLines(month('2026-07'), subject('2026-06-01', '2026-07-16'), schedule, june);
    expect(july.map(show)).toEqual(['credit 2026-07-16..2026-08-01 16/31 x1 -2.58064516129']);
    expect(feeLines(month('2026-07'), subject('2026-06-01'), schedule, june).map(show)).toEqual(['charge 2026-08-01..2026-09-01 31/31 x1 10']);
  });

  it('a version that changes something else leaves the fee one line', () => {
    const same = feeLines(month('2026-05'), subject('2026-05-01'), [{ from: '', fee: LINE }, { from: '2026-06-15', fee: { ...LINE } }]);
    expect(same.map(show)).toEqual(['charge 2026-05-01..2026-06-01 31/31 x1 5', 'charge 2026-06-01..2026-07-01 30/30 x1 5']);
  });
});
