/** Partners (resellers, wholesale partners) the clients name. */
import { entityProjection, type EntityDocument } from '../src/processing/entity-projection.ts';
import { PARTNER_CHANGED, PARTNER_REGISTERED } from '../src/domain/partner/decider.ts';

export const PARTNERS = 'partners';

/** The stored document: the entity's fields as registered and last changed. */
export type PartnerDocument = EntityDocument;

export const partnersProjection = entityProjection<PartnerDocument>({
  name: 'partners',
  version: 1,
  collection: PARTNERS,
  indexes: ['externalId'],
  registered: PARTNER_REGISTERED,
  changed: PARTNER_CHANGED,
  idKey: 'partnerId',
});
