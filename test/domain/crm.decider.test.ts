import { describe, expect, it } from 'vitest';
import { clientDecider, type ClientDetails, type ClientEvent } from '../../src/domain/client/decider.ts';
import { contractDecider, cycleChangeIssues, type ContractDetails } from '../../src/domain/contract/decider.ts';
import { contractCoversSubscriptionsIssues, subscriptionWithinContractIssues } from '../../src/domain/subscription/contract-period.ts';
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

  it('refuses a migration start on or after the (exclusive) end: nothing would be billed', () => {
    for (const billingStart of ['2026-06-01', '2026-07-01']) {
      spec.given([]).when({ type: 'Register', id: 'K-1', details: { ...contract, endDate: '2026-06-01', billingStart } })
        .thenThrows(ValidationError, (error) => expect(error.issues).toEqual([{ field: 'billingStart', message: `${billingStart} is not before the end 2026-06-01 (the end is exclusive)` }]));
    }
    spec.given([]).when({ type: 'Register', id: 'K-1', details: { ...contract, endDate: '2026-06-01', billingStart: '2026-05-31' } })
      .then([{ type: 'ContractConcluded', data: { contractId: 'K-1', ...contract, endDate: '2026-06-01', billingStart: '2026-05-31' } }]);
  });

  it('refuses another anchor day or cycle length once a cycle is invoiced (RULES 6), naming the invoice; before any invoice it is free', () => {
    const invoiced = { period: { start: '2026-01-01', end: '2026-02-01' }, number: 'DE1-2026-000001', runId: 'R1' };
    expect(cycleChangeIssues('K1', contract, { ...contract, cycleAnchorDay: 15 }, invoiced)).toEqual([
      { field: 'cycleAnchorDay', message: 'cannot change from 1 to 15: cycle 2026-01-01..2026-02-01 of contract K1 is already invoiced (DE1-2026-000001)' },
    ]);
    expect(cycleChangeIssues('K1', contract, { ...contract, billingCycle: 'quarterly' }, { ...invoiced, number: null })).toEqual([
      { field: 'billingCycle', message: 'cannot change from monthly to quarterly: cycle 2026-01-01..2026-02-01 of contract K1 is already invoiced (draft of bill run R1)' },
    ]);
    expect(cycleChangeIssues('K1', contract, { ...contract, cycleAnchorDay: 15 }, null)).toEqual([]);
    expect(cycleChangeIssues('K1', contract, { ...contract, paymentTermsDays: 30 }, invoiced)).toEqual([]);
    // A value that is no cycle or anchor day at all is left to the decider's own message.
    expect(cycleChangeIssues('K1', contract, { ...contract, billingCycle: 'weekly' as never, cycleAnchorDay: 31 }, invoiced)).toEqual([]);
  });
});

describe('subscription within its contract', () => {
  const k8 = { startDate: '2026-01-15', endDate: '2026-06-01' };

  it('refuses a subscription starting before its contract, on or after its end, or ending after it; an open end is the contract\'s', () => {
    expect(subscriptionWithinContractIssues({ startDate: '2025-11-01', endDate: null }, 'K8', k8)).toEqual([
      { field: 'startDate', message: '2025-11-01 is before the start of contract K8 (2026-01-15)' },
    ]);
    expect(subscriptionWithinContractIssues({ startDate: '2026-06-01', endDate: null }, 'K8', k8)).toEqual([
      { field: 'startDate', message: '2026-06-01 is not before the end of contract K8 (2026-06-01, exclusive)' },
    ]);
    expect(subscriptionWithinContractIssues({ startDate: '2026-02-01', endDate: '2026-06-02' }, 'K8', k8)).toEqual([
      { field: 'endDate', message: '2026-06-02 is after the end of contract K8 (2026-06-01)' },
    ]);
    expect(subscriptionWithinContractIssues({ startDate: '2026-01-15', endDate: '2026-06-01' }, 'K8', k8)).toEqual([]);
    expect(subscriptionWithinContractIssues({ startDate: '2026-01-15', endDate: null }, 'K8', k8)).toEqual([]);
    expect(subscriptionWithinContractIssues({ startDate: '2030-01-01', endDate: null }, 'K8', { startDate: '2026-01-15', endDate: null })).toEqual([]);
    // Bad dates are the decider's to name.
    expect(subscriptionWithinContractIssues({ startDate: '2025-13-01', endDate: null }, 'K8', k8)).toEqual([]);
  });

  it('refuses new contract dates that leave a subscription outside, naming it', () => {
    const subscriptions = [
      { id: 'S1', startDate: '2026-01-15', endDate: null },
      { id: 'S2', startDate: '2026-03-01', endDate: '2026-05-01' },
      { id: 'S3', startDate: '2026-01-20', endDate: null },
    ];
    expect(contractCoversSubscriptionsIssues({ startDate: '2026-02-01', endDate: null }, subscriptions)).toEqual([
      { field: 'startDate', message: '2026-02-01 is after the start of subscription S1 (2026-01-15), and 1 more subscription' },
    ]);
    expect(contractCoversSubscriptionsIssues({ startDate: '2026-01-15', endDate: '2026-03-01' }, subscriptions)).toEqual([
      { field: 'endDate', message: '2026-03-01 is not after the start of subscription S2 (2026-03-01)' },
    ]);
    expect(contractCoversSubscriptionsIssues({ startDate: '2026-01-15', endDate: '2026-04-01' }, subscriptions)).toEqual([
      { field: 'endDate', message: '2026-04-01 is before the end of subscription S2 (2026-05-01)' },
    ]);
    // Open-ended subscriptions end with the contract.
    expect(contractCoversSubscriptionsIssues({ startDate: '2026-01-01', endDate: '2026-05-01' }, subscriptions)).toEqual([]);
  });
});
