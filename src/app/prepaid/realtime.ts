/**
 * Prepaid cards in real time, for the RADIUS server (authorization) and accounting (debits).
 *
 * A caller dials in with the card's PIN as the user name (and as the password: a card's password
 * is its PIN). Authorization finds the card by the keyed hash of the PIN in memory, prices the
 * session (the dialled destination's rate in the card tariff's deck, or its data price), and
 * reserves balance: one interim interval's worth of the call (the whole available balance when
 * less, or when the NAS sends no interims), or for data the whole available balance. The answer
 * gives the longest call the available balance (balance less other sessions' reservations) pays
 * for, or the bytes it pays for.
 *
 * Accounting reports the session's totals so far (Acct-Session-Time, octets): each report debits
 * what the session's cost rose by, once per report id, and renews the reservation for the next
 * interval. Spending beyond the balance (possible for at most one interim interval, e.g. while a
 * second session of the card ran) stops the balance at zero and is recorded as the overdraft of
 * the debit; a debit that takes the balance to zero also records CardBalanceExhausted, naming the
 * card's open sessions, for the Disconnect-Request.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';
import type { AppDeps } from '../deps.ts';
import type { CommandContext } from '../command-handler.ts';
import { deterministicId } from '../../core/ids.ts';
import { NotFoundError } from '../../core/errors.ts';
import { formatMoney, fromMinorUnits } from '../../core/money.ts';
import { CardRefusedError, cardRefusal, type CardState } from '../../domain/prepaid/card.ts';
import { cardReference } from '../../domain/prepaid/card-reference.ts';
import { forEachDocument } from '../../readstore/port.ts';
import { CARD_SESSIONS, sortableInstant, type CardSessionDocument } from '../../../projections/cards.projection.ts';
import { CardAccounts } from './card-accounts.ts';
import { pinHasher } from './pins.ts';
import { sessionPrice } from './session-price.ts';

export interface CardAuthorization {
  cardId: string;
  /** What the support log and the session show in place of the PIN (card-reference.ts): `card:<serial>`. */
  reference: string;
  currency: string;
  /** The longest call the available balance pays for; null: no limit (a free destination, or data). */
  sessionTimeoutSeconds: number | null;
  /** The bytes the available balance pays for (data); null: no limit (voice, or free data). */
  volumeQuotaBytes: bigint | null;
  reservationId: string;
  /** What the reservation holds, and the balance, in the card's currency. */
  reserved: string;
  balance: string;
}

export const CARD_REJECT_REASONS = ['card-unknown', 'wrong-password', 'card-not-active', 'card-blocked', 'card-expired', 'card-redeemed', 'balance-exhausted', 'no-rate', 'no-called-number'] as const;
export type CardRejectReason = (typeof CARD_REJECT_REASONS)[number];

export interface CardAuthorizationRequest {
  pin: string;
  /** The password the caller gave (PAP); null when the caller checked it (CHAP against cardPassword). */
  password: Buffer | null;
  calledNumber: string | null;
  service: 'voice' | 'data';
  /** Identifies the session for its debits (the NAS and its Acct-Session-Id). */
  sessionKey: string;
  at: Temporal.Instant;
  /** The NAS's interim interval; 0: no interim updates (the reservation then covers the whole call). */
  interimSeconds: number;
}

/** Longest PIN looked up: longer user names are no card's, and are not hashed. */
const MAX_PIN_LENGTH = 64;

const RADIUS_ACTOR = 'radius';

/** A card found by its PIN: its id and what is shown in place of the PIN. */
export interface CardOfPin {
  cardId: string;
  reference: string;
}

export type CardAuthorizationResult =
  | { accept: true; authorization: CardAuthorization }
  /** `card`: the card the PIN is (absent for an unknown PIN): a refusal is logged under it, never under the PIN. */
  | { accept: false; reason: CardRejectReason | string; detail?: string; card?: CardOfPin };

export async function authorizeCard(deps: AppDeps, request: CardAuthorizationRequest): Promise<CardAuthorizationResult> {
  const cardId = await cardIdOfPin(deps, request.pin);
  if (!cardId) return { accept: false, reason: 'card-unknown' };
  const accounts = CardAccounts.of(deps);
  const { state } = await accounts.current(cardId);
  const card = state.card!;
  const named = { cardId, reference: cardReference(card.serial) };
  if (request.password !== null && !samePin(request.password, request.pin)) return { accept: false, reason: 'wrong-password', card: named };
  const at = request.at.toString();
  const lookup = await sessionPrice(deps, card, request.service, request.calledNumber, request.at);
  if ('reason' in lookup) {
    // A card that may not be used at all says so before any question of price.
    const refusal = await refusalOf(accounts, cardId, at);
    return { ...(refusal ?? { accept: false, reason: lookup.reason, detail: lookup.detail }), card: named };
  }
  const reservationId = deterministicId('card-reservation', cardId, request.sessionKey);
  try {
    const result = await accounts.execute(
      cardId,
      { type: 'ReserveForSession', reservationId, sessionKey: request.sessionKey, price: lookup.price, calledNumber: request.calledNumber, interimSeconds: request.interimSeconds, at },
      // The instant too: a session key authorized again after its reservation expired unused records new events.
      radiusContext(deterministicId('card-reserve', reservationId, at)),
    );
    const session = result.state.sessions.get(request.sessionKey)!;
    return {
      accept: true,
      authorization: {
        cardId,
        reference: named.reference,
        currency: card.currency,
        sessionTimeoutSeconds: session.sessionTimeoutSeconds,
        volumeQuotaBytes: session.volumeQuotaBytes,
        reservationId: session.reservationId ?? reservationId,
        reserved: money(session.reservedMinor, card.currency),
        balance: money(result.state.balanceMinor, card.currency),
      },
    };
  } catch (error) {
    if (error instanceof CardRefusedError) return { accept: false, reason: error.reason, detail: error.message, card: named };
    throw error;
  }
}

/** For CHAP: the secret the caller's response is checked against (a card's password is its PIN); null for no card. */
export async function cardPassword(deps: AppDeps, pin: string): Promise<Buffer | null> {
  return (await cardIdOfPin(deps, pin)) ? Buffer.from(pin, 'utf8') : null;
}

/** The card a PIN is, named without the PIN; null for no card's. */
export async function cardOfPin(deps: AppDeps, pin: string): Promise<CardOfPin | null> {
  const cardId = await cardIdOfPin(deps, pin);
  return cardId ? { cardId, reference: await cardReferenceOf(deps, cardId) } : null;
}

/**
 * What a card's RADIUS sessions and support log entries show in place of its PIN:
 * `card:<serial>` (`card:<cardId>` for a card id that names no card, e.g. a damaged Class).
 */
export async function cardReferenceOf(deps: AppDeps, cardId: string): Promise<string> {
  const { state } = await CardAccounts.of(deps).current(cardId);
  return cardReference(state.card?.serial ?? cardId);
}

export interface CardUsage {
  cardId: string;
  sessionKey: string;
  /** The reservation the session's Class names (absent or null: none): finds a session authorized under another key. */
  reservationId?: string | null;
  /** Idempotency: the same report debits once. */
  reportId: string;
  /** The session's totals so far (Acct-Session-Time), not the increase since the last report. */
  seconds: number;
  /** The session's total octets so far, both directions. */
  bytes: bigint;
  calledNumber: string | null;
  final: boolean;
  at: Temporal.Instant;
}

/** Debits a session's report; `exhausted`: the balance is zero now (the NAS should end the card's sessions). */
export async function debitCard(deps: AppDeps, usage: CardUsage): Promise<{ balance: string; exhausted: boolean; overdraft: string }> {
  const accounts = CardAccounts.of(deps);
  const { state } = await accounts.current(usage.cardId);
  const card = state.card;
  if (!card) throw new NotFoundError(`card ${usage.cardId} does not exist`);
  // A session this process never authorized (no reservation) is priced now, as it would have been.
  let price = null;
  const reservationId = usage.reservationId ?? null;
  if (!sessionPriced(state, usage.sessionKey, reservationId)) {
    const lookup = await sessionPrice(deps, card, usage.calledNumber ? 'voice' : 'data', usage.calledNumber, usage.at);
    if ('price' in lookup) price = lookup.price;
  }
  const commandId = deterministicId('card-debit', usage.cardId, usage.sessionKey, usage.reportId);
  const result = await accounts.execute(
    usage.cardId,
    { type: 'DebitSession', sessionKey: usage.sessionKey, reservationId, reportId: usage.reportId, seconds: usage.seconds, bytes: usage.bytes, final: usage.final, at: usage.at.toString(), price },
    radiusContext(commandId),
  );
  const debited = result.events.find((e) => e.type === 'CardDebited');
  return {
    balance: money(result.state.balanceMinor, card.currency),
    exhausted: result.state.balanceMinor === 0n,
    overdraft: debited?.type === 'CardDebited' ? debited.data.overdraft : money(0n, card.currency),
  };
}

/**
 * Releases the reservations no accounting came for in time (card.ts RESERVATION_WAIT), found
 * through the card sessions' read model; returns how many. Authorizations and debits of a card
 * release its expired reservations anyway: this makes the cards' calls show it without waiting
 * for the next one (the RADIUS server runs it with its stale-session sweep).
 */
export async function releaseExpiredReservations(deps: AppDeps, now: Temporal.Instant): Promise<number> {
  const at = now.toString();
  const cardIds = new Set<string>();
  await forEachDocument<CardSessionDocument>(deps.readStore, CARD_SESSIONS, { reservationExpiresAt: { $lte: sortableInstant(at) } }, (session) => {
    cardIds.add(session.cardId);
  });
  const accounts = CardAccounts.of(deps);
  let released = 0;
  for (const cardId of cardIds) {
    const { events } = await accounts.execute(cardId, { type: 'ReleaseExpiredReservations', at }, radiusContext(deterministicId('card-reservations-expired', cardId, at)));
    released += events.length;
  }
  return released;
}

/** Whether the session (by its key, or by the reservation its Class names) has the price fixed at its authorization. */
function sessionPriced(state: CardState, sessionKey: string, reservationId: string | null): boolean {
  if (state.sessions.get(sessionKey)?.price) return true;
  return reservationId !== null && [...state.sessions.values()].some((s) => s.reservationId === reservationId && s.price !== null);
}

async function cardIdOfPin(deps: AppDeps, pin: string): Promise<string | null> {
  if (typeof pin !== 'string' || pin.length === 0 || pin.length > MAX_PIN_LENGTH) return null;
  const hash = (await pinHasher(deps))(pin);
  return CardAccounts.of(deps).cardIdByPinHash(hash);
}

function samePin(password: Buffer, pin: string): boolean {
  const expected = Buffer.from(pin, 'utf8');
  return password.length === expected.length && timingSafeEqual(password, expected);
}

/** Why the card cannot be used at `at` at all (blocked, expired, not active), from its newest state; null when it can. */
async function refusalOf(accounts: CardAccounts, cardId: string, at: string): Promise<{ accept: false; reason: string; detail: string } | null> {
  const refusal = cardRefusal((await accounts.refresh(cardId)).state, at);
  return refusal && { accept: false, reason: refusal.reason, detail: refusal.message };
}

function radiusContext(commandId: string): CommandContext {
  return { commandId, actor: RADIUS_ACTOR };
}

function money(minor: bigint, currency: string): string {
  return formatMoney(fromMinorUnits(minor, currency), currency);
}
