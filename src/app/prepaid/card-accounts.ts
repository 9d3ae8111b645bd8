/**
 * The cards this process works with, in memory: each card's folded state and stream revision,
 * and cards by PIN hash. Real-time authorization and debits answer from here and append only
 * their own events; every append carries the revision the decision was made on, so a change by
 * anyone else (another process, a REST command) makes it fail, and the card is brought up to date
 * from its stream's new events and decided again. Commands for one card run one at a time in this
 * process: two sessions of a card never decide on the same balance.
 */
import type { AppDeps } from '../deps.ts';
import { recordable, type CommandContext } from '../command-handler.ts';
import { WrongExpectedRevisionError, type EventStore } from '../../eventstore/port.ts';
import { cardDecider, cardStream, CardRefusedError, type CardCommand, type CardState } from '../../domain/prepaid/card.ts';
import type { CardEvent } from '../../domain/prepaid/events.ts';
import { CARDS, type CardDocument } from '../../../projections/cards.projection.ts';

interface CachedCard {
  state: CardState;
  revision: number | null;
}

/** Attempts per command: each lost race means another writer moved the card on, and that writer won. */
const MAX_ATTEMPTS = 50;

const perStore = new WeakMap<EventStore, CardAccounts>();

export class CardAccounts {
  private readonly cards = new Map<string, CachedCard>();
  private readonly cardIdsByPin = new Map<string, string>();
  private readonly queues = new Map<string, Promise<unknown>>();

  private constructor(private readonly deps: AppDeps) {}

  /** The one cache of an event store in this process (the REST API and the RADIUS server share it). */
  static of(deps: AppDeps): CardAccounts {
    let accounts = perStore.get(deps.eventStore);
    if (!accounts) perStore.set(deps.eventStore, (accounts = new CardAccounts(deps)));
    return accounts;
  }

  /** Makes a card findable by its PIN hash at once (a batch created in this process), before the read model has it. */
  remember(pinHash: string, cardId: string): void {
    this.cardIdsByPin.set(pinHash, cardId);
  }

  async cardIdByPinHash(pinHash: string): Promise<string | null> {
    const known = this.cardIdsByPin.get(pinHash);
    if (known) return known;
    const { items } = await this.deps.readStore.find(CARDS, { pinHash }, { limit: 1 });
    const card = items[0] as CardDocument | undefined;
    if (!card) return null;
    this.cardIdsByPin.set(pinHash, card.id);
    return card.id;
  }

  /** The card's state as this process last saw it (loaded from its stream the first time). */
  async current(cardId: string): Promise<CachedCard> {
    return this.cards.get(cardId) ?? (await this.refresh(cardId));
  }

  /** Folds the card's events stored since this process last looked. */
  async refresh(cardId: string): Promise<CachedCard> {
    const cached = this.cards.get(cardId) ?? { state: cardDecider.initialState(), revision: null };
    const newer = await this.deps.eventStore.readStream(cardStream(cardId), { fromRevision: cached.revision === null ? 0 : cached.revision + 1 });
    if (newer.length === 0 && this.cards.has(cardId)) return cached;
    let state = cached.state;
    for (const event of newer) state = cardDecider.evolve(state, event as unknown as CardEvent);
    const next = { state, revision: newer.length ? newer[newer.length - 1]!.revision : cached.revision };
    if (next.state.card) this.cards.set(cardId, next);
    return next;
  }

  /**
   * Decides `command` on the card and appends what it causes. A refusal decided on a cached state
   * is checked once more against the stream (the card may have been unblocked or recharged
   * elsewhere) before it is final.
   */
  execute(cardId: string, command: CardCommand, context: CommandContext): Promise<{ state: CardState; events: CardEvent[] }> {
    return this.serialized(cardId, async () => {
      let fresh = false;
      for (let attempt = 1; ; attempt++) {
        const cached = fresh ? this.cards.get(cardId) ?? (await this.refresh(cardId)) : await this.current(cardId);
        let events: CardEvent[];
        try {
          events = cardDecider.decide(command, cached.state);
        } catch (error) {
          if (fresh || !(error instanceof CardRefusedError)) throw error;
          await this.refresh(cardId);
          fresh = true;
          continue;
        }
        if (events.length === 0) return { state: cached.state, events };
        try {
          const result = await this.deps.eventStore.append(cardStream(cardId), recordable(events, context, this.deps.clock.now().toString()), cached.revision === null ? 'noStream' : cached.revision);
          const state = events.reduce((s, e) => cardDecider.evolve(s, e), cached.state);
          this.cards.set(cardId, { state, revision: result.nextExpectedRevision });
          return { state, events };
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
          await this.refresh(cardId);
          fresh = true;
        }
      }
    });
  }

  /** Runs `work` after every earlier command of the same card in this process has finished. */
  private async serialized<T>(cardId: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(cardId) ?? Promise.resolve();
    const run = before.then(work, work);
    const settled = run.then(() => undefined, () => undefined);
    this.queues.set(cardId, settled);
    try {
      return await run;
    } finally {
      if (this.queues.get(cardId) === settled) this.queues.delete(cardId);
    }
  }
}
