/**
 * One exchange rate: a (base, quote, date) stream. Publishing the rate it holds changes nothing
 * (re-importing a file is safe); publishing another value corrects it, and the correction is a new
 * event that names the rate it replaces, never an edit of the first one.
 */
import { Decimal } from 'decimal.js';
import type { Decider } from '../core/decider.ts';
import { ValidationError } from '../core/errors.ts';
import type { FxRate, FxRateEvent } from './events.ts';
import { validateFxRate } from './validate.ts';

export type FxRateCommand = { type: 'PublishFxRate'; rate: FxRate };

export interface FxRateState {
  /** The rate in force for this date and pair, as written; null before the first publication. */
  rate: string | null;
}

export const fxRateDecider: Decider<FxRateState, FxRateCommand, FxRateEvent> = {
  initialState: () => ({ rate: null }),

  evolve(_state, event) {
    switch (event.type) {
      case 'FxRatePublished':
      case 'FxRateCorrected':
        return { rate: event.data.rate };
      default: {
        const exhaustive: never = event;
        return exhaustive;
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'PublishFxRate': {
        const checked = validateFxRate(command.rate);
        if ('issues' in checked) throw new ValidationError(checked.issues.map((i) => `${i.field}: ${i.message}`).join('; '), checked.issues);
        const { rate } = checked;
        if (state.rate === null) return [{ type: 'FxRatePublished', data: rate }];
        // The same value written differently ("385.5", "385.50") is the same rate, not a correction.
        if (new Decimal(state.rate).eq(rate.rate)) return [];
        return [{ type: 'FxRateCorrected', data: { ...rate, previousRate: state.rate } }];
      }
      default: {
        const exhaustive: never = command.type;
        return exhaustive;
      }
    }
  },
};
