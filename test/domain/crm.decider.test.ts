import { describe, expect, it } from 'vitest';
import { clientDecider, type ClientDetails, type ClientEvent } from '../../src/domain/client/decider.ts';
import { contractDecider, type ContractDetails } from '../../src/domain/contract/decider.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';

const anna: ClientDetails = {
  type: 'person', name: 'Kovács Anna', country: 'HU', language: 'hu', currency: 'HUF', vatId: null, timeZone: 'Europe/Budapest',
  email: null, address: null, partnerId: null, agentId: null, externalId: null,
};
const registered = { type: 'ClientRegistered', data: { clientId: 'C-1', ...anna, status: 'prospect' } } as ClientEvent;
const status = (from: string, to: string) => ({ type: 'ClientStatusChanged', data: { clientId: 'C-1', from, to, reason: null } }) as ClientEvent;

describe('client decider', () => {
  const spec = DeciderSpecification.for(clientDecider);

  it('registers a client with its initial status: active unless the command says otherwise, whoever sends it (REST or an import)', () => {
    spec.given([]).when({ type: 'Register', id: 'C-1', details: { ...anna, status: 'prospect' } }).then([registered]);
    spec.given([]).when({ type: 'Register', id: 'C-1', details: anna })
      .then([{ type: 'ClientRegistered', data: { clientId: 'C-1', ...anna, status: 'active' } } as ClientEvent]);
    spec.given([]).when({ type: 'Define', id: 'C-1', details: anna })
      .then([{ type: 'ClientRegistered', data: { clientId: 'C-1', ...anna, status: 'active' } } as ClientEvent]);
  });

  it('walks the status life cycle and refuses what it does not allow', () => {
    spec.given([registered]).when({ type: 'ChangeStatus', id: 'C-1', status: 'active', reason: null }).then([status('prospect', 'active')]);
    spec.given([registered, status('prospect', 'active')]).when({ type: 'ChangeStatus', id: 'C-1', status: 'suspended', reason: null }).then([status('active', 'suspended')]);
    spec.given([registered]).when({ type: 'ChangeStatus', id: 'C-1', status: 'suspended', reason: null }).thenThrows(ConflictError);
    spec.given([registered, status('prospect', 'closed')]).when({ type: 'ChangeStatus', id: 'C-1', status: 'active', reason: null }).thenThrows(ConflictError);
    spec.given([registered]).when({ type: 'ChangeStatus', id: 'C-1', status: 'prospect', reason: null }).thenNothingHappens();
    spec.given([]).when({ type: 'ChangeStatus', id: 'C-1', status: 'active', reason: null }).thenThrows(NotFoundError);
  });

  it('keeps the status when the details are defined again (a re-import)', () => {
    spec.given([registered, status('prospect', 'active')]).when({ type: 'Define', id: 'C-1', details: { ...anna, status: 'active' } }).thenNothingHappens();
  });

  it('refuses changes to a closed client', () => {
    spec.given([registered, status('prospect', 'closed')]).when({ type: 'Change', id: 'C-1', details: { ...anna, name: 'X' } }).thenThrows(ConflictError);
  });

  it('names every invalid field at once', () => {
    spec.given([]).when({ type: 'Register', id: 'C-1', details: { ...anna, type: 'robot' as never, country: 'XX', language: '!!', currency: 'ABC', timeZone: 'Nowhere/City', email: 'x' } })
      .thenThrows(ValidationError, (error) => expect(error.issues.map((i) => i.field)).toEqual(['type', 'country', 'language', 'currency', 'timeZone', 'email']));
  });

  it('logs each communication once, by its entry id', () => {
    const entry = { entryId: 'e1', kind: 'call' as const, at: '2026-01-10T08:30:00Z', author: 'desk', subject: null, body: 'Called' };
    const logged = { type: 'ClientCommunicationLogged', data: { clientId: 'C-1', ...entry } } as ClientEvent;
    spec.given([registered]).when({ type: 'LogCommunication', id: 'C-1', entry }).then([logged]);
    spec.given([registered, logged]).when({ type: 'LogCommunication', id: 'C-1', entry }).thenNothingHappens();
    spec.given([registered]).when({ type: 'LogCommunication', id: 'C-1', entry: { ...entry, at: 'yesterday' } }).thenThrows(ValidationError);
  });
});

describe('contract decider', () => {
  const spec = DeciderSpecification.for(contractDecider);
  const contract: ContractDetails = {
    clientId: 'C-1', legalEntityId: 'HU1', number: 'K-1', startDate: '2026-01-01', endDate: null, billingCycle: 'monthly', cycleAnchorDay: 1,
    currency: 'HUF', paymentTermsDays: 15, billingStart: null, agentId: null, externalId: null,
  };
  const concluded = { type: 'ContractConcluded', data: { contractId: 'K-1', ...contract } };

  it('records only what changed, and never moves a contract to another client or seller', () => {
    spec.given([concluded]).when({ type: 'Change', id: 'K-1', details: { ...contract, endDate: '2027-01-01' } })
      .then([{ type: 'ContractDetailsChanged', data: { contractId: 'K-1', changes: { endDate: '2027-01-01' } } }]);
    spec.given([concluded]).when({ type: 'Change', id: 'K-1', details: { ...contract, clientId: 'C-2' } }).thenThrows(ValidationError);
  });

  it('refuses an end before the start, an anchor day past 28 and a migration start before the contract', () => {
    spec.given([]).when({ type: 'Register', id: 'K-1', details: { ...contract, endDate: '2025-12-31', cycleAnchorDay: 31, billingStart: '2025-06-01' } })
      .thenThrows(ValidationError, (error) => expect(error.issues.map((i) => i.field)).toEqual(['endDate', 'cycleAnchorDay', 'billingStart']));
  });
});
