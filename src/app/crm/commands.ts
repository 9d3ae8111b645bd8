/**
 * The CRM entities as the API and the imports use them: each kind's decider, stream, read model,
 * and the checks that need other entities (a contract's client must exist and not be closed, a
 * service point's identifiers must be free, …). Every field that names another entity (a
 * client's partner and agent, a contract's client, seller and agent, a service point's contract,
 * a subscription's service point and tariff) is refused, naming the id, when that entity does not
 * exist. Those checks read the event store, the source of truth, so an import sees entities an
 * earlier file created a moment ago.
 */
import { fold, type Decider } from '../../core/decider.ts';
import { handleCommand, type CommandContext } from '../command-handler.ts';
import { entityOutcome, type EntityCommand, type EntityEvent, type EntityState } from '../../core/entity-decider.ts';
import { NotFoundError, ValidationError, type FieldIssue } from '../../core/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { DocumentProjection } from '../../processing/projection.ts';
import type { EntityDocument } from '../../processing/entity-projection.ts';
import { legalEntityStream } from '../../domain/legal-entity/stream.ts';
import { streams } from '../../domain/streams.ts';
import { CLIENT_REGISTERED, clientDecider, type ClientCommand, type ClientDetails, type ClientState, type ClientStatus } from '../../domain/client/decider.ts';
import { AGENT_REGISTERED, agentDecider, type AgentDetails } from '../../domain/agent/decider.ts';
import { PARTNER_REGISTERED, partnerDecider, type PartnerDetails } from '../../domain/partner/decider.ts';
import { tariffStream } from '../../domain/tariff/decider.ts';
import { CONTRACT_REGISTERED, contractDecider, cycleChangeIssues, type ContractDetails, type InvoicedCycle } from '../../domain/contract/decider.ts';
import { SERVICE_POINT_REGISTERED, servicePointDecider, type ServicePointDetails } from '../../domain/service-point/decider.ts';
import { SUBSCRIPTION_REGISTERED, subscriptionDecider, type SubscriptionDetails } from '../../domain/subscription/decider.ts';
import { contractCoversSubscriptionsIssues, subscriptionWithinContractIssues } from '../../domain/subscription/contract-period.ts';
import { SERVICE_REGISTERED, serviceDecider, type ServiceDetails } from '../../domain/catalog/decider.ts';
import { agentsProjection } from '../../../projections/agents.projection.ts';
import { partnersProjection } from '../../../projections/partners.projection.ts';
import { clientsProjection } from '../../../projections/clients.projection.ts';
import { contractsProjection } from '../../../projections/contracts.projection.ts';
import { servicePointsProjection } from '../../../projections/service-points.projection.ts';
import { servicesProjection } from '../../../projections/services.projection.ts';
import { SUBSCRIPTIONS, subscriptionsProjection, type SubscriptionDocument } from '../../../projections/subscriptions.projection.ts';
import { INVOICES, type InvoiceDocument } from '../../../projections/invoices.projection.ts';
import { findAll } from '../../readstore/port.ts';
import { findInvoices } from '../invoice/view.ts';
import { TARIFFS, type TariffDocument } from '../../../projections/tariffs.projection.ts';
import { IDENTIFIERS, type IdentifierDocument } from '../../../projections/identifiers.projection.ts';

/** What a check across entities may remember during one import (identifiers claimed earlier in the file). */
export interface ResolveContext {
  claimedIdentifiers: Map<string, string>;
  /**
   * The identifiers each service point holds after its last row so far in the file (none when
   * that row deactivated it): a number an earlier row took from one point is free for a later row
   * of another, though the identifier index is only updated after the import.
   */
  identifiersInFile: Map<string, readonly string[]>;
  /** Lookups many rows repeat (the three legal entities, a service point's two subscriptions). */
  memo: Map<string, Promise<unknown>>;
  /** Streams of referenced entities found to exist (a tariff many subscriptions name). */
  existing: Set<string>;
}

export function newResolveContext(): ResolveContext {
  return { claimedIdentifiers: new Map(), identifiersInFile: new Map(), memo: new Map(), existing: new Set() };
}

/** Bounded, so a long import keeps flat memory; repeats are near each other in a file anyway. */
function remembered<T>(context: ResolveContext, key: string, load: () => Promise<T>): Promise<T> {
  let value = context.memo.get(key) as Promise<T> | undefined;
  if (!value) {
    if (context.memo.size >= 10_000) context.memo.clear();
    value = load();
    context.memo.set(key, value);
  }
  return value;
}

export interface EntityKind<D extends object> {
  /** URL segment and import kind: `clients`, `service-points`. */
  name: string;
  noun: string;
  registered: string;
  stream(id: string): string;
  decider: Decider<unknown, EntityCommand<D>, EntityEvent>;
  projection: DocumentProjection<EntityDocument>;
  /** The decider state, the details and the stream revision, from one read of the stream. */
  load(billstream: AppDeps, id: string): Promise<Loaded<D>>;
  /**
   * Completes details from other entities and checks references; issues name detail fields.
   * `current`: the entity's details as stored, when the caller has read them (null: new); left out, read when needed.
   */
  resolve(billstream: AppDeps, id: string, details: D, context: ResolveContext, current?: D | null): Promise<FieldIssue[]>;
}

export interface Loaded<D> {
  state: unknown;
  details: D | null;
  revision: number | null;
}

async function loadEntity<D>(billstream: AppDeps, decider: Decider<unknown, never, EntityEvent>, stream: string, detailsOf: (state: unknown) => D | null): Promise<Loaded<D>> {
  const events = await billstream.eventStore.readStream(stream);
  const state = fold(decider, events as unknown as EntityEvent[]);
  return { state, details: detailsOf(state), revision: events.length ? events[events.length - 1]!.revision : null };
}

const entityDetailsOf = <D>(state: unknown): D | null => {
  const s = state as EntityState<D>;
  return s.exists ? s.details : null;
};

async function clientState(billstream: AppDeps, clientId: string): Promise<ClientState> {
  return fold(clientDecider, (await billstream.eventStore.readStream(streams.client(clientId))) as never);
}

/** Adapts the client decider (details plus status, contacts, log) to the generic entity commands. */
const clientAsEntity: Decider<unknown, EntityCommand<ClientDetails>, EntityEvent> = {
  initialState: () => clientDecider.initialState(),
  evolve: (state, event) => clientDecider.evolve(state as ClientState, event),
  decide: (command, state) => clientDecider.decide(command as ClientCommand, state as ClientState) as EntityEvent[],
};

export const clientKind: EntityKind<ClientDetails> = {
  name: 'clients',
  noun: 'client',
  registered: CLIENT_REGISTERED,
  stream: streams.client,
  decider: clientAsEntity,
  projection: clientsProjection,
  load: (billstream, id) => loadEntity(billstream, clientAsEntity as never, streams.client(id), (state) => entityDetailsOf<ClientDetails>((state as ClientState).details)),
  resolve: async (billstream, _id, details, context) => [
    ...(await referenceIssues(billstream, context, 'partnerId', 'partner', details.partnerId, streams.partner)),
    ...(await referenceIssues(billstream, context, 'agentId', 'agent', details.agentId, streams.agent)),
  ],
};

/** A kind whose decider is the generic entity decider. */
function entityKind<D extends object>(kind: Omit<EntityKind<D>, 'load' | 'resolve' | 'decider'> & {
  decider: Decider<EntityState<D>, EntityCommand<D>, EntityEvent>;
  resolve?: EntityKind<D>['resolve'];
}): EntityKind<D> {
  return {
    ...kind,
    decider: kind.decider as Decider<unknown, EntityCommand<D>, EntityEvent>,
    load: (billstream, id) => loadEntity(billstream, kind.decider as never, kind.stream(id), entityDetailsOf<D>),
    resolve: kind.resolve ?? (async () => []),
  };
}

/** The stored details of an entity, or null. */
export async function currentDetails<D extends object>(billstream: AppDeps, kind: EntityKind<D>, id: string): Promise<D | null> {
  return (await kind.load(billstream, id)).details;
}

/**
 * The issue of a field naming an entity that does not exist (`partner P-9 does not exist`), or
 * none. During an import only existence is remembered, never absence: an entity created while
 * the file is read (by another process) is found by the next row that names it.
 */
async function referenceIssues(billstream: AppDeps, context: ResolveContext, field: string, noun: string, id: string | null, stream: (id: string) => string): Promise<FieldIssue[]> {
  if (!id) return [];
  const key = stream(id);
  if (context.existing.has(key)) return [];
  if (!(await exists(billstream, key))) return [{ field, message: `${noun} ${id} does not exist` }];
  // Bounded like the memo: a long import keeps flat memory.
  if (context.existing.size >= 10_000) context.existing.clear();
  context.existing.add(key);
  return [];
}

export const partnerKind = entityKind<PartnerDetails>({
  name: 'partners',
  noun: 'partner',
  registered: PARTNER_REGISTERED,
  stream: streams.partner,
  decider: partnerDecider,
  projection: partnersProjection,
});

export const agentKind = entityKind<AgentDetails>({
  name: 'agents',
  noun: 'agent',
  registered: AGENT_REGISTERED,
  stream: streams.agent,
  decider: agentDecider,
  projection: agentsProjection,
});

export const contractKind = entityKind<ContractDetails>({
  name: 'contracts',
  noun: 'contract',
  registered: CONTRACT_REGISTERED,
  stream: streams.contract,
  decider: contractDecider,
  projection: contractsProjection,
  async resolve(billstream, id, details, context, current) {
    const issues: FieldIssue[] = [];
    if (details.clientId) {
      const client = await clientState(billstream, details.clientId);
      if (!client.details.exists) issues.push({ field: 'clientId', message: `client ${details.clientId} does not exist` });
      else {
        if (client.status === 'closed') issues.push({ field: 'clientId', message: `client ${details.clientId} is closed` });
        // The invoice currency: the contract's own, else the client's (FORMATS.md).
        if (!details.currency) details.currency = client.details.details.currency;
      }
    }
    issues.push(...(await referenceIssues(billstream, context, 'legalEntityId', 'legal entity', details.legalEntityId, legalEntityStream)));
    issues.push(...(await referenceIssues(billstream, context, 'agentId', 'agent', details.agentId, streams.agent)));
    const before = current === undefined ? await currentDetails(billstream, contractKind, id) : current;
    if (before) issues.push(...(await contractChangeIssues(billstream, id, before, details)));
    return issues;
  },
});

/**
 * What a change of a contract's dates or cycles would break: a subscription its new period leaves
 * outside (from the subscriptions read model), or an invoiced cycle whose boundaries would move
 * (from the invoices read model: drafted or issued, voided drafts do not count).
 */
async function contractChangeIssues(billstream: AppDeps, id: string, before: ContractDetails, after: ContractDetails): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (before.startDate !== after.startDate || before.endDate !== after.endDate) {
    const subscriptions = await findAll<SubscriptionDocument>(billstream.readStore, SUBSCRIPTIONS, { contractId: id });
    issues.push(...contractCoversSubscriptionsIssues(after, subscriptions.map((s) => ({ id: s.id, startDate: String(s.startDate), endDate: (s.endDate as string | null) ?? null }))));
  }
  if (before.billingCycle !== after.billingCycle || before.cycleAnchorDay !== after.cycleAnchorDay || (before.currency !== after.currency && after.currency)) {
    const invoices = await findAll<InvoiceDocument>(billstream.readStore, INVOICES, { contractId: id, status: { $in: ['draft', 'issued'] } });
    // The latest invoiced cycle; an issued invoice before a draft of the same cycle.
    const latest = invoices.sort((a, b) => b.period.end.localeCompare(a.period.end) || (a.status === 'issued' ? -1 : 0) - (b.status === 'issued' ? -1 : 0))[0];
    const invoiced: InvoicedCycle | null = latest ? { period: latest.period, number: latest.number, runId: latest.runId } : null;
    issues.push(...cycleChangeIssues(id, before, after, invoiced));
  }
  return issues;
}

/**
 * A subscription's tariff once it is invoiced. A correction to a tariff with the same fees (by
 * code) is reconciled as any correction: usage rated again, the fee's days charged or credited
 * for the difference. A tariff without a fee the subscription was billed would price its days
 * by the new tariff's fees while the days billed by the old fee stay billed (fees are reconciled
 * by their codes): the same days twice. That is refused, naming the invoice and the fee: a plan
 * change is the old subscription ended and a new one started, each billed for its own days.
 */
async function tariffChangeIssues(billstream: AppDeps, id: string, before: SubscriptionDetails, after: SubscriptionDetails): Promise<FieldIssue[]> {
  if (!after.tariffId || before.tariffId === after.tariffId || !after.contractId) return [];
  const tariff = (await billstream.readStore.get(TARIFFS, after.tariffId)) as TariffDocument | null;
  if (!tariff) return [];
  const fees = new Set(tariff.versions.flatMap((version) => [...version.recurring, ...version.oneTime].map((fee) => fee.code)));
  const invoices = await findInvoices(billstream.readStore, { contractId: after.contractId, status: { $in: ['draft', 'issued'] } });
  for (const invoice of invoices) {
    const line = invoice.lines.find((l) => l.subscriptionId === id && (l.kind === 'recurring' || l.kind === 'one-time') && !fees.has(l.code));
    if (!line) continue;
    const which = invoice.number ?? `the draft of bill run ${invoice.runId}`;
    return [{ field: 'tariffId', message: `cannot change from ${before.tariffId} to ${after.tariffId}: subscription ${id} is invoiced with fee ${line.code} (${which}), which ${after.tariffId} does not have; for a plan change, end it and start a new subscription on ${after.tariffId}` }];
  }
  return [];
}

export const servicePointKind = entityKind<ServicePointDetails>({
  name: 'service-points',
  noun: 'service point',
  registered: SERVICE_POINT_REGISTERED,
  stream: streams.servicePoint,
  decider: servicePointDecider,
  projection: servicePointsProjection,
  async resolve(billstream, id, details, context) {
    const issues: FieldIssue[] = [];
    if (details.contractId) {
      const contract = await currentDetails(billstream, contractKind, details.contractId);
      if (!contract) issues.push({ field: 'contractId', message: `contract ${details.contractId} does not exist` });
      else {
        details.clientId = contract.clientId;
        if (!details.country) {
          const client = await clientState(billstream, contract.clientId);
          if (client.details.exists) details.country = client.details.details.country;
        }
      }
    }
    // Whether another point holds the identifier now: as an earlier row of this file left it, else as stored.
    const heldByOther = (identifier: string, otherId: string) => {
      const inFile = context.identifiersInFile.get(otherId);
      return otherId !== id && (inFile === undefined || inFile.includes(identifier));
    };
    if (details.active) {
      for (const identifier of details.identifiers) {
        const claimedInFile = context.claimedIdentifiers.get(identifier);
        if (claimedInFile && heldByOther(identifier, claimedInFile)) {
          issues.push({ field: 'identifiers', message: `${identifier} is already used by service point ${claimedInFile}` });
          continue;
        }
        const owner = (await billstream.readStore.get(IDENTIFIERS, identifier)) as IdentifierDocument | null;
        if (owner && heldByOther(identifier, owner.servicePointId)) issues.push({ field: 'identifiers', message: `${identifier} is already used by active service point ${owner.servicePointId}` });
      }
      if (!issues.some((i) => i.field === 'identifiers')) for (const identifier of details.identifiers) context.claimedIdentifiers.set(identifier, id);
    }
    if (issues.length === 0) context.identifiersInFile.set(id, details.active ? details.identifiers : []);
    return issues;
  },
});

export const subscriptionKind = entityKind<SubscriptionDetails>({
  name: 'subscriptions',
  noun: 'subscription',
  registered: SUBSCRIPTION_REGISTERED,
  stream: streams.subscription,
  decider: subscriptionDecider,
  projection: subscriptionsProjection,
  async resolve(billstream, id, details, context, current) {
    // A subscription prices its service point's usage and fees by the tariff: one that does not
    // exist would leave every record unresolved and every fee unbilled, unnoticed until the bill run.
    const issues = details.tariffId ? await referenceIssues(billstream, context, 'tariffId', 'tariff', details.tariffId, tariffStream) : [];
    if (!details.servicePointId) return issues;
    const stream = streams.servicePoint(details.servicePointId);
    const point = await remembered(context, stream, () => currentDetails(billstream, servicePointKind, details.servicePointId));
    if (!point) return [{ field: 'servicePointId', message: `service point ${details.servicePointId} does not exist` }, ...issues];
    details.contractId = point.contractId;
    details.clientId = point.clientId;
    // Within its contract's period: the bill run would otherwise charge days the contract does not cover.
    const contract = await remembered(context, streams.contract(point.contractId), () => currentDetails(billstream, contractKind, point.contractId));
    if (contract) issues.push(...subscriptionWithinContractIssues(details, point.contractId, contract));
    const before = current === undefined ? await currentDetails(billstream, subscriptionKind, id) : current;
    if (before) issues.push(...(await tariffChangeIssues(billstream, id, before, details)));
    return issues;
  },
});

export const serviceKind = entityKind<ServiceDetails>({
  name: 'services',
  noun: 'service',
  registered: SERVICE_REGISTERED,
  stream: streams.service,
  decider: serviceDecider,
  projection: servicesProjection,
});


async function exists(billstream: AppDeps, stream: string): Promise<boolean> {
  return (await billstream.eventStore.readStream(stream, { limit: 1 })).length > 0;
}

export type Outcome = 'created' | 'updated' | 'unchanged';

/** Checks references, runs the command; the caller waits for the read model if it needs it. */
export async function executeEntityCommand<D extends object>(
  billstream: AppDeps,
  kind: EntityKind<D>,
  command: EntityCommand<D>,
  context: CommandContext,
  /** Null when the caller already resolved the details (an import checks every row before writing). */
  resolveContext: ResolveContext | null = newResolveContext(),
): Promise<{ outcome: Outcome; position: number | null; revision: number | null }> {
  if (resolveContext) {
    const issues = await kind.resolve(billstream, command.id, command.details, resolveContext);
    if (issues.length) throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
  }
  const result = await handleCommand(billstream, kind.decider, kind.stream(command.id), command, context);
  return { outcome: entityOutcome(result.events, kind.registered), position: result.position, revision: result.revision };
}

export async function readDocument(billstream: AppDeps, kind: EntityKind<object>, id: string): Promise<EntityDocument> {
  const document = (await billstream.readStore.get(kind.projection.collection.name, id)) as EntityDocument | null;
  if (!document) throw new NotFoundError(`${kind.noun} ${id} does not exist`);
  return document;
}

export async function changeClientStatus(billstream: AppDeps, clientId: string, status: ClientStatus, reason: string | null, context: CommandContext) {
  return handleCommand(billstream, clientDecider, streams.client(clientId), { type: 'ChangeStatus', id: clientId, status, reason }, context);
}

export async function runClientCommand(billstream: AppDeps, command: ClientCommand, context: CommandContext) {
  return handleCommand(billstream, clientDecider, streams.client(command.id), command, context);
}
