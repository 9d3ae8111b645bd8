/**
 * Clients: persons and companies. Besides their details (the generic register/change/define
 * life), a client has a status (prospect -> active -> suspended -> closed), contact persons and a
 * communications log (notes, calls, e-mails with time and author).
 */
import type { Decider } from '../../core/decider.ts';
import { entityDecider, type EntityCommand, type EntityEvent, type EntityState } from '../../core/entity-decider.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { countryProblem, invoiceCurrencyProblem, emailProblem, idProblem, instantProblem, Issues, languageProblem, timeZoneProblem } from '../../core/validate.ts';
import { vatIdProblem } from '../../core/vat-id.ts';
import type { PostalAddress } from '../legal-entity/events.ts';

export const CLIENT_TYPES = ['person', 'company'] as const;
export const CLIENT_STATUSES = ['prospect', 'active', 'suspended', 'closed'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];
/**
 * The status a client starts in when its creator does not say (REST `status`, clients.csv
 * `status`): the same for both, so where a client came from never decides what it is. Active,
 * because a client in billstream is one that is billed: a migrated customer, or a new one with a
 * contract; a sales lead is registered as `prospect` explicitly.
 */
export const NEW_CLIENT_STATUS: ClientStatus = 'active';
export const COMMUNICATION_KINDS = ['note', 'call', 'email'] as const;

export interface ClientDetails {
  type: (typeof CLIENT_TYPES)[number];
  name: string;
  country: string;
  /** BCP 47: invoices are written in it. */
  language: string;
  /** Default invoice currency of the client's contracts. */
  currency: string;
  vatId: string | null;
  /** IANA: cycle boundaries and time bands are local to it. */
  timeZone: string;
  email: string | null;
  address: PostalAddress | null;
  /** The reseller or wholesale partner; null for the operator's own clients. */
  partnerId: string | null;
  agentId: string | null;
  externalId: string | null;
}

export interface ContactPerson {
  contactId: string;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
}

export interface CommunicationEntry {
  entryId: string;
  kind: (typeof COMMUNICATION_KINDS)[number];
  /** When it happened (ISO instant), which may be before it was logged. */
  at: string;
  author: string;
  subject: string | null;
  body: string;
}

export const CLIENT_REGISTERED = 'ClientRegistered';
export const CLIENT_CHANGED = 'ClientDetailsChanged';

export type ClientEvent =
  | EntityEvent
  | { type: 'ClientStatusChanged'; data: { clientId: string; from: ClientStatus; to: ClientStatus; reason: string | null } }
  | { type: 'ContactPersonSaved'; data: { clientId: string } & ContactPerson }
  | { type: 'ContactPersonRemoved'; data: { clientId: string; contactId: string } }
  | { type: 'ClientCommunicationLogged'; data: { clientId: string } & CommunicationEntry };


export type ClientCommand =
  | EntityCommand<ClientDetails & { status?: ClientStatus }>
  | { type: 'ChangeStatus'; id: string; status: ClientStatus; reason: string | null }
  | { type: 'SaveContactPerson'; id: string; contact: ContactPerson }
  | { type: 'RemoveContactPerson'; id: string; contactId: string }
  | { type: 'LogCommunication'; id: string; entry: CommunicationEntry };

export interface ClientState {
  details: EntityState<ClientDetails>;
  status: ClientStatus;
  contacts: Map<string, ContactPerson>;
  communicationIds: Set<string>;
}

export function clientIssues(details: ClientDetails, id: string) {
  const issues = new Issues();
  issues.check('id', idProblem(id));
  if (!CLIENT_TYPES.includes(details.type)) issues.check('type', `${JSON.stringify(details.type)} is not person or company`);
  issues.require('name', details.name?.trim());
  const countryOk = !countryProblem(details.country);
  issues.check('country', countryProblem(details.country));
  issues.check('language', languageProblem(details.language));
  issues.check('currency', invoiceCurrencyProblem(details.currency));
  if (details.vatId !== null && countryOk) {
    const problem = vatIdProblem(details.vatId, details.country);
    issues.check('vatId', problem && `${details.vatId}: ${problem}`);
  }
  issues.check('timeZone', timeZoneProblem(details.timeZone));
  if (details.email !== null) issues.check('email', emailProblem(details.email));
  issues.length('name', details.name, 200);
  issues.length('email', details.email, 200);
  issues.length('externalId', details.externalId, 100);
  issues.address('address', details.address);
  return issues.list;
}

/** Where each status may go. Closed is final: a closed client's history stays, its account does not reopen. */
const TRANSITIONS: Record<ClientStatus, ClientStatus[]> = {
  prospect: ['active', 'closed'],
  active: ['suspended', 'closed'],
  suspended: ['active', 'closed'],
  closed: [],
};

const details = entityDecider<ClientDetails>({
  noun: 'client',
  registered: CLIENT_REGISTERED,
  changed: CLIENT_CHANGED,
  idKey: 'clientId',
  issues: clientIssues,
});

function requireExisting(state: ClientState, id: string): void {
  if (!state.details.exists) throw new NotFoundError(`client ${id} does not exist`);
}

export const clientDecider: Decider<ClientState, ClientCommand, ClientEvent> = {
  initialState: () => ({ details: details.initialState(), status: 'prospect', contacts: new Map(), communicationIds: new Set() }),

  evolve(state, event) {
    // EntityEvent's type is any string, so narrow by hand.
    const e = event as Exclude<ClientEvent, EntityEvent> | EntityEvent;
    if (e.type === 'ClientStatusChanged') {
      return { ...state, status: (e.data as { to: ClientStatus }).to };
    }
    if (e.type === 'ContactPersonSaved') {
      const { clientId: _c, ...contact } = e.data as { clientId: string } & ContactPerson;
      return { ...state, contacts: new Map(state.contacts).set(contact.contactId, contact) };
    }
    if (e.type === 'ContactPersonRemoved') {
      const contacts = new Map(state.contacts);
      contacts.delete((e.data as { contactId: string }).contactId);
      return { ...state, contacts };
    }
    if (e.type === 'ClientCommunicationLogged') {
      return { ...state, communicationIds: new Set(state.communicationIds).add((e.data as { entryId: string }).entryId) };
    }
    if (e.type === CLIENT_REGISTERED) {
      const { status, ...data } = e.data as Record<string, unknown> & { status?: ClientStatus };
      // Every registration carries its status; 'prospect' was the default when one was written without.
      return { ...state, details: details.evolve(state.details, { type: e.type, data }), status: status ?? 'prospect' };
    }
    return { ...state, details: details.evolve(state.details, e as EntityEvent) };
  },

  decide(command, state) {
    switch (command.type) {
      case 'Register':
      case 'Change':
      case 'Define': {
        const { status, ...clientDetails } = command.details;
        if (status !== undefined && !CLIENT_STATUSES.includes(status)) throw ValidationError.field('status', `${JSON.stringify(status)} is not one of ${CLIENT_STATUSES.join(', ')}`);
        if (state.status === 'closed' && command.type !== 'Register') throw new ConflictError(`client ${command.id} is closed`);
        const events = details.decide({ ...command, details: clientDetails }, state.details) as ClientEvent[];
        // The initial status rides on the registration; later ones go through ChangeStatus and its transitions.
        return events.map((e) => (e.type === CLIENT_REGISTERED ? { ...e, data: { ...e.data, status: status ?? NEW_CLIENT_STATUS } } : e));
      }
      case 'ChangeStatus': {
        requireExisting(state, command.id);
        if (state.status === command.status) return [];
        if (!TRANSITIONS[state.status].includes(command.status)) {
          throw new ConflictError(`client ${command.id} cannot go from ${state.status} to ${command.status} (allowed: ${TRANSITIONS[state.status].join(', ') || 'none, closed is final'})`);
        }
        return [{ type: 'ClientStatusChanged', data: { clientId: command.id, from: state.status, to: command.status, reason: command.reason } }];
      }
      case 'SaveContactPerson': {
        requireExisting(state, command.id);
        const issues = new Issues();
        issues.check('contactId', idProblem(command.contact.contactId));
        issues.require('name', command.contact.name?.trim());
        if (command.contact.email !== null) issues.check('email', emailProblem(command.contact.email));
        if (!issues.empty) throw new ValidationError(issues.list.map((i) => `${i.field}: ${i.message}`).join('; '), issues.list);
        const current = state.contacts.get(command.contact.contactId);
        if (current && JSON.stringify(current) === JSON.stringify(command.contact)) return [];
        return [{ type: 'ContactPersonSaved', data: { clientId: command.id, ...command.contact } }];
      }
      case 'RemoveContactPerson':
        requireExisting(state, command.id);
        if (!state.contacts.has(command.contactId)) throw new NotFoundError(`client ${command.id} has no contact person ${command.contactId}`);
        return [{ type: 'ContactPersonRemoved', data: { clientId: command.id, contactId: command.contactId } }];
      case 'LogCommunication': {
        requireExisting(state, command.id);
        const issues = new Issues();
        if (!COMMUNICATION_KINDS.includes(command.entry.kind)) issues.check('kind', `${JSON.stringify(command.entry.kind)} is not one of ${COMMUNICATION_KINDS.join(', ')}`);
        issues.check('at', instantProblem(command.entry.at));
        issues.require('body', command.entry.body?.trim());
        if (!issues.empty) throw new ValidationError(issues.list.map((i) => `${i.field}: ${i.message}`).join('; '), issues.list);
        if (state.communicationIds.has(command.entry.entryId)) return [];
        return [{ type: 'ClientCommunicationLogged', data: { clientId: command.id, ...command.entry } }];
      }
      default: {
        const exhaustive: never = command;
        return exhaustive;
      }
    }
  },
};
