/**
 * A RADIUS accounting session decided report by report (src/domain/radius-session/decider.ts):
 * each report's delta over the recorded cumulative counters, exact numbers; nothing for repeats.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold } from '../../src/core/decider.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';
import {
  COUNTER_SPAN, deltaRecordId, radiusSessionDecider, sessionStart, unwrappedCounter, type RadiusSessionState, type SessionReport,
} from '../../src/domain/radius-session/decider.ts';
import type { RadiusSessionEvent, RadiusSessionStarted } from '../../src/domain/radius-session/events.ts';

const SESSION = 'S1';
const spec = DeciderSpecification.for(radiusSessionDecider);

function report(statusType: SessionReport['statusType'], fields: Partial<SessionReport> = {}): SessionReport {
  return {
    sessionId: SESSION, nasId: 'nas-1', nasAddress: '192.0.2.10', acctSessionId: 'A-1', userName: 'anna', statusType, receivedAt: '2026-10-14T10:00:00Z', eventTimestamp: null, delaySeconds: 0,
    sessionTime: null, inputOctets: null, outputOctets: null, gigawords: true, owner: { servicePointId: 'SP-1', subscriptionId: 'S-1' }, interimInterval: 300,
    callingStationId: '00:11:22:33:44:55', calledStationId: 'hotspot-1', framedIp: '10.0.0.7', terminateCause: null, ...fields,
  };
}

const started: RadiusSessionStarted = {
  type: 'RadiusSessionStarted',
  data: {
    sessionId: SESSION, nasId: 'nas-1', nasAddress: '192.0.2.10', acctSessionId: 'A-1', userName: 'anna', startTime: '2026-10-14T10:00:00Z', at: '2026-10-14T10:00:00Z',
    owner: { servicePointId: 'SP-1', subscriptionId: 'S-1' }, interimInterval: 300, callingStationId: '00:11:22:33:44:55', calledStationId: 'hotspot-1', framedIp: '10.0.0.7',
  },
};

const reported = (statusType: SessionReport['statusType'], at: string, to: [number, bigint, bigint], from: [number, bigint, bigint], startTime: string): RadiusSessionEvent => ({
  type: 'RadiusSessionReported',
  data: {
    sessionId: SESSION, statusType, at, sessionTime: to[0], bytesIn: String(to[1]), bytesOut: String(to[2]),
    delta: {
      recordId: deltaRecordId(SESSION, { seconds: from[0], bytesIn: from[1], bytesOut: from[2] }, { seconds: to[0], bytesIn: to[1], bytesOut: to[2] }),
      startTime, seconds: to[0] - from[0], bytesIn: String(to[1] - from[1]), bytesOut: String(to[2] - from[2]),
    },
  },
});

const interim1 = reported('Interim-Update', '2026-10-14T10:05:00Z', [300, 1_000_000n, 250_000n], [0, 0n, 0n], '2026-10-14T10:00:00Z');

describe('radius session: recording reports', () => {
  it('a Start opens the session at its Event-Timestamp (when it happened on the NAS; Acct-Delay-Time is already behind it) and records nothing', () => {
    spec.given([]).when({ type: 'RecordReport', report: report('Start', { receivedAt: '2026-10-14T10:00:07Z', eventTimestamp: Date.parse('2026-10-14T10:00:00Z') / 1000, delaySeconds: 5 }) })
      .then([{ ...started, data: { ...started.data, startTime: '2026-10-14T10:00:00Z', at: '2026-10-14T10:00:07Z' } }]);
  });

  it('a Start without Event-Timestamp opens the session at the receive time - Acct-Delay-Time', () => {
    spec.given([]).when({ type: 'RecordReport', report: report('Start', { receivedAt: '2026-10-14T10:00:07Z', eventTimestamp: null, delaySeconds: 7 }) })
      .then([{ ...started, data: { ...started.data, startTime: '2026-10-14T10:00:00Z', at: '2026-10-14T10:00:07Z' } }]);
  });

  it('an interim or Stop whose Start was lost opens the session at its Event-Timestamp - Acct-Session-Time', () => {
    expect(sessionStart({ receivedAt: '2026-10-14T10:10:09Z', eventTimestamp: Date.parse('2026-10-14T10:10:00Z') / 1000, delaySeconds: 9, sessionTime: 600 })).toBe('2026-10-14T10:00:00Z');
    expect(sessionStart({ receivedAt: '2026-10-14T10:10:09Z', eventTimestamp: null, delaySeconds: 9, sessionTime: 600 })).toBe('2026-10-14T10:00:00Z');
  });

  it('an interim records its counters as the first delta, starting at the session start', () => {
    spec.given([started]).when({ type: 'RecordReport', report: report('Interim-Update', { receivedAt: '2026-10-14T10:05:00Z', sessionTime: 300, inputOctets: 1_000_000n, outputOctets: 250_000n }) })
      .then([interim1]);
  });

  it('the next interim records only what it adds, from the session start plus the time recorded before', () => {
    spec.given([started, interim1]).when({ type: 'RecordReport', report: report('Interim-Update', { receivedAt: '2026-10-14T10:10:00Z', sessionTime: 600, inputOctets: 3_500_000n, outputOctets: 250_100n }) })
      .then([reported('Interim-Update', '2026-10-14T10:10:00Z', [600, 3_500_000n, 250_100n], [300, 1_000_000n, 250_000n], '2026-10-14T10:05:00Z')]);
  });

  it('a Stop records its delta and closes the session with the final counters and cause', () => {
    spec.given([started, interim1]).when({ type: 'RecordReport', report: report('Stop', { receivedAt: '2026-10-14T10:07:00Z', sessionTime: 420, inputOctets: 1_200_000n, outputOctets: 260_000n, terminateCause: 'User-Request' }) })
      .then([
        reported('Stop', '2026-10-14T10:07:00Z', [420, 1_200_000n, 260_000n], [300, 1_000_000n, 250_000n], '2026-10-14T10:05:00Z'),
        { type: 'RadiusSessionClosed', data: { sessionId: SESSION, reason: 'stop', at: '2026-10-14T10:07:00Z', terminateCause: 'User-Request', sessionTime: 420, bytesIn: '1200000', bytesOut: '260000' } },
      ]);
  });

  it('a repeated Stop, a retransmitted interim and a late interim after the Stop record nothing', () => {
    const stop = report('Stop', { receivedAt: '2026-10-14T10:07:00Z', sessionTime: 420, inputOctets: 1_200_000n, outputOctets: 260_000n });
    const history = radiusSessionDecider.decide({ type: 'RecordReport', report: stop }, fold(radiusSessionDecider, [started, interim1]));
    spec.given([started, interim1, ...history]).when({ type: 'RecordReport', report: { ...stop, receivedAt: '2026-10-14T10:07:05Z', delaySeconds: 5 } }).thenNothingHappens();
    spec.given([started, interim1]).when({ type: 'RecordReport', report: report('Interim-Update', { sessionTime: 300, inputOctets: 1_000_000n, outputOctets: 250_000n }) }).thenNothingHappens();
    spec.given([started, interim1, ...history]).when({ type: 'RecordReport', report: report('Interim-Update', { sessionTime: 400, inputOctets: 1_100_000n, outputOctets: 255_000n }) }).thenNothingHappens();
  });

  it('a Stop whose Start was lost opens, records and closes the session at once (gigawords count 2^32 each)', () => {
    const bytesIn = 2n * COUNTER_SPAN + 5n;
    const events = radiusSessionDecider.decide({ type: 'RecordReport', report: report('Stop', { receivedAt: '2026-10-14T11:00:00Z', sessionTime: 3600, inputOctets: bytesIn, outputOctets: 7n }) }, radiusSessionDecider.initialState());
    expect(events.map((e) => e.type)).toEqual(['RadiusSessionStarted', 'RadiusSessionReported', 'RadiusSessionClosed']);
    expect(events[0]!.data).toMatchObject({ startTime: '2026-10-14T10:00:00Z' });
    expect(events[1]!.data).toMatchObject({ delta: { seconds: 3600, bytesIn: '8589934597', bytesOut: '7', startTime: '2026-10-14T10:00:00Z' } });
  });

  it('an Event-Timestamp a day away from the receive time (a NAS without a set clock) is ignored', () => {
    expect(sessionStart({ receivedAt: '2026-10-14T10:00:00Z', eventTimestamp: 0, delaySeconds: 3, sessionTime: 60 })).toBe('2026-10-14T09:58:57Z');
    expect(sessionStart({ receivedAt: '2026-10-14T10:00:00Z', eventTimestamp: Date.parse('2026-10-14T09:59:00Z') / 1000, delaySeconds: 0, sessionTime: 60 })).toBe('2026-10-14T09:58:00Z');
  });
});

describe('radius session: 32-bit counters that wrap (a NAS that sends no gigawords)', () => {
  const noGigawords = (sessionTime: number, inputOctets: bigint, outputOctets: bigint) => report('Interim-Update', { sessionTime, inputOctets, outputOctets, gigawords: false });

  it('a counter lower than before while the session time advanced has wrapped: 2^32 is added', () => {
    const first = radiusSessionDecider.decide({ type: 'RecordReport', report: noGigawords(300, 4_000_000_000n, 10n) }, fold(radiusSessionDecider, [started]));
    const events = radiusSessionDecider.decide({ type: 'RecordReport', report: noGigawords(600, 100_000_000n, 20n) }, fold(radiusSessionDecider, [started, ...first]));
    // 4,294,967,296 + 100,000,000 - 4,000,000,000 = 394,967,296 bytes in the second interval.
    expect(events[0]!.data).toMatchObject({ bytesIn: '4394967296', delta: { bytesIn: '394967296', bytesOut: '10', seconds: 300 } });
  });

  it('an older report (lower session time) with a lower counter is late, not a wrap', () => {
    const first = radiusSessionDecider.decide({ type: 'RecordReport', report: noGigawords(600, 100_000_000n, 20n) }, fold(radiusSessionDecider, [started]));
    spec.given([started, ...first]).when({ type: 'RecordReport', report: noGigawords(300, 4_000_000_000n, 10n) }).thenNothingHappens();
  });

  it('the same second after a wrap reads the nearest value: a repeat adds nothing, a Stop adds its bytes', () => {
    expect(unwrappedCounter(100n, COUNTER_SPAN + 100n, 'same')).toBe(COUNTER_SPAN + 100n);
    expect(unwrappedCounter(150n, COUNTER_SPAN + 100n, 'same')).toBe(COUNTER_SPAN + 150n);
    expect(unwrappedCounter(COUNTER_SPAN - 10n, COUNTER_SPAN + 5n, 'same')).toBe(COUNTER_SPAN - 10n);
    expect(unwrappedCounter(5n, 3n * COUNTER_SPAN + 7n, 'advanced')).toBe(4n * COUNTER_SPAN + 5n);
  });
});

describe('radius session: closing', () => {
  const open = fold(radiusSessionDecider, [started, interim1]);

  it('Accounting-On/Off closes an open session with the counters last reported', () => {
    spec.given([started, interim1]).when({ type: 'CloseForNasReboot', at: '2026-10-14T10:06:00Z' })
      .then([{ type: 'RadiusSessionClosed', data: { sessionId: SESSION, reason: 'nas-reboot', at: '2026-10-14T10:06:00Z', terminateCause: null, sessionTime: 300, bytesIn: '1000000', bytesOut: '250000' } }]);
  });

  it('a session is stale three interim intervals after its last report, not a second before', () => {
    expect(open.status).toBe('open');
    spec.given([started, interim1]).when({ type: 'CloseIfStale', now: '2026-10-14T10:19:59Z' }).thenNothingHappens();
    spec.given([started, interim1]).when({ type: 'CloseIfStale', now: '2026-10-14T10:20:00Z' })
      .then([{ type: 'RadiusSessionClosed', data: { sessionId: SESSION, reason: 'stale', at: '2026-10-14T10:20:00Z', terminateCause: null, sessionTime: 300, bytesIn: '1000000', bytesOut: '250000' } }]);
  });

  it('a stale session that reports again is open again and records its delta; a Stop then says how it ended', () => {
    const stale = radiusSessionDecider.decide({ type: 'CloseIfStale', now: '2026-10-14T10:20:00Z' }, open);
    const again = radiusSessionDecider.decide({ type: 'RecordReport', report: report('Interim-Update', { receivedAt: '2026-10-14T10:21:00Z', sessionTime: 1260, inputOctets: 2_000_000n, outputOctets: 250_000n }) }, fold(radiusSessionDecider, [started, interim1, ...stale]));
    expect(again[0]!.data).toMatchObject({ delta: { seconds: 960, bytesIn: '1000000', bytesOut: '0' } });
    const state = fold(radiusSessionDecider, [started, interim1, ...stale, ...again]) as Extract<RadiusSessionState, { status: 'open' | 'closed' }>;
    expect([state.status, state.closeReason]).toEqual(['open', null]);
    spec.given([started, interim1, ...stale]).when({ type: 'RecordReport', report: report('Stop', { sessionTime: 300, inputOctets: 1_000_000n, outputOctets: 250_000n }) })
      .then([{ type: 'RadiusSessionClosed', data: { sessionId: SESSION, reason: 'stop', at: '2026-10-14T10:00:00Z', terminateCause: null, sessionTime: 300, bytesIn: '1000000', bytesOut: '250000' } }]);
  });

  it('closing a closed session does nothing', () => {
    const closed = radiusSessionDecider.decide({ type: 'CloseForNasReboot', at: '2026-10-14T10:06:00Z' }, open);
    spec.given([started, interim1, ...closed]).when({ type: 'CloseForNasReboot', at: '2026-10-14T10:07:00Z' }).thenNothingHappens();
    spec.given([started, interim1, ...closed]).when({ type: 'CloseIfStale', now: '2026-10-15T10:00:00Z' }).thenNothingHappens();
  });
});

describe('radius session: the sum of the deltas is the final counters, whatever is repeated or reordered (property)', () => {
  /** Replays reports through the decider as the service does, and sums the recorded deltas. */
  function record(reports: SessionReport[]) {
    let state = radiusSessionDecider.initialState();
    const sum = { seconds: 0, bytesIn: 0n, bytesOut: 0n };
    const ids = new Set<string>();
    for (const r of reports) {
      for (const event of radiusSessionDecider.decide({ type: 'RecordReport', report: r }, state)) {
        if (event.type === 'RadiusSessionReported') {
          const { delta } = event.data;
          expect(ids.has(delta.recordId), 'a record id is recorded once').toBe(false);
          ids.add(delta.recordId);
          sum.seconds += delta.seconds;
          sum.bytesIn += BigInt(delta.bytesIn);
          sum.bytesOut += BigInt(delta.bytesOut);
          expect(delta.seconds >= 0 && BigInt(delta.bytesIn) >= 0n && BigInt(delta.bytesOut) >= 0n).toBe(true);
        }
        state = radiusSessionDecider.evolve(state, event);
      }
    }
    return sum;
  }

  /** A session's true cumulative counters, growing report by report; the last is a Stop. */
  const session = (maxStep: bigint) => fc.array(fc.tuple(fc.integer({ min: 1, max: 900 }), fc.bigInt({ min: 0n, max: maxStep }), fc.bigInt({ min: 0n, max: maxStep })), { minLength: 1, maxLength: 12 }).map((steps) => {
    const truth: { seconds: number; bytesIn: bigint; bytesOut: bigint }[] = [];
    let at = { seconds: 0, bytesIn: 0n, bytesOut: 0n };
    for (const [seconds, bytesIn, bytesOut] of steps) truth.push((at = { seconds: at.seconds + seconds, bytesIn: at.bytesIn + bytesIn, bytesOut: at.bytesOut + bytesOut }));
    return truth;
  });

  it('with gigawords: any order, any repeats', () => {
    fc.assert(fc.property(session(10n ** 12n), fc.array(fc.nat(), { maxLength: 20 }), fc.nat(), (truth, extra, seed) => {
      const reports = truth.map((t, i) => report(i === truth.length - 1 ? 'Stop' : 'Interim-Update', { sessionTime: t.seconds, inputOctets: t.bytesIn, outputOctets: t.bytesOut }));
      // Duplicates of any report, then everything shuffled (a NAS retrying, a network reordering).
      const all = [report('Start'), ...reports, ...extra.map((n) => reports[n % reports.length]!)];
      const shuffled = fc.sample(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), { seed, numRuns: 1 })[0]!;
      const final = truth[truth.length - 1]!;
      expect(record(shuffled)).toEqual(final);
    }), { numRuns: 300 });
  });

  it('without gigawords (32-bit counters, wrapping): in order with retransmissions and late reports', () => {
    fc.assert(fc.property(session(COUNTER_SPAN - 1n), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20 }), (truth, extra) => {
      const wire = (t: { seconds: number; bytesIn: bigint; bytesOut: bigint }, i: number) =>
        report(i === truth.length - 1 ? 'Stop' : 'Interim-Update', { sessionTime: t.seconds, inputOctets: t.bytesIn % COUNTER_SPAN, outputOctets: t.bytesOut % COUNTER_SPAN, gigawords: false });
      const sent: SessionReport[] = [report('Start', { gigawords: false })];
      truth.forEach((t, i) => {
        sent.push(wire(t, i));
        // Retransmissions of this report or late copies of earlier ones.
        for (const [which, when] of extra) if (when % truth.length === i) sent.push(wire(truth[which % (i + 1)]!, which % (i + 1)));
      });
      expect(record(sent)).toEqual(truth[truth.length - 1]!);
    }), { numRuns: 300 });
  });
});
