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

export const TARIFF_VERSION_PUBLISHED = 'TariffVersionPublished';
export type TariffVersionPublished = DomainEvent<'TariffVersionPublished', TariffDefinition & { contentHash: string }>;
export type DeckPublished = DomainEvent<'DeckPublished', { deckId: string; fileName: string; rows: number; csv: string }>;


export interface TariffState {
  /** validFrom -> content hash of the version in force from that date. */
  versions: Map<string, string>;
}

export type TariffCommand = { type: 'PublishTariffVersion'; tariff: TariffDefinition };

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

export function deckId(csv: string): string {
  return createHash('sha256').update(csv).digest('hex').slice(0, 32);
}

export const tariffDecider: Decider<TariffState, TariffCommand, TariffVersionPublished> = {
  initialState: () => ({ versions: new Map() }),
  evolve: (state, event) => ({ versions: new Map(state.versions).set(event.data.validFrom, event.data.contentHash) }),
  decide(command, state) {
    const hash = contentHash(command.tariff);
    if (state.versions.get(command.tariff.validFrom) === hash) return [];
    return [{ type: 'TariffVersionPublished', data: { ...command.tariff, contentHash: hash } }];
  },
};

export const tariffStream = (tariffId: string) => streamName('tariff', tariffId);
export const deckStream = (id: string) => streamName('deck', id);
