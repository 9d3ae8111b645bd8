import type { Saga } from '../src/processing/saga.ts';

/** Every process manager that `serve` runs and CLI commands bring up to date. The billing cycle saga comes with billing. */
export const ALL_SAGAS: Saga<unknown>[] = [];
