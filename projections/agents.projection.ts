/** Sales agents the clients and contracts name (resellers are partners). */
import { entityProjection, type EntityDocument } from '../src/processing/entity-projection.ts';
import { AGENT_CHANGED, AGENT_REGISTERED } from '../src/domain/agent/decider.ts';

export const AGENTS = 'agents';

/** The stored document: the entity's fields as registered and last changed. */
export type AgentDocument = EntityDocument;

export const agentsProjection = entityProjection<AgentDocument>({
  name: 'agents',
  version: 1,
  collection: AGENTS,
  indexes: ['externalId'],
  registered: AGENT_REGISTERED,
  changed: AGENT_CHANGED,
  idKey: 'agentId',
});
