/**
 * A prepaid card's reservations (src/domain/prepaid/card.ts): one that no accounting comes for
 * expires (two interim intervals, at least 2 minutes) and stops holding the balance, decided from
 * the instant in the command (the domain never reads a clock); a session authorized under one key
 * (an Access-Request without Acct-Session-Id) is found by the reservation its Class names.
 */
import { describe, expect, it } from 'vitest';
import { fold } from '../../src/core/decider.ts';
import { availableMinor, cardDecider, reservationExpiry, RESERVATION_WAIT, type CardCommand, type CardState } from '../../src/domain/prepaid/card.ts';
import type { CardEvent, SessionPrice } from '../../src/domain/prepaid/events.ts';
import { cardReference, hasPinForm, maskedIfPin } from '../../src/domain/prepaid/card-reference.ts';

const T0 = '2026-12-07T10:00:00Z';
const later = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString().replace('.000Z', 'Z');
/** 0.05 EUR a minute by 60/60: 0.05 an interim interval of 60 s; 10.00 pays 12000 s. */
const VOICE: SessionPrice = { service: 'voice', prefix: '36', destination: 'Hungary fixed', perMinute: '0.05', connectFee: '0', minSeconds: 0, firstIncrement: 60, nextIncrement: 60, band: 'peak' };
const DATA: SessionPrice = { service: 'data', unit: 'GiB', tiering: 'volume', tiers: [{ upTo: null, price: '1.00' }] };

const issued: CardEvent[] = [
  { type: 'CardIssued', data: { cardId: 'C1', batchId: 'B1', serial: 'KD0001', pinHash: 'h', faceValue: '10.00', currency: 'EUR', tariffId: 'PREPAID-EUR', expiry: { onDate: '2027-12-31' }, timeZone: 'UTC', country: null } },
  { type: 'CardActivated', data: { cardId: 'C1', at: T0, expiresAt: '2028-01-01T00:00:00Z' } },
];

function run(events: CardEvent[], command: CardCommand): { events: CardEvent[]; state: CardState } {
  const state = fold(cardDecider, events);
  const decided = cardDecider.decide(command, state);
  return { events: decided, state: decided.reduce(cardDecider.evolve, state) };
}

const reserve = (sessionKey: string, at: string, price: SessionPrice = VOICE, interimSeconds = 60): CardCommand => ({
  type: 'ReserveForSession', reservationId: `R-${sessionKey}`, sessionKey, price, calledNumber: price.service === 'voice' ? '3612345678' : null, interimSeconds, at,
});
const debit = (sessionKey: string, reportId: string, seconds: number, at: string, fields: Partial<Extract<CardCommand, { type: 'DebitSession' }>> = {}): CardCommand => ({
  type: 'DebitSession', sessionKey, reservationId: null, reportId, seconds, bytes: 0n, final: false, at, price: null, ...fields,
});

/** Events so far, with those `command` adds. */
function after(events: CardEvent[], command: CardCommand): CardEvent[] {
  return [...events, ...run(events, command).events];
}

describe('a reservation no accounting comes for', () => {
  it('expires two interim intervals after the authorization, and never sooner than 2 minutes', () => {
    expect(RESERVATION_WAIT).toEqual({ interimIntervals: 2, minSeconds: 120 });
    expect(reservationExpiry(T0, 60)).toBe(later(120));
    expect(reservationExpiry(T0, 300)).toBe(later(600));
    expect(reservationExpiry(T0, 0)).toBe(later(120));
  });

  it('holds the balance until then and nothing after: a data session (the whole balance) no longer keeps a call out', () => {
    const held = after(issued, reserve('nas:data-1', T0, DATA));
    const state = fold(cardDecider, held);
    expect(availableMinor(state, later(119))).toBe(0n);
    expect(availableMinor(state, later(120))).toBe(1000n);
    // Before the expiry a call is refused: the data session holds everything.
    expect(() => run(held, reserve('nas:call-1', later(60)))).toThrow(/available does not pay/);
    // From it on the call gets all 10.00 (12000 s), and the expired reservation is released in the same decision.
    const { events, state: next } = run(held, reserve('nas:call-1', later(120)));
    expect(events.map((e) => e.type)).toEqual(['CardReservationExpired', 'CardReserved']);
    expect(events[0]!.data).toEqual({ cardId: 'C1', sessionKey: 'nas:data-1', reservationId: 'R-nas:data-1', amount: '10.00', expiresAt: later(120), at: later(120) });
    expect(events[1]!.data).toMatchObject({ sessionKey: 'nas:call-1', sessionTimeoutSeconds: 12000, amount: '0.05' });
    expect(next.sessions.get('nas:data-1')).toMatchObject({ ended: true, expired: true, reservedMinor: 0n });
  });

  it('is released by the sweep command, once, decided by the instant given', () => {
    const held = after(issued, reserve('nas:1', T0));
    expect(run(held, { type: 'ReleaseExpiredReservations', at: later(119) }).events).toEqual([]);
    const released = after(held, { type: 'ReleaseExpiredReservations', at: later(130) });
    expect(released.slice(held.length)).toEqual([
      { type: 'CardReservationExpired', data: { cardId: 'C1', sessionKey: 'nas:1', reservationId: 'R-nas:1', amount: '0.05', expiresAt: later(120), at: later(130) } },
    ]);
    expect(run(released, { type: 'ReleaseExpiredReservations', at: later(500) }).events).toEqual([]);
    // The same decision on the same events gives the same events: nothing but the command's instant counts.
    expect(run(held, { type: 'ReleaseExpiredReservations', at: later(130) }).events).toEqual(released.slice(held.length));
  });

  it('does not expire once a report came (a Start debits nothing but counts): the session holds until its Stop or stale close', () => {
    const started = after(after(issued, reserve('nas:1', T0)), debit('nas:1', 'start', 0, later(30)));
    expect(started.at(-1)).toMatchObject({ type: 'CardDebited', data: { amount: '0.00', reserved: '0.05' } });
    expect(availableMinor(fold(cardDecider, started), later(86_400))).toBe(995n);
    expect(run(started, { type: 'ReleaseExpiredReservations', at: later(86_400) }).events).toEqual([]);
  });

  it('is debited when a report still comes after it expired, and the session is open again', () => {
    const released = after(after(issued, reserve('nas:1', T0)), { type: 'ReleaseExpiredReservations', at: later(200) });
    const { events, state } = run(released, debit('nas:1', 'i1', 240, later(240)));
    // 240 s at 0.05/min: 0.20; the session holds its next interval again.
    expect(events).toMatchObject([{ type: 'CardDebited', data: { amount: '0.20', balance: '9.80', reserved: '0.05' } }]);
    expect(state.sessions.get('nas:1')).toMatchObject({ ended: false, expired: false, reservedMinor: 5n });
  });

  it('may be authorized again under the same key', () => {
    const released = after(after(issued, reserve('nas:1', T0)), { type: 'ReleaseExpiredReservations', at: later(200) });
    expect(run(released, reserve('nas:1', later(300))).events.map((e) => e.type)).toEqual(['CardReserved']);
    // Not expired yet: a repeated authorization keeps the first reservation.
    expect(run(after(issued, reserve('nas:1', T0)), reserve('nas:1', later(10))).events).toEqual([]);
  });

  it('does not keep a voucher from being redeemed', () => {
    const held = after(issued, reserve('nas:1', T0));
    expect(() => run(held, { type: 'RedeemVoucher', intoCardId: 'C2', currency: 'EUR', at: later(60) })).toThrow(/in use by a session/);
    expect(run(held, { type: 'RedeemVoucher', intoCardId: 'C2', currency: 'EUR', at: later(120) }).events.map((e) => e.type)).toEqual(['CardRedeemedAsVoucher']);
  });
});

describe('a session authorized without Acct-Session-Id', () => {
  const reserved = after(issued, reserve('nas:10.0.0.1:a1b2', T0));

  it('is found by the reservation its Class names: the first report takes it over under its own key, and the Stop releases it', () => {
    const start = run(reserved, debit('nas:S-1', 'start', 0, later(5), { reservationId: 'R-nas:10.0.0.1:a1b2' }));
    expect(start.events).toMatchObject([{ type: 'CardDebited', data: { sessionKey: 'nas:S-1', reservationSessionKey: 'nas:10.0.0.1:a1b2', reserved: '0.05' } }]);
    expect([...start.state.sessions.keys()]).toEqual(['nas:S-1']);
    expect(start.state.sessions.get('nas:S-1')).toMatchObject({ reservationId: 'R-nas:10.0.0.1:a1b2', price: VOICE });
    const stopped = after([...reserved, ...start.events], debit('nas:S-1', 'stop', 60, later(65), { reservationId: 'R-nas:10.0.0.1:a1b2', final: true }));
    expect(stopped.at(-1)).toMatchObject({ type: 'CardDebited', data: { sessionKey: 'nas:S-1', amount: '0.05', balance: '9.95', reserved: '0.00' } });
    expect(stopped.at(-1)!.data).not.toHaveProperty('reservationSessionKey');
    const state = fold(cardDecider, stopped);
    expect(availableMinor(state, later(66))).toBe(995n);
  });

  it('is taken over once: another accounting session with the same Class is priced as a session of its own', () => {
    const first = after(reserved, debit('nas:S-1', 'i1', 60, later(60), { reservationId: 'R-nas:10.0.0.1:a1b2' }));
    const second = run(first, debit('nas:S-2', 'i1', 60, later(60), { reservationId: 'R-nas:10.0.0.1:a1b2', price: VOICE }));
    expect(second.events).toMatchObject([{ type: 'CardDebited', data: { sessionKey: 'nas:S-2', amount: '0.05' } }]);
    expect(second.events[0]!.data).not.toHaveProperty('reservationSessionKey');
    expect(second.state.sessions.get('nas:S-1')?.reservationId).toBe('R-nas:10.0.0.1:a1b2');
    expect(second.state.sessions.get('nas:S-2')?.reservationId).toBe(null);
  });

  it('without the Class\'s reservation leaves the reservation held (until it expires)', () => {
    const { state } = run(reserved, debit('nas:S-1', 'stop', 60, later(60), { final: true, price: VOICE }));
    expect(availableMinor(state, later(61))).toBe(1000n - 5n - 5n);
    expect(availableMinor(state, later(120))).toBe(995n);
  });
});

describe('card references', () => {
  it('name a card by its serial, and mask a user name of a PIN\'s form but for its last digits', () => {
    expect(cardReference('KD0001')).toBe('card:KD0001');
    expect(hasPinForm('482913650274')).toBe(true);
    expect(hasPinForm('12345')).toBe(false);
    expect(hasPinForm('anna@isp.example')).toBe(false);
    expect(maskedIfPin('482913650274')).toBe('********0274');
    expect(maskedIfPin('48291365027412345678')).toBe('****************5678');
    expect(maskedIfPin('4829136502')).toBe('*******502');
    expect(maskedIfPin('123456')).toBe('****56');
    expect(maskedIfPin('anna@isp.example')).toBe('anna@isp.example');
    expect(maskedIfPin('00:1a:2b:3c:4d:5e')).toBe('00:1a:2b:3c:4d:5e');
  });
});
