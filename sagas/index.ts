import type { Saga } from '../src/processing/saga.ts';
import type { ConsumerDefinition } from '../src/processing/checkpointed-consumer.ts';
import type { AppDeps } from '../src/app/deps.ts';
import { usageRatingSaga } from './usage-rating.saga.ts';
import { billingCycleSaga } from './billing-cycle.saga.ts';
import { documentsSaga } from './documents.saga.ts';
import { dynamicAuthorizationSaga } from './dynamic-authorization.saga.ts';
import { creditReleaseSaga } from './credit-release.saga.ts';
import { usageReratingSaga } from './usage-rerating.saga.ts';

/** Every process manager that `serve` runs and CLI commands bring up to date. */
export const ALL_SAGAS: Saga<unknown>[] = [];

/** Stateless sagas (event in, events out) that read the read models: built once the installation is open. */
export const ALL_PROCESSORS: ((billstream: AppDeps) => ConsumerDefinition)[] = [usageRatingSaga, usageReratingSaga, billingCycleSaga, creditReleaseSaga];

/**
 * Processors that run in the background only: `serve` keeps them going, and `catchUp` does not
 * wait for them (a CLI bill run returns once its invoices are issued, not once 100,000 documents
 * are rendered; a block over REST answers before the NAS answers the Disconnect-Request).
 * `Billstream.catchUpDocuments` brings them up to date (`documents`, `verify`).
 */
export const BACKGROUND_PROCESSORS: ((billstream: AppDeps) => ConsumerDefinition)[] = [documentsSaga, dynamicAuthorizationSaga];
