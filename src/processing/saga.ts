/**
 * Process managers (sagas): react to events by issuing commands. A saga's state is
 * event-sourced in its own stream (`saga<Name>-<instance>`): each handled event is recorded
 * there under an id derived from the saga and the event, and each command it issues gets an id
 * derived the same way. A crash at any point and a replay from the checkpoint therefore record
 * nothing twice and issue no command twice (the command handler answers a known command id with
 * the events it caused the first time).
 */
import { fold, type DomainEvent } from '../core/decider.ts';
import { deterministicId } from '../core/ids.ts';
import { streamName } from '../core/streams.ts';
import type { CommandContext } from '../app/command-handler.ts';
import type { RecordedEvent } from '../eventstore/port.ts';
import { CheckpointedConsumer, type ConsumerDeps, type ConsumerOptions } from './checkpointed-consumer.ts';

export interface SagaCommand {
  type: string;
  data: unknown;
}

export interface Saga<State> {
  /** Letters and digits only: it names the saga's streams (`saga<Name>-<instance>`). */
  name: string;
  version: number;
  handles: string[];
  /** Which instance of the saga an event belongs to; null: none (ignored). */
  instanceOf(event: RecordedEvent): string | null;
  initialState(): State;
  evolve(state: State, event: DomainEvent): State;
  /** The commands to issue for this event, given the state before it. */
  react(state: State, event: RecordedEvent): SagaCommand[];
}

/** Executes a saga's command; must be idempotent by `context.commandId` (handleCommand is). */
export type CommandBus = (command: SagaCommand, context: CommandContext) => Promise<unknown>;

export const SAGA_EVENT_HANDLED = 'SagaEventHandled';

interface SagaEventHandled {
  eventId: string;
  eventPosition: number;
  event: DomainEvent;
  commandIds: string[];
}

export function sagaStream(sagaName: string, instance: string): string {
  return streamName(`saga${sagaName[0]!.toUpperCase()}${sagaName.slice(1)}`, instance);
}

export function sagaConsumer<State>(deps: ConsumerDeps, saga: Saga<State>, bus: CommandBus, options: ConsumerOptions): CheckpointedConsumer {
  const { eventStore, clock } = deps;

  async function handle(event: RecordedEvent): Promise<void> {
    const instance = saga.instanceOf(event);
    if (instance === null) return;
    const stream = sagaStream(saga.name, instance);
    const history = await eventStore.readStream(stream);
    const handledAt = history.findIndex((e) => (e.data as SagaEventHandled).eventId === event.id);
    // On a replay after a crash, the state is the one before this event, as the first time.
    const before = handledAt >= 0 ? history.slice(0, handledAt) : history;
    const state = fold(saga, before.map((e) => (e.data as SagaEventHandled).event));
    const commands = saga.react(state, event);
    const commandIds = commands.map((_, i) => deterministicId('saga', saga.name, event.id, String(i)));
    const step: SagaEventHandled = { eventId: event.id, eventPosition: event.position, event: { type: event.type, data: event.data }, commandIds };
    await eventStore.append(stream, [{
      id: deterministicId('saga', saga.name, event.id),
      type: SAGA_EVENT_HANDLED,
      data: step,
      metadata: {
        correlationId: event.metadata.correlationId,
        causationId: event.id,
        tenantId: event.metadata.tenantId,
        actor: `saga:${saga.name}`,
        recordedAt: clock.now().toString(),
        schemaVersion: 1,
      },
    }], 'any');
    for (const [i, command] of commands.entries()) {
      await bus(command, {
        commandId: commandIds[i]!,
        actor: `saga:${saga.name}`,
        correlationId: event.metadata.correlationId,
        tenantId: event.metadata.tenantId,
      });
    }
  }

  return new CheckpointedConsumer(
    deps,
    {
      name: `saga:${saga.name}`,
      version: saga.version,
      handles: saga.handles,
      async applyBatch(events) {
        for (const event of events) await handle(event);
      },
      // A saga's effects are events; there is nothing derived to drop. A replay re-checks every step idempotently.
      reset: async () => undefined,
    },
    options,
  );
}
