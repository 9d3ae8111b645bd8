/**
 * A NAS stand-in for dynamic authorization tests: a real UDP socket that takes Disconnect- and
 * CoA-Requests, checks each one's Request Authenticator and Message-Authenticator with the shared
 * secret (RFC 5176 s3.5, RFC 3579 s3.2), keeps what it received, and answers as the test says:
 * ACK, NAK with an Error-Cause, or nothing.
 */
import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import { bundledDictionary } from '../../src/radius/codec/dictionary-files.ts';
import { decodePacket, RADIUS_CODES, type RadiusPacket } from '../../src/radius/codec/packet.ts';
import { attribute, readAttribute } from '../../src/radius/codec/attributes.ts';
import { encodeReply, messageAuthenticatorValid, requestAuthenticatorValid } from '../../src/radius/codec/crypto.ts';

export type NasAnswer = 'ack' | { nak: number } | 'silent';

export interface ReceivedRequest {
  code: number;
  identifier: number;
  datagram: Buffer;
  /** Both authenticators right with the stand-in's secret. */
  authentic: boolean;
  attributes: Record<string, string | number | null>;
}

const READ = [
  'NAS-IP-Address', 'NAS-IPv6-Address', 'User-Name', 'Acct-Session-Id', 'Framed-IP-Address', 'Calling-Station-Id', 'Event-Timestamp', 'Session-Timeout',
  'Acct-Interim-Interval', 'Framed-Pool', 'Mikrotik-Rate-Limit', 'WISPr-Bandwidth-Max-Up', 'WISPr-Bandwidth-Max-Down', 'ChilliSpot-Bandwidth-Max-Up', 'ChilliSpot-Bandwidth-Max-Down',
];

export interface CoaNas {
  address: string;
  port: number;
  received: ReceivedRequest[];
  /** How to answer the next requests (each datagram, retransmissions included, takes one); then `otherwise`. */
  answers: NasAnswer[];
  otherwise: NasAnswer;
  /** Sends this datagram to the requester before the real answer (a forged or stray reply). */
  before: ((request: RadiusPacket) => Buffer | null) | null;
  close(): Promise<void>;
}

/**
 * Listens on `address` (default a random 127.x.y.z, so the real default port 3799 can be used by
 * tests running side by side) and `port` (default 3799; 0 for any).
 */
export async function startCoaNas(secret: Buffer, options: { address?: string; port?: number } = {}): Promise<CoaNas> {
  const dictionary = bundledDictionary();
  for (let attempt = 0; ; attempt++) {
    const address = options.address ?? `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(2, 255)}`;
    const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(options.port ?? 3799, address, () => resolve());
      });
    } catch (error) {
      socket.close();
      if (options.address || attempt >= 20) throw error;
      continue;
    }
    const nas: CoaNas = {
      address,
      port: socket.address().port,
      received: [],
      answers: [],
      otherwise: 'ack',
      before: null,
      close: () => new Promise((resolve) => socket.close(() => resolve())),
    };
    socket.on('message', (datagram, from) => {
      const request = decodePacket(datagram, dictionary);
      const authentic = requestAuthenticatorValid(request, secret) && messageAuthenticatorValid(request, secret);
      const attributes: Record<string, string | number | null> = {};
      for (const name of READ) {
        const value = readAttribute(dictionary, request, name);
        if (value !== undefined) attributes[name] = typeof value === 'string' || typeof value === 'number' ? value : String(value);
      }
      nas.received.push({ code: request.code, identifier: request.identifier, datagram: Buffer.from(datagram), authentic, attributes });
      const answer = nas.answers.shift() ?? nas.otherwise;
      if (!authentic || answer === 'silent') return;
      const forged = nas.before?.(request);
      if (forged) socket.send(forged, from.port, from.address);
      const disconnect = request.code === RADIUS_CODES.DisconnectRequest;
      const reply = answer === 'ack'
        ? encodeReply(request, disconnect ? RADIUS_CODES.DisconnectAck : RADIUS_CODES.CoaAck, [], secret)
        : encodeReply(request, disconnect ? RADIUS_CODES.DisconnectNak : RADIUS_CODES.CoaNak, [attribute(dictionary, 'Error-Cause', answer.nak)], secret);
      socket.send(reply, from.port, from.address);
    });
    return nas;
  }
}
