/** Service points: where a service is delivered. The address's country is evidence for the VAT place of supply. */
import { entityDecider } from '../../core/entity-decider.ts';
import { countryProblem, idProblem, Issues } from '../../core/validate.ts';
import type { PostalAddress } from '../legal-entity/events.ts';
import { normalizeIdentifier } from './identifiers.ts';

export interface ServicePointDetails {
  contractId: string;
  /** The contract's client, so a client's service points are found without a join. */
  clientId: string;
  /** Normalized identifiers; unique among active service points. */
  identifiers: string[];
  address: PostalAddress;
  country: string;
  active: boolean;
  externalId: string | null;
}

export const SERVICE_POINT_REGISTERED = 'ServicePointRegistered';
export const SERVICE_POINT_CHANGED = 'ServicePointDetailsChanged';

export function servicePointIssues(details: ServicePointDetails, id: string) {
  const issues = new Issues();
  issues.check('id', idProblem(id));
  issues.require('contractId', details.contractId);
  issues.check('country', countryProblem(details.country));
  for (const identifier of details.identifiers) {
    const normalized = normalizeIdentifier(identifier);
    if ('problem' in normalized) issues.check('identifiers', normalized.problem);
    else if (normalized.value !== identifier) issues.check('identifiers', `${identifier} is not normalized (${normalized.value})`);
  }
  if (new Set(details.identifiers).size !== details.identifiers.length) issues.check('identifiers', 'an identifier is listed twice');
  issues.length('externalId', details.externalId, 100);
  issues.address('address', details.address);
  return issues.list;
}

export const servicePointDecider = entityDecider<ServicePointDetails>({
  noun: 'service point',
  registered: SERVICE_POINT_REGISTERED,
  changed: SERVICE_POINT_CHANGED,
  idKey: 'servicePointId',
  issues: servicePointIssues,
  immutable: ['contractId', 'clientId'],
});
