/**
 * A RADIUS accounting session (RFC 2866) as the NAS reports it: opened, its cumulative counters
 * advancing report by report, closed. Counters are byte counts of any size, so they are stored
 * as decimal strings (JSON has no 64-bit integers).
 */
import type { DomainEvent } from '../../core/decider.ts';
import { deterministicId } from '../../core/ids.ts';
import { streamName } from '../../core/streams.ts';

/** The session's id: the same NAS, Acct-Session-Id and User-Name are the same session wherever they are reported. */
export function radiusSessionId(nasId: string, acctSessionId: string, userName: string): string {
  return deterministicId('radiusSession', nasId, acctSessionId, userName);
}

/**
 * A card session's key in prepaid (its reservation at authorization, its debits in accounting):
 * the NAS and its Acct-Session-Id, which the Access-Request and every Accounting-Request carry.
 */
export function cardSessionKey(nasId: string, acctSessionId: string): string {
  return `${nasId}:${acctSessionId}`;
}

export function radiusSessionStream(sessionId: string): string {
  return streamName('radiusSession', sessionId);
}

/** Who the session is billed to, from the Class the server put in the Access-Accept (src/radius/class.ts). */
export type SessionOwner = { servicePointId: string; subscriptionId: string } | { cardId: string; reservationId: string };

export type CloseReason = 'stop' | 'nas-reboot' | 'stale';

/** One interval of a session's usage: what a report added to the counters recorded before it. */
export interface SessionDelta {
  /** The usage record's id (or, for a card session, the debit's report id): the same interval always has the same id. */
  recordId: string;
  /** ISO instant: the session's start plus the session time recorded before this report. */
  startTime: string;
  seconds: number;
  bytesIn: string;
  bytesOut: string;
}

export type RadiusSessionStarted = DomainEvent<'RadiusSessionStarted', {
  sessionId: string;
  nasId: string;
  /**
   * The address the first report came from: where a Disconnect- or CoA-Request goes when the NAS
   * is registered as a range. Absent from sessions started before it was recorded.
   */
  nasAddress?: string | null;
  acctSessionId: string;
  userName: string;
  /** ISO instant: (Event-Timestamp, else receive time) - Acct-Delay-Time - Acct-Session-Time of the first report. */
  startTime: string;
  /** ISO instant the first report arrived. */
  at: string;
  owner: SessionOwner | null;
  /** Seconds between interim reports the NAS was told (or the default): three missed make the session stale. */
  interimInterval: number;
  callingStationId: string | null;
  calledStationId: string | null;
  framedIp: string | null;
}>;

export type RadiusSessionReported = DomainEvent<'RadiusSessionReported', {
  sessionId: string;
  statusType: 'Start' | 'Interim-Update' | 'Stop';
  /** ISO instant the report arrived. */
  at: string;
  /** The cumulative counters recorded after this report (bytes as decimal strings). */
  sessionTime: number;
  bytesIn: string;
  bytesOut: string;
  /** What this report added: one usage record (or card debit). A report that adds nothing is not stored. */
  delta: SessionDelta;
}>;

export type RadiusSessionClosed = DomainEvent<'RadiusSessionClosed', {
  sessionId: string;
  reason: CloseReason;
  /** ISO instant: when the Stop or Accounting-On/Off arrived, or when the stale session was found. */
  at: string;
  /** Acct-Terminate-Cause of a Stop, as the dictionary names it. */
  terminateCause: string | null;
  sessionTime: number;
  bytesIn: string;
  bytesOut: string;
}>;

export type RadiusSessionEvent = RadiusSessionStarted | RadiusSessionReported | RadiusSessionClosed;
export const RADIUS_SESSION_EVENT_TYPES: RadiusSessionEvent['type'][] = ['RadiusSessionStarted', 'RadiusSessionReported', 'RadiusSessionClosed'];
