/**
 * A tariff package's versions, by `validFrom`. Publishing a version identical to the stored one
 * for that date changes nothing; a different one for the same date revises it (the old stays in
 * history); a new date adds a version that supersedes from then. Rate decks are content
 * addressed (their id is a hash of the CSV), so a deck used by many versions is stored once.
 */
import { createHash } from 'node:crypto';
import type { Decider, DomainEvent } from '../../core/decider.ts';
import { streamName } from '../../core/streams.ts';
import type { TariffDefinition } from './definition.ts';
import { ValidationError } from '../../core/errors.ts';

export const TARIFF_VERSION_PUBLISHED = 'TariffVersionPublished';
export type TariffVersionPublished = DomainEvent<'TariffVersionPublished', TariffDefinition & { contentHash: string }>;
export type DeckPublished = DomainEvent<'DeckPublished', { deckId: string; fileName: string; rows: number; csv: string }>;


export interface TariffState {
  /** validFrom -> the content hash of the version in force from that date, and what every version must share. */
  versions: Map<string, { contentHash: string } & SharedByEveryVersion>;
}

/**
 * What a version cannot change while the package has others: the currency its prices are in (a cycle's usage is priced in
 * one currency, RULES.md 11) and the service category (VAT treatment, revenue account and the
 * discounts that select by category are decided per line, RULES.md 13 and 19). Another currency
 * or category is another tariff (another id), to which subscriptions move.
 */
type SharedByEveryVersion = Pick<TariffDefinition, 'currency' | 'category'>;
const SHARED_BY_EVERY_VERSION = ['currency', 'category'] as const;

export type TariffCommand = { type: 'PublishTariffVersion'; tariff: TariffDefinition };

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

export function deckId(csv: string): string {
  return createHash('sha256').update(csv).digest('hex').slice(0, 32);
}

export const tariffDecider: Decider<TariffState, TariffCommand, TariffVersionPublished> = {
  initialState: () => ({ versions: new Map() }),
  evolve: (state, { data }) => ({
    versions: new Map(state.versions).set(data.validFrom, { contentHash: data.contentHash, currency: data.currency, category: data.category }),
  }),
  decide(command, state) {
    const { tariff } = command;
    const hash = contentHash(tariff);
    if (state.versions.get(tariff.validFrom)?.contentHash === hash) return [];
    // A revision of the only version may change anything; a version beside others keeps what they share.
    for (const [validFrom, shared] of state.versions) {
      if (validFrom === tariff.validFrom) continue;
      for (const field of SHARED_BY_EVERY_VERSION) {
        if (shared[field] === tariff[field]) continue;
        throw ValidationError.field(field, `is ${tariff[field]}, but tariff ${tariff.id}'s version from ${validFrom} has ${shared[field]}: every version of a tariff has the same ${field} (publish a tariff with another id and move the subscriptions to it)`);
      }
    }
    return [{ type: 'TariffVersionPublished', data: { ...command.tariff, contentHash: hash } }];
  },
};

export const tariffStream = (tariffId: string) => streamName('tariff', tariffId);
export const deckStream = (id: string) => streamName('deck', id);
