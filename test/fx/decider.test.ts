import { describe, it } from 'vitest';
import { expect } from 'vitest';
import { fxRateDecider } from '../../src/fx/decider.ts';
import type { FxRate, FxRateEvent } from '../../src/fx/events.ts';
import { ValidationError } from '../../src/core/errors.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';

const spec = DeciderSpecification.for(fxRateDecider);
const RATE: FxRate = { date: '2026-01-01', base: 'EUR', quote: 'HUF', rate: '386.45' };
const published: FxRateEvent = { type: 'FxRatePublished', data: RATE };

describe('fx rate decider', () => {
  it('publishes a new rate', () => {
    spec.given([]).when({ type: 'PublishFxRate', rate: RATE }).then([published]);
  });

  it('changes nothing for the same rate, however it is written', () => {
    spec.given([published]).when({ type: 'PublishFxRate', rate: RATE }).thenNothingHappens();
    spec.given([published]).when({ type: 'PublishFxRate', rate: { ...RATE, rate: '386.4500' } }).thenNothingHappens();
  });

  it('corrects a rate with a new event naming the one it replaces', () => {
    const corrected: FxRateEvent = { type: 'FxRateCorrected', data: { ...RATE, rate: '386.55', previousRate: '386.45' } };
    spec.given([published]).when({ type: 'PublishFxRate', rate: { ...RATE, rate: '386.55' } }).then([corrected]);
    spec.given([published, corrected]).when({ type: 'PublishFxRate', rate: RATE }).then([{ type: 'FxRateCorrected', data: { ...RATE, previousRate: '386.55' } }]);
  });

  it('refuses a rate that is not greater than 0, naming the field', () => {
    spec.given([]).when({ type: 'PublishFxRate', rate: { ...RATE, rate: '0.000' } }).thenThrows(ValidationError, (error) => {
      expect(error.issues).toEqual([{ field: 'rate', message: '"0.000" is zero: a rate is greater than 0' }]);
    });
  });
});
