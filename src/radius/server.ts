/**
 * The RADIUS server (RFC 2865 authentication, RFC 2866 accounting, RFC 5997 Status-Server): two
 * UDP sockets, every packet checked before it costs anything, and answers from the in-memory
 * directory (src/app/radius/directory.ts).
 *
 * A packet goes through, in order: the NAS by source address (unknown: dropped), the strict
 * decode (dropped by reason), the authenticators (a wrong secret is dropped: it is not the NAS),
 * the BlastRADIUS rules for Access-Request (CVE-2024-3596), the duplicate cache (RFC 5080 s2.2.2:
 * a retransmission gets the first answer again and never a second effect; a retransmission of a
 * request still being worked on is answered once, when the first is), then the work. Nothing in a
 * packet can crash the server or hold up another: errors are counted per packet, and logged at
 * most once a second.
 *
 * Performance: the sockets are read in the event loop with no await on the path of a service
 * point's Access-Request (the decision is synchronous; only prepaid cards and accounting wait
 * for the store), reply attributes of a tariff are encoded once per tariff version, and nothing
 * is logged per packet.
 */
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Temporal } from 'temporal-polyfill';
import type { AppDeps } from '../app/deps.ts';
import { canonicalAddress, keepRadiusDirectoryFresh, loadRadiusDirectory, type NasClient, type RadiusDirectory } from '../app/radius/directory.ts';
import { authenticate, decideServicePointAccess, loggedUserName, unknownUser, type AccessDecision, type AccessRequest, type AuthenticationMethod, type MsChapAccept } from '../app/radius/authenticate.ts';
import { AuthLog } from '../app/radius/auth-log.ts';
import { RadiusAccounting } from '../app/radius/accounting.ts';
import { cardSessionKey } from '../domain/radius-session/events.ts';
import type { RadiusAuthorization } from '../domain/tariff/definition.ts';
import { accountingInputFrom } from './accounting.ts';
import { encodeClass } from './class.ts';
import { RadiusCounters, UNKNOWN_NAS, type NasCounters } from './counters.ts';
import { attribute } from './codec/attributes.ts';
import { encodeReply, hasMessageAuthenticator, hideSalted, messageAuthenticatorValid, packetSalts, PROXY_STATE, requestAuthenticatorValid, revealPassword } from './codec/crypto.ts';
import { bundledDictionary } from './codec/dictionary-files.ts';
import type { Dictionary } from './codec/dictionary.ts';
import { decodePacket, RADIUS_CODES, RadiusDecodeError, type RadiusPacket, type RawAttribute } from './codec/packet.ts';

export interface RadiusServerOptions {
  /** IPv4 or IPv6 address to bind (`0.0.0.0`, `::` for both families where the system allows). */
  address: string;
  /** 0 picks a free port (tests). */
  authPort: number;
  acctPort: number;
  dictionary?: Dictionary;
  onListening?: (where: { address: string; authPort: number; acctPort: number }) => void;
  /** Where rate-limited problems go (default: stderr). */
  log?: (line: string) => void;
  /** RFC 5080 duplicate detection: how long an answer is kept, and how many at most. */
  duplicateTtlMs?: number;
  duplicateCacheSize?: number;
  /** How often the timer asks accounting to close stale sessions (it closes them at most once a minute of the store's clock). */
  staleSweepEveryMs?: number;
}

export interface RadiusServer {
  address: string;
  authPort: number;
  acctPort: number;
  counters: RadiusCounters;
  /** The directory in use now (replaced whole on every refresh). */
  readonly directory: RadiusDirectory;
  /** Waits until the directory reflects everything stored now (tests, after a change over REST). */
  refreshed(): Promise<void>;
  /** Stops reading packets, finishes accounting in flight, writes the support log, closes the sockets. */
  stop(): Promise<void>;
}

export const DUPLICATE_TTL_MS = 30_000;
export const DUPLICATE_CACHE_SIZE = 100_000;
/** The stale-session timer's period: a session is closed at most this long after its third missed interim, even when no NAS reports. */
export const STALE_SWEEP_TIMER_MS = 15_000;
/** Requests being worked on at once (prepaid and accounting wait for the store): beyond, dropped as `overload`. */
export const MAX_IN_FLIGHT = 20_000;

const STANDARD = {
  UserName: 1, UserPassword: 2, ChapPassword: 3, ReplyMessage: 18, Class: 25, SessionTimeout: 27, CalledStationId: 30, CallingStationId: 31,
  AcctSessionId: 44, ChapChallenge: 60, EapMessage: 79,
} as const;
const MICROSOFT = 311;
const MS_CHAP_CHALLENGE = 11;
const MS_CHAP2_RESPONSE = 25;
/** RFC 2548 s2.4.4 and s2.4.5. */
const MPPE_ENCRYPTION_ALLOWED = 1;
const MPPE_RC4_40_OR_128 = 0x6;

interface CachedAnswer {
  /** null while the first copy is being worked on. */
  reply: Buffer | null;
  expires: number;
  /** Retransmissions that came while the first copy was worked on: each gets the answer once it is sent. */
  waiting?: number;
}

/** Problems the server logs, at most one line a second per kind, with how many were not logged. */
class RateLimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();
  constructor(private readonly write: (line: string) => void) {}
  note(kind: string, line: string): void {
    const now = Date.now();
    const entry = this.last.get(kind);
    if (entry && now - entry.at < 1000) {
      entry.suppressed += 1;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    if (this.last.size > 1000) this.last.clear();
    this.last.set(kind, { at: now, suppressed: 0 });
    this.write(suppressed ? `${line} (and ${suppressed} more like it in the last second)` : line);
  }
}

function rateText(bitsPerSecond: number): string {
  if (bitsPerSecond % 1_000_000_000 === 0) return `${bitsPerSecond / 1_000_000_000}G`;
  if (bitsPerSecond % 1_000_000 === 0) return `${bitsPerSecond / 1_000_000}M`;
  if (bitsPerSecond % 1_000 === 0) return `${bitsPerSecond / 1_000}k`;
  return String(bitsPerSecond);
}

/**
 * A tariff's reply attributes: the standard ones, and the rate limit for each vendor billstream
 * knows (Mikrotik rx/tx from the router's side is the subscriber's up/down; WISPr in bit/s;
 * ChilliSpot in kbit/s). A NAS ignores vendors it does not know.
 */
export function tariffReplyAttributes(dictionary: Dictionary, radius: RadiusAuthorization): RawAttribute[] {
  const attributes: RawAttribute[] = [];
  const add = (name: string, value: string | number) => attributes.push(attribute(dictionary, name, value));
  if (radius.sessionTimeout !== null) add('Session-Timeout', radius.sessionTimeout);
  add('Acct-Interim-Interval', radius.interimInterval);
  if (radius.framedPool !== null) add('Framed-Pool', radius.framedPool);
  if (radius.rateLimit) {
    const { upBitsPerSecond: up, downBitsPerSecond: down } = radius.rateLimit;
    add('Mikrotik-Rate-Limit', `${rateText(up)}/${rateText(down)}`);
    add('WISPr-Bandwidth-Max-Up', up);
    add('WISPr-Bandwidth-Max-Down', down);
    add('ChilliSpot-Bandwidth-Max-Up', Math.ceil(up / 1000));
    add('ChilliSpot-Bandwidth-Max-Down', Math.ceil(down / 1000));
  }
  for (const [name, value] of Object.entries(radius.attributes)) add(name, value);
  return attributes;
}

/**
 * What a CoA-Request tells a running session when its authorization changed: the tariff's reply
 * attributes but Framed-Pool (a running session keeps the address it has).
 */
export function changeOfAuthorizationAttributes(dictionary: Dictionary, radius: RadiusAuthorization): RawAttribute[] {
  return tariffReplyAttributes(dictionary, { ...radius, framedPool: null });
}

/** A prepaid card's reply: its time (Session-Timeout, and Cisco's h323-credit-time for VoIP gateways) and volume. */
export function cardReplyAttributes(dictionary: Dictionary, decision: Extract<AccessDecision, { result: 'accept-card' }>): RawAttribute[] {
  const attributes: RawAttribute[] = [];
  const add = (name: string, value: string | number) => attributes.push(attribute(dictionary, name, value));
  if (decision.sessionTimeoutSeconds !== null) {
    add('Session-Timeout', decision.sessionTimeoutSeconds);
    add('h323-credit-time', `h323-credit-time=${decision.sessionTimeoutSeconds}`);
  }
  add('Acct-Interim-Interval', decision.interimInterval);
  if (decision.volumeQuotaBytes !== null) {
    const quota = decision.volumeQuotaBytes;
    const low = Number(quota & 0xffffffffn);
    const gigawords = Number(quota >> 32n);
    add('ChilliSpot-Max-Total-Octets', low);
    if (gigawords > 0) add('ChilliSpot-Max-Total-Gigawords', gigawords);
    add('Mikrotik-Total-Limit', low);
    if (gigawords > 0) add('Mikrotik-Total-Limit-Gigawords', gigawords);
  }
  return attributes;
}

/**
 * What an MS-CHAPv2 accept adds: MS-CHAP2-Success for the client, and for the NAS the MPPE keys
 * (hidden with the request's authenticator, each with its own salt) and the policy FreeRADIUS
 * sends by default: encryption allowed, not required, with 40- or 128-bit keys.
 */
export function msChapAcceptAttributes(dictionary: Dictionary, msChap: MsChapAccept, secret: Buffer, requestAuthenticator: Buffer): RawAttribute[] {
  const [sendSalt, recvSalt] = packetSalts(2);
  return [
    attribute(dictionary, 'MS-CHAP2-Success', msChap.success),
    attribute(dictionary, 'MS-MPPE-Recv-Key', hideSalted(msChap.keys.recvKey, secret, requestAuthenticator, recvSalt!)),
    attribute(dictionary, 'MS-MPPE-Send-Key', hideSalted(msChap.keys.sendKey, secret, requestAuthenticator, sendSalt!)),
    attribute(dictionary, 'MS-MPPE-Encryption-Policy', MPPE_ENCRYPTION_ALLOWED),
    attribute(dictionary, 'MS-MPPE-Encryption-Types', MPPE_RC4_40_OR_128),
  ];
}

function firstValue(packet: RadiusPacket, type: number, vendorId = 0): Buffer | undefined {
  const attributes = packet.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i]!;
    if (a.type === type && a.vendorId === vendorId) return a.value;
  }
  return undefined;
}

function hasAttribute(packet: RadiusPacket, type: number): boolean {
  return firstValue(packet, type) !== undefined;
}

function textOf(value: Buffer | undefined): string | null {
  return value === undefined ? null : value.toString('utf8');
}

function methodOf(packet: RadiusPacket, secret: Buffer): AuthenticationMethod {
  const hidden = firstValue(packet, STANDARD.UserPassword);
  if (hidden !== undefined) return { kind: 'pap', password: revealPassword(hidden, secret, packet.authenticator) };
  const chap = firstValue(packet, STANDARD.ChapPassword);
  if (chap !== undefined) return { kind: 'chap', chapPassword: chap, challenge: firstValue(packet, STANDARD.ChapChallenge) ?? packet.authenticator };
  const msChallenge = firstValue(packet, MS_CHAP_CHALLENGE, MICROSOFT);
  const msResponse = firstValue(packet, MS_CHAP2_RESPONSE, MICROSOFT);
  if (msChallenge !== undefined && msResponse !== undefined) return { kind: 'mschapv2', authenticatorChallenge: msChallenge, response: msResponse };
  if (hasAttribute(packet, STANDARD.EapMessage)) return { kind: 'eap' };
  return { kind: 'none' };
}

function bind(socket: dgram.Socket, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', reject);
      resolve((socket.address() as AddressInfo).port);
    });
  });
}

export async function startRadiusServer(deps: AppDeps, options: RadiusServerOptions): Promise<RadiusServer> {
  const dictionary = options.dictionary ?? bundledDictionary();
  const log = new RateLimitedLog(options.log ?? ((line) => process.stderr.write(`radius: ${line}\n`)));
  const counters = new RadiusCounters();
  const duplicateTtl = options.duplicateTtlMs ?? DUPLICATE_TTL_MS;
  const duplicateLimit = options.duplicateCacheSize ?? DUPLICATE_CACHE_SIZE;

  const head = await deps.eventStore.headPosition();
  await deps.readModelsReached(head);
  const holder = { directory: await loadRadiusDirectory(deps) };
  const refresher = keepRadiusDirectoryFresh(deps, holder, {
    after: head,
    onError: (error) => log.note('directory', `the directory could not be reloaded (the previous one stays in use): ${error instanceof Error ? error.message : String(error)}`),
  });
  const authLog = await AuthLog.open(deps, (error) => log.note('auth-log', `support log entries could not be written: ${error instanceof Error ? error.message : String(error)}`));
  const accounting = new RadiusAccounting(deps);
  // Reports sweep stale sessions too; the timer is for when no NAS reports at all (all went down).
  const staleSweeps = setInterval(() => accounting.sweepNowAndThen(deps.clock.now()), options.staleSweepEveryMs ?? STALE_SWEEP_TIMER_MS);
  staleSweeps.unref();

  /** NAS ids that have sent a valid Message-Authenticator: under `auto` they must from now on (FreeRADIUS limit_proxy_state). */
  const sentMessageAuthenticator = new Set<string>();
  const answers = new Map<string, CachedAnswer>();
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const tariffReplies = new WeakMap<RadiusAuthorization, RawAttribute[]>();
  const repliesOf = (radius: RadiusAuthorization) => {
    let cached = tariffReplies.get(radius);
    if (!cached) tariffReplies.set(radius, (cached = tariffReplyAttributes(dictionary, radius)));
    return cached;
  };

  const family = isIPv6(options.address) ? 'udp6' : 'udp4';
  const authSocket = dgram.createSocket({ type: family, reuseAddr: false });
  const acctSocket = dgram.createSocket({ type: family, reuseAddr: false });

  /** The cached answer slot of a request, by source, code, identifier and authenticator. */
  const duplicateKey = (raw: Buffer, address: string, port: number) => `${address}|${port}|${raw.toString('latin1', 0, 2)}${raw.toString('latin1', 4, 20)}`;

  const remember = (key: string, now: number): void => {
    // Oldest first (a Map keeps insertion order, and every entry lives the same time): expired
    // ones go, and beyond the size bound the oldest go, so the cache stays bounded under a flood.
    for (const [oldKey, old] of answers) {
      if (old.expires > now && answers.size < duplicateLimit) break;
      if (old.reply === null && old.expires > now) break;
      answers.delete(oldKey);
    }
    answers.set(key, { reply: null, expires: now + duplicateTtl });
  };

  const send = (socket: dgram.Socket, bytes: Buffer, port: number, address: string) => {
    socket.send(bytes, port, address, (error) => {
      if (error) log.note('send', `a reply to ${address}:${port} could not be sent: ${error.message}`);
    });
  };

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const finishAccess = (packet: RadiusPacket, nas: NasClient, stats: NasCounters, decision: AccessDecision, request: AccessRequest, receivedAt: Temporal.Instant, started: number, key: string, socket: dgram.Socket, port: number, address: string) => {
    let code: number;
    let attributes: RawAttribute[];
    if (decision.result === 'reject') {
      code = RADIUS_CODES.AccessReject;
      attributes = [attribute(dictionary, 'Reply-Message', decision.message)];
    } else {
      code = RADIUS_CODES.AccessAccept;
      const own = decision.result === 'accept' ? repliesOf(decision.radius) : cardReplyAttributes(dictionary, decision);
      const sessionClass = decision.result === 'accept'
        ? encodeClass({ servicePointId: decision.servicePointId, subscriptionId: decision.subscriptionId })
        : encodeClass({ cardId: decision.cardId, reservationId: decision.reservationId });
      attributes = [...own, { type: STANDARD.Class, vendorId: 0, value: sessionClass }];
      if (decision.msChap) attributes.push(...msChapAcceptAttributes(dictionary, decision.msChap, nas.secret, packet.authenticator));
    }
    const reply = encodeReply(packet, code, attributes, nas.secret);
    send(socket, reply, port, address);
    const cached = answers.get(key);
    if (cached) cached.reply = reply;
    if (decision.result === 'reject') stats.reject(decision.reason);
    else stats.accepts += 1;
    stats.replied((performance.now() - started) / 1000);
    authLog.record({
      // Date's ISO form: the polyfill's Instant#toString took a sixth of an Access-Request's time.
      at: new Date(receivedAt.epochMilliseconds).toISOString(),
      result: decision.result === 'reject' ? 'reject' : 'accept',
      reason: decision.result === 'reject' ? decision.reason : null,
      // Never a card's PIN: `card:<serial>`, or masked when a refused user name may be one.
      userName: loggedUserName(request.userName, decision),
      nasId: nas.nasId,
      callingStationId: request.callingStationId,
      calledStationId: request.calledStationId,
      servicePointId: decision.result === 'accept' ? decision.servicePointId : decision.result === 'reject' ? decision.servicePointId : null,
      subscriptionId: decision.result === 'accept' ? decision.subscriptionId : null,
      cardId: decision.result === 'accept-card' ? decision.cardId : decision.result === 'reject' ? decision.cardId : null,
    });
  };

  /** Access-Request: BlastRADIUS rules, duplicates, then the decision (synchronous for service points). */
  const accessRequest = (packet: RadiusPacket, nas: NasClient, stats: NasCounters, socket: dgram.Socket, port: number, address: string, started: number) => {
    if (hasMessageAuthenticator(packet)) {
      if (!messageAuthenticatorValid(packet, nas.secret)) return stats.drop('bad-message-authenticator');
      if (nas.requireMessageAuthenticator === 'auto') sentMessageAuthenticator.add(nas.nasId);
    } else {
      if (nas.requireMessageAuthenticator === 'yes') return stats.drop('missing-message-authenticator');
      if (sentMessageAuthenticator.has(nas.nasId)) return stats.drop('missing-message-authenticator');
      // BlastRADIUS forges replies through Proxy-State; a request carrying it must be signed.
      if (hasAttribute(packet, PROXY_STATE)) return stats.drop('proxy-state-without-message-authenticator');
    }
    stats.accessRequests += 1;
    const key = duplicateKey(packet.raw, address, port);
    const now = Date.now();
    const previous = answers.get(key);
    if (previous && previous.expires > now) {
      stats.duplicates += 1;
      if (previous.reply) send(socket, previous.reply, port, address);
      return;
    }
    if (inFlight.size >= MAX_IN_FLIGHT) return stats.drop('overload');
    remember(key, now);
    const userName = textOf(firstValue(packet, STANDARD.UserName)) ?? '';
    const calledStationId = textOf(firstValue(packet, STANDARD.CalledStationId));
    const callingStationId = textOf(firstValue(packet, STANDARD.CallingStationId));
    const acctSessionId = textOf(firstValue(packet, STANDARD.AcctSessionId));
    const request: AccessRequest = {
      nasId: nas.nasId,
      userName,
      method: methodOf(packet, nas.secret),
      calledStationId,
      callingStationId,
      // The card reservation's key: the NAS and Acct-Session-Id, which accounting brings too. A request
      // without Acct-Session-Id gets one of its own; its accounting finds the reservation by the Class's `res=`.
      sessionKey: cardSessionKey(nas.nasId, acctSessionId ?? `${callingStationId ?? ''}:${packet.authenticator.toString('hex')}`),
    };
    const receivedAt = deps.clock.now();
    const directory = holder.directory;
    const decision = userName === '' ? null : decideServicePointAccess(directory, request, receivedAt);
    if (decision) return finishAccess(packet, nas, stats, decision, request, receivedAt, started, key, socket, port, address);
    track((async () => {
      try {
        const answer = userName === '' ? unknownUser() : await authenticate(deps, directory, request, receivedAt);
        finishAccess(packet, nas, stats, answer, request, receivedAt, started, key, socket, port, address);
      } catch (error) {
        answers.delete(key);
        counters.errors += 1;
        log.note('access', `an Access-Request from NAS ${nas.nasId} failed (no answer; the NAS will retry): ${error instanceof Error ? error.message : String(error)}`);
      }
    })());
  };

  /** Accounting-Request: answered only after the session's events are stored. */
  /** `nasAddress`: the source in canonical form (sessions keep it for Disconnect and CoA requests); `address`: as the socket gave it, for the reply. */
  const accountingRequest = (packet: RadiusPacket, nas: NasClient, stats: NasCounters, socket: dgram.Socket, port: number, address: string, nasAddress: string, started: number) => {
    if (!requestAuthenticatorValid(packet, nas.secret)) return stats.drop('bad-authenticator');
    if (hasMessageAuthenticator(packet) && !messageAuthenticatorValid(packet, nas.secret)) return stats.drop('bad-message-authenticator');
    stats.accountingRequests += 1;
    const key = duplicateKey(packet.raw, address, port);
    const now = Date.now();
    const previous = answers.get(key);
    if (previous && previous.expires > now) {
      stats.duplicates += 1;
      // Still being stored: answered with the first copy's answer once it is (never stored twice).
      if (previous.reply) send(socket, previous.reply, port, address);
      else previous.waiting = (previous.waiting ?? 0) + 1;
      return;
    }
    const input = accountingInputFrom(dictionary, nas.nasId, packet, nasAddress);
    if ('error' in input) {
      log.note(`accounting-input:${nas.nasId}`, `an Accounting-Request from NAS ${nas.nasId} was dropped: ${input.error}`);
      return stats.drop('bad-accounting-request');
    }
    if (inFlight.size >= MAX_IN_FLIGHT) return stats.drop('overload');
    remember(key, now);
    track(accounting.record(input, deps.clock.now()).then(
      () => {
        const reply = encodeReply(packet, RADIUS_CODES.AccountingResponse, [], nas.secret);
        send(socket, reply, port, address);
        const cached = answers.get(key);
        if (cached) {
          cached.reply = reply;
          // The retransmissions that came while it was stored: the same source and port, one answer each.
          for (let i = 0; i < (cached.waiting ?? 0); i++) send(socket, reply, port, address);
          cached.waiting = 0;
        }
        stats.accountingResponses += 1;
        stats.replied((performance.now() - started) / 1000);
      },
      (error: unknown) => {
        // Not stored: no answer, so the NAS sends it again.
        answers.delete(key);
        counters.errors += 1;
        log.note('accounting', `an Accounting-Request from NAS ${nas.nasId} could not be stored (no answer; the NAS will retry): ${error instanceof Error ? error.message : String(error)}`);
      },
    ));
  };

  /** RFC 5997: a liveness check, which must be signed; answered on either port, never cached. */
  const statusServer = (packet: RadiusPacket, nas: NasClient, stats: NasCounters, socket: dgram.Socket, port: number, address: string, accountingPort: boolean) => {
    if (!hasMessageAuthenticator(packet)) return stats.drop('missing-message-authenticator');
    if (!messageAuthenticatorValid(packet, nas.secret)) return stats.drop('bad-message-authenticator');
    stats.statusServer += 1;
    const code = accountingPort ? RADIUS_CODES.AccountingResponse : RADIUS_CODES.AccessAccept;
    const attributes = accountingPort ? [] : [attribute(dictionary, 'Reply-Message', 'billstream RADIUS server is up')];
    send(socket, encodeReply(packet, code, attributes, nas.secret), port, address);
  };

  const onMessage = (socket: dgram.Socket, accountingPort: boolean) => (datagram: Buffer, source: dgram.RemoteInfo) => {
    if (stopping) return;
    const started = performance.now();
    const address = source.family === 'IPv6' ? canonicalAddress(source.address) : source.address;
    const nas = holder.directory.nasFor(address);
    if (!nas) {
      counters.of(UNKNOWN_NAS).drop('unknown-source');
      log.note('unknown-source', `packets from ${address}, which is no NAS, are dropped (register it with billstream import nas or /radius/nas)`);
      return;
    }
    const stats = counters.of(nas.nasId);
    try {
      let packet: RadiusPacket;
      try {
        packet = decodePacket(datagram, dictionary);
      } catch (error) {
        if (error instanceof RadiusDecodeError) return stats.drop(error.reason);
        throw error;
      }
      const code = packet.code;
      if (code === RADIUS_CODES.StatusServer) return statusServer(packet, nas, stats, socket, source.port, source.address, accountingPort);
      if (!accountingPort && code === RADIUS_CODES.AccessRequest) return accessRequest(packet, nas, stats, socket, source.port, source.address, started);
      if (accountingPort && code === RADIUS_CODES.AccountingRequest) return accountingRequest(packet, nas, stats, socket, source.port, source.address, address, started);
      return stats.drop('unexpected-code');
    } catch (error) {
      counters.errors += 1;
      log.note('packet', `a packet from NAS ${nas.nasId} could not be handled: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  authSocket.on('message', onMessage(authSocket, false));
  acctSocket.on('message', onMessage(acctSocket, true));
  for (const socket of [authSocket, acctSocket]) socket.on('error', (error) => log.note('socket', `socket error: ${error.message}`));

  let authPort: number;
  let acctPort: number;
  try {
    authPort = await bind(authSocket, options.address, options.authPort);
    acctPort = await bind(acctSocket, options.address, options.acctPort);
  } catch (error) {
    clearInterval(staleSweeps);
    for (const socket of [authSocket, acctSocket]) {
      try {
        socket.close();
      } catch {
        // not bound: nothing to close
      }
    }
    await refresher.stop();
    throw error;
  }
  options.onListening?.({ address: options.address, authPort, acctPort });

  return {
    address: options.address,
    authPort,
    acctPort,
    counters,
    get directory() {
      return holder.directory;
    },
    async refreshed() {
      const target = await deps.eventStore.headPosition();
      await deps.readModelsReached(target);
      holder.directory = await loadRadiusDirectory(deps);
    },
    async stop() {
      stopping = true;
      clearInterval(staleSweeps);
      await Promise.allSettled([...inFlight]);
      await accounting.sweepFinished();
      await Promise.all([authSocket, acctSocket].map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
      await refresher.stop();
      await authLog.flush();
    },
  };
}
