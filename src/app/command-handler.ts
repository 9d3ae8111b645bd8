/**
 * The generic command handler: load the stream, fold it, decide, append with the read revision
 * as the expected revision, and on a version conflict start over (someone else wrote between our
 * read and our append). A command carries its own id; the events it causes get ids derived from
 * it, and a command already handled (found by causation id in the stream) is answered with the
 * events it caused the first time, so a retry after a lost response writes nothing twice.
 */
import type { Clock } from '../core/clock.ts';
import { fold, type Decider, type DomainEvent } from '../core/decider.ts';
import { PreconditionFailedError } from '../core/errors.ts';
import { deterministicId } from '../core/ids.ts';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '../eventstore/port.ts';

/** Who and what asks: becomes the metadata of every event the command causes. */
export interface CommandContext {
  commandId: string;
  actor: string;
  correlationId?: string;
  tenantId?: string | null;
  /** From If-Match: the revision the caller last saw; a mismatch is a 412, not a retry. */
  expectedRevision?: number;
}

export interface CommandResult<State, Event extends DomainEvent> {
  state: State;
  /** The events the command caused (now or, for a repeated command, the first time). */
  events: Event[];
  /** Stream revision after the command; null when the stream does not exist. */
  revision: number | null;
  /** Position of the last event caused, null when it caused none. */
  position: number | null;
}

export interface CommandHandlerDeps {
  eventStore: EventStore;
  clock: Clock;
}

/** Every attempt lets at least one contender win, so this bounds a burst of as many writers to one stream. */
const MAX_ATTEMPTS = 50;

export async function handleCommand<State, Command, Event extends DomainEvent>(
  deps: CommandHandlerDeps,
  decider: Decider<State, Command, Event>,
  streamId: string,
  command: Command,
  context: CommandContext,
): Promise<CommandResult<State, Event>> {
  for (let attempt = 1; ; attempt++) {
    const recorded = await deps.eventStore.readStream(streamId);
    const revision = recorded.length ? recorded[recorded.length - 1]!.revision : null;
    const state = fold(decider, recorded as unknown as Event[]);

    const earlier = recorded.filter((e) => e.metadata.causationId === context.commandId);
    if (earlier.length) {
      return { state, events: earlier.map(asDomainEvent) as Event[], revision, position: earlier[earlier.length - 1]!.position };
    }
    if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
      throw new PreconditionFailedError(
        `${streamId} is at revision ${revision ?? 'none'}, not ${context.expectedRevision}: it changed since you read it`,
      );
    }

    const events = decider.decide(command, state);
    if (events.length === 0) return { state, events, revision, position: null };

    const expected: ExpectedRevision = revision === null ? 'noStream' : revision;
    const toAppend = recordable(events, context, deps.clock.now().toString(), decider.schemaVersions);
    try {
      const result = await deps.eventStore.append(streamId, toAppend, expected);
      return {
        state: events.reduce((s, e) => decider.evolve(s, e), state),
        events,
        revision: result.nextExpectedRevision,
        position: result.position,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
      if (context.expectedRevision !== undefined) {
        throw new PreconditionFailedError(`${streamId} changed while the command ran: it is no longer at revision ${context.expectedRevision}`);
      }
      // Jitter spreads contenders over the next group commits instead of re-colliding in one.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
    }
  }
}

/** The events a command caused, as the store takes them: ids derived from the command id, the command's context as metadata. */
export function recordable<Event extends DomainEvent>(
  events: Event[],
  context: CommandContext,
  /** ISO instant: when the events are recorded. */
  recordedAt: string,
  schemaVersions?: Partial<Record<Event['type'], number>>,
): NewEvent[] {
  return events.map((event, index) => ({
    id: deterministicId(context.commandId, String(index)),
    type: event.type,
    data: event.data,
    metadata: {
      correlationId: context.correlationId ?? context.commandId,
      causationId: context.commandId,
      tenantId: context.tenantId ?? null,
      actor: context.actor,
      recordedAt,
      schemaVersion: schemaVersions?.[event.type as Event['type']] ?? 1,
    },
  }));
}

function asDomainEvent(event: RecordedEvent): DomainEvent {
  return { type: event.type, data: event.data };
}

/** Reads a stream and folds it: the current state and revision of one aggregate. */
export async function loadAggregate<State, Event extends DomainEvent>(
  eventStore: EventStore,
  decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>,
  streamId: string,
): Promise<{ state: State; revision: number | null }> {
  const recorded = await eventStore.readStream(streamId);
  return {
    state: fold(decider, recorded as unknown as Event[]),
    revision: recorded.length ? recorded[recorded.length - 1]!.revision : null,
  };
}
