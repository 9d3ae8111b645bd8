import { projectionGroup, type Projection } from '../src/processing/projection.ts';
import { apiKeysProjection } from './api-keys.projection.ts';
import { usersProjection } from './users.projection.ts';
import { legalEntitiesProjection } from './legal-entities.projection.ts';
import { agentsProjection } from './agents.projection.ts';
import { partnersProjection } from './partners.projection.ts';
import { clientCommunicationsProjection } from './client-communications.projection.ts';
import { clientsProjection } from './clients.projection.ts';
import { contractsProjection } from './contracts.projection.ts';
import { servicePointsProjection } from './service-points.projection.ts';
import { servicesProjection } from './services.projection.ts';
import { subscriptionsProjection } from './subscriptions.projection.ts';
import { identifiersProjection } from './identifiers.projection.ts';
import { nasProjection } from './nas.projection.ts';
import { radiusCredentialsProjection } from './radius-credentials.projection.ts';
import { tariffsProjection } from './tariffs.projection.ts';
import { discountsProjection } from './discounts.projection.ts';
import { unresolvedUsageProjection } from './unresolved-usage.projection.ts';
import { usageRecordsProjection } from './usage-records.projection.ts';
import { fxRatesProjection } from './fx-rates.projection.ts';
import { holidaysProjection } from './holidays.projection.ts';
import { usageDaysProjection } from './usage-days.projection.ts';
import { usageWithoutHolidaysProjection } from './usage-without-holidays.projection.ts';
import { billRunsProjection } from './bill-runs.projection.ts';
import { creditNotesProjection } from './credit-notes.projection.ts';
import { invoicesProjection } from './invoices.projection.ts';
import { journalProjection } from './journal.projection.ts';
import { paymentsProjection } from './payments.projection.ts';
import { receivablesProjection } from './receivables.projection.ts';
import { dashboardProjection, dashboardUsageProjection } from './dashboard.projection.ts';
import { cardsProjection } from './cards.projection.ts';
import { radiusSessionsProjection } from './radius-sessions.projection.ts';

/** Every read model; `billstream replay` rebuilds these. */
export const ALL_PROJECTIONS: Projection[] = [
  apiKeysProjection,
  usersProjection,
  legalEntitiesProjection,
  clientsProjection,
  clientCommunicationsProjection,
  agentsProjection,
  partnersProjection,
  contractsProjection,
  servicePointsProjection,
  subscriptionsProjection,
  servicesProjection,
  identifiersProjection,
  radiusCredentialsProjection,
  nasProjection,
  tariffsProjection,
  discountsProjection,
  // Fed by the same events, every usage record's: one pass for the four (see projectionGroup).
  // The dashboard's usage counts come first: a re-rating reads the record's reason from the unresolved view before that view drops it.
  projectionGroup('usage-views', [dashboardUsageProjection, unresolvedUsageProjection, usageRecordsProjection, usageDaysProjection, usageWithoutHolidaysProjection]),
  fxRatesProjection,
  holidaysProjection,
  billRunsProjection,
  invoicesProjection,
  creditNotesProjection,
  paymentsProjection,
  receivablesProjection,
  journalProjection,
  dashboardProjection,
  cardsProjection,
  radiusSessionsProjection,
];
