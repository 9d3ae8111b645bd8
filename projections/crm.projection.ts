/** Read models of the CRM: clients, agents, contracts, service points, subscriptions and the service catalogue. */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import { entityProjection, searchKey, type EntityDocument } from '../src/processing/entity-projection.ts';
import { CLIENT_CHANGED, CLIENT_REGISTERED, type ContactPerson } from '../src/domain/client/decider.ts';
import { AGENT_CHANGED, AGENT_REGISTERED } from '../src/domain/agent/decider.ts';
import { CONTRACT_CHANGED, CONTRACT_REGISTERED } from '../src/domain/contract/decider.ts';
import { SERVICE_POINT_CHANGED, SERVICE_POINT_REGISTERED } from '../src/domain/service-point/decider.ts';
import { SUBSCRIPTION_CHANGED, SUBSCRIPTION_REGISTERED } from '../src/domain/subscription/decider.ts';
import { SERVICE_CHANGED, SERVICE_REGISTERED } from '../src/domain/catalog/decider.ts';

export const COLLECTIONS = {
  clients: 'clients',
  agents: 'agents',
  contracts: 'contracts',
  servicePoints: 'service_points',
  subscriptions: 'subscriptions',
  services: 'services',
} as const;

export interface ClientDocument extends EntityDocument {
  name: string;
  nameKey: string;
  type: 'person' | 'company';
  vatId: string | null;
  /** A company with a VAT id (FORMATS.md): reverse charge applies across EU borders. */
  taxableBusiness: boolean;
  status: string;
  contacts: ContactPerson[];
}

export const clientsProjection = entityProjection<ClientDocument>({
  name: 'clients',
  version: 1,
  collection: COLLECTIONS.clients,
  indexes: ['nameKey', 'status', 'country', 'partnerId', 'externalId', 'agentId', 'vatId'],
  registered: CLIENT_REGISTERED,
  changed: CLIENT_CHANGED,
  idKey: 'clientId',
  more: {
    ClientStatusChanged: (doc, event) => ({ ...doc, status: (event.data as { to: string }).to }),
    ContactPersonSaved: (doc, event) => {
      const { clientId: _c, ...contact } = event.data as { clientId: string } & ContactPerson;
      const others = (doc.contacts ?? []).filter((c) => c.contactId !== contact.contactId);
      return { ...doc, contacts: [...others, contact].sort((a, b) => a.contactId.localeCompare(b.contactId)) };
    },
    ContactPersonRemoved: (doc, event) => ({ ...doc, contacts: (doc.contacts ?? []).filter((c) => c.contactId !== (event.data as { contactId: string }).contactId) }),
  },
  derive: (doc) => ({
    ...doc,
    nameKey: searchKey(doc.name),
    taxableBusiness: doc.type === 'company' && !!doc.vatId,
    contacts: doc.contacts ?? [],
  }),
});

export interface CommunicationDocument {
  [key: string]: unknown;
  id: string;
  clientId: string;
  kind: string;
  at: string;
  author: string;
  subject: string | null;
  body: string;
  loggedBy: string;
  loggedAt: string;
}

/** The client communications log, one document per entry, listed by client and time. */
export const clientCommunicationsProjection = {
  name: 'client-communications',
  version: 1,
  collections: [{ name: 'client_communications', indexes: ['clientId', 'at'] }],
  handles: ['ClientCommunicationLogged'],
  async apply(event: RecordedEvent, uow: import('../src/readstore/port.ts').UnitOfWork) {
    const data = event.data as { clientId: string; entryId: string; kind: string; at: string; author: string; subject: string | null; body: string };
    const document: CommunicationDocument = {
      id: `${data.clientId}:${data.entryId}`,
      clientId: data.clientId,
      kind: data.kind,
      at: data.at,
      author: data.author,
      subject: data.subject,
      body: data.body,
      loggedBy: event.metadata.actor,
      loggedAt: event.metadata.recordedAt,
    };
    uow.put('client_communications', document.id, document);
  },
};

export const agentsProjection = entityProjection<EntityDocument>({
  name: 'agents',
  version: 1,
  collection: COLLECTIONS.agents,
  indexes: ['externalId'],
  registered: AGENT_REGISTERED,
  changed: AGENT_CHANGED,
  idKey: 'agentId',
});

export const contractsProjection = entityProjection<EntityDocument>({
  name: 'contracts',
  version: 1,
  collection: COLLECTIONS.contracts,
  indexes: ['clientId', 'legalEntityId', 'externalId', 'agentId', 'number'],
  registered: CONTRACT_REGISTERED,
  changed: CONTRACT_CHANGED,
  idKey: 'contractId',
});

export const servicePointsProjection = entityProjection<EntityDocument>({
  name: 'service-points',
  version: 1,
  collection: COLLECTIONS.servicePoints,
  indexes: ['contractId', 'clientId', 'externalId', 'active'],
  registered: SERVICE_POINT_REGISTERED,
  changed: SERVICE_POINT_CHANGED,
  idKey: 'servicePointId',
});

export const subscriptionsProjection = entityProjection<EntityDocument>({
  name: 'subscriptions',
  version: 1,
  collection: COLLECTIONS.subscriptions,
  indexes: ['servicePointId', 'contractId', 'clientId', 'tariffId', 'externalId'],
  registered: SUBSCRIPTION_REGISTERED,
  changed: SUBSCRIPTION_CHANGED,
  idKey: 'subscriptionId',
});

export const servicesProjection = entityProjection<EntityDocument>({
  name: 'services',
  version: 1,
  collection: COLLECTIONS.services,
  indexes: ['category', 'externalId'],
  registered: SERVICE_REGISTERED,
  changed: SERVICE_CHANGED,
  idKey: 'serviceId',
});
