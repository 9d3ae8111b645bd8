/**
 * Dynamic authorization (RFC 5176): when something means a subscriber may no longer use the
 * network (its service point blocked, its client suspended or closed, its prepaid card blocked or
 * out of balance), every open RADIUS session concerned gets a Disconnect-Request at its NAS, and
 * what the NAS answered is recorded, so support sees which sessions ended and which did not.
 *
 * A change that leaves access but alters what it allows (a subscription moved to another tariff, a
 * tariff's radius section in force today changed) sends a CoA-Request with the reply attributes
 * a login would get now instead, recorded as RadiusCoaRequested / RadiusCoaSent / RadiusCoaNotSent
 * under the same rules.
 *
 * Each session's requests and outcomes are events of the session's own stream
 * (`dynamicAuthorization-<sessionId>`):
 *   RadiusDisconnectRequested  before the datagram leaves: the cause, the NAS, the Identifier;
 *   RadiusDisconnectSent       the outcome: ack, nak (with Error-Cause), timeout, error (the
 *                              datagram could not be sent), or interrupted (the process stopped
 *                              between the two: it may have reached the NAS);
 *   RadiusDisconnectNotSent    why no request could be sent (the NAS unknown, its address a range
 *                              the session's source is not known in, its secret unreadable).
 * Invariants: a cause sends at most one Disconnect-Request per session, whatever restarts,
 * replays or second processes do: the request is recorded under an id derived from the cause and
 * the session, appended at the revision read (a second process loses the race and sends nothing),
 * and a recorded request is never sent again. A session the NAS already confirmed ended (an ACK)
 * gets no further request. A cause that no longer holds when it is handled (the point unblocked,
 * the client active again, the card recharged) sends nothing.
 */
import { Decimal } from 'decimal.js';
import type { Temporal } from 'temporal-polyfill';
import { deterministicId } from '../../core/ids.ts';
import { NotFoundError } from '../../core/errors.ts';
import { streamName } from '../../core/streams.ts';
import type { AppDeps } from '../deps.ts';
import { WrongExpectedRevisionError, type RecordedEvent } from '../../eventstore/port.ts';
import { findAll, type Filter } from '../../readstore/port.ts';
import { SERVICE_POINT_BLOCKED } from '../../domain/service-point/blocking.ts';
import type { ClientStatus } from '../../domain/client/decider.ts';
import { SERVICE_POINTS, type ServicePointDocument } from '../../../projections/service-points.projection.ts';
import { CLIENTS } from '../../../projections/clients.projection.ts';
import { CARDS, type CardDocument } from '../../../projections/cards.projection.ts';
import { SUBSCRIPTIONS } from '../../../projections/subscriptions.projection.ts';
import { loadNasClients, type NasClient } from './nas.ts';
import { addressMatcher } from '../../domain/nas/address.ts';
import { isDeepStrictEqual } from 'node:util';
import { SUBSCRIPTION_CHANGED } from '../../domain/subscription/decider.ts';
import { CONTRACT_CHANGED } from '../../domain/contract/decider.ts';
import { TARIFF_VERSION_PUBLISHED, tariffStream } from '../../domain/tariff/decider.ts';
import { tariffVersionOn } from '../../domain/tariff/versions.ts';
import type { RadiusAuthorization } from '../../domain/tariff/definition.ts';
import { loadRadiusDirectory, type RadiusDirectory } from './directory.ts';
import { currentServicePointAccess, type AccessDecision, type RejectReason } from './authenticate.ts';
import { RADIUS_SESSIONS, type RadiusSessionDocument } from '../../../projections/radius-sessions.projection.ts';

export const RADIUS_DISCONNECT_REQUESTED = 'RadiusDisconnectRequested';
export const RADIUS_DISCONNECT_SENT = 'RadiusDisconnectSent';
export const RADIUS_DISCONNECT_NOT_SENT = 'RadiusDisconnectNotSent';
export const RADIUS_COA_REQUESTED = 'RadiusCoaRequested';
export const RADIUS_COA_SENT = 'RadiusCoaSent';
export const RADIUS_COA_NOT_SENT = 'RadiusCoaNotSent';
const ACTOR = 'saga:dynamic-authorization';
/** Requests in flight at once: a NAS that has gone away costs a timeout per session, so they overlap. */
const CONCURRENCY = 32;
/** The client statuses that end network access. */
const CUT_OFF_CLIENT_STATUSES: readonly ClientStatus[] = ['suspended', 'closed'];

export function dynamicAuthorizationStream(sessionId: string): string {
  return streamName('dynamicAuthorization', sessionId);
}

export type DisconnectCause =
  | { kind: 'service-point-blocked'; eventId: string; servicePointId: string }
  | { kind: 'client-suspended'; eventId: string; clientId: string; status: ClientStatus }
  | { kind: 'card-blocked'; eventId: string; cardId: string }
  | { kind: 'card-exhausted'; eventId: string; cardId: string };

/** The events that end a subscriber's network access, as the saga handles them. */
export const DISCONNECT_CAUSE_EVENTS = [SERVICE_POINT_BLOCKED, 'ClientStatusChanged', 'CardBlocked', 'CardBalanceExhausted'];

/** The cause an event is, or null (a client moved to active, another event). */
export function disconnectCauseOf(event: RecordedEvent): DisconnectCause | null {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case SERVICE_POINT_BLOCKED:
      return { kind: 'service-point-blocked', eventId: event.id, servicePointId: String(data.servicePointId) };
    case 'ClientStatusChanged': {
      const status = data.to as ClientStatus;
      return CUT_OFF_CLIENT_STATUSES.includes(status) ? { kind: 'client-suspended', eventId: event.id, clientId: String(data.clientId), status } : null;
    }
    case 'CardBlocked':
      return { kind: 'card-blocked', eventId: event.id, cardId: String(data.cardId) };
    case 'CardBalanceExhausted':
      return { kind: 'card-exhausted', eventId: event.id, cardId: String(data.cardId) };
    default:
      return null;
  }
}

/** Whether the cause still holds now: a point unblocked, a client reactivated or a card recharged since needs no disconnect. */
async function causeHolds(deps: AppDeps, cause: DisconnectCause): Promise<boolean> {
  switch (cause.kind) {
    case 'service-point-blocked':
      return ((await deps.readStore.get(SERVICE_POINTS, cause.servicePointId)) as ServicePointDocument | null)?.status === 'blocked';
    case 'client-suspended': {
      const client = (await deps.readStore.get(CLIENTS, cause.clientId)) as { status: ClientStatus } | null;
      return client !== null && CUT_OFF_CLIENT_STATUSES.includes(client.status);
    }
    case 'card-blocked':
      return ((await deps.readStore.get(CARDS, cause.cardId)) as CardDocument | null)?.status === 'blocked';
    case 'card-exhausted': {
      const card = (await deps.readStore.get(CARDS, cause.cardId)) as CardDocument | null;
      return card !== null && new Decimal(card.balance).lte(0);
    }
    default: {
      const exhaustive: never = cause;
      return exhaustive;
    }
  }
}

/** An open session as the saga needs it, from the radius-sessions read model. */
interface OpenSession {
  sessionId: string;
  nasId: string;
  /** Where the session's reports came from (null: not recorded). */
  nasAddress: string | null;
  userName: string;
  acctSessionId: string;
  framedIp: string | null;
  callingStationId: string | null;
  servicePointId: string | null;
  subscriptionId: string | null;
  cardId: string | null;
}

function openSessionOf(d: RadiusSessionDocument): OpenSession {
  return {
    sessionId: d.id, nasId: d.nasId, nasAddress: d.nasAddress ?? null, userName: d.userName, acctSessionId: d.acctSessionId, framedIp: d.framedIp, callingStationId: d.callingStationId,
    servicePointId: d.servicePointId ?? null, subscriptionId: d.subscriptionId ?? null, cardId: d.cardId ?? null,
  };
}

async function openSessionsOf(deps: AppDeps, owner: { servicePointIds: string[] } | { cardId: string }): Promise<OpenSession[]> {
  const filter: Filter = 'cardId' in owner ? { cardId: owner.cardId, online: true } : { servicePointId: { $in: owner.servicePointIds }, online: true };
  const documents = await findAll<RadiusSessionDocument>(deps.readStore, RADIUS_SESSIONS, filter);
  return documents.map(openSessionOf);
}

async function sessionsConcerned(deps: AppDeps, cause: DisconnectCause): Promise<OpenSession[]> {
  switch (cause.kind) {
    case 'service-point-blocked':
      return openSessionsOf(deps, { servicePointIds: [cause.servicePointId] });
    case 'client-suspended': {
      const points = await findAll<ServicePointDocument>(deps.readStore, SERVICE_POINTS, { clientId: cause.clientId });
      return points.length ? openSessionsOf(deps, { servicePointIds: points.map((p) => p.id) }) : [];
    }
    case 'card-blocked':
    case 'card-exhausted':
      return openSessionsOf(deps, { cardId: cause.cardId });
    default: {
      const exhaustive: never = cause;
      return exhaustive;
    }
  }
}

/** What the session is at its NAS (RFC 5176 s3 session identification). */
export interface SessionIdentity {
  userName: string | null;
  acctSessionId: string | null;
  framedIp: string | null;
  callingStationId: string | null;
}

export interface DisconnectRequest {
  address: string;
  port: number;
  secret: Buffer;
  session: SessionIdentity;
  identifier: number;
  /** Epoch seconds. */
  eventTimestamp: number;
}

export type DisconnectReply =
  | { outcome: 'ack'; attempts: number }
  | { outcome: 'nak'; attempts: number; errorCause: number | null; errorCauseName: string | null }
  | { outcome: 'timeout'; attempts: number }
  | { outcome: 'error'; attempts: number; detail: string };

/** Sends one Disconnect-Request and waits for its reply (src/radius/coa.ts, given by the saga). */
export type SendDisconnect = (request: DisconnectRequest) => Promise<DisconnectReply>;

export interface DisconnectOptions {
  send: SendDisconnect;
  /** The NAS's dynamic authorization port. */
  port: number;
  /**
   * The NAS clients, asked for only when a cause has open sessions (opening the secrets needs the
   * key): a caller handling many causes passes one loader that loads once (nasClientsLoader).
   */
  nas?: () => Promise<NasClients>;
}

export interface NasClients {
  clients: NasClient[];
  /** NAS whose secret did not open (another key): their sessions cannot be disconnected. */
  unreadable: Set<string>;
}

/** What one cause did: sessions asked to end, and those left alone (handled before, or no longer open). */
export interface DisconnectSummary {
  cause: DisconnectCause;
  holds: boolean;
  sent: number;
  notSent: number;
  alreadyHandled: number;
}

/**
 * Where a session's requests go: the NAS's address, or for a NAS registered as a range (CIDR) the
 * address the session reported from, while that is still inside the range. Null: nowhere known
 * (a session recorded before its source address was kept, or a range since changed).
 */
export function requestAddress(nas: NasClient, session: { nasAddress: string | null }): string | null {
  const [address, bits] = nas.address.split('/');
  if (bits === undefined || bits === (address!.includes(':') ? '128' : '32')) return address!;
  if (session.nasAddress === null) return null;
  return addressMatcher([{ address: nas.address, value: true }])(session.nasAddress) ? session.nasAddress : null;
}

/** Loads the NAS clients on first call, leaving out (and naming) those whose secret does not open. */
export function nasClientsLoader(deps: AppDeps): () => Promise<NasClients> {
  let loaded: Promise<NasClients> | undefined;
  return () => {
    loaded ??= (async () => {
      const unreadable = new Set<string>();
      const clients = await loadNasClients(deps, { onUnreadable: (failure) => unreadable.add(failure.id) });
      return { clients, unreadable };
    })();
    return loaded;
  };
}

/** The events one kind of request records: asked, answered, or not sendable. */
interface RequestKind {
  requested: string;
  sent: string;
  notSent: string;
  /** Part of the recorded events' ids, so a Disconnect and a CoA for one cause and session are told apart. */
  idTag: string;
}

const DISCONNECT: RequestKind = { requested: RADIUS_DISCONNECT_REQUESTED, sent: RADIUS_DISCONNECT_SENT, notSent: RADIUS_DISCONNECT_NOT_SENT, idTag: '' };
const CHANGE_OF_AUTHORIZATION: RequestKind = { requested: RADIUS_COA_REQUESTED, sent: RADIUS_COA_SENT, notSent: RADIUS_COA_NOT_SENT, idTag: 'coa-' };

/**
 * One request of `kind` for one session and cause, at most once whatever restarts (the file's
 * comment): recorded before it leaves, its outcome after. `details` go into both events.
 */
async function requestOnce(
  deps: AppDeps,
  kind: RequestKind,
  cause: { eventId: string },
  causeEvent: RecordedEvent,
  session: OpenSession,
  nas: NasClients & { byId: ReadonlyMap<string, NasClient> },
  port: number,
  details: Record<string, unknown>,
  send: SendDisconnect,
): Promise<'sent' | 'notSent' | 'alreadyHandled'> {
  const stream = dynamicAuthorizationStream(session.sessionId);
  const history = await deps.eventStore.readStream(stream);
  const requestId = deterministicId('dynamicAuthorization', cause.eventId, session.sessionId, `${kind.idTag}requested`);
  const outcomeId = deterministicId('dynamicAuthorization', cause.eventId, session.sessionId, `${kind.idTag}outcome`);
  const common = { sessionId: session.sessionId, nasId: session.nasId, cause, userName: session.userName, acctSessionId: session.acctSessionId, servicePointId: session.servicePointId, cardId: session.cardId, ...details };
  const metadata = () => ({
    correlationId: causeEvent.metadata.correlationId,
    causationId: causeEvent.id,
    tenantId: causeEvent.metadata.tenantId,
    actor: ACTOR,
    recordedAt: deps.clock.now().toString(),
    schemaVersion: 1,
  });
  const record = async (id: string, type: string, data: Record<string, unknown>) => {
    await deps.eventStore.append(stream, [{ id, type, data: { ...common, ...data }, metadata: metadata() }], 'any');
  };
  const ended = history.some((e) => e.type === RADIUS_DISCONNECT_SENT && (e.data as { outcome: string }).outcome === 'ack');
  if (history.some((e) => e.id === outcomeId) || ended) return 'alreadyHandled';
  if (history.some((e) => e.id === requestId)) {
    // Requested before a stop, with no outcome recorded: it may have reached the NAS. Never send it twice.
    await record(outcomeId, kind.sent, { outcome: 'interrupted', errorCause: null, errorCauseName: null, attempts: null });
    return 'alreadyHandled';
  }
  const client = nas.byId.get(session.nasId);
  const address = client && requestAddress(client, session);
  if (!client || !address) {
    const reason = nas.unreadable.has(session.nasId) ? 'nas-secret-unreadable' : client ? 'nas-address-is-a-range' : 'nas-unknown';
    await record(outcomeId, kind.notSent, { reason, ...(client ? { nasAddress: client.address } : {}) });
    return 'notSent';
  }
  // Deterministic, so the request recorded names the packet that was sent.
  const identifier = Number.parseInt(requestId.slice(0, 2), 16);
  const eventTimestamp = Math.floor(deps.clock.now().epochMilliseconds / 1000);
  try {
    await deps.eventStore.append(stream, [{
      id: requestId,
      type: kind.requested,
      data: { ...common, nasAddress: address, port, identifier, eventTimestamp },
      metadata: metadata(),
    }], history.length ? history[history.length - 1]!.revision : 'noStream');
  } catch (error) {
    // Another process recorded something for this session since it was read: it handles it.
    if (error instanceof WrongExpectedRevisionError) return 'alreadyHandled';
    throw error;
  }
  // A card's session is known by `card:<serial>`, not by the User-Name its NAS has (the PIN, never kept): it goes without one.
  const identity = { userName: session.cardId === null ? session.userName : null, acctSessionId: session.acctSessionId, framedIp: session.framedIp, callingStationId: session.callingStationId };
  const reply = await send({ address, port, secret: client.secret, session: identity, identifier, eventTimestamp });
  await record(outcomeId, kind.sent, {
    outcome: reply.outcome,
    errorCause: reply.outcome === 'nak' ? reply.errorCause : null,
    errorCauseName: reply.outcome === 'nak' ? reply.errorCauseName : null,
    attempts: reply.attempts,
    ...(reply.outcome === 'error' ? { detail: reply.detail } : {}),
  });
  return 'sent';
}

function withIndex(nas: NasClients): NasClients & { byId: ReadonlyMap<string, NasClient> } {
  return { ...nas, byId: new Map(nas.clients.map((client) => [client.nasId, client])) };
}

function count(summary: { sent: number; notSent: number; alreadyHandled: number }, result: 'sent' | 'notSent' | 'alreadyHandled'): void {
  summary[result]++;
}

/**
 * Sends a Disconnect-Request for each open session the cause concerns (once per cause and
 * session, see the file's comment) and records each outcome. `causeEvent` supplies correlation.
 */
export async function disconnectSessions(deps: AppDeps, cause: DisconnectCause, causeEvent: RecordedEvent, options: DisconnectOptions): Promise<DisconnectSummary> {
  const summary: DisconnectSummary = { cause, holds: false, sent: 0, notSent: 0, alreadyHandled: 0 };
  if (!(await causeHolds(deps, cause))) return summary;
  summary.holds = true;
  const sessions = await sessionsConcerned(deps, cause);
  if (sessions.length === 0) return summary;
  const nas = withIndex(await (options.nas ?? nasClientsLoader(deps))());
  await inPool(sessions, CONCURRENCY, async (session) => {
    count(summary, await requestOnce(deps, DISCONNECT, cause, causeEvent, session, nas, options.port, {}, options.send));
  });
  return summary;
}

/**
 * What changes a running session's authorization without ending it: its subscription moved to
 * another tariff, or a new version of its tariff (in force today) has another radius section.
 */
export type ChangeCause =
  | { kind: 'subscription-tariff-changed'; eventId: string; subscriptionId: string; tariffId: string }
  | { kind: 'subscription-period-changed'; eventId: string; subscriptionId: string }
  /** A contract's start or end changed: it bounds its subscriptions' periods (activePeriod). */
  | { kind: 'contract-period-changed'; eventId: string; contractId: string }
  | { kind: 'tariff-radius-changed'; eventId: string; tariffId: string; validFrom: string; revision: number };

/** The events that may change a running session's authorization (CoA-Request). */
export const CHANGE_CAUSE_EVENTS = [SUBSCRIPTION_CHANGED, CONTRACT_CHANGED, TARIFF_VERSION_PUBLISHED];

/** The CoA cause an event is, or null (a subscription change that leaves its tariff alone, another event). */
export function changeCauseOf(event: RecordedEvent): ChangeCause | null {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case SUBSCRIPTION_CHANGED: {
      const changes = (data.changes ?? {}) as { tariffId?: string; startDate?: string; endDate?: string | null };
      const subscriptionId = String(data.subscriptionId);
      if (typeof changes.tariffId === 'string') return { kind: 'subscription-tariff-changed', eventId: event.id, subscriptionId, tariffId: changes.tariffId };
      return 'endDate' in changes || 'startDate' in changes ? { kind: 'subscription-period-changed', eventId: event.id, subscriptionId } : null;
    }
    case CONTRACT_CHANGED: {
      const changes = (data.changes ?? {}) as { startDate?: string; endDate?: string | null };
      return 'endDate' in changes || 'startDate' in changes ? { kind: 'contract-period-changed', eventId: event.id, contractId: String(data.contractId) } : null;
    }
    case TARIFF_VERSION_PUBLISHED:
      return { kind: 'tariff-radius-changed', eventId: event.id, tariffId: String(data.id), validFrom: String(data.validFrom), revision: event.revision };
    default:
      return null;
  }
}

/** Sends one CoA-Request carrying the authorization, and waits for its reply (src/radius/coa.ts, given by the saga). */
export type SendCoa = (request: DisconnectRequest & { authorization: RadiusAuthorization }) => Promise<DisconnectReply>;

export interface CoaOptions {
  send: SendCoa;
  /** For a session the change leaves without network access (src/radius/coa.ts, given by the saga). */
  disconnect: SendDisconnect;
  port: number;
  nas?: () => Promise<NasClients>;
  /** The RADIUS directory as it is now (src/app/radius/directory.ts), asked for only when a cause has open sessions. */
  directory?: () => Promise<RadiusDirectory>;
}

/** Loads the directory on first call (without the service points' credentials: the decision needs none). */
export function directoryLoader(deps: AppDeps): () => Promise<RadiusDirectory> {
  let loaded: Promise<RadiusDirectory> | undefined;
  return () => (loaded ??= loadRadiusDirectory(deps, { credentials: false }));
}

/** The radius section of each version of a tariff as its stream stood before `revision`, by validFrom. */
async function radiusVersionsBefore(deps: AppDeps, tariffId: string, revision: number): Promise<{ validFrom: string; radius: RadiusAuthorization | null }[]> {
  const byDate = new Map<string, RadiusAuthorization | null>();
  for (const event of await deps.eventStore.readStream(tariffStream(tariffId))) {
    if (event.revision >= revision || event.type !== TARIFF_VERSION_PUBLISHED) continue;
    const data = event.data as { validFrom: string; radius?: RadiusAuthorization };
    byDate.set(data.validFrom, data.radius ?? null);
  }
  return [...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([validFrom, radius]) => ({ validFrom, radius }));
}

/**
 * Sends a CoA-Request with the authorization in force now to each open session the change
 * reaches (once per cause and session) and records each outcome. A session is reached when its
 * service point's login would now be accepted under the changed subscription or tariff, with
 * reply attributes other than before (a version for a later date, or with the same radius
 * section, sends nothing), and that started before the change was recorded (a later one got it at
 * login). A change that leaves the session's subscription without network access now (its new
 * tariff, or the version of its tariff in force today, has no radius section; its period ended)
 * sends a Disconnect-Request instead; a change of the period alone never sends a CoA.
 */
export async function changeAuthorizationOfSessions(deps: AppDeps, cause: ChangeCause, causeEvent: RecordedEvent, options: CoaOptions): Promise<ChangeSummary> {
  const summary: ChangeSummary = { cause, sent: 0, notSent: 0, alreadyHandled: 0, disconnects: { sent: 0, notSent: 0, alreadyHandled: 0 } };
  // Service point sessions only: a prepaid card's authorization comes from its balance, not a tariff.
  // A session that started after the change was recorded got it at its login (and a replay of old changes reaches no session).
  const changedAt = Date.parse(causeEvent.metadata.recordedAt);
  let filter: Filter = { online: true };
  if (cause.kind === 'contract-period-changed') {
    const points = await findAll<{ id: string }>(deps.readStore, SERVICE_POINTS, { contractId: cause.contractId });
    if (points.length === 0) return summary;
    filter = { online: true, servicePointId: { $in: points.map((p) => p.id) } };
  } else if (cause.kind !== 'tariff-radius-changed') {
    // A subscription's service point never changes: its sessions are the point's.
    const subscription = (await deps.readStore.get(SUBSCRIPTIONS, cause.subscriptionId)) as { servicePointId: string } | null;
    if (!subscription) return summary;
    filter = { online: true, servicePointId: subscription.servicePointId };
  }
  const online = (await findAll<RadiusSessionDocument>(deps.readStore, RADIUS_SESSIONS, filter))
    .filter((d) => d.servicePointId && Date.parse(d.startTime) < changedAt)
    .map(openSessionOf);
  if (online.length === 0) return summary;
  const directory = await (options.directory ?? directoryLoader(deps))();
  const now = deps.clock.now();
  const before = cause.kind === 'tariff-radius-changed' ? await radiusVersionsBefore(deps, cause.tariffId, cause.revision) : [];
  const reached: { session: OpenSession; access: Extract<AccessDecision, { result: 'accept' }> }[] = [];
  const cutOff: { session: OpenSession; reason: RejectReason }[] = [];
  for (const session of online) {
    const access = currentServicePointAccess(directory, session.servicePointId!, now);
    if (access.result === 'reject') {
      if (accessTakenAwayBy(cause, session, access.reason, directory, before, now)) cutOff.push({ session, reason: access.reason });
      continue;
    }
    // A service point's access is never a card's.
    if (access.result !== 'accept' || cause.kind === 'subscription-period-changed' || cause.kind === 'contract-period-changed') continue;
    if (cause.kind === 'subscription-tariff-changed') {
      if (access.subscriptionId !== cause.subscriptionId && session.subscriptionId !== cause.subscriptionId) continue;
    } else {
      if (access.tariffId !== cause.tariffId) continue;
      const point = directory.servicePoint(session.servicePointId!)!;
      if (isDeepStrictEqual(tariffVersionOn({ versions: before }, directory.today(point.timeZone, now))?.radius ?? null, access.radius)) continue;
    }
    reached.push({ session, access });
  }
  if (reached.length === 0 && cutOff.length === 0) return summary;
  const nas = withIndex(await (options.nas ?? nasClientsLoader(deps))());
  await inPool(reached, CONCURRENCY, async ({ session, access }) => {
    const details = { subscriptionId: access.subscriptionId, tariffId: access.tariffId, authorization: access.radius };
    const send: SendDisconnect = (request) => options.send({ ...request, authorization: access.radius });
    count(summary, await requestOnce(deps, CHANGE_OF_AUTHORIZATION, cause, causeEvent, session, nas, options.port, details, send));
  });
  await inPool(cutOff, CONCURRENCY, async ({ session, reason }) => {
    count(summary.disconnects, await requestOnce(deps, DISCONNECT, cause, causeEvent, session, nas, options.port, { reason }, options.disconnect));
  });
  return summary;
}

/** Why a login is refused that a change of subscription or tariff can cause (a block or a suspension is a disconnect cause of its own). */
const REFUSALS_BY_CHANGE: readonly RejectReason[] = ['tariff-without-network-access', 'no-active-subscription'];

/**
 * Whether the change took the session's network access away: its login would now be refused for
 * a reason the change causes, and the change concerns the session's own subscription (its
 * tariff or period), or its tariff's version in force today, which had network access before.
 */
function accessTakenAwayBy(cause: ChangeCause, session: OpenSession, reason: RejectReason, directory: RadiusDirectory, before: { validFrom: string; radius: RadiusAuthorization | null }[], now: Temporal.Instant): boolean {
  if (!REFUSALS_BY_CHANGE.includes(reason) || session.subscriptionId === null) return false;
  // Every session of the contract's points was selected: the contract's period bounds them all.
  if (cause.kind === 'contract-period-changed') return true;
  if (cause.kind !== 'tariff-radius-changed') return session.subscriptionId === cause.subscriptionId;
  const point = directory.servicePoint(session.servicePointId!);
  const subscription = point?.subscriptions.find((s) => s.subscriptionId === session.subscriptionId);
  if (!point || subscription?.tariffId !== cause.tariffId) return false;
  return (tariffVersionOn({ versions: before }, directory.today(point.timeZone, now))?.radius ?? null) !== null;
}

/** What one change did: sessions sent a CoA-Request, sessions that could not be, and those handled before. */
export interface ChangeSummary {
  cause: ChangeCause;
  sent: number;
  notSent: number;
  alreadyHandled: number;
  /** The Disconnect-Requests of sessions the change left without network access, counted likewise. */
  disconnects: { sent: number; notSent: number; alreadyHandled: number };
}

/** Runs `work` over `items` with at most `size` at once. */
async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** The Disconnect-Requests of one session and their outcomes, oldest first (support's view); the session must exist. */
export async function disconnectsOfSession(deps: AppDeps, sessionId: string): Promise<RecordedEvent[]> {
  if (!(await deps.readStore.get(RADIUS_SESSIONS, sessionId))) throw new NotFoundError(`RADIUS session ${sessionId} does not exist`);
  return deps.eventStore.readStream(dynamicAuthorizationStream(sessionId));
}
