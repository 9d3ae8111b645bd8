/**
 * The register / change / define life of an entity described by a set of details (a contract, a
 * service point, a subscription, …), as one decider shape: registered once, then changed by the
 * fields that differ, and `Define` (what an import row means) doing whichever applies or nothing.
 */
import type { Decider, DomainEvent } from './decider.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from './errors.ts';

export type EntityCommand<D> =
  | { type: 'Register'; id: string; details: D }
  | { type: 'Change'; id: string; details: D }
  | { type: 'Define'; id: string; details: D };

export type EntityState<D> = { exists: false } | { exists: true; id: string; details: D };

export interface EntitySpec<D> {
  /** For messages: "contract", "service point". */
  noun: string;
  registered: string;
  changed: string;
  /** Name of the id in event data: `contractId`. */
  idKey: string;
  /** Every problem with the details, at once. */
  issues(details: D, id: string): FieldIssue[];
  /** Fields fixed at registration (a contract's client): a change to them is refused. */
  immutable?: (keyof D & string)[];
}

export type EntityEvent = DomainEvent<string, Record<string, unknown>>;

/** The fields whose values differ, with the new values; compared as JSON so nested values compare by content. */
export function changedFields<D extends object>(before: D, after: D): Partial<D> {
  const changes: Partial<D> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof D & string>;
  for (const key of keys) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) changes[key] = (after[key] ?? null) as D[typeof key];
  }
  return changes;
}

export function entityDecider<D extends object>(spec: EntitySpec<D>): Decider<EntityState<D>, EntityCommand<D>, EntityEvent> {
  const registered = (id: string, details: D): EntityEvent => ({ type: spec.registered, data: { [spec.idKey]: id, ...details } });
  const change = (state: EntityState<D> & { exists: true }, id: string, details: D): EntityEvent[] => {
    const changes = changedFields(state.details, details);
    const fixed = (spec.immutable ?? []).filter((key) => key in changes);
    if (fixed.length) {
      throw new ValidationError(`${fixed.join(', ')} of ${spec.noun} ${id} cannot change`, fixed.map((field) => ({ field, message: `cannot change once registered (is ${JSON.stringify(state.details[field as keyof D])})` })));
    }
    return Object.keys(changes).length ? [{ type: spec.changed, data: { [spec.idKey]: id, changes } }] : [];
  };
  return {
    initialState: () => ({ exists: false }),
    evolve(state, event) {
      if (event.type === spec.registered) {
        const { [spec.idKey]: id, ...details } = event.data;
        return { exists: true, id: String(id), details: details as D };
      }
      if (event.type === spec.changed && state.exists) {
        return { ...state, details: { ...state.details, ...(event.data.changes as Partial<D>) } };
      }
      return state;
    },
    decide(command, state) {
      const issues = spec.issues(command.details, command.id);
      if (issues.length) throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
      switch (command.type) {
        case 'Register':
          if (state.exists) throw new ConflictError(`${spec.noun} ${command.id} already exists`);
          return [registered(command.id, command.details)];
        case 'Change':
          if (!state.exists) throw new NotFoundError(`${spec.noun} ${command.id} does not exist`);
          return change(state, command.id, command.details);
        case 'Define':
          return state.exists ? change(state, command.id, command.details) : [registered(command.id, command.details)];
        default: {
          const exhaustive: never = command;
          return exhaustive;
        }
      }
    },
  };
}

/** created / updated / unchanged, from the events a command caused. */
export function entityOutcome(events: DomainEvent[], registeredType: string): 'created' | 'updated' | 'unchanged' {
  if (events.some((e) => e.type === registeredType)) return 'created';
  return events.length ? 'updated' : 'unchanged';
}
