/**
 * A batch of prepaid cards (stream `cardBatch-<batchId>`): the terms every card of it shares.
 * Its cards are accounts of their own (card.ts); the batch records what was asked for.
 */
import { Decimal } from 'decimal.js';
import type { Decider } from '../../core/decider.ts';
import { ConflictError, ValidationError, type FieldIssue } from '../../core/errors.ts';
import { minorUnitDigits } from '../../core/currencies.ts';
import { streamName } from '../../core/streams.ts';
import { countryProblem, currencyProblem, dateProblem, idProblem, timeZoneProblem } from '../../core/validate.ts';
import type { CardBatchCreated, CardBatchEvent, CardExpiry } from './events.ts';
import { MAX_RECHARGE_UNITS } from './card.ts';

/** Most cards one batch may hold: one request's work and one response's PIN list stay bounded. */
export const MAX_CARDS_PER_BATCH = 10_000;
/** PINs are decimal digits: 10 to 20 of them (10 digits is 10^10 PINs: guessing one of 10,000 cards takes a million tries on average). */
export const PIN_LENGTHS = { min: 10, max: 20 } as const;
/** Longest expiry in days after activation (ten years). */
export const MAX_VALID_DAYS = 3653;

export type CardBatchTerms = Omit<CardBatchCreated['data'], 'batchId' | 'origin'>;
export type CardBatchState = { created: false } | { created: true; batch: CardBatchCreated['data'] };
export type CardBatchCommand = { type: 'CreateCardBatch'; batch: CardBatchCreated['data'] };

export function cardBatchStream(batchId: string): string {
  return streamName('cardBatch', batchId);
}

export const cardBatchDecider: Decider<CardBatchState, CardBatchCommand, CardBatchEvent> = {
  initialState: () => ({ created: false }),
  evolve: (_state, event) => ({ created: true, batch: event.data }),
  decide(command, state) {
    if (state.created) throw new ConflictError(`card batch ${command.batch.batchId} exists`);
    const issues = batchTermsProblems(command.batch);
    if (issues.length) throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
    return [{ type: 'CardBatchCreated', data: command.batch }];
  },
};

/** Every problem of a batch's terms, by field (empty: fine). */
export function batchTermsProblems(terms: CardBatchTerms & { batchId?: string }, options: { generated?: boolean } = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string | null) => {
    if (message) issues.push({ field, message });
  };
  if (terms.batchId !== undefined) add('batchId', idProblem(terms.batchId));
  if (typeof terms.name !== 'string' || !terms.name.trim() || terms.name.length > 200) add('name', 'is required (at most 200 characters)');
  if (!Number.isSafeInteger(terms.count) || terms.count < 1 || terms.count > MAX_CARDS_PER_BATCH) add('count', `${terms.count} is not a whole number from 1 to ${MAX_CARDS_PER_BATCH}`);
  const currencyIssue = currencyProblem(String(terms.currency));
  add('currency', currencyIssue);
  if (!currencyIssue) add('faceValue', faceValueProblem(terms.faceValue, terms.currency));
  add('tariffId', typeof terms.tariffId === 'string' ? idProblem(terms.tariffId) : 'is required');
  add('expiry', expiryProblem(terms.expiry));
  if (options.generated !== false && terms.pinLength !== null) {
    if (!Number.isSafeInteger(terms.pinLength) || terms.pinLength < PIN_LENGTHS.min || terms.pinLength > PIN_LENGTHS.max) add('pinLength', `${terms.pinLength} is not a number of digits from ${PIN_LENGTHS.min} to ${PIN_LENGTHS.max}`);
  }
  add('timeZone', timeZoneProblem(String(terms.timeZone)));
  if (terms.country !== null) add('country', countryProblem(String(terms.country)));
  return issues;
}

function faceValueProblem(value: string, currency: string): string | null {
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) return `${JSON.stringify(value)} is not a decimal amount like "10.00"`;
  const digits = minorUnitDigits(currency);
  if ((value.split('.')[1] ?? '').replace(/0+$/, '').length > digits) return `${value} has more decimals than ${currency}'s ${digits}`;
  const amount = new Decimal(value);
  if (amount.isZero()) return 'must be more than 0';
  if (amount.greaterThan(MAX_RECHARGE_UNITS)) return `${value} is more than a card may hold at issue (${MAX_RECHARGE_UNITS})`;
  return null;
}

function expiryProblem(expiry: CardExpiry): string | null {
  if (typeof expiry !== 'object' || expiry === null) return 'is { onDate: YYYY-MM-DD } or { daysAfterActivation: N }';
  const keys = Object.keys(expiry);
  if (keys.length !== 1) return 'is exactly one of onDate or daysAfterActivation';
  if ('onDate' in expiry) return typeof expiry.onDate === 'string' ? dateProblem(expiry.onDate) : 'onDate is a date like 2027-12-31';
  if ('daysAfterActivation' in expiry) {
    const days = expiry.daysAfterActivation;
    return Number.isSafeInteger(days) && days >= 1 && days <= MAX_VALID_DAYS ? null : `daysAfterActivation ${days} is not a whole number from 1 to ${MAX_VALID_DAYS}`;
  }
  return `${keys[0]} is not onDate or daysAfterActivation`;
}
