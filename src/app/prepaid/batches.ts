/**
 * Creating a batch of cards: the batch's terms are checked (and its tariff must exist, price in
 * the batch's currency and rate voice or data), each card gets a PIN of CSPRNG digits, unique
 * among all cards, and a serial; the batch and every card are stored, and the PINs are returned
 * this once: only their keyed hashes are kept. Cards can also come with PINs of their own, from a
 * file (src/import/cards.ts), into a batch created for them.
 */
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { handleCommand, recordable, type CommandContext } from '../command-handler.ts';
import { deterministicId, uuidv7 } from '../../core/ids.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { batchTermsProblems, cardBatchDecider, cardBatchStream, type CardBatchTerms } from '../../domain/prepaid/batch.ts';
import { cardStream } from '../../domain/prepaid/card.ts';
import type { CardBatchCreated, CardExpiry, CardIssued, CardIssuedData } from '../../domain/prepaid/events.ts';
import { CARD_BATCHES, CARDS, type CardBatchDocument } from '../../../projections/cards.projection.ts';
import { TARIFFS, type TariffDocument } from '../../../projections/tariffs.projection.ts';
import { CardAccounts } from './card-accounts.ts';
import { generatePin, pinHasher, serialOf } from './pins.ts';

export interface NewCardBatch {
  batchId?: string;
  name: string;
  /** Cards to generate; for an imported batch, how many the file may bring. */
  count: number;
  faceValue: string;
  currency: string;
  tariffId: string;
  expiry: CardExpiry;
  /** Digits per generated PIN (default 12); must be absent for an imported batch. */
  pinLength?: number;
  timeZone?: string;
  country?: string | null;
  /** Letters and digits before each card's number in its serial (default: 6 random hex digits). */
  serialPrefix?: string;
  /** true: no cards are generated; their serials and PINs come from `billstream import cards`. */
  imported?: boolean;
}

export interface GeneratedCard {
  cardId: string;
  serial: string;
  /** Shown once, here: billstream keeps only its keyed hash. */
  pin: string;
}

export const DEFAULT_PIN_LENGTH = 12;
/** Cards issued per group of appends: each group is one transaction of the embedded store. */
const ISSUE_GROUP = 500;

export async function createCardBatch(deps: AppDeps, input: NewCardBatch, context: CommandContext): Promise<{ batch: CardBatchCreated['data']; cards: GeneratedCard[] }> {
  const imported = input.imported === true;
  if (imported && input.pinLength !== undefined) throw ValidationError.field('pinLength', 'an imported batch brings its own PINs: pinLength does not apply');
  const serialPrefix = input.serialPrefix ?? randomBytes(3).toString('hex').toUpperCase();
  if (!/^[A-Za-z0-9]{1,12}$/.test(serialPrefix)) throw ValidationError.field('serialPrefix', `${JSON.stringify(serialPrefix)} is not 1 to 12 letters and digits`);
  const batch: CardBatchCreated['data'] = {
    batchId: input.batchId ?? uuidv7(deps.clock),
    name: typeof input.name === 'string' ? input.name.trim() : input.name,
    count: input.count,
    faceValue: input.faceValue,
    currency: input.currency,
    tariffId: input.tariffId,
    expiry: input.expiry,
    pinLength: imported ? null : input.pinLength ?? DEFAULT_PIN_LENGTH,
    timeZone: input.timeZone ?? 'UTC',
    country: input.country ?? null,
    origin: imported ? 'imported' : 'generated',
  };
  const issues = batchTermsProblems(batch, { generated: !imported });
  if (issues.length) throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
  await checkTariff(deps, batch);
  const result = await handleCommand(deps, cardBatchDecider, cardBatchStream(batch.batchId), { type: 'CreateCardBatch', batch }, context);
  // The same request again would return other PINs than the cards were stored with: refused.
  if (result.position === null) throw new ConflictError(`card batch ${batch.batchId} exists; its PINs were shown when it was created`);
  if (imported) return { batch, cards: [] };

  const hash = await pinHasher(deps);
  const pins = await uniquePins(deps, hash, batch.count, batch.pinLength!);
  const cards: GeneratedCard[] = pins.map((pin, index) => ({ cardId: deterministicId('card', batch.batchId, String(index)), serial: serialOf(serialPrefix, index, batch.count), pin }));
  await issueCards(deps, batch, cards.map((c) => ({ cardId: c.cardId, serial: c.serial, pinHash: hash(c.pin) })), context);
  return { batch, cards };
}

/** Stores one CardIssued per card (in groups: one transaction each) and makes them findable by PIN in this process at once. */
export async function issueCards(deps: AppDeps, batch: Pick<CardBatchCreated['data'], 'batchId' | 'faceValue' | 'currency' | 'tariffId' | 'expiry' | 'timeZone' | 'country'>, cards: { cardId: string; serial: string; pinHash: string }[], context: CommandContext): Promise<void> {
  const accounts = CardAccounts.of(deps);
  const recordedAt = deps.clock.now().toString();
  for (let start = 0; start < cards.length; start += ISSUE_GROUP) {
    await Promise.all(cards.slice(start, start + ISSUE_GROUP).map(async (card) => {
      const data: CardIssuedData = {
        cardId: card.cardId, batchId: batch.batchId, serial: card.serial, pinHash: card.pinHash, faceValue: batch.faceValue, currency: batch.currency,
        tariffId: batch.tariffId, expiry: batch.expiry, timeZone: batch.timeZone, country: batch.country,
      };
      const event: CardIssued = { type: 'CardIssued', data };
      await deps.eventStore.append(cardStream(card.cardId), recordable([event], { ...context, commandId: deterministicId(context.commandId, card.cardId) }, recordedAt), 'noStream');
      accounts.remember(card.pinHash, card.cardId);
    }));
  }
}

async function checkTariff(deps: AppDeps, batch: CardBatchTerms): Promise<void> {
  await deps.readModelsReached(await deps.eventStore.headPosition());
  const tariff = (await deps.readStore.get(TARIFFS, batch.tariffId)) as TariffDocument | null;
  if (!tariff) throw ValidationError.field('tariffId', `tariff ${batch.tariffId} does not exist`);
  const latest = tariff.versions[tariff.versions.length - 1];
  if (!latest || latest.currency !== batch.currency) throw ValidationError.field('tariffId', `tariff ${batch.tariffId} prices in ${latest?.currency}, the batch is in ${batch.currency}`);
  if (!latest.usage.some((u) => u.type === 'voice' || u.type === 'data')) throw ValidationError.field('tariffId', `tariff ${batch.tariffId} prices neither voice nor data: a card could not be used`);
}

/** `count` PINs, none equal to another or to any stored card's. */
async function uniquePins(deps: AppDeps, hash: (pin: string) => string, count: number, length: number): Promise<string[]> {
  const pins = new Set<string>();
  while (pins.size < count) {
    const fresh = new Set<string>();
    while (pins.size + fresh.size < count) {
      const pin = generatePin(length);
      if (!pins.has(pin)) fresh.add(pin);
    }
    const taken = await storedPinHashes(deps, [...fresh].map(hash));
    for (const pin of fresh) if (!taken.has(hash(pin))) pins.add(pin);
  }
  return [...pins];
}

/** Which of these PIN hashes a stored card has. */
export async function storedPinHashes(deps: AppDeps, hashes: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let start = 0; start < hashes.length; start += 500) {
    const { items } = await deps.readStore.find(CARDS, { pinHash: { $in: hashes.slice(start, start + 500) } }, { limit: 1000 });
    for (const item of items) taken.add(String(item.pinHash));
  }
  return taken;
}

export async function findCardBatch(deps: AppDeps, batchId: string): Promise<CardBatchDocument> {
  const batch = (await deps.readStore.get(CARD_BATCHES, batchId)) as CardBatchDocument | null;
  if (!batch) throw new NotFoundError(`card batch ${batchId} does not exist`);
  return batch;
}
