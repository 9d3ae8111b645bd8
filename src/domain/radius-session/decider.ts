/**
 * One RADIUS accounting session (RFC 2866, RFC 2869 interim updates), decided report by report.
 * The NAS reports cumulative counters (bytes in, bytes out, session seconds); billstream records
 * what each report adds, so usage is visible while the session runs.
 *
 * Invariants:
 * - The session's start = the instant of the first report that reaches billstream (a Start, or
 *   an interim or Stop whose Start was lost) - its Acct-Session-Time. That instant is its
 *   Event-Timestamp, the time the event happened on the NAS (RFC 2869 s5.3), which a NAS keeps
 *   when it sends the report again; without one, the receive time - Acct-Delay-Time (how long the
 *   NAS has been trying to send it, RFC 2866 s5.2). An Event-Timestamp more than a day from the
 *   receive time is a NAS clock that is plainly wrong: the receive time is used instead.
 * - The recorded counters only grow: after each report they are the greatest values reported so
 *   far, per counter. A report beyond them in any counter adds exactly the difference (its delta,
 *   one usage record); a report not beyond them (a retransmission, a repeated Stop, a late
 *   interim after a newer one or after the Stop) adds nothing and stores nothing. So the sum of a
 *   session's deltas is its greatest reported counters, the final ones, whatever is repeated or
 *   reordered.
 * - A delta's record id is made of the session id and the counters before and after it: the
 *   same interval decided twice (a retry after a crash or a conflict) is the same record, which
 *   the usage stream stores once.
 * - A NAS that sends no gigawords (Acct-Input/Output-Gigawords) has 32-bit octet counters that
 *   wrap at 2^32. A counter lower than the recorded one while the session time advanced has
 *   wrapped: 2^32 is added (as often as needed to reach the recorded value). A report whose
 *   session time did not advance is read as the value nearest the recorded one (same second) or
 *   as not beyond it (an older report): it never invents a wrap.
 * - A Stop closes the session; Accounting-On/Off closes every open session of the NAS (its
 *   sessions ended when it restarted) with the counters last reported; a session without a
 *   report for three interim intervals is closed as stale. A closed session still records a
 *   later report beyond its counters (usage is never dropped); a stale-closed one that reports
 *   again (not a Stop) is open again, since it was alive after all.
 */
import type { Decider } from '../../core/decider.ts';
import type { CloseReason, RadiusSessionEvent, SessionDelta, SessionOwner } from './events.ts';

/** Octet counters without gigawords are 32-bit (RFC 2866 s5.3, RFC 2869 s5.1). */
export const COUNTER_SPAN = 2n ** 32n;
/** Interim intervals a session may miss before it is closed as stale. */
export const MISSED_INTERIMS_BEFORE_STALE = 3;
/** An Event-Timestamp further than this from the receive time is ignored (a NAS without a set clock). */
export const MAX_NAS_CLOCK_SKEW_SECONDS = 86_400;

export interface Counters {
  seconds: number;
  bytesIn: bigint;
  bytesOut: bigint;
}

/** One Start, Interim-Update or Stop as the NAS sent it (src/radius/accounting.ts reads it from the packet). */
export interface SessionReport {
  sessionId: string;
  nasId: string;
  /** The address the report came from (null: not known, e.g. an import). */
  nasAddress: string | null;
  acctSessionId: string;
  userName: string;
  statusType: 'Start' | 'Interim-Update' | 'Stop';
  /** ISO instant the request arrived. */
  receivedAt: string;
  /** Event-Timestamp, epoch seconds. */
  eventTimestamp: number | null;
  delaySeconds: number;
  sessionTime: number | null;
  /** Octets including gigawords * 2^32. */
  inputOctets: bigint | null;
  outputOctets: bigint | null;
  /** Whether the NAS sent gigawords: without them the octet counters are 32-bit and wrap. */
  gigawords: boolean;
  owner: SessionOwner | null;
  interimInterval: number;
  callingStationId: string | null;
  calledStationId: string | null;
  framedIp: string | null;
  terminateCause: string | null;
}

export type RadiusSessionCommand =
  | { type: 'RecordReport'; report: SessionReport }
  /** Accounting-On/Off of the session's NAS: it restarted, its sessions are gone. */
  | { type: 'CloseForNasReboot'; at: string }
  | { type: 'CloseIfStale'; now: string };

export type RadiusSessionState =
  | { status: 'none' }
  | {
      status: 'open' | 'closed';
      sessionId: string;
      nasId: string;
      acctSessionId: string;
      userName: string;
      owner: SessionOwner | null;
      startTime: string;
      interimInterval: number;
      /** ISO instant of the last report stored. */
      lastReportAt: string;
      counters: Counters;
      closeReason: CloseReason | null;
    };

const ZERO: Counters = { seconds: 0, bytesIn: 0n, bytesOut: 0n };

/**
 * RADIUS counts time in whole seconds (Event-Timestamp, Acct-Delay-Time, Acct-Session-Time), so a
 * session's instants are whole seconds, printed as Temporal prints them (`…:00Z`). Plain epoch
 * arithmetic, not Temporal objects: a report computes several instants, and the polyfill's
 * parsing and printing cost more than the rest of deciding it.
 */
export function isoOfEpochSeconds(seconds: number): string {
  // Reports come many a second: the last second's text is kept.
  if (seconds !== lastPrinted.seconds) lastPrinted = { seconds, text: `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z` };
  return lastPrinted.text;
}
let lastPrinted = { seconds: Number.NaN, text: '' };

/** The whole second an ISO instant falls in. */
export function epochSecondsOf(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${JSON.stringify(iso)} is not an instant`);
  return Math.floor(ms / 1000);
}

/** The instant the session started, by the first report (see the invariants). */
export function sessionStart(report: Pick<SessionReport, 'receivedAt' | 'eventTimestamp' | 'delaySeconds' | 'sessionTime'>): string {
  const received = epochSecondsOf(report.receivedAt);
  const trusted = report.eventTimestamp !== null && Math.abs(report.eventTimestamp - received) <= MAX_NAS_CLOCK_SKEW_SECONDS;
  // Event-Timestamp is when the event happened; Acct-Delay-Time counts from then to the sending (not to be taken twice).
  const happened = trusted ? report.eventTimestamp! : received - report.delaySeconds;
  return isoOfEpochSeconds(happened - (report.sessionTime ?? 0));
}

/**
 * A 32-bit counter's value read against the recorded one: the candidate `reported + k * 2^32`
 * that the session time allows (see the invariants).
 */
export function unwrappedCounter(reported: bigint, recorded: bigint, time: 'advanced' | 'same' | 'earlier'): bigint {
  // An older report is never beyond a newer one.
  if (time === 'earlier') return recorded;
  if (time === 'advanced') return reported >= recorded ? reported : reported + ((recorded - reported + COUNTER_SPAN - 1n) / COUNTER_SPAN) * COUNTER_SPAN;
  // The same second: the candidate nearest the recorded value (a Stop right after an interim may add a little).
  const below = recorded - ((((recorded - reported) % COUNTER_SPAN) + COUNTER_SPAN) % COUNTER_SPAN);
  return recorded - below <= below + COUNTER_SPAN - recorded ? below : below + COUNTER_SPAN;
}

/** The counters a report carries, as cumulative values comparable with the recorded ones. */
export function reportedCounters(report: SessionReport, recorded: Counters): Counters {
  const seconds = report.sessionTime ?? 0;
  const inOctets = report.inputOctets ?? 0n;
  const outOctets = report.outputOctets ?? 0n;
  if (report.gigawords) return { seconds, bytesIn: inOctets, bytesOut: outOctets };
  const time = seconds > recorded.seconds ? 'advanced' : seconds === recorded.seconds ? 'same' : 'earlier';
  return { seconds, bytesIn: unwrappedCounter(inOctets, recorded.bytesIn, time), bytesOut: unwrappedCounter(outOctets, recorded.bytesOut, time) };
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** The interval a report adds to the recorded counters, or null when it adds nothing. */
export function deltaOf(sessionId: string, startTime: string, recorded: Counters, reported: Counters): { counters: Counters; delta: SessionDelta } | null {
  const counters = { seconds: Math.max(recorded.seconds, reported.seconds), bytesIn: max(recorded.bytesIn, reported.bytesIn), bytesOut: max(recorded.bytesOut, reported.bytesOut) };
  if (counters.seconds === recorded.seconds && counters.bytesIn === recorded.bytesIn && counters.bytesOut === recorded.bytesOut) return null;
  return {
    counters,
    delta: {
      recordId: deltaRecordId(sessionId, recorded, counters),
      startTime: isoOfEpochSeconds(epochSecondsOf(startTime) + recorded.seconds),
      seconds: counters.seconds - recorded.seconds,
      bytesIn: String(counters.bytesIn - recorded.bytesIn),
      bytesOut: String(counters.bytesOut - recorded.bytesOut),
    },
  };
}

/** Readable on a usage record: which session, and which seconds and bytes of it. */
export function deltaRecordId(sessionId: string, from: Counters, to: Counters): string {
  return `${sessionId}/${from.seconds}-${to.seconds}s/${from.bytesIn}-${to.bytesIn}/${from.bytesOut}-${to.bytesOut}`;
}

function counterFields(counters: Counters) {
  return { sessionTime: counters.seconds, bytesIn: String(counters.bytesIn), bytesOut: String(counters.bytesOut) };
}

function recordReport(report: SessionReport, state: RadiusSessionState): RadiusSessionEvent[] {
  const events: RadiusSessionEvent[] = [];
  const at = isoOfEpochSeconds(epochSecondsOf(report.receivedAt));
  let startTime: string;
  let recorded: Counters;
  if (state.status === 'none') {
    startTime = sessionStart(report);
    recorded = ZERO;
    events.push({
      type: 'RadiusSessionStarted',
      data: {
        sessionId: report.sessionId, nasId: report.nasId, nasAddress: report.nasAddress, acctSessionId: report.acctSessionId, userName: report.userName, startTime, at,
        owner: report.owner, interimInterval: report.interimInterval,
        callingStationId: report.callingStationId, calledStationId: report.calledStationId, framedIp: report.framedIp,
      },
    });
  } else {
    startTime = state.startTime;
    recorded = state.counters;
  }
  const advanced = deltaOf(report.sessionId, startTime, recorded, reportedCounters(report, recorded));
  if (advanced) {
    recorded = advanced.counters;
    events.push({ type: 'RadiusSessionReported', data: { sessionId: report.sessionId, statusType: report.statusType, at, ...counterFields(recorded), delta: advanced.delta } });
  }
  // A Stop after a stale close says how the session really ended; after any other close it is a repeat.
  if (report.statusType === 'Stop' && (state.status !== 'closed' || state.closeReason === 'stale')) {
    events.push({ type: 'RadiusSessionClosed', data: { sessionId: report.sessionId, reason: 'stop', at, terminateCause: report.terminateCause, ...counterFields(recorded) } });
  }
  return events;
}

function close(state: RadiusSessionState, reason: CloseReason, at: string): RadiusSessionEvent[] {
  if (state.status !== 'open') return [];
  return [{ type: 'RadiusSessionClosed', data: { sessionId: state.sessionId, reason, at: isoOfEpochSeconds(epochSecondsOf(at)), terminateCause: null, ...counterFields(state.counters) } }];
}

/** A stale close was a guess: a later report other than a Stop proves the session alive (a Stop is followed by its own close). */
export function reportReopens(closeReason: CloseReason | null, statusType: SessionReport['statusType']): boolean {
  return closeReason === 'stale' && statusType !== 'Stop';
}

/** When an open session becomes stale: three interim intervals after its last report. */
export function staleAt(state: { lastReportAt: string; interimInterval: number }): string {
  return isoOfEpochSeconds(epochSecondsOf(state.lastReportAt) + MISSED_INTERIMS_BEFORE_STALE * state.interimInterval);
}

export const radiusSessionDecider: Decider<RadiusSessionState, RadiusSessionCommand, RadiusSessionEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'RadiusSessionStarted':
        return {
          status: 'open', sessionId: event.data.sessionId, nasId: event.data.nasId, acctSessionId: event.data.acctSessionId, userName: event.data.userName, owner: event.data.owner, startTime: event.data.startTime, interimInterval: event.data.interimInterval,
          lastReportAt: event.data.at, counters: ZERO, closeReason: null,
        };
      case 'RadiusSessionReported': {
        if (state.status === 'none') return state;
        const counters = { seconds: event.data.sessionTime, bytesIn: BigInt(event.data.bytesIn), bytesOut: BigInt(event.data.bytesOut) };
        const reopened = reportReopens(state.closeReason, event.data.statusType);
        return { ...state, counters, lastReportAt: event.data.at, ...(reopened ? { status: 'open' as const, closeReason: null } : {}) };
      }
      case 'RadiusSessionClosed':
        return state.status === 'none' ? state : { ...state, status: 'closed', closeReason: event.data.reason };
      default: {
        const _exhaustive: never = event;
        return state;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RecordReport':
        return recordReport(command.report, state);
      case 'CloseForNasReboot':
        return close(state, 'nas-reboot', command.at);
      case 'CloseIfStale':
        if (state.status !== 'open' || epochSecondsOf(command.now) < epochSecondsOf(staleAt(state))) return [];
        return close(state, 'stale', command.now);
      default: {
        const _exhaustive: never = command;
        return [];
      }
    }
  },
};
