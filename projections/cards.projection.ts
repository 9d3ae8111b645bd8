/**
 * Prepaid cards for people: batches, each card's status, balance and expiry, and each card's
 * calls and data sessions with what they cost. Found by batch, stored status, expiry and PIN
 * hash (the RADIUS server's lookup of a card by the PIN a caller typed).
 */
import { Temporal } from 'temporal-polyfill';
import { Decimal } from 'decimal.js';
import type { Projection } from '../src/processing/projection.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { CardBatchCreated, CardEvent, CardExpiry, SessionPrice } from '../src/domain/prepaid/events.ts';
import { CARD_EVENT_TYPES } from '../src/domain/prepaid/events.ts';
import { endOfDate, reservationExpiry } from '../src/domain/prepaid/card.ts';

export const CARD_BATCHES = 'card_batches';
export const CARDS = 'cards';
export const CARD_SESSIONS = 'card_sessions';

/** A batch as created (its id as `id`), and when. */
export type CardBatchDocument = Omit<CardBatchCreated['data'], 'batchId'> & { [key: string]: unknown; id: string; createdAt: string };

export interface CardDocument {
  [key: string]: unknown;
  id: string;
  batchId: string;
  serial: string;
  /** Keyed hash of the PIN: a lookup key, never shown. */
  pinHash: string;
  /** Stored status (created, active, blocked, redeemed); `expired` is read from expiresAt. */
  status: 'created' | 'active' | 'blocked' | 'redeemed';
  blockedReason: string | null;
  currency: string;
  faceValue: string;
  balance: string;
  /** Sum of what sessions spent beyond the balance. */
  overdraft: string;
  tariffId: string;
  expiry: CardExpiry;
  /** Instant (milliseconds, UTC) from which the card is expired; null until activation for expiry in days. */
  expiresAt: string | null;
  activatedAt: string | null;
  issuedAt: string;
  updatedAt: string;
  revision: number;
}

export interface CardSessionDocument {
  [key: string]: unknown;
  id: string;
  cardId: string;
  sessionKey: string;
  service: 'voice' | 'data';
  calledNumber: string | null;
  destination: string | null;
  startedAt: string;
  seconds: number;
  bytes: string;
  cost: string;
  overdraft: string;
  reserved: string;
  ended: boolean;
  lastReportAt: string | null;
  /** When the reservation is released if no accounting report has come for the session by then; null once one came, or the session ended. */
  reservationExpiresAt: string | null;
  /** The reservation expired with no accounting for the session (a call never answered, a Start lost): nothing was held after. */
  expired: boolean;
}

/** Instants as the read store compares them: UTC, always with milliseconds, so text order is time order. */
export function sortableInstant(instant: string): string {
  return Temporal.Instant.from(instant).toString({ fractionalSecondDigits: 3 });
}

export const cardsProjection: Projection = {
  name: 'cards',
  version: 2,
  collections: [
    { name: CARD_BATCHES, indexes: ['createdAt'] },
    { name: CARDS, indexes: ['batchId', 'status', 'pinHash', 'serial', 'expiresAt'] },
    { name: CARD_SESSIONS, indexes: ['cardId', 'startedAt', 'reservationExpiresAt'] },
  ],
  handles: ['CardBatchCreated', ...CARD_EVENT_TYPES],
  async apply(recorded, uow) {
    const event = recorded as unknown as CardBatchCreated | CardEvent;
    if (event.type === 'CardBatchCreated') {
      const { batchId, ...terms } = event.data;
      uow.put(CARD_BATCHES, batchId, { id: batchId, ...terms, createdAt: recorded.metadata.recordedAt } satisfies CardBatchDocument);
      return;
    }
    if (event.type === 'CardIssued') {
      const c = event.data;
      uow.put(CARDS, c.cardId, {
        id: c.cardId, batchId: c.batchId, serial: c.serial, pinHash: c.pinHash, status: 'created', blockedReason: null, currency: c.currency,
        faceValue: c.faceValue, balance: c.faceValue, overdraft: zeroLike(c.faceValue), tariffId: c.tariffId, expiry: c.expiry,
        expiresAt: 'onDate' in c.expiry ? sortableInstant(endOfDate(c.expiry.onDate, c.timeZone)) : null,
        activatedAt: null, issuedAt: recorded.metadata.recordedAt, updatedAt: recorded.metadata.recordedAt, revision: recorded.revision,
      } satisfies CardDocument);
      return;
    }
    const card = (await uow.get(CARDS, event.data.cardId)) as CardDocument | null;
    if (!card) return;
    const next = await evolveCard(card, event, recorded, uow);
    uow.put(CARDS, card.id, { ...next, updatedAt: recorded.metadata.recordedAt, revision: recorded.revision });
  },
};

async function evolveCard(card: CardDocument, event: CardEvent, recorded: RecordedEvent, uow: UnitOfWork): Promise<CardDocument> {
  switch (event.type) {
    case 'CardActivated':
      return { ...card, status: 'active', activatedAt: event.data.at, expiresAt: sortableInstant(event.data.expiresAt) };
    case 'CardBlocked':
      return { ...card, status: 'blocked', blockedReason: event.data.reason };
    case 'CardUnblocked':
      return { ...card, status: card.activatedAt ? 'active' : 'created', blockedReason: null };
    case 'CardRecharged':
      return { ...card, balance: event.data.balance };
    case 'CardRedeemedAsVoucher':
      return { ...card, status: 'redeemed', balance: zeroLike(card.balance) };
    case 'CardReserved': {
      const d = event.data;
      const id = sessionDocumentId(d.cardId, d.sessionKey);
      const existing = (await uow.get(CARD_SESSIONS, id)) as CardSessionDocument | null;
      uow.put(CARD_SESSIONS, id, {
        id, cardId: d.cardId, sessionKey: d.sessionKey, service: d.price.service, calledNumber: d.calledNumber, destination: destinationOf(d.price),
        startedAt: d.at, seconds: existing?.seconds ?? 0, bytes: existing?.bytes ?? '0', cost: existing?.cost ?? zeroLike(card.balance),
        overdraft: existing?.overdraft ?? zeroLike(card.balance), reserved: d.amount, ended: false, lastReportAt: existing?.lastReportAt ?? null,
        // A reservation made again for the same key (the first expired unused) waits anew.
        reservationExpiresAt: sortableInstant(reservationExpiry(d.at, d.interimSeconds)), expired: false,
      } satisfies CardSessionDocument);
      return card;
    }
    case 'CardDebited': {
      const d = event.data;
      const id = sessionDocumentId(d.cardId, d.sessionKey);
      let existing = (await uow.get(CARD_SESSIONS, id)) as CardSessionDocument | null;
      if (!existing && d.reservationSessionKey !== undefined) {
        // The session's first report under its accounting key: its reservation's document moves there.
        const reservedAs = sessionDocumentId(d.cardId, d.reservationSessionKey);
        existing = (await uow.get(CARD_SESSIONS, reservedAs)) as CardSessionDocument | null;
        uow.delete(CARD_SESSIONS, reservedAs);
      }
      const overdraft = addDecimalText(existing?.overdraft ?? zeroLike(card.balance), d.overdraft);
      uow.put(CARD_SESSIONS, id, {
        id, cardId: d.cardId, sessionKey: d.sessionKey, service: existing?.service ?? (BigInt(d.bytes) > 0n ? 'data' : 'voice'),
        calledNumber: existing?.calledNumber ?? null, destination: existing?.destination ?? null, startedAt: existing?.startedAt ?? d.at,
        seconds: d.seconds, bytes: d.bytes, cost: d.sessionCharge, overdraft, reserved: d.reserved,
        ended: (existing !== null && existing.ended && !existing.expired) || d.final, lastReportAt: d.at, reservationExpiresAt: null, expired: false,
      } satisfies CardSessionDocument);
      return { ...card, balance: d.balance, overdraft: addDecimalText(card.overdraft, d.overdraft) };
    }
    case 'CardReservationExpired': {
      const d = event.data;
      const id = sessionDocumentId(d.cardId, d.sessionKey);
      const existing = (await uow.get(CARD_SESSIONS, id)) as CardSessionDocument | null;
      if (existing) uow.put(CARD_SESSIONS, id, { ...existing, reserved: zeroLike(card.balance), ended: true, reservationExpiresAt: null, expired: true } satisfies CardSessionDocument);
      return card;
    }
    case 'CardBalanceExhausted':
    case 'CardIssued':
      return card;
    default: {
      const exhaustive: never = event;
      void recorded;
      return exhaustive;
    }
  }
}

export function sessionDocumentId(cardId: string, sessionKey: string): string {
  return `${cardId}:${sessionKey}`;
}

function destinationOf(price: SessionPrice): string | null {
  return price.service === 'voice' ? price.destination : null;
}

/** "0" written with the decimals of `like` ("10.00" -> "0.00"): amounts of a card keep its currency's digits. */
function zeroLike(like: string): string {
  const decimals = like.split('.')[1]?.length ?? 0;
  return decimals ? `0.${'0'.repeat(decimals)}` : '0';
}

/** Sum of two amounts of one currency, with as many decimals as they are written with. */
function addDecimalText(a: string, b: string): string {
  const decimals = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  return new Decimal(a).plus(b).toFixed(decimals);
}
