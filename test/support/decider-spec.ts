/**
 * Given/when/then for deciders (Emmett's DeciderSpecification): given past events, when a
 * command, then these events or this error.
 */
import { expect } from 'vitest';
import { fold, type Decider, type DomainEvent } from '../../src/core/decider.ts';

export const DeciderSpecification = {
  for<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
    return {
      given(history: Event[]) {
        return {
          when(command: Command) {
            const run = () => decider.decide(command, fold(decider, history));
            return {
              then(expected: Event[]) {
                expect(run()).toEqual(expected);
              },
              thenNothingHappens() {
                expect(run()).toEqual([]);
              },
              thenThrows<E extends Error>(type: new (...args: never[]) => E, check?: (error: E) => void) {
                let thrown: unknown;
                try {
                  run();
                } catch (error) {
                  thrown = error;
                }
                expect(thrown, 'the command should have been refused').toBeInstanceOf(type);
                check?.(thrown as E);
              },
            };
          },
        };
      },
    };
  },
};
