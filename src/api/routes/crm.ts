/** The CRM resources: partners, agents, clients (with status, contacts, communications), contracts, service points, subscriptions, services. */
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import { ValidationError } from '../../core/errors.ts';
import { uuidv7 } from '../../core/ids.ts';
import { normalizeVatId } from '../../core/vat-id.ts';
import {
  agentKind,
  partnerKind,
  changeClientStatus,
  clientKind,
  contractKind,
  readDocument,
  runClientCommand,
  serviceKind,
  servicePointKind,
  subscriptionKind,
  type EntityKind,
} from '../../app/crm/commands.ts';
import type { ClientDetails, ClientStatus } from '../../domain/client/decider.ts';
import type { ContractDetails } from '../../domain/contract/decider.ts';
import type { ServicePointDetails } from '../../domain/service-point/decider.ts';
import { blockServicePoint, unblockServicePoint } from '../../app/crm/service-point-blocking.ts';
import { normalizeIdentifier, parseIdentifiers } from '../../domain/service-point/identifiers.ts';
import type { SubscriptionDetails } from '../../domain/subscription/decider.ts';
import type { AgentDetails } from '../../domain/agent/decider.ts';
import type { PartnerDetails } from '../../domain/partner/decider.ts';
import type { ServiceDetails } from '../../domain/catalog/decider.ts';
import { searchKey } from '../../processing/entity-projection.ts';
import { agentsFile, clientsFile, contractsFile, partnersFile, servicePointsFile, subscriptionsFile } from '../../import/crm-files.ts';
import { IDENTIFIERS, type IdentifierDocument } from '../../../projections/identifiers.projection.ts';
import { CLIENT_COMMUNICATIONS } from '../../../projections/client-communications.projection.ts';
import type { Communication, Page } from '../documents.ts';
import type { CommandContext } from '../../app/command-handler.ts';
import { actorOf, requireRole, STAFF } from '../auth.ts';
import { etag, expectedRevisionFrom, pageOptions } from '../http.ts';
import { postHandler } from '../idempotency.ts';
import { entityRouter } from './entities.ts';

type Body = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const number = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
const equals = (field: string) => (value: string) => ({ [field]: value });

export function crmRouter(billstream: Billstream): Router {
  const router = Router();
  const as = <D extends object>(kind: EntityKind<D>) => kind as unknown as EntityKind<object>;

  entityRouter<ClientDetails>(billstream, {
    kind: clientKind,
    filters: {
      name: (value) => ({ nameKey: { $prefix: searchKey(value) } }),
      status: equals('status'),
      country: equals('country'),
      partnerId: equals('partnerId'),
      externalId: equals('externalId'),
      agentId: equals('agentId'),
    },
    details: (body, _id, current) => ({
      type: body.type as ClientDetails['type'],
      name: String(body.name ?? '').trim(),
      country: String(body.country ?? ''),
      language: String(body.language ?? ''),
      currency: String(body.currency ?? ''),
      vatId: text(body.vatId) && normalizeVatId(text(body.vatId)!),
      timeZone: String(body.timeZone ?? ''),
      email: text(body.email),
      address: (body.address as ClientDetails['address']) ?? null,
      partnerId: text(body.partnerId),
      agentId: text(body.agentId),
      externalId: text(body.externalId),
      ...(current === null && body.status ? { status: body.status as ClientStatus } : {}),
    }),
    csv: clientsFile,
    related: [
      { path: 'contracts', kind: as(contractKind), field: 'clientId' },
      { path: 'service-points', kind: as(servicePointKind), field: 'clientId' },
      { path: 'subscriptions', kind: as(subscriptionKind), field: 'clientId' },
    ],
  }, router);

  router.post('/clients/:id/status', requireRole('operator'), async (req: Request<{ id: string }>, res: Response) => {
    const expectedRevision = expectedRevisionFrom(req);
    const body = req.body as { status: ClientStatus; reason?: string | null };
    const result = await changeClientStatus(billstream, req.params.id, body.status, body.reason ?? null, {
      commandId: uuidv7(billstream.clock), actor: actorOf(res), ...(expectedRevision === undefined ? {} : { expectedRevision }),
    });
    await billstream.catchUp(result.position);
    const document = await readDocument(billstream, as(clientKind), req.params.id);
    res.set('ETag', etag(document.revision)).json(document);
  });

  router.put('/clients/:id/contacts/:contactId', requireRole('operator'), async (req: Request<{ id: string; contactId: string }>, res: Response) => {
    const body = req.body as Body;
    const result = await runClientCommand(billstream, {
      type: 'SaveContactPerson',
      id: req.params.id,
      contact: { contactId: req.params.contactId, name: String(body.name ?? ''), role: text(body.role), email: text(body.email), phone: text(body.phone) },
    }, { commandId: uuidv7(billstream.clock), actor: actorOf(res) });
    await billstream.catchUp(result.position);
    const document = await readDocument(billstream, as(clientKind), req.params.id);
    res.set('ETag', etag(document.revision)).json(document);
  });

  router.delete('/clients/:id/contacts/:contactId', requireRole('operator'), async (req: Request<{ id: string; contactId: string }>, res: Response) => {
    const result = await runClientCommand(billstream, { type: 'RemoveContactPerson', id: req.params.id, contactId: req.params.contactId }, { commandId: uuidv7(billstream.clock), actor: actorOf(res) });
    await billstream.catchUp(result.position);
    res.status(204).end();
  });

  router.get('/clients/:id/communications', requireRole(...STAFF), async (req: Request<{ id: string }>, res: Response) => {
    await readDocument(billstream, as(clientKind), req.params.id);
    const page = await billstream.readStore.find(CLIENT_COMMUNICATIONS, { clientId: req.params.id }, { ...pageOptions(req), sort: { field: 'at', direction: 'desc' } });
    res.json(page as Page<Communication>);
  });

  router.post('/clients/:id/communications', requireRole('operator'), postHandler(billstream, async (req, res, commandId) => {
    const body = req.body as Body;
    const entryId = text(body.entryId) ?? commandId;
    const clientId = String(req.params.id);
    const result = await runClientCommand(billstream, {
      type: 'LogCommunication',
      id: clientId,
      entry: { entryId, kind: body.kind as 'note', at: String(body.at), author: text(body.author) ?? actorOf(res), subject: text(body.subject), body: String(body.body ?? '') },
    }, { commandId, actor: actorOf(res) });
    await billstream.catchUp(result.position);
    return { status: 201, body: await billstream.readStore.get('client_communications', `${clientId}:${entryId}`) };
  }));

  entityRouter<AgentDetails>(billstream, {
    kind: agentKind,
    filters: { externalId: equals('externalId') },
    details: (body) => ({ name: String(body.name ?? '').trim(), email: text(body.email), externalId: text(body.externalId) }),
    csv: agentsFile,
  }, router);

  entityRouter<PartnerDetails>(billstream, {
    kind: partnerKind,
    filters: { externalId: equals('externalId') },
    details: (body) => ({ name: String(body.name ?? '').trim(), email: text(body.email), externalId: text(body.externalId) }),
    csv: partnersFile,
    related: [{ path: 'clients', kind: as(clientKind), field: 'partnerId' }],
  }, router);

  entityRouter<ContractDetails>(billstream, {
    kind: contractKind,
    filters: { clientId: equals('clientId'), legalEntityId: equals('legalEntityId'), externalId: equals('externalId'), agentId: equals('agentId') },
    details: (body, id) => ({
      clientId: String(body.clientId ?? ''),
      legalEntityId: String(body.legalEntityId ?? ''),
      number: text(body.number) ?? id,
      startDate: String(body.startDate ?? ''),
      endDate: text(body.endDate),
      billingCycle: (text(body.billingCycle) ?? 'monthly') as ContractDetails['billingCycle'],
      cycleAnchorDay: number(body.cycleAnchorDay, 1),
      // Empty: the client's currency, filled in when the contract is checked against its client.
      currency: text(body.currency) ?? '',
      paymentTermsDays: number(body.paymentTermsDays, 15),
      billingStart: text(body.billingStart),
      agentId: text(body.agentId),
      externalId: text(body.externalId),
    }),
    csv: contractsFile,
    related: [
      { path: 'service-points', kind: as(servicePointKind), field: 'contractId' },
      { path: 'subscriptions', kind: as(subscriptionKind), field: 'contractId' },
    ],
  }, router);

  entityRouter<ServicePointDetails>(billstream, {
    kind: servicePointKind,
    filters: { contractId: equals('contractId'), clientId: equals('clientId'), externalId: equals('externalId'), status: equals('status'), identifier: (value) => identifierFilter(billstream, value) },
    details: (body) => {
      const parsed = parseIdentifiers(((body.identifiers as string[] | undefined) ?? []).join(';'));
      if (parsed.problems.length) throw new ValidationError(parsed.problems.join('; '), parsed.problems.map((message) => ({ field: 'identifiers', message })));
      return {
        contractId: String(body.contractId ?? ''),
        clientId: '',
        identifiers: parsed.identifiers,
        address: (body.address as ServicePointDetails['address']) ?? { line1: '', city: '' },
        country: text(body.country) ?? '',
        active: body.active !== false,
        externalId: text(body.externalId),
      };
    },
    csv: servicePointsFile,
    related: [{ path: 'subscriptions', kind: as(subscriptionKind), field: 'servicePointId' }],
  }, router);

  // Blocked: RADIUS refuses the point and the dynamic-authorization saga disconnects its sessions.
  for (const [action, run] of [
    ['block', (id: string, body: Body, context: CommandContext) => blockServicePoint(billstream, id, String(body.reason ?? ''), context)],
    ['unblock', (id: string, body: Body, context: CommandContext) => unblockServicePoint(billstream, id, text(body.reason), context)],
  ] as const) {
    router.post(`/service-points/:id/${action}`, requireRole('operator'), async (req: Request<{ id: string }>, res: Response) => {
      const expectedRevision = expectedRevisionFrom(req);
      const result = await run(req.params.id, req.body as Body, {
        commandId: uuidv7(billstream.clock), actor: actorOf(res), ...(expectedRevision === undefined ? {} : { expectedRevision }),
      });
      await billstream.catchUp(result.position);
      const document = await readDocument(billstream, as(servicePointKind), req.params.id);
      res.set('ETag', etag(document.revision)).json(document);
    });
  }

  entityRouter<SubscriptionDetails>(billstream, {
    kind: subscriptionKind,
    filters: { servicePointId: equals('servicePointId'), contractId: equals('contractId'), clientId: equals('clientId'), tariffId: equals('tariffId'), externalId: equals('externalId') },
    details: (body) => ({
      servicePointId: String(body.servicePointId ?? ''),
      contractId: '',
      clientId: '',
      tariffId: String(body.tariffId ?? ''),
      startDate: String(body.startDate ?? ''),
      endDate: text(body.endDate),
      quantity: number(body.quantity, 1),
      externalId: text(body.externalId),
    }),
    csv: subscriptionsFile,
  }, router);

  entityRouter<ServiceDetails>(billstream, {
    kind: serviceKind,
    filters: { category: equals('category'), externalId: equals('externalId') },
    details: (body) => ({ name: (body.name as Record<string, string>) ?? {}, category: body.category as ServiceDetails['category'], externalId: text(body.externalId) }),
  }, router);

  return router;
}

/** `?identifier=+36 1 234 5678` finds the active service point that owns the normalized identifier. */
async function identifierFilter(billstream: Billstream, value: string) {
  const normalized = normalizeIdentifier(value);
  const owner = 'problem' in normalized ? null : ((await billstream.readStore.get(IDENTIFIERS, normalized.value)) as IdentifierDocument | null);
  return { id: owner?.servicePointId ?? '' };
}
