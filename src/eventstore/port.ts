/**
 * The event store port. Semantics follow EventStoreDB so that the embedded SQLite adapter and the
 * EventStoreDB adapter are interchangeable: streams with 0-based revisions, optimistic concurrency
 * by expected revision, idempotent appends by event id, and one global, monotonic position.
 */

/** `any`: no check; `noStream`: the stream must not exist; `streamExists`: it must; n: its last revision must be n. */
export type ExpectedRevision = 'any' | 'noStream' | 'streamExists' | number;

/** A global position in `$all`. Monotonic; opaque beyond ordering (compare with `<`). */
export type Position = number;

export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  tenantId: string | null;
  actor: string;
  /** ISO 8601 instant, from the injected clock of whoever recorded the event. */
  recordedAt: string;
  schemaVersion: number;
  /**
   * Tamper evidence (chain.ts): the hash chaining this event to the one before it. Set by the
   * event store adapter when it stores the event, present on events read back (absent on events
   * stored before billstream chained them); the domain never sets it.
   */
  chain?: ChainLink;
}

/** An event's link in the tamper-evident hash chain (src/eventstore/chain.ts computes it). */
export interface ChainLink {
  /** The hash of the event this one follows; null where the chain starts. */
  previous: string | null;
  /** SHA-256 (hex) of `previous` and this event's canonical content. */
  hash: string;
  /** Absent: one chain over the whole log (embedded tier); `stream`: chained within its stream (EventStoreDB). */
  scope?: 'stream';
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** UUID. Appending ids that are already stored in the same stream is a no-op (idempotency, per stream as in EventStoreDB). */
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  streamId: string;
  revision: number;
  position: Position;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append: the expected revision for the next one. */
  nextExpectedRevision: number;
  /** Position of the last event of this append (or of the already-stored duplicate). */
  position: Position;
  /** True when every event id was already stored and nothing was written. */
  alreadyStored: boolean;
}

export interface AllFilter {
  /** Keep events whose stream name starts with one of these. */
  streamPrefixes?: string[];
  /** Keep events whose type starts with one of these. */
  eventTypePrefixes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: read events strictly after this position; omitted reads from the start. */
  after?: Position;
  filter?: AllFilter;
  /** Page size; defaults to 1000. */
  limit?: number;
}

export interface ReadStreamOptions {
  /** Inclusive revision to start from; default 0. */
  fromRevision?: number;
  /** Default: the whole stream. */
  limit?: number;
}

export interface SubscribeAllOptions {
  after?: Position;
  filter?: AllFilter;
}

/**
 * Receives events in position order, in batches. The next batch is not delivered before the
 * promise of the previous one settles; a rejection stops the subscription and reaches `onError`.
 */
export type BatchHandler = (events: RecordedEvent[]) => Promise<void> | void;

export interface Subscription {
  /** Resolves once the subscription has delivered everything stored when it started and is live. */
  readonly caughtUp: Promise<void>;
  /** Stops delivery; resolves after the batch in flight (if any) is handled. */
  stop(): Promise<void>;
  /** Resolves when the subscription ends: rejects with the handler's or the store's error. */
  readonly done: Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order; an unknown stream gives an empty list. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** One page of `$all` in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event in `$all`, or null when the store is empty. */
  headPosition(): Promise<Position | null>;
  /** Catches up from `after`, then delivers new events as they are appended (by any process). */
  subscribeAll(options: SubscribeAllOptions, handler: BatchHandler): Subscription;
  /**
   * Calls `listener` after new events are stored (this process's at once, other processes' when
   * seen) without reading them: a consumer that reads at its own pace only needs waking, and a
   * subscription read every new event for each consumer only to drop it. Optional: without it,
   * consumers are woken through `subscribeAll`.
   */
  onAppended?(listener: () => void): { stop(): void };
  close(): Promise<void>;
}

/** The expected revision did not match: nothing was written. Maps to 409 (or 412 under If-Match). */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision; null when it does not exist. */
    readonly actual: number | null,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual === null ? 'no stream' : actual}`);
  }
}

/** An append mixed event ids already stored in its stream with new ones. */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';
  constructor(readonly streamId: string, readonly eventId: string, detail: string) {
    super(`stream ${streamId}: event id ${eventId} ${detail}`);
  }
}

/** The storage could not be opened or used (corrupt file, locked, unreachable server). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function matchesFilter(filter: AllFilter | undefined, streamId: string, type: string): boolean {
  if (!filter) return true;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => streamId.startsWith(p))) return false;
  if (filter.eventTypePrefixes && !filter.eventTypePrefixes.some((p) => type.startsWith(p))) return false;
  return true;
}
