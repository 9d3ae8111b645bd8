/**
 * Prepaid call cards: a batch of cards, each card an event-sourced account. A card's balance
 * only changes by its own events (recharged, debited, redeemed as a voucher), so its statement is
 * its stream. PINs are credentials: only a keyed hash of each is ever stored.
 */
import type { DomainEvent } from '../../core/decider.ts';

/** When the cards of a batch expire: on a calendar date (the end of that day in the batch's time zone), or a number of days after each card's activation. */
export type CardExpiry = { onDate: string } | { daysAfterActivation: number };

export type CardBatchCreated = DomainEvent<'CardBatchCreated', {
  batchId: string;
  name: string;
  count: number;
  faceValue: string;
  currency: string;
  /** The tariff whose usage rates price the cards' calls (its voice deck) and data. */
  tariffId: string;
  expiry: CardExpiry;
  /** Digits of each generated PIN; null for an imported batch (its PINs came with the file). */
  pinLength: number | null;
  /** IANA zone: where an expiry date ends and where a call's peak/offpeak band is read. */
  timeZone: string;
  /** ISO country whose public holidays are offpeak; null: weekdays and hours only. */
  country: string | null;
  origin: 'generated' | 'imported';
}>;

export type CardBatchEvent = CardBatchCreated;

export interface CardIssuedData {
  cardId: string;
  batchId: string;
  serial: string;
  /** HMAC-SHA256 of the PIN (hex) under the installation's PIN key: finds the card, reveals nothing. */
  pinHash: string;
  faceValue: string;
  currency: string;
  tariffId: string;
  expiry: CardExpiry;
  timeZone: string;
  country: string | null;
}

/** How a call or data session is priced, fixed when it is authorized: a tariff change during a call does not reprice it. */
export type SessionPrice =
  | { service: 'voice'; prefix: string; destination: string; perMinute: string; connectFee: string; minSeconds: number; firstIncrement: number; nextIncrement: number; band: 'peak' | 'offpeak' }
  | { service: 'data'; unit: string; tiering: 'graduated' | 'volume'; tiers: { upTo: string | null; price: string }[] };

export type RechargeSource = { payment: { reference: string } } | { voucher: { cardId: string; serial: string } };

export type CardIssued = DomainEvent<'CardIssued', CardIssuedData>;
export type CardActivated = DomainEvent<'CardActivated', { cardId: string; at: string; expiresAt: string }>;
export type CardBlocked = DomainEvent<'CardBlocked', { cardId: string; reason: string }>;
export type CardUnblocked = DomainEvent<'CardUnblocked', { cardId: string }>;
export type CardRecharged = DomainEvent<'CardRecharged', { cardId: string; amount: string; currency: string; balance: string; source: RechargeSource; at: string }>;
/** The voucher card's whole balance moved to another card: the voucher is used up for good. */
export type CardRedeemedAsVoucher = DomainEvent<'CardRedeemedAsVoucher', { cardId: string; intoCardId: string; amount: string; currency: string; at: string }>;
export type CardReserved = DomainEvent<'CardReserved', {
  cardId: string;
  reservationId: string;
  sessionKey: string;
  amount: string;
  calledNumber: string | null;
  price: SessionPrice;
  /** The NAS's interim interval: how much of the session one reservation covers. */
  interimSeconds: number;
  sessionTimeoutSeconds: number | null;
  volumeQuotaBytes: string | null;
  at: string;
}>;
export type CardDebited = DomainEvent<'CardDebited', {
  cardId: string;
  sessionKey: string;
  /**
   * Present on a session's first report when its reservation was made under another key (an
   * Access-Request without Acct-Session-Id): the session and its reservation move to `sessionKey`.
   */
  reservationSessionKey?: string;
  reportId: string;
  /** The session's totals so far, as reported. */
  seconds: number;
  bytes: string;
  /** What the session has cost so far (rounded to the minor unit): this debit is its increase. */
  sessionCharge: string;
  /** Taken from the balance now. */
  amount: string;
  /** Spent beyond the balance (the balance stops at zero): the operator's loss, bounded by one interim interval. */
  overdraft: string;
  balance: string;
  /** The session's reservation after this debit (0 once the session has ended). */
  reserved: string;
  final: boolean;
  at: string;
}>;
/**
 * No accounting came for an authorized session within its wait (card.ts RESERVATION_WAIT): the call
 * was never answered or its Start was lost. Its reservation is released and the session ended; a
 * report that still comes is debited and makes it alive again.
 */
export type CardReservationExpired = DomainEvent<'CardReservationExpired', {
  cardId: string;
  sessionKey: string;
  reservationId: string;
  /** What the reservation held, released now. */
  amount: string;
  /** When the wait ran out. */
  expiresAt: string;
  /** When it was released (the first decision on the card, or the sweep, from then on). */
  at: string;
}>;
/** The balance reached zero while sessions used it: each listed session should be disconnected. */
export type CardBalanceExhausted = DomainEvent<'CardBalanceExhausted', { cardId: string; sessionKey: string; openSessionKeys: string[]; at: string }>;

export type CardEvent =
  | CardIssued
  | CardActivated
  | CardBlocked
  | CardUnblocked
  | CardRecharged
  | CardRedeemedAsVoucher
  | CardReserved
  | CardDebited
  | CardReservationExpired
  | CardBalanceExhausted;

export const CARD_EVENT_TYPES: CardEvent['type'][] = [
  'CardIssued',
  'CardActivated',
  'CardBlocked',
  'CardUnblocked',
  'CardRecharged',
  'CardRedeemedAsVoucher',
  'CardReserved',
  'CardDebited',
  'CardReservationExpired',
  'CardBalanceExhausted',
];
