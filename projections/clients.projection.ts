/** Clients as lists and searches find them (name key, status, country, partner, VAT id), with their contact persons. */
import { entityProjection, searchKey, type EntityDocument } from '../src/processing/entity-projection.ts';
import { CLIENT_CHANGED, CLIENT_REGISTERED, type ContactPerson } from '../src/domain/client/decider.ts';

export const CLIENTS = 'clients';

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
  collection: CLIENTS,
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
