/** Contracts with their billing terms (cycle, anchor day, currency, payment terms, legal entity). */
import { entityProjection, type EntityDocument } from '../src/processing/entity-projection.ts';
import { CONTRACT_CHANGED, CONTRACT_REGISTERED } from '../src/domain/contract/decider.ts';

export const CONTRACTS = 'contracts';

/** The stored document: the entity's fields as registered and last changed. */
export type ContractDocument = EntityDocument;

export const contractsProjection = entityProjection<ContractDocument>({
  name: 'contracts',
  version: 1,
  collection: CONTRACTS,
  indexes: ['clientId', 'legalEntityId', 'externalId', 'agentId', 'number'],
  registered: CONTRACT_REGISTERED,
  changed: CONTRACT_CHANGED,
  idKey: 'contractId',
});
