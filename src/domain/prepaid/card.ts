/**
 * A prepaid card as an account (its stream `prepaidCard-<cardId>`): issued with its face value as the
 * balance, activated, blocked and unblocked, recharged (by payment or by another card used as a
 * voucher), and spent by call and data sessions. A session reserves part of the balance when it
 * is authorized and is debited as the NAS reports it; what a session costs is always computed from
 * its totals so far, so repeated or reordered reports never debit twice.
 *
 * Statuses: `created` (issued, not yet usable), `active`, `blocked` (by the operator; unblocking
 * restores the status before), `redeemed` (its balance moved to another card as a voucher: used
 * up for good). `expired` is not stored: a card is expired from its expiry instant on, whatever
 * its status, so no event has to be written at midnight. A zero balance ("exhausted") is a fact of
 * the balance, not a status: a recharge makes the card usable again without a status change.
 */
import { Temporal } from 'temporal-polyfill';
import { Decimal } from 'decimal.js';
import type { Decider } from '../../core/decider.ts';
import { BillstreamError, ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { formatMoney, fromMinorUnits, toMinorUnits } from '../../core/money.ts';
import { minorUnitDigits } from '../../core/currencies.ts';
import { streamName } from '../../core/streams.ts';
import { affordableBytes, affordableSeconds, nextIntervalMinor, sessionChargeMinor } from './pricing.ts';
import type { CardEvent, CardExpiry, CardIssuedData, RechargeSource, SessionPrice } from './events.ts';

export type CardStatus = 'created' | 'active' | 'blocked' | 'redeemed';
export const CARD_STATUSES = ['created', 'active', 'blocked', 'redeemed', 'expired'] as const;

export interface CardSession {
  reservationId: string | null;
  price: SessionPrice | null;
  calledNumber: string | null;
  interimSeconds: number;
  sessionTimeoutSeconds: number | null;
  volumeQuotaBytes: bigint | null;
  reservedMinor: bigint;
  chargedMinor: bigint;
  seconds: number;
  bytes: bigint;
  reportIds: ReadonlySet<string>;
  ended: boolean;
  /** Ended because its reservation expired with no accounting for it (RESERVATION_WAIT): a late report revives it. */
  expired: boolean;
  startedAt: string;
}

export interface CardState {
  card: CardIssuedData | null;
  status: CardStatus;
  /** What unblocking restores. */
  statusBeforeBlock: 'created' | 'active';
  /** ISO instant from which the card is expired; null: not known yet (days after an activation still to come). */
  expiresAt: string | null;
  activatedAt: string | null;
  balanceMinor: bigint;
  overdraftMinor: bigint;
  sessions: ReadonlyMap<string, CardSession>;
}

/** Why a card cannot be used now: the RADIUS reject reason and the API's 409. */
export class CardRefusedError extends BillstreamError {
  override readonly name = 'CardRefusedError';
  readonly status = 409;
  readonly problemType = 'card-refused';
  constructor(
    readonly reason: 'card-not-active' | 'card-blocked' | 'card-expired' | 'card-redeemed' | 'balance-exhausted',
    message: string,
  ) {
    super(message);
  }
}

export type CardCommand =
  | { type: 'IssueCard'; card: CardIssuedData }
  | { type: 'ActivateCard'; at: string }
  | { type: 'BlockCard'; reason: string }
  | { type: 'UnblockCard' }
  | { type: 'RechargeCard'; amount: string; currency: string; source: RechargeSource; at: string }
  | { type: 'RedeemVoucher'; intoCardId: string; currency: string; at: string }
  | { type: 'ReserveForSession'; reservationId: string; sessionKey: string; price: SessionPrice; calledNumber: string | null; interimSeconds: number; at: string }
  /**
   * `reservationId`: the reservation the session's Class names (null: none known). A session that
   * was authorized under another key (an Access-Request without Acct-Session-Id) is found by it.
   */
  | { type: 'DebitSession'; sessionKey: string; reservationId: string | null; reportId: string; seconds: number; bytes: bigint; final: boolean; at: string; price: SessionPrice | null }
  /** Releases the reservations that no accounting came for in time (the RADIUS server's sweep). */
  | { type: 'ReleaseExpiredReservations'; at: string };

/** Most one recharge may add, in units of the currency: a typo of three zeros is refused, not credited. */
export const MAX_RECHARGE_UNITS = 100_000;

/**
 * How long a reservation waits for the first accounting report of its session (a Start, an
 * interim or a Stop): two interim intervals, and at least two minutes (a call may ring that long
 * before it is answered and started). A session with no report by then was never set up (the call
 * was not answered, or its Start was lost): its reservation is released, so an authorization that
 * no accounting follows cannot hold the balance for good. Once a report came, the session's
 * reservation lasts until its Stop, or until accounting closes it as stale (docs/radius.md).
 */
export const RESERVATION_WAIT = { interimIntervals: 2, minSeconds: 120 } as const;

/** When a reservation made at `at` for a NAS reporting every `interimSeconds` expires if no accounting comes. */
export function reservationExpiry(at: string, interimSeconds: number): string {
  const seconds = Math.max(RESERVATION_WAIT.interimIntervals * interimSeconds, RESERVATION_WAIT.minSeconds);
  return Temporal.Instant.from(at).add({ seconds }).toString();
}

/** When the session's reservation expires if no accounting comes; null when it cannot (reported, ended, or never reserved). */
export function sessionReservationExpiry(session: CardSession): string | null {
  if (session.ended || session.reservationId === null || session.reportIds.size > 0) return null;
  return reservationExpiry(session.startedAt, session.interimSeconds);
}

/** Whether the session's reservation has expired by `at` without being released yet. */
export function reservationExpired(session: CardSession, at: string): boolean {
  const expiry = sessionReservationExpiry(session);
  return expiry !== null && Temporal.Instant.compare(Temporal.Instant.from(at), Temporal.Instant.from(expiry)) >= 0;
}

export function cardStream(cardId: string): string {
  return streamName('prepaidCard', cardId);
}

export const cardDecider: Decider<CardState, CardCommand, CardEvent> = {
  initialState: () => ({ card: null, status: 'created', statusBeforeBlock: 'created', expiresAt: null, activatedAt: null, balanceMinor: 0n, overdraftMinor: 0n, sessions: new Map() }),
  evolve(state, event) {
    switch (event.type) {
      case 'CardIssued': {
        const card = event.data;
        return { ...state, card, status: 'created', balanceMinor: toMinorUnits(card.faceValue, card.currency), expiresAt: 'onDate' in card.expiry ? endOfDate(card.expiry.onDate, card.timeZone) : null };
      }
      case 'CardActivated':
        return { ...state, status: 'active', activatedAt: event.data.at, expiresAt: event.data.expiresAt };
      case 'CardBlocked':
        return state.status === 'blocked' ? state : { ...state, status: 'blocked', statusBeforeBlock: state.status === 'created' ? 'created' : 'active' };
      case 'CardUnblocked':
        return { ...state, status: state.statusBeforeBlock };
      case 'CardRecharged':
        return { ...state, balanceMinor: toMinorUnits(event.data.balance, event.data.currency) };
      case 'CardRedeemedAsVoucher':
        return { ...state, status: 'redeemed', balanceMinor: 0n };
      case 'CardReserved': {
        const d = event.data;
        const sessions = new Map(state.sessions);
        sessions.set(d.sessionKey, {
          reservationId: d.reservationId,
          price: d.price,
          calledNumber: d.calledNumber,
          interimSeconds: d.interimSeconds,
          sessionTimeoutSeconds: d.sessionTimeoutSeconds,
          volumeQuotaBytes: d.volumeQuotaBytes === null ? null : BigInt(d.volumeQuotaBytes),
          reservedMinor: toMinorUnits(d.amount, currencyOf(state)),
          chargedMinor: 0n,
          seconds: 0,
          bytes: 0n,
          reportIds: new Set(),
          ended: false,
          expired: false,
          startedAt: d.at,
        });
        return { ...state, sessions };
      }
      case 'CardDebited': {
        const d = event.data;
        const currency = currencyOf(state);
        const sessions = new Map(state.sessions);
        // The session's first report under its accounting key takes over the reservation made under another.
        const adopted = d.reservationSessionKey !== undefined ? state.sessions.get(d.reservationSessionKey) : undefined;
        if (d.reservationSessionKey !== undefined) sessions.delete(d.reservationSessionKey);
        const before = state.sessions.get(d.sessionKey) ?? adopted ?? unreservedSession(null, d.at);
        sessions.set(d.sessionKey, {
          ...before,
          reservedMinor: toMinorUnits(d.reserved, currency),
          chargedMinor: toMinorUnits(d.sessionCharge, currency),
          seconds: d.seconds,
          bytes: BigInt(d.bytes),
          reportIds: new Set([...before.reportIds, d.reportId]),
          // A report of a session whose reservation expired shows it alive after all.
          ended: (before.ended && !before.expired) || d.final,
          expired: false,
        });
        return { ...state, sessions, balanceMinor: toMinorUnits(d.balance, currency), overdraftMinor: state.overdraftMinor + toMinorUnits(d.overdraft, currency) };
      }
      case 'CardReservationExpired': {
        const before = state.sessions.get(event.data.sessionKey);
        if (!before) return state;
        const sessions = new Map(state.sessions);
        sessions.set(event.data.sessionKey, { ...before, reservedMinor: 0n, ended: true, expired: true });
        return { ...state, sessions };
      }
      case 'CardBalanceExhausted':
        return state;
      default: {
        const exhaustive: never = event;
        return exhaustive;
      }
    }
  },
  decide(command, state) {
    if (command.type === 'IssueCard') {
      if (state.card) throw new ConflictError(`card ${command.card.cardId} exists`);
      return [{ type: 'CardIssued', data: command.card }];
    }
    const card = state.card;
    if (!card) throw new NotFoundError('the card does not exist');
    switch (command.type) {
      case 'ActivateCard': {
        if (state.status === 'active') return [];
        usable(state, command.at, ['created']);
        const expiresAt = 'onDate' in card.expiry ? state.expiresAt! : afterDays(command.at, card.expiry.daysAfterActivation, card.timeZone);
        return [{ type: 'CardActivated', data: { cardId: card.cardId, at: command.at, expiresAt } }];
      }
      case 'BlockCard':
        if (state.status === 'blocked') return [];
        if (state.status === 'redeemed') throw new CardRefusedError('card-redeemed', `card ${card.serial} was used up as a voucher: there is nothing to block`);
        return [{ type: 'CardBlocked', data: { cardId: card.cardId, reason: command.reason } }];
      case 'UnblockCard':
        return state.status === 'blocked' ? [{ type: 'CardUnblocked', data: { cardId: card.cardId } }] : [];
      case 'RechargeCard': {
        const amount = rechargeAmount(command.amount, command.currency, card.currency);
        // A voucher's value was taken from the other card already: it must land even if this
        // card changed meanwhile (the use case checked it before redeeming), or it would be lost.
        if (!('voucher' in command.source)) usable(state, command.at, ['created', 'active']);
        const balance = state.balanceMinor + amount;
        return [{ type: 'CardRecharged', data: { cardId: card.cardId, amount: money(amount, card.currency), currency: card.currency, balance: money(balance, card.currency), source: command.source, at: command.at } }];
      }
      case 'RedeemVoucher': {
        if (command.intoCardId === card.cardId) throw ValidationError.field('voucherPin', 'a card cannot be its own voucher');
        if (command.currency !== card.currency) throw ValidationError.field('voucherPin', `the voucher is in ${card.currency}, the card in ${command.currency}`);
        usable(state, command.at, ['created', 'active']);
        if ([...state.sessions.values()].some((s) => !s.ended && !reservationExpired(s, command.at))) throw new ConflictError(`card ${card.serial} is in use by a session: it cannot be redeemed as a voucher now`);
        if (state.balanceMinor <= 0n) throw new CardRefusedError('balance-exhausted', `the voucher card ${card.serial} has no balance left`);
        return [{ type: 'CardRedeemedAsVoucher', data: { cardId: card.cardId, intoCardId: command.intoCardId, amount: money(state.balanceMinor, card.currency), currency: card.currency, at: command.at } }];
      }
      case 'ReserveForSession':
        return reserve(state, card, command);
      case 'DebitSession':
        return debit(state, card, command);
      case 'ReleaseExpiredReservations':
        return expiredReservations(state, card, command.at, []);
      default: {
        const exhaustive: never = command;
        return exhaustive;
      }
    }
  },
};

/**
 * The balance not held by the reservations of the card's open sessions at `at` (a reservation that
 * expired for want of accounting holds nothing), leaving out the sessions `except`.
 */
export function availableMinor(state: CardState, at: string, except: readonly string[] = []): bigint {
  let held = 0n;
  for (const [key, session] of state.sessions) if (!except.includes(key) && !session.ended && !reservationExpired(session, at)) held += session.reservedMinor;
  const available = state.balanceMinor - held;
  return available > 0n ? available : 0n;
}

/** CardReservationExpired for each session whose reservation expired by `at` (but those `except`). */
function expiredReservations(state: CardState, card: CardIssuedData, at: string, except: readonly string[]): CardEvent[] {
  const events: CardEvent[] = [];
  for (const [sessionKey, session] of state.sessions) {
    if (except.includes(sessionKey) || !reservationExpired(session, at)) continue;
    events.push({
      type: 'CardReservationExpired',
      data: { cardId: card.cardId, sessionKey, reservationId: session.reservationId!, amount: money(session.reservedMinor, card.currency), expiresAt: sessionReservationExpiry(session)!, at },
    });
  }
  return events;
}

/** Whether the card is past its expiry at `at` (ISO instant). */
export function isExpired(state: CardState, at: string): boolean {
  return state.expiresAt !== null && Temporal.Instant.compare(Temporal.Instant.from(at), Temporal.Instant.from(state.expiresAt)) >= 0;
}

/** The status a person sees: the stored one, or `expired` from the expiry instant on. */
export function cardStatusAt(state: Pick<CardState, 'status' | 'expiresAt'>, at: string): (typeof CARD_STATUSES)[number] {
  if (state.status !== 'redeemed' && state.expiresAt !== null && Temporal.Instant.compare(Temporal.Instant.from(at), Temporal.Instant.from(state.expiresAt)) >= 0) return 'expired';
  return state.status;
}

/**
 * Why the card may not be used at `at` (blocked, expired, redeemed, or not in one of the `allowed`
 * statuses: a session needs an active card, a recharge an active or created one), or null.
 */
export function cardRefusal(state: CardState, at: string, allowed: CardStatus[] = ['active']): CardRefusedError | null {
  try {
    usable(state, at, allowed);
    return null;
  } catch (error) {
    if (error instanceof CardRefusedError) return error;
    throw error;
  }
}

function usable(state: CardState, at: string, allowed: CardStatus[]): void {
  const serial = state.card!.serial;
  if (state.status === 'redeemed') throw new CardRefusedError('card-redeemed', `card ${serial} was used up as a voucher`);
  if (state.status === 'blocked') throw new CardRefusedError('card-blocked', `card ${serial} is blocked`);
  if (isExpired(state, at)) throw new CardRefusedError('card-expired', `card ${serial} expired at ${state.expiresAt}`);
  if (!allowed.includes(state.status)) throw new CardRefusedError('card-not-active', `card ${serial} is ${state.status}, not active: activate it first`);
}

function reserve(state: CardState, card: CardIssuedData, command: Extract<CardCommand, { type: 'ReserveForSession' }>): CardEvent[] {
  const existing = state.sessions.get(command.sessionKey);
  const existingExpired = existing !== undefined && (existing.expired || reservationExpired(existing, command.at));
  // A repeated authorization of the same session (a NAS retrying) keeps the first reservation, unless it expired unused.
  if (existing?.reservationId && !existing.ended && !existingExpired) return [];
  if (existing?.ended && !existingExpired) throw new ConflictError(`session ${command.sessionKey} of card ${card.serial} has ended`);
  usable(state, command.at, ['active']);
  if (!Number.isSafeInteger(command.interimSeconds) || command.interimSeconds < 0) throw ValidationError.field('interimSeconds', `${command.interimSeconds} is not a whole number of seconds >= 0`);
  const available = availableMinor(state, command.at);
  const price = command.price;
  let sessionTimeoutSeconds: number | null = null;
  let volumeQuotaBytes: bigint | null = null;
  let amount: bigint;
  if (price.service === 'voice') {
    sessionTimeoutSeconds = affordableSeconds(price, available, card.currency);
    if (sessionTimeoutSeconds === 0) throw new CardRefusedError('balance-exhausted', `card ${card.serial}: ${money(available, card.currency)} ${card.currency} available does not pay for the first increment to ${price.destination}`);
    // Without interim updates nothing is debited before the stop: the reservation must hold all the call may cost.
    const interval = command.interimSeconds === 0 ? available : nextIntervalMinor(price, 0, command.interimSeconds, card.currency);
    amount = interval < available ? interval : available;
  } else {
    volumeQuotaBytes = affordableBytes(price, available, card.currency);
    if (volumeQuotaBytes === 0n) throw new CardRefusedError('balance-exhausted', `card ${card.serial}: ${money(available, card.currency)} ${card.currency} available pays for no data`);
    // A data session's speed is unknown in advance: it holds the whole available balance its quota was computed from.
    amount = volumeQuotaBytes === null ? 0n : available;
  }
  return [...expiredReservations(state, card, command.at, []), {
    type: 'CardReserved',
    data: {
      cardId: card.cardId,
      reservationId: command.reservationId,
      sessionKey: command.sessionKey,
      amount: money(amount, card.currency),
      calledNumber: command.calledNumber,
      price,
      interimSeconds: command.interimSeconds,
      sessionTimeoutSeconds,
      volumeQuotaBytes: volumeQuotaBytes === null ? null : volumeQuotaBytes.toString(),
      at: command.at,
    },
  }];
}

/**
 * The session a report debits: the one of its key; else, on its first report, the session its
 * reservation was made for under another key (an Access-Request without Acct-Session-Id gets a key
 * of its own, which accounting cannot know; the Class it brings back names the reservation), which
 * the report's key takes over; else a session never authorized here.
 */
function sessionToDebit(state: CardState, command: Extract<CardCommand, { type: 'DebitSession' }>): { session: CardSession; reservedAs: string | null } {
  const own = state.sessions.get(command.sessionKey);
  if (own) return { session: own, reservedAs: null };
  if (command.reservationId !== null) {
    for (const [key, session] of state.sessions) {
      if (session.reservationId === command.reservationId && session.reportIds.size === 0 && (!session.ended || session.expired)) return { session, reservedAs: key };
    }
  }
  return { session: unreservedSession(command.price, command.at), reservedAs: null };
}

function debit(state: CardState, card: CardIssuedData, command: Extract<CardCommand, { type: 'DebitSession' }>): CardEvent[] {
  if (!Number.isSafeInteger(command.seconds) || command.seconds < 0) throw ValidationError.field('seconds', `${command.seconds} is not a whole number of seconds >= 0`);
  if (command.bytes < 0n) throw ValidationError.field('bytes', `${command.bytes} is negative`);
  const { session, reservedAs } = sessionToDebit(state, command);
  if (session.reportIds.has(command.reportId)) return [];
  const price = session.price ?? command.price;
  if (!price) throw ValidationError.field('sessionKey', `session ${command.sessionKey} of card ${card.serial} was never authorized and no price was given`);
  const currency = card.currency;
  const self = reservedAs === null ? [command.sessionKey] : [command.sessionKey, reservedAs];
  // Other sessions whose reservation expired unreported are released first; this one reports, so it is alive.
  const expired = expiredReservations(state, card, command.at, self);
  // Totals only grow: a late interim after a later report costs nothing more.
  const seconds = Math.max(session.seconds, command.seconds);
  const bytes = command.bytes > session.bytes ? command.bytes : session.bytes;
  const charge = sessionChargeMinor(price, seconds, bytes, currency);
  const increase = charge > session.chargedMinor ? charge - session.chargedMinor : 0n;
  const taken = increase < state.balanceMinor ? increase : state.balanceMinor > 0n ? state.balanceMinor : 0n;
  const overdraft = increase - taken;
  const balance = state.balanceMinor - taken;
  // A session ended by the expiry of its reservation is alive after all when it reports.
  const ended = (session.ended && !session.expired) || command.final;
  const availableAfter = availableMinor({ ...state, balanceMinor: balance }, command.at, self);
  let reserved = 0n;
  if (!ended) {
    const wanted = price.service === 'voice' && session.interimSeconds > 0 ? nextIntervalMinor(price, seconds, session.interimSeconds, currency) : availableAfter;
    reserved = wanted < availableAfter ? wanted : availableAfter;
  }
  const events: CardEvent[] = [...expired, {
    type: 'CardDebited',
    data: {
      cardId: card.cardId,
      sessionKey: command.sessionKey,
      ...(reservedAs === null ? {} : { reservationSessionKey: reservedAs }),
      reportId: command.reportId,
      seconds,
      bytes: bytes.toString(),
      sessionCharge: money(charge > session.chargedMinor ? charge : session.chargedMinor, currency),
      amount: money(taken, currency),
      overdraft: money(overdraft, currency),
      balance: money(balance, currency),
      reserved: money(reserved, currency),
      final: command.final,
      at: command.at,
    },
  }];
  if (balance === 0n && increase > 0n) {
    const open = [...state.sessions]
      .filter(([key, s]) => !self.includes(key) && !s.ended && !reservationExpired(s, command.at))
      .map(([key]) => key);
    if (!ended) open.push(command.sessionKey);
    events.push({ type: 'CardBalanceExhausted', data: { cardId: card.cardId, sessionKey: command.sessionKey, openSessionKeys: open.sort(), at: command.at } });
  }
  return events;
}

function unreservedSession(price: SessionPrice | null, at: string): CardSession {
  return { reservationId: null, price, calledNumber: null, interimSeconds: 0, sessionTimeoutSeconds: null, volumeQuotaBytes: null, reservedMinor: 0n, chargedMinor: 0n, seconds: 0, bytes: 0n, reportIds: new Set(), ended: false, expired: false, startedAt: at };
}

const AMOUNT = /^\d+(\.\d+)?$/;

/** A recharge amount in minor units: positive, in the card's currency, no more digits than its minor unit, at most MAX_RECHARGE_UNITS. */
export function rechargeAmount(amount: string, currency: string, cardCurrency: string): bigint {
  if (currency !== cardCurrency) throw ValidationError.field('currency', `the card is in ${cardCurrency}, not ${currency}`);
  if (typeof amount !== 'string' || !AMOUNT.test(amount)) throw ValidationError.field('amount', `${JSON.stringify(amount)} is not a positive decimal amount like "10.00"`);
  const digits = minorUnitDigits(currency);
  if ((amount.split('.')[1] ?? '').replace(/0+$/, '').length > digits) throw ValidationError.field('amount', `${amount} has more decimals than ${currency}'s ${digits}`);
  const value = new Decimal(amount);
  if (value.isZero()) throw ValidationError.field('amount', 'must be more than 0');
  if (value.greaterThan(MAX_RECHARGE_UNITS)) throw ValidationError.field('amount', `${amount} is more than one recharge may add (${MAX_RECHARGE_UNITS} ${currency})`);
  return toMinorUnits(value, currency);
}

function money(minor: bigint, currency: string): string {
  return formatMoney(fromMinorUnits(minor, currency), currency);
}

function currencyOf(state: CardState): string {
  if (!state.card) throw new Error('a card event before CardIssued');
  return state.card.currency;
}

/** The first instant after `date` ends in `timeZone`: a card valid until 2026-12-31 is expired from 2027-01-01T00:00 there. */
export function endOfDate(date: string, timeZone: string): string {
  return Temporal.PlainDate.from(date).add({ days: 1 }).toZonedDateTime({ timeZone }).toInstant().toString();
}

/** `days` calendar days after `at` in `timeZone` (a day across a DST change is 23 or 25 hours). */
export function afterDays(at: string, days: number, timeZone: string): string {
  return Temporal.Instant.from(at).toZonedDateTimeISO(timeZone).add({ days }).toInstant().toString();
}

export type { CardExpiry };
