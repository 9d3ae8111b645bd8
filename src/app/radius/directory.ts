/**
 * What the RADIUS server answers from, in memory: the NAS clients, the service points' credentials,
 * and for each service point its client's status and time zone and its current subscriptions, and
 * the tariffs' radius sections. An Access-Request is decided from this snapshot synchronously (no
 * read store query per packet: the server must keep up with a NAS's burst after a reboot).
 *
 * Freshness: a subscription to the event store, filtered to the streams the snapshot is built
 * from, notices every change (from this process or another); after a short debounce the read
 * models are awaited up to that change and a new snapshot replaces the old one whole (a request
 * sees either the old or the new, never a mix). A change made over REST is seen well within a
 * second. A reload that fails keeps the previous snapshot and is tried again on the next change.
 *
 * Memory: per service point a few ids, its client's status and zone, and its subscriptions that
 * have not ended (at most MAX_SUBSCRIPTIONS_PER_POINT, the soonest first); per tariff the
 * validFrom and radius section of each version; per NAS its address and secret.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { Temporal } from 'temporal-polyfill';
import type { AppDeps } from '../deps.ts';
import { forEachDocument } from '../../readstore/port.ts';
import { CLIENTS } from '../../../projections/clients.projection.ts';
import { SERVICE_POINTS } from '../../../projections/service-points.projection.ts';
import { SUBSCRIPTIONS } from '../../../projections/subscriptions.projection.ts';
import { CONTRACTS } from '../../../projections/contracts.projection.ts';
import { activePeriod, type Period } from '../../domain/subscription/contract-period.ts';
import { TARIFFS, type TariffDocument } from '../../../projections/tariffs.projection.ts';
import type { RadiusAuthorization } from '../../domain/tariff/definition.ts';
import { normalizeIdentifier } from '../../domain/service-point/identifiers.ts';
import { tariffVersionOn } from '../../domain/tariff/versions.ts';
import { loadNasClients, type NasClient } from './nas.ts';
import { loadAllCredentials } from './credentials.ts';

export type { NasClient };

export interface Credential {
  servicePointId: string;
  password: Buffer;
}

export interface CurrentSubscription {
  subscriptionId: string;
  tariffId: string;
  startDate: string;
  /** Exclusive; null: open. */
  endDate: string | null;
}

export interface ServicePointAccess {
  servicePointId: string;
  contractId: string;
  clientId: string;
  /** The service point's own switch (service-points.csv `active`). */
  active: boolean;
  /** Blocked by an operator (fraud, abuse): refused whatever else holds. */
  blocked: boolean;
  /** null: the client is not in the read model (refused as unknown). */
  clientStatus: string | null;
  /** The client's IANA zone: "today" for the subscriptions is the client's date. */
  timeZone: string;
  subscriptions: CurrentSubscription[];
}

interface TariffRadiusVersion {
  validFrom: string;
  radius: RadiusAuthorization | null;
}

/** Subscriptions kept per service point: far more than any point has at once. */
export const MAX_SUBSCRIPTIONS_PER_POINT = 32;
/** How long after the last change the directory waits before reloading (a bulk import is one reload, not thousands). */
export const REFRESH_DEBOUNCE_MS = 150;

/** The streams the directory is built from (their category prefixes). */
/** (Credentials and blocking live on the service point's stream.) */
const WATCHED_STREAMS = ['client-', 'contract-', 'servicePoint-', 'subscription-', 'tariff-', 'nas-'];

/** An immutable snapshot; lookups are synchronous. */
export class RadiusDirectory {
  private readonly todayByZone = new Map<string, { date: string; until: number }>();

  constructor(
    private readonly nasExact: ReadonlyMap<string, NasClient>,
    private readonly nasRanges: readonly { range: BlockList; family: 'ipv4' | 'ipv6'; nas: NasClient }[],
    private readonly credentials: ReadonlyMap<string, Credential>,
    private readonly servicePoints: ReadonlyMap<string, ServicePointAccess>,
    private readonly tariffs: ReadonlyMap<string, readonly TariffRadiusVersion[]>,
    readonly nasClients: readonly NasClient[],
  ) {}

  static empty(): RadiusDirectory {
    return new RadiusDirectory(new Map(), [], new Map(), new Map(), new Map(), []);
  }

  /** The NAS a packet from `address` comes from: an exact address first, then the first range holding it. */
  nasFor(address: string): NasClient | undefined {
    const exact = this.nasExact.get(address);
    if (exact) return exact;
    if (this.nasRanges.length === 0) return undefined;
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    for (const entry of this.nasRanges) if (entry.family === family && entry.range.check(address, family)) return entry.nas;
    return undefined;
  }

  /** The credential of a user name as the NAS sent it, or as identifiers are normalized (a MAC in any notation). */
  credentialFor(userName: string): Credential | undefined {
    const direct = this.credentials.get(userName);
    if (direct) return direct;
    const normalized = normalizeIdentifier(userName);
    return 'value' in normalized && normalized.value !== userName ? this.credentials.get(normalized.value) : undefined;
  }

  servicePoint(servicePointId: string): ServicePointAccess | undefined {
    return this.servicePoints.get(servicePointId);
  }

  /**
   * The radius section of the tariff's version in force on `date`: undefined when the tariff has
   * no version then, null when that version has no radius section.
   */
  radiusOf(tariffId: string, date: string): RadiusAuthorization | null | undefined {
    const versions = this.tariffs.get(tariffId);
    const version = versions && tariffVersionOn({ versions }, date);
    return version ? version.radius : undefined;
  }

  /**
   * Today's date in a zone at `now`, computed once per zone and minute: converting an instant to a
   * zoned date costs tens of microseconds, far more than the rest of a decision.
   */
  today(timeZone: string, now: Temporal.Instant): string {
    const ms = now.epochMilliseconds;
    const cached = this.todayByZone.get(timeZone);
    if (cached && ms < cached.until && ms >= cached.until - 60_000) return cached.date;
    const zoned = now.toZonedDateTimeISO(timeZone);
    const date = zoned.toPlainDate().toString();
    // Valid to the end of the current minute (zones change date only at whole minutes).
    const until = ms - (zoned.second * 1000 + zoned.millisecond) + 60_000;
    if (this.todayByZone.size > 1000) this.todayByZone.clear();
    this.todayByZone.set(timeZone, { date, until });
    return date;
  }
}

/** The key an exact address is looked up by: rinfo's text form (IPv6 lower case and compressed; IPv4-mapped as IPv4). */
export function canonicalAddress(address: string): string {
  if (address.startsWith('::ffff:') && isIPv4(address.slice(7))) return address.slice(7);
  if (isIPv6(address)) return new URL(`http://[${address}]`).hostname.slice(1, -1);
  return address;
}

function nasIndex(clients: NasClient[]): { exact: Map<string, NasClient>; ranges: { range: BlockList; family: 'ipv4' | 'ipv6'; nas: NasClient }[] } {
  const exact = new Map<string, NasClient>();
  const ranges: { range: BlockList; family: 'ipv4' | 'ipv6'; nas: NasClient }[] = [];
  for (const nas of clients) {
    const [address, prefix] = nas.address.split('/');
    const family = isIPv4(address!) ? 'ipv4' : isIPv6(address!) ? 'ipv6' : null;
    if (!family) continue;
    const bits = prefix === undefined ? null : Number(prefix);
    if (bits === null || bits === (family === 'ipv4' ? 32 : 128)) {
      exact.set(canonicalAddress(address!), nas);
      continue;
    }
    const range = new BlockList();
    range.addSubnet(address!, bits, family);
    ranges.push({ range, family, nas });
  }
  // The narrowest range wins when ranges overlap (a /29 inside a /24 names its own NAS).
  ranges.sort((a, b) => prefixOf(b.nas) - prefixOf(a.nas));
  return { exact, ranges };
}

const prefixOf = (nas: NasClient) => Number(nas.address.split('/')[1] ?? 128);

function currentSubscriptions(all: CurrentSubscription[], today: string): CurrentSubscription[] {
  return all
    .filter((s) => s.endDate === null || s.endDate > today)
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.subscriptionId.localeCompare(b.subscriptionId))
    .slice(0, MAX_SUBSCRIPTIONS_PER_POINT);
}

/** Builds a snapshot from the read models (and the NAS and credential use cases, which decrypt the secrets). */
export async function loadRadiusDirectory(deps: AppDeps, options: { credentials?: boolean } = {}): Promise<RadiusDirectory> {
  const nasClients = await loadNasClients(deps);
  // Without credentials (dynamic authorization decides for points, not for passwords): no secrets opened.
  const credentials = options.credentials === false ? new Map<string, Credential>() : await loadAllCredentials(deps);
  const clients = new Map<string, { status: string; timeZone: string }>();
  await forEachDocument<{ id: string; status?: string; timeZone?: string }>(deps.readStore, CLIENTS, {}, (doc) => {
    clients.set(doc.id, { status: doc.status ?? 'active', timeZone: doc.timeZone ?? 'UTC' });
  });
  // A day before today in UTC: ended subscriptions are dropped with a margin for every zone.
  const yesterday = deps.clock.now().subtract({ hours: 24 }).toString().slice(0, 10);
  const subscriptionsByPoint = new Map<string, CurrentSubscription[]>();
  await forEachDocument<{ id: string; servicePointId: string; tariffId: string; startDate: string; endDate: string | null }>(deps.readStore, SUBSCRIPTIONS, {}, (doc) => {
    if (doc.endDate !== null && doc.endDate !== undefined && doc.endDate <= yesterday) return;
    const list = subscriptionsByPoint.get(doc.servicePointId) ?? [];
    list.push({ subscriptionId: doc.id, tariffId: doc.tariffId, startDate: doc.startDate, endDate: doc.endDate ?? null });
    subscriptionsByPoint.set(doc.servicePointId, list);
  });
  const contracts = new Map<string, Period>();
  await forEachDocument<{ id: string; startDate: string; endDate: string | null }>(deps.readStore, CONTRACTS, {}, (doc) => {
    contracts.set(doc.id, { startDate: doc.startDate, endDate: doc.endDate ?? null });
  });
  const servicePoints = new Map<string, ServicePointAccess>();
  await forEachDocument<{ id: string; contractId: string; clientId: string; active?: boolean; status?: string }>(deps.readStore, SERVICE_POINTS, {}, (doc) => {
    const client = clients.get(doc.clientId);
    // Active only while the contract is: a contract ended under open subscriptions ends their access too.
    const contract = contracts.get(doc.contractId) ?? null;
    const subscriptions = (subscriptionsByPoint.get(doc.id) ?? []).map((s) => ({ ...s, ...activePeriod(s, contract) }));
    servicePoints.set(doc.id, {
      servicePointId: doc.id,
      contractId: doc.contractId,
      clientId: doc.clientId,
      active: doc.active !== false,
      blocked: doc.status === 'blocked',
      clientStatus: client?.status ?? null,
      timeZone: client?.timeZone ?? 'UTC',
      subscriptions: currentSubscriptions(subscriptions, yesterday),
    });
  });
  const tariffs = new Map<string, TariffRadiusVersion[]>();
  await forEachDocument<TariffDocument>(deps.readStore, TARIFFS, {}, (doc) => {
    tariffs.set(doc.id, doc.versions.map((version) => ({ validFrom: version.validFrom, radius: version.radius ?? null })));
  });
  const { exact, ranges } = nasIndex(nasClients);
  return new RadiusDirectory(exact, ranges, credentials, servicePoints, tariffs, nasClients);
}

/**
 * Keeps `holder.directory` current: reloads after every change to the streams it is built from
 * (debounced), once the read models reflect the change. `onReloaded` hears each new snapshot,
 * `onError` each failed reload (the old snapshot stays).
 */
export function keepRadiusDirectoryFresh(
  deps: AppDeps,
  holder: { directory: RadiusDirectory },
  options: { after: number | null; onReloaded?: (directory: RadiusDirectory) => void; onError?: (error: unknown) => void; debounceMs?: number },
): { stop(): Promise<void> } {
  let target: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let reloading: Promise<void> | null = null;
  let stopped = false;

  const reload = async () => {
    timer = null;
    if (reloading || stopped) return;
    const goal = target;
    reloading = (async () => {
      try {
        await deps.readModelsReached(goal);
        const next = await loadRadiusDirectory(deps);
        if (!stopped) {
          holder.directory = next;
          options.onReloaded?.(next);
        }
      } catch (error) {
        options.onError?.(error);
      }
    })();
    await reloading;
    reloading = null;
    // Changes that arrived while reloading get a reload of their own.
    if (!stopped && target !== goal) schedule();
  };
  const schedule = () => {
    if (timer || stopped) return;
    timer = setTimeout(() => void reload(), options.debounceMs ?? REFRESH_DEBOUNCE_MS);
    timer.unref?.();
  };
  const subscription = deps.eventStore.subscribeAll({ ...(options.after === null ? {} : { after: options.after }), filter: { streamPrefixes: WATCHED_STREAMS } }, (events) => {
    const last = events[events.length - 1];
    if (!last) return;
    target = last.position;
    schedule();
  });
  subscription.done.catch((error: unknown) => options.onError?.(error));
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await subscription.stop();
      await reloading;
    },
  };
}
