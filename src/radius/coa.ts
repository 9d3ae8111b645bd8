/**
 * Dynamic authorization (RFC 5176) with billstream as the client: a Disconnect-Request (40) ends a
 * session at the NAS, a CoA-Request (43) changes what a running session may do. The NAS listens
 * on UDP 3799 by default (RFC 5176 s3.2).
 *
 * A request names the NAS (NAS-IP-Address or NAS-IPv6-Address: its address as registered) and the
 * session (User-Name, Acct-Session-Id, Framed-IP-Address, Calling-Station-Id: whichever the session
 * reported), carries Event-Timestamp (RFC 5176 s3.4, replay protection) and Message-Authenticator,
 * and its Request Authenticator is MD5 over the packet and the secret (s3.5). It is sent from a
 * socket of its own, so a reply is matched by the socket it reaches; the same datagram is
 * retransmitted unchanged when no valid reply comes in time (RFC 5080 s2.2.1: same Identifier and
 * authenticator, so the NAS sees a retransmission, not a second request). A reply counts only from
 * the NAS's address and port, with the request's Identifier, the ACK or NAK code of the request,
 * a right Response Authenticator and, when present, a right Message-Authenticator; anything else
 * is ignored (and counted), as a forged or stray datagram must not decide the outcome.
 */
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import { randomInt } from 'node:crypto';
import type { Dictionary } from './codec/dictionary.ts';
import { bundledDictionary } from './codec/dictionary-files.ts';
import { decodePacket, RADIUS_CODES, type RadiusPacket, type RawAttribute } from './codec/packet.ts';
import { attribute, readAttribute } from './codec/attributes.ts';
import { encodeRequest, hasMessageAuthenticator, messageAuthenticatorValid, responseAuthenticatorValid } from './codec/crypto.ts';

export const DEFAULT_COA_PORT = 3799;
export const DEFAULT_COA_TIMEOUT_MS = 2000;
export const DEFAULT_COA_TRIES = 3;
/** Bounds on what a caller may ask: a request never waits longer than 10 tries of 60 s. */
const MAX_TRIES = 10;
const MAX_TIMEOUT_MS = 60_000;

export type DynamicAuthorizationKind = 'disconnect' | 'coa';

const CODES: Record<DynamicAuthorizationKind, { request: number; ack: number; nak: number }> = {
  disconnect: { request: RADIUS_CODES.DisconnectRequest, ack: RADIUS_CODES.DisconnectAck, nak: RADIUS_CODES.DisconnectNak },
  coa: { request: RADIUS_CODES.CoaRequest, ack: RADIUS_CODES.CoaAck, nak: RADIUS_CODES.CoaNak },
};

/** Where the request goes: the NAS's address (an IP literal, v4 or v6) and its shared secret. */
export interface DynamicAuthorizationPeer {
  address: string;
  /** Default 3799. */
  port?: number;
  secret: Buffer;
}

/** What identifies the session at the NAS; nulls are left out of the request. */
export interface SessionIdentity {
  userName: string | null;
  acctSessionId: string | null;
  framedIp: string | null;
  callingStationId: string | null;
}

export interface SendOptions {
  /** Per try; default 2000 ms. */
  timeoutMs?: number;
  /** Sends of the same datagram before giving up; default 3. */
  tries?: number;
  /** 0..255; default random. Recorded by callers that want to say which packet they sent. */
  identifier?: number;
  /** Event-Timestamp, epoch seconds (the caller's clock). */
  eventTimestamp: number;
  dictionary?: Dictionary;
}

interface Reply {
  attempts: number;
  /** Datagrams that reached the socket but were not a valid reply (forged, stray, damaged). */
  ignored: number;
}

export type DynamicAuthorizationResult =
  | (Reply & { outcome: 'ack' })
  | (Reply & { outcome: 'nak'; errorCause: number | null; errorCauseName: string | null })
  | (Reply & { outcome: 'timeout' })
  /** The datagram could not be sent (`detail`: the system's error, e.g. no route to the NAS). */
  | (Reply & { outcome: 'error'; detail: string });

/** The NAS and session identification attributes of RFC 5176 s3, and Event-Timestamp. */
export function sessionAttributes(dictionary: Dictionary, nasAddress: string, session: SessionIdentity, eventTimestamp: number): RawAttribute[] {
  const family = addressFamily(nasAddress);
  const attributes: RawAttribute[] = [];
  const add = (name: string, value: string | number | null) => {
    if (value !== null && value !== '') attributes.push(attribute(dictionary, name, value));
  };
  add(family === 6 ? 'NAS-IPv6-Address' : 'NAS-IP-Address', nasAddress);
  add('User-Name', session.userName);
  add('Acct-Session-Id', session.acctSessionId);
  add('Framed-IP-Address', session.framedIp);
  add('Calling-Station-Id', session.callingStationId);
  add('Event-Timestamp', eventTimestamp);
  return attributes;
}

/** Asks the NAS to end the session. */
export async function sendDisconnectRequest(peer: DynamicAuthorizationPeer, session: SessionIdentity, options: SendOptions): Promise<DynamicAuthorizationResult> {
  const dictionary = options.dictionary ?? bundledDictionary();
  return sendDynamicAuthorization(peer, 'disconnect', sessionAttributes(dictionary, peer.address, session, options.eventTimestamp), { ...options, dictionary });
}

/** Asks the NAS to apply `changes` (Session-Timeout, a rate limit, ...) to the running session. */
export async function sendCoaRequest(peer: DynamicAuthorizationPeer, session: SessionIdentity, changes: RawAttribute[], options: SendOptions): Promise<DynamicAuthorizationResult> {
  const dictionary = options.dictionary ?? bundledDictionary();
  return sendDynamicAuthorization(peer, 'coa', [...sessionAttributes(dictionary, peer.address, session, options.eventTimestamp), ...changes], { ...options, dictionary });
}

function addressFamily(address: string): 4 | 6 {
  const family = isIP(address);
  if (family === 0) throw new RangeError(`the NAS address ${JSON.stringify(address)} is not an IP address`);
  return family as 4 | 6;
}

function checkOptions(peer: DynamicAuthorizationPeer, options: SendOptions): { port: number; tries: number; timeoutMs: number; identifier: number } {
  const port = peer.port ?? DEFAULT_COA_PORT;
  const tries = options.tries ?? DEFAULT_COA_TRIES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_COA_TIMEOUT_MS;
  const identifier = options.identifier ?? randomInt(256);
  addressFamily(peer.address);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`port ${port} is not 1..65535`);
  if (!Number.isInteger(tries) || tries < 1 || tries > MAX_TRIES) throw new RangeError(`tries ${tries} is not 1..${MAX_TRIES}`);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) throw new RangeError(`timeout ${timeoutMs} ms is not 1..${MAX_TIMEOUT_MS}`);
  if (!Number.isInteger(identifier) || identifier < 0 || identifier > 255) throw new RangeError(`identifier ${identifier} is not 0..255`);
  return { port, tries, timeoutMs, identifier };
}

/** Sends one Disconnect- or CoA-Request with `attributes` and waits for its ACK or NAK (or gives up). */
export async function sendDynamicAuthorization(
  peer: DynamicAuthorizationPeer,
  kind: DynamicAuthorizationKind,
  attributes: RawAttribute[],
  options: SendOptions,
): Promise<DynamicAuthorizationResult> {
  const { port, tries, timeoutMs, identifier } = checkOptions(peer, options);
  const dictionary = options.dictionary ?? bundledDictionary();
  const codes = CODES[kind];
  const datagram = encodeRequest(codes.request, identifier, attributes, peer.secret, { messageAuthenticator: true });
  const requestAuthenticator = datagram.subarray(4, 20);
  const socket = dgram.createSocket(addressFamily(peer.address) === 6 ? 'udp6' : 'udp4');
  let attempts = 0;
  let ignored = 0;

  const isReply = (message: Buffer, from: dgram.RemoteInfo): RadiusPacket | null => {
    if (from.address !== peer.address || from.port !== port) return null;
    let reply: RadiusPacket;
    try {
      reply = decodePacket(message, dictionary);
    } catch {
      // A RadiusDecodeError, whatever the datagram holds: no reason to stop waiting for the real reply.
      return null;
    }
    if (reply.identifier !== identifier || (reply.code !== codes.ack && reply.code !== codes.nak)) return null;
    if (!responseAuthenticatorValid(reply, requestAuthenticator, peer.secret)) return null;
    if (hasMessageAuthenticator(reply) && !messageAuthenticatorValid(reply, peer.secret, requestAuthenticator)) return null;
    return reply;
  };

  try {
    const reply = await new Promise<RadiusPacket | null | Error>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      // The network refusing the datagram (no route, an address this host cannot send from) is an outcome, not a crash.
      const fail = (error: Error) => {
        clearTimeout(timer);
        resolve(error);
      };
      const send = () => {
        attempts++;
        socket.send(datagram, port, peer.address, (error) => {
          if (error) fail(error);
        });
        timer = setTimeout(() => (attempts < tries ? send() : resolve(null)), timeoutMs);
      };
      socket.on('error', fail);
      socket.on('message', (message, from) => {
        const reply = isReply(message, from);
        if (!reply) {
          ignored++;
          return;
        }
        clearTimeout(timer);
        resolve(reply);
      });
      send();
    });
    if (reply instanceof Error) return { outcome: 'error', attempts, ignored, detail: reply.message };
    if (!reply) return { outcome: 'timeout', attempts, ignored };
    if (reply.code === codes.ack) return { outcome: 'ack', attempts, ignored };
    return { outcome: 'nak', attempts, ignored, ...errorCauseOf(dictionary, reply) };
  } finally {
    socket.close();
  }
}

/** Error-Cause of a NAK (RFC 5176 s3.6), with its dictionary name (`Session-Context-Not-Found`). */
function errorCauseOf(dictionary: Dictionary, reply: RadiusPacket): { errorCause: number | null; errorCauseName: string | null } {
  let value: unknown;
  try {
    value = readAttribute(dictionary, reply, 'Error-Cause');
  } catch {
    // A malformed Error-Cause: the NAK stands, its cause is unknown.
    return { errorCause: null, errorCauseName: null };
  }
  if (typeof value !== 'number') return { errorCause: null, errorCauseName: null };
  const definition = dictionary.attribute('Error-Cause');
  return { errorCause: value, errorCauseName: (definition && dictionary.valueName(definition, value)) ?? null };
}
