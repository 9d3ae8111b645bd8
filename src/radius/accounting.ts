/**
 * An Accounting-Request (RFC 2866, RFC 2869) read into what accounting records: the status type,
 * the session's keys and its cumulative counters. A packet that lacks what its status type needs
 * comes back as `{ error }` naming the attribute: the server counts it and does not answer
 * (RFC 2866 s2: a server that cannot record a request must not acknowledge it; the NAS retries a
 * few times and gives up, and an acknowledged but unrecorded session would be usage lost silently).
 */
import { readAttribute } from './codec/attributes.ts';
import type { Dictionary } from './codec/dictionary.ts';
import type { RadiusPacket } from './codec/packet.ts';
import { decodeClass } from './class.ts';
import { normalizeIdentifier } from '../domain/service-point/identifiers.ts';
import type { SessionOwner } from '../domain/radius-session/events.ts';

export type AccountingStatusType = 'Start' | 'Interim-Update' | 'Stop' | 'Accounting-On' | 'Accounting-Off';

export interface AccountingInput {
  nasId: string;
  /** The address the request came from: where a Disconnect- or CoA-Request reaches a NAS registered as a range. */
  nasAddress: string | null;
  statusType: AccountingStatusType;
  /**
   * The User-Name, normalized like service point identifiers; null for Accounting-On/Off, and for a
   * session whose Class names a prepaid card (its User-Name is the card's PIN, which is never kept).
   */
  userName: string | null;
  acctSessionId: string | null;
  /** Event-Timestamp, epoch seconds. */
  eventTimestamp: number | null;
  sessionTime: number | null;
  delaySeconds: number;
  /** Acct-Input-Octets + Acct-Input-Gigawords * 2^32. */
  inputOctets: bigint | null;
  outputOctets: bigint | null;
  /** Whether the NAS sent gigawords: without them its octet counters are 32-bit and wrap. */
  gigawords: boolean;
  classValue: Buffer | null;
  /** The service point and subscription (or card) of the Class billstream gave the session; null for another server's Class. */
  owner: SessionOwner | null;
  calledStationId: string | null;
  callingStationId: string | null;
  framedIp: string | null;
  terminateCause: string | null;
  interimInterval: number | null;
}

const STATUS_TYPES: Record<number, AccountingStatusType> = { 1: 'Start', 2: 'Stop', 3: 'Interim-Update', 7: 'Accounting-On', 8: 'Accounting-Off' };
/** A NAS holds unsent accounting through an outage of days at most; a longer delay is a broken value. */
export const MAX_ACCT_DELAY_SECONDS = 30 * 86_400;

/** What makes a request unrecordable; its message names the attribute. */
class UnrecordableRequest extends Error {}

export function accountingInputFrom(dictionary: Dictionary, nasId: string, packet: RadiusPacket, sourceAddress: string | null = null): AccountingInput | { error: string } {
  try {
    return readInput(dictionary, nasId, packet, sourceAddress);
  } catch (error) {
    // A RadiusDecodeError (a value not of its attribute's type) names the attribute too.
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function readInput(dictionary: Dictionary, nasId: string, packet: RadiusPacket, nasAddress: string | null): AccountingInput {
  const read = (name: string) => readAttribute(dictionary, packet, name);
  const text = (name: string) => {
    const value = read(name);
    return value === undefined ? null : String(value);
  };
  const integer = (name: string) => {
    const value = read(name);
    return typeof value === 'number' ? value : null;
  };
  const code = integer('Acct-Status-Type');
  if (code === null) throw new UnrecordableRequest('Acct-Status-Type is missing');
  const statusType = STATUS_TYPES[code];
  if (!statusType) {
    const name = dictionary.attribute('Acct-Status-Type') && dictionary.valueName(dictionary.attribute('Acct-Status-Type')!, code);
    throw new UnrecordableRequest(`Acct-Status-Type ${code}${name ? ` (${name})` : ''} is not recorded: only Start, Interim-Update, Stop, Accounting-On and Accounting-Off are`);
  }
  const session = statusType === 'Start' || statusType === 'Interim-Update' || statusType === 'Stop';
  let userName = text('User-Name');
  const acctSessionId = text('Acct-Session-Id');
  const sessionTime = integer('Acct-Session-Time');
  const classValue = read('Class');
  const classBuffer = Buffer.isBuffer(classValue) ? classValue : null;
  const owner = classBuffer ? decodeClass(classBuffer) : null;
  if (session) {
    if (acctSessionId === null || acctSessionId === '') throw new UnrecordableRequest(`Acct-Session-Id is missing: a ${statusType} must name its session`);
    if (userName === null) throw new UnrecordableRequest(`User-Name is missing: a session's usage is its user's`);
    if (owner && 'cardId' in owner) {
      // A prepaid card's User-Name is its PIN: never kept, the session goes by the card (RadiusAccounting.record).
      userName = null;
    } else {
      const identifier = normalizeIdentifier(userName);
      if ('problem' in identifier) throw new UnrecordableRequest(`User-Name: ${identifier.problem}`);
      // The session and its usage go by the identifier as service points hold it (a MAC in any notation is one MAC).
      userName = identifier.value;
    }
    if (statusType !== 'Start' && sessionTime === null) throw new UnrecordableRequest(`Acct-Session-Time is missing: Interim-Update and Stop report the session's time so far`);
  }
  const delaySeconds = integer('Acct-Delay-Time') ?? 0;
  if (delaySeconds > MAX_ACCT_DELAY_SECONDS) throw new UnrecordableRequest(`Acct-Delay-Time ${delaySeconds} is more than ${MAX_ACCT_DELAY_SECONDS} seconds (30 days)`);
  const inputGigawords = integer('Acct-Input-Gigawords');
  const outputGigawords = integer('Acct-Output-Gigawords');
  const octets = (name: string, gigawords: number | null) => {
    const value = integer(name);
    return value === null ? (gigawords === null ? null : BigInt(gigawords) << 32n) : BigInt(value) + (BigInt(gigawords ?? 0) << 32n);
  };
  const cause = integer('Acct-Terminate-Cause');
  const causeDefinition = dictionary.attribute('Acct-Terminate-Cause');
  return {
    nasId,
    nasAddress,
    statusType,
    userName,
    acctSessionId,
    eventTimestamp: integer('Event-Timestamp'),
    sessionTime,
    delaySeconds,
    inputOctets: octets('Acct-Input-Octets', inputGigawords),
    outputOctets: octets('Acct-Output-Octets', outputGigawords),
    gigawords: inputGigawords !== null || outputGigawords !== null,
    classValue: classBuffer,
    owner,
    calledStationId: text('Called-Station-Id'),
    callingStationId: text('Calling-Station-Id'),
    framedIp: text('Framed-IP-Address'),
    terminateCause: cause === null ? null : ((causeDefinition && dictionary.valueName(causeDefinition, cause)) ?? String(cause)),
    interimInterval: integer('Acct-Interim-Interval'),
  };
}
