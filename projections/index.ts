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
import { billingViewsProjection } from './billing-views.ts';
import { dashboardUsageProjection } from './dashboard.projection.ts';
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
  billingViewsProjection,
  cardsProjection,
  radiusSessionsProjection,
];

/**
 * The read models a user names (`billstream replay journal`): a projection's own name, or the
 * name of a member of a group, which is rebuilt with its whole group (one checkpoint for all).
 * Each chosen once, in ALL_PROJECTIONS' order; `unknown` lists the names that match none.
 */
export function projectionsNamed(names: string[]): { chosen: Projection[]; unknown: string[] } {
  const matches = (projection: Projection, name: string) => projection.name === name || (projection.members ?? []).includes(name);
  return {
    chosen: ALL_PROJECTIONS.filter((projection) => names.some((name) => matches(projection, name))),
    unknown: names.filter((name) => !ALL_PROJECTIONS.some((projection) => matches(projection, name))),
  };
}

/** The names `projectionsNamed` knows, for an error message: each group with its members. */
export function knownProjectionNames(): string {
  return ALL_PROJECTIONS.map((projection) => (projection.members ? `${projection.name} (${projection.members.join(', ')})` : projection.name)).join(', ');
}
