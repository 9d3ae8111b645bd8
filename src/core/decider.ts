/** The write-side model (Emmett's decider): pure functions, no I/O, no clock, no randomness. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Decider<State, Command, Event extends DomainEvent> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  /** Returns the events the command causes (none when it changes nothing), or throws a typed error. */
  decide(command: Command, state: State): Event[];
  /** Schema version of each event type as written now; absent means 1. */
  schemaVersions?: Partial<Record<Event['type'], number>>;
}

export function fold<State, Event extends DomainEvent>(decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>, events: Event[]): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
