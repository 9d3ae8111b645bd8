/**
 * The requests a load process sends, encoded before the clock starts so that sending costs one
 * system call: every one distinct (its own identifier on its socket, random Request
 * Authenticator or distinct accounting session), so neither server's duplicate detection can
 * answer from a cache.
 *
 * Requests are arranged by slot: the load keeps one request outstanding per slot, slot k sends
 * from socket k % sockets with identifier floor(k / sockets), and its j-th request is for user
 * (j * slots + k) % users. Accounting slots send whole sessions in order (Start, Interim-Update,
 * Stop), so a session's Stop never overtakes its Start.
 */
import { randomBytes } from 'node:crypto';
import { encodeRequest } from '../../../src/radius/codec/crypto.ts';
import { RADIUS_CODES, type RawAttribute } from '../../../src/radius/codec/packet.ts';
import { benchUserName, benchUserPassword } from './users.ts';

// Attribute numbers (RFC 2865, 2866, 2869): the generator encodes these few without a dictionary.
const USER_NAME = 1;
const NAS_IP_ADDRESS = 4;
const NAS_PORT = 5;
const FRAMED_IP_ADDRESS = 8;
const CLASS = 25;
const ACCT_STATUS_TYPE = 40;
const ACCT_DELAY_TIME = 41;
const ACCT_INPUT_OCTETS = 42;
const ACCT_OUTPUT_OCTETS = 43;
const ACCT_SESSION_ID = 44;
const ACCT_SESSION_TIME = 46;
const EVENT_TIMESTAMP = 55;
const STATUS = { Start: 1, Stop: 2, 'Interim-Update': 3 } as const;
/** Each session: Start, one Interim-Update after 5 minutes, Stop after 10. */
const SESSION_STEPS = ['Start', 'Interim-Update', 'Stop'] as const;
const INTERIM_SECONDS = 300;

export type LoadKind = 'auth' | 'acct';

export interface PoolSpec {
  kind: LoadKind;
  secret: string;
  users: number;
  /** Slots of this load process, and where they start among all processes' slots (so requests stay distinct across processes). */
  slots: number;
  firstSlot: number;
  totalSlots: number;
  /** Requests encoded per slot. */
  perSlot: number;
  sockets: number;
  /** Distinguishes this run's accounting sessions from earlier runs' against the same data. */
  runId: string;
  /** Event-Timestamp of the sessions' Stop (epoch seconds). */
  eventTime: number;
  /** Class per user (hex), as the server's Access-Accept gives it, for accounting; none when absent. */
  classes?: string[];
}

export interface Pool {
  /** All requests, back to back. */
  data: Buffer;
  /** Request i of slot k starts at offsets[k * perSlot + i] and ends where the next starts. */
  offsets: Uint32Array;
  perSlot: number;
}

function u32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

const LOOPBACK = Buffer.from([127, 0, 0, 1]);

/** The octets a session has used by a step (0 at Start): distinct per session, growing. */
export function sessionOctets(session: number, step: number): { input: bigint; output: bigint } {
  return { input: BigInt(step) * BigInt(1_000_000 + (session % 1000) * 17), output: BigInt(step) * BigInt(5_000_000 + (session % 777) * 31) };
}

function accountingAttributes(spec: PoolSpec, session: number, step: number): RawAttribute[] {
  const user = session % spec.users;
  const status = SESSION_STEPS[step]!;
  const octets = sessionOctets(session, step);
  const attributes: RawAttribute[] = [
    { type: USER_NAME, vendorId: 0, value: Buffer.from(benchUserName(user)) },
    { type: NAS_IP_ADDRESS, vendorId: 0, value: LOOPBACK },
    { type: NAS_PORT, vendorId: 0, value: u32(session % 65536) },
    { type: ACCT_STATUS_TYPE, vendorId: 0, value: u32(STATUS[status]) },
    { type: ACCT_SESSION_ID, vendorId: 0, value: Buffer.from(`${spec.runId}-${session.toString(36)}`) },
    { type: FRAMED_IP_ADDRESS, vendorId: 0, value: Buffer.from([10, (session >> 16) & 255, (session >> 8) & 255, session & 255]) },
    { type: EVENT_TIMESTAMP, vendorId: 0, value: u32(spec.eventTime - (SESSION_STEPS.length - 1 - step) * INTERIM_SECONDS) },
    { type: ACCT_DELAY_TIME, vendorId: 0, value: u32(0) },
  ];
  if (step > 0) {
    attributes.push(
      { type: ACCT_SESSION_TIME, vendorId: 0, value: u32(step * INTERIM_SECONDS) },
      // Below 4 GiB: no Acct-Input-Gigawords needed.
      { type: ACCT_INPUT_OCTETS, vendorId: 0, value: u32(Number(octets.input)) },
      { type: ACCT_OUTPUT_OCTETS, vendorId: 0, value: u32(Number(octets.output)) },
    );
  }
  const classHex = spec.classes?.[user];
  if (classHex) attributes.push({ type: CLASS, vendorId: 0, value: Buffer.from(classHex, 'hex') });
  return attributes;
}

export function buildPool(spec: PoolSpec): Pool {
  const secret = Buffer.from(spec.secret);
  const count = spec.slots * spec.perSlot;
  const offsets = new Uint32Array(count + 1);
  const packets: Buffer[] = new Array(count);
  const authenticators = spec.kind === 'auth' ? randomBytes(16 * count) : null;
  let size = 0;
  for (let k = 0; k < spec.slots; k++) {
    const slot = spec.firstSlot + k;
    const identifier = Math.floor(k / spec.sockets);
    if (identifier > 255) throw new Error(`${spec.slots} slots over ${spec.sockets} sockets need more than 256 identifiers per socket: use more sockets`);
    for (let j = 0; j < spec.perSlot; j++) {
      const index = k * spec.perSlot + j;
      let packet: Buffer;
      if (authenticators) {
        const user = (j * spec.totalSlots + slot) % spec.users;
        const attributes: RawAttribute[] = [
          { type: USER_NAME, vendorId: 0, value: Buffer.from(benchUserName(user)) },
          { type: NAS_IP_ADDRESS, vendorId: 0, value: LOOPBACK },
        ];
        packet = encodeRequest(RADIUS_CODES.AccessRequest, identifier, attributes, secret, {
          password: Buffer.from(benchUserPassword(user)),
          authenticator: authenticators.subarray(index * 16, index * 16 + 16),
          messageAuthenticator: true,
        });
      } else {
        const session = Math.floor(j / SESSION_STEPS.length) * spec.totalSlots + slot;
        packet = encodeRequest(RADIUS_CODES.AccountingRequest, identifier, accountingAttributes(spec, session, j % SESSION_STEPS.length), secret, { messageAuthenticator: false });
      }
      packets[index] = packet;
      offsets[index] = size;
      size += packet.length;
    }
  }
  offsets[count] = size;
  return { data: Buffer.concat(packets, size), offsets, perSlot: spec.perSlot };
}

/** What an accounting pool's sessions add up to, for checking what a server stored. */
export const SESSION_SHAPE = { steps: SESSION_STEPS, interimSeconds: INTERIM_SECONDS };
