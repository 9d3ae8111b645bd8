import { describe, expect, it } from 'vitest';
import { cycleContaining } from '../../src/domain/billing-cycle/cycles.ts';

describe('RULES 6 cycles: cycleContaining', () => {
  const monthly = { billingCycle: 'monthly' as const, cycleAnchorDay: 1, startDate: '2026-01-15' };

  it('runs monthly cycles between anchor days, the first from the anchor day on or before the start', () => {
    expect(cycleContaining('2026-01-15', monthly)).toEqual({ start: '2026-01-01', end: '2026-02-01' });
    expect(cycleContaining('2026-01-31', monthly)).toEqual({ start: '2026-01-01', end: '2026-02-01' });
    expect(cycleContaining('2026-02-01', monthly)).toEqual({ start: '2026-02-01', end: '2026-03-01' });
    expect(cycleContaining('2026-12-31', monthly)).toEqual({ start: '2026-12-01', end: '2027-01-01' });
  });

  it('anchors on other days of the month', () => {
    const anchored = { billingCycle: 'monthly' as const, cycleAnchorDay: 15, startDate: '2026-01-10' };
    expect(cycleContaining('2026-01-10', anchored)).toEqual({ start: '2025-12-15', end: '2026-01-15' });
    expect(cycleContaining('2026-01-14', anchored)).toEqual({ start: '2025-12-15', end: '2026-01-15' });
    expect(cycleContaining('2026-01-15', anchored)).toEqual({ start: '2026-01-15', end: '2026-02-15' });
    expect(cycleContaining('2026-03-01', anchored)).toEqual({ start: '2026-02-15', end: '2026-03-15' });
  });

  it('counts quarters and years from the first cycle', () => {
    const quarterly = { billingCycle: 'quarterly' as const, cycleAnchorDay: 1, startDate: '2026-02-10' };
    expect(cycleContaining('2026-02-10', quarterly)).toEqual({ start: '2026-02-01', end: '2026-05-01' });
    expect(cycleContaining('2026-04-30', quarterly)).toEqual({ start: '2026-02-01', end: '2026-05-01' });
    expect(cycleContaining('2026-05-01', quarterly)).toEqual({ start: '2026-05-01', end: '2026-08-01' });
    const yearly = { billingCycle: 'yearly' as const, cycleAnchorDay: 1, startDate: '2025-03-01' };
    expect(cycleContaining('2026-02-28', yearly)).toEqual({ start: '2025-03-01', end: '2026-03-01' });
    expect(cycleContaining('2026-03-01', yearly)).toEqual({ start: '2026-03-01', end: '2027-03-01' });
  });
});
