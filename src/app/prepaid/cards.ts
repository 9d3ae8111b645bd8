/**
 * What staff do with a card (activate, recharge, block, unblock) and what they read about it
 * (status, balance, expiry, its calls). Never the PIN: billstream does not have it.
 */
import type { AppDeps } from '../deps.ts';
import { handleCommand, loadAggregate, type CommandContext } from '../command-handler.ts';
import { deterministicId } from '../../core/ids.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { cardDecider, cardRefusal, cardStatusAt, cardStream, CARD_STATUSES, type CardCommand } from '../../domain/prepaid/card.ts';
import { CARDS, CARD_SESSIONS, sortableInstant, type CardDocument, type CardSessionDocument } from '../../../projections/cards.projection.ts';
import type { Filter, Page } from '../../readstore/port.ts';
import { CardAccounts } from './card-accounts.ts';
import { pinHasher } from './pins.ts';

export type CardStatusView = (typeof CARD_STATUSES)[number];

export interface CardView {
  cardId: string;
  batchId: string;
  serial: string;
  status: CardStatusView;
  blockedReason: string | null;
  currency: string;
  faceValue: string;
  balance: string;
  overdraft: string;
  tariffId: string;
  expiresAt: string | null;
  activatedAt: string | null;
  issuedAt: string;
}

export function cardView(card: CardDocument, now: string): CardView {
  return {
    cardId: card.id, batchId: card.batchId, serial: card.serial, status: cardStatusAt(card, now), blockedReason: card.blockedReason, currency: card.currency,
    faceValue: card.faceValue, balance: card.balance, overdraft: card.overdraft, tariffId: card.tariffId, expiresAt: card.expiresAt, activatedAt: card.activatedAt, issuedAt: card.issuedAt,
  };
}

export async function findCard(deps: AppDeps, cardId: string): Promise<CardDocument> {
  const card = (await deps.readStore.get(CARDS, cardId)) as CardDocument | null;
  if (!card) throw new NotFoundError(`card ${cardId} does not exist`);
  return card;
}

export async function readCard(deps: AppDeps, cardId: string): Promise<CardView> {
  return cardView(await findCard(deps, cardId), deps.clock.now().toString());
}

/**
 * Cards by batch and status. `expired` and `active` are read against the expiry instant now;
 * `created` and `blocked` cards past their expiry are left out of those statuses' pages (a page
 * may then hold fewer items than asked for).
 */
export async function listCards(deps: AppDeps, query: { batchId?: string; status?: CardStatusView; limit?: number; after?: string }): Promise<Page<CardView>> {
  const now = deps.clock.now().toString();
  const nowKey = sortableInstant(now);
  const filter: Filter = {};
  if (query.batchId) filter.batchId = query.batchId;
  if (query.status === 'expired') filter.expiresAt = { $lte: nowKey };
  else if (query.status === 'active') Object.assign(filter, { status: 'active', expiresAt: { $gt: nowKey } });
  else if (query.status) filter.status = query.status;
  const page = await deps.readStore.find(CARDS, filter, { sort: { field: 'serial' }, limit: query.limit ?? 50, ...(query.after ? { after: query.after } : {}) });
  const items = (page.items as CardDocument[]).map((card) => cardView(card, now)).filter((card) => !query.status || card.status === query.status);
  return { items, next: page.next };
}

export async function cardSessions(deps: AppDeps, cardId: string, query: { limit?: number; after?: string } = {}): Promise<Page<CardSessionDocument>> {
  await findCard(deps, cardId);
  const page = await deps.readStore.find(CARD_SESSIONS, { cardId }, { sort: { field: 'startedAt', direction: 'desc' }, limit: query.limit ?? 50, ...(query.after ? { after: query.after } : {}) });
  return { items: page.items as CardSessionDocument[], next: page.next };
}

async function runCardCommand(deps: AppDeps, cardId: string, command: CardCommand, context: CommandContext): Promise<CardView> {
  const result = await handleCommand(deps, cardDecider, cardStream(cardId), command, context);
  if (!result.state.card) throw new NotFoundError(`card ${cardId} does not exist`);
  await deps.readModelsReached(result.position);
  return readCard(deps, cardId);
}

export async function activateCard(deps: AppDeps, cardId: string, context: CommandContext): Promise<CardView> {
  return runCardCommand(deps, cardId, { type: 'ActivateCard', at: deps.clock.now().toString() }, context);
}

export async function blockCard(deps: AppDeps, cardId: string, reason: string, context: CommandContext): Promise<CardView> {
  if (typeof reason !== 'string' || !reason.trim() || reason.length > 500) throw ValidationError.field('reason', 'say why the card is blocked (at most 500 characters)');
  return runCardCommand(deps, cardId, { type: 'BlockCard', reason: reason.trim() }, context);
}

export async function unblockCard(deps: AppDeps, cardId: string, context: CommandContext): Promise<CardView> {
  return runCardCommand(deps, cardId, { type: 'UnblockCard' }, context);
}

export type Recharge = { amount: string; currency: string; reference: string } | { voucherPin: string };

/**
 * Adds to a card's balance: a payment (amount, currency and the payment's reference), or another
 * card's whole balance by that card's PIN (a voucher: it is used up). The voucher is taken only
 * after the card to recharge is found usable, so its value cannot be lost on a refused recharge.
 */
export async function rechargeCard(deps: AppDeps, cardId: string, recharge: Recharge, context: CommandContext): Promise<CardView> {
  const at = deps.clock.now().toString();
  if (!('voucherPin' in recharge)) {
    if (typeof recharge.reference !== 'string' || !recharge.reference.trim() || recharge.reference.length > 200) throw ValidationError.field('reference', 'the payment\'s reference is required (at most 200 characters)');
    return runCardCommand(deps, cardId, { type: 'RechargeCard', amount: recharge.amount, currency: recharge.currency, source: { payment: { reference: recharge.reference.trim() } }, at }, context);
  }
  const { state: target } = await loadAggregate(deps.eventStore, cardDecider, cardStream(cardId));
  if (!target.card) throw new NotFoundError(`card ${cardId} does not exist`);
  const refusal = cardRefusal(target, at, ['created', 'active']);
  if (refusal) throw refusal;
  const pin = recharge.voucherPin;
  const voucherId = typeof pin === 'string' && pin.length > 0 && pin.length <= 64 ? await CardAccounts.of(deps).cardIdByPinHash((await pinHasher(deps))(pin)) : null;
  if (!voucherId) throw ValidationError.field('voucherPin', 'no card has this PIN');
  const redeemed = await handleCommand(deps, cardDecider, cardStream(voucherId), { type: 'RedeemVoucher', intoCardId: cardId, currency: target.card.currency, at }, { ...context, commandId: deterministicId(context.commandId, 'voucher') });
  const voucherEvent = redeemed.events.find((e) => e.type === 'CardRedeemedAsVoucher');
  if (voucherEvent?.type !== 'CardRedeemedAsVoucher' || voucherEvent.data.intoCardId !== cardId) throw ValidationError.field('voucherPin', 'the voucher was used up already');
  const voucher = redeemed.state.card!;
  return runCardCommand(
    deps,
    cardId,
    { type: 'RechargeCard', amount: voucherEvent.data.amount, currency: voucherEvent.data.currency, source: { voucher: { cardId: voucher.cardId, serial: voucher.serial } }, at },
    { ...context, commandId: deterministicId(context.commandId, 'recharge') },
  );
}
