/**
 * The EventStoreDB (KurrentDB) adapter of the event store port, on `@eventstore/db-client` 6.x.
 *
 * How the port maps onto EventStoreDB:
 * - Streams, revisions and expected revisions are EventStoreDB's own ('any' → ANY, 'noStream' →
 *   NO_STREAM, 'streamExists' → STREAM_EXISTS, n → BigInt(n)). Events are JSON events whose id is
 *   the port's event id and whose custom metadata is the port's `EventMetadata`, stored as is.
 * - A port `Position` is the event's commit position in `$all`, as a number. Servers from 20.x on
 *   write every event as its own implicitly committed record, so commit position = prepare
 *   position and both are unique per event; the port's single number is therefore enough to
 *   resume from (we pass it back as {commit, prepare}). Events written by pre-20 explicit
 *   transactions share one commit position; this adapter does not support such data. Commit
 *   positions are byte offsets of the transaction log: far below 2^53, so Number() is exact, and
 *   anything larger (the server's "no position" marker) is refused rather than rounded.
 * - System events (type or stream starting with `$`: link events of system projections, stream
 *   metadata, statistics) never reach the port.
 * - Reading `$all` with a filter: the server does the filtering. The 6.x client's `readAll` has
 *   no filter option (6.2.1 is the last 6.x release; it sends `noFilter` on every read, and only
 *   the renamed `@kurrent/kurrentdb-client` adds one), but `subscribeToAll` takes one. A filtered
 *   page of `readAll` is therefore a catch-up subscription from `after` that stops once it holds
 *   `limit` events or has caught up (`EsdbAllSubscription`, below); the unfiltered `readAll`
 *   still reads raw chunks. `server-filter.ts` turns the port's prefixes into one escaped regular
 *   expression on one dimension (stream prefixes when given, else event-type prefixes); the full
 *   filter is re-checked here with `matchesFilter`. Stretches of events the filter drops cost
 *   the server a scan and this process nothing but the server's checkpoint messages (one per
 *   `SEARCH_WINDOW` events considered), which keep the read alive and mark how far it got.
 * - Idempotency: EventStoreDB already treats re-appending the same ids as a no-op, but its answer
 *   looks the same as a fresh write, and under 'any' it only remembers recent ids. See `append`
 *   for how `alreadyStored` is decided and what cannot be detected.
 * - STACK.md: a server that accepts TCP but never answers leaves client calls pending forever,
 *   whatever gRPC deadline is set. Every client call therefore runs under a timeout of our own,
 *   and unreachable-server failures become the port's StoreUnavailableError naming the server
 *   (credentials stripped) and the operation.
 */
import {
  AccessDeniedError,
  ANY,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type {
  AllStreamRecordedEvent,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  AppendResult as EsdbAppendResult,
  EventData,
  Filter,
  JSONType,
  Position as EsdbPosition,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
  StreamingRead,
} from '@eventstore/db-client';
import { EventIdConflictError, matchesFilter, StoreUnavailableError, WrongExpectedRevisionError } from '../port.ts';
import { planServerFilter } from './server-filter.ts';
import { chainHash, withoutChain } from '../chain.ts';
import type {
  AllFilter,
  ChainLink,
  AppendResult,
  BatchHandler,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
  Subscription,
} from '../port.ts';

const DEFAULT_OPERATION_TIMEOUT_MS = 10_000;
const DEFAULT_READ_ALL_LIMIT = 1000;
/** Bounds of one raw `$all` chunk when a page is filtered client-side: few round trips, bounded memory. */
const MIN_READ_ALL_CHUNK = 256;
const MAX_READ_ALL_CHUNK = 4096;
/** Backwards scans (head position, catch-up target) usually stop within the first few events. */
const BACKWARD_SCAN_CHUNK = 256;
/** Events queued for a slow handler before the subscription stops pulling from the server. */
const SUBSCRIPTION_QUEUE_HIGH_WATER = 1000;
/**
 * Server-side filters: events the server considers per page of a filtered catch-up
 * (`maxSearchWindow`), and so also how many it considers between two checkpoint messages
 * (`checkpointInterval` 1 = one window). The default window is 32: a checkpoint every 32 events
 * dropped is needless traffic over long stretches of other events.
 */
const SEARCH_WINDOW = 256;
const CHECKPOINT_INTERVAL = 1;
/**
 * A subscription that has not heard from the server for this long while catching up, with
 * nothing in hand, is probably at the end of `$all` on a server that does not send the caughtUp
 * message (older ones), or past its last checkpoint with nothing matching since: it then checks
 * the part of `$all` its messages have not covered itself (see `EsdbAllSubscription`). Only the
 * cost depends on this value, not the outcome.
 */
const CATCH_UP_QUIET_MS = 300;
/** Appended to failures of a write: the events may be stored. Replays are no-ops, so retrying is safe. */
const WRITE_OUTCOME_UNKNOWN = ' The events may or may not have been stored; retrying with the same event ids is safe.';
/** The largest commit position a Number holds exactly; the server's "no position" marker is 2^64-1. */
const MAX_EXACT_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

export async function openEsdbEventStore(
  connectionString: string,
  options?: { operationTimeoutMs?: number },
): Promise<EventStore> {
  const server = describeServer(connectionString);
  const operationTimeoutMs = options?.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  if (!(operationTimeoutMs > 0)) throw new RangeError(`operationTimeoutMs must be positive, got ${operationTimeoutMs}`);
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(connectionString);
  } catch (error) {
    // The parser's message quotes the whole connection string, password included: keep it out.
    const expected = (error as { expected?: unknown }).expected;
    throw new StoreUnavailableError(
      `invalid EventStoreDB connection string for ${server}${typeof expected === 'string' ? ` (expected ${expected})` : ''}`,
    );
  }
  // The client connects lazily; the first operation reports an unreachable server (fast for a
  // refused connection, after operationTimeoutMs for a silent one).
  return new EsdbEventStore(new EsdbConnection(client, server, operationTimeoutMs));
}

/** The client plus what every operation needs: our own timeouts and error translation. */
class EsdbConnection {
  closed = false;
  /** Set as close() begins: reads ended by it are not complete. */
  closing = false;

  constructor(
    readonly client: EventStoreDBClient,
    /** Connection string without credentials or query: safe to put in error messages and logs. */
    readonly server: string,
    readonly timeoutMs: number,
  ) {}

  /**
   * Runs one client call under our own deadline; see the module comment for why. `writes`: the
   * call stores events, so a failure leaves it unknown whether they were stored.
   */
  call<T>(operation: string, start: () => Promise<T>, writes = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) {
        reject(this.closedError(operation));
        return;
      }
      const timer = setTimeout(() => reject(this.timeoutError(operation, writes)), this.timeoutMs);
      let pending: Promise<T>;
      try {
        pending = start();
      } catch (error) {
        clearTimeout(timer);
        reject(this.translate(error, operation, writes));
        return;
      }
      // After a timeout the call may still settle; the handlers below keep that from becoming an
      // unhandled rejection, and settling an already rejected promise is a no-op.
      pending.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(this.translate(error, operation, writes));
        },
      );
    });
  }

  /**
   * Collects a streaming read. The timeout is an idle timeout, reset by every event, so that long
   * reads of a healthy server finish while a silent server still fails within timeoutMs.
   */
  collect<E>(operation: string, open: () => StreamingRead<E>): Promise<E[]> {
    return new Promise<E[]>((resolve, reject) => {
      if (this.closed) {
        reject(this.closedError(operation));
        return;
      }
      const items: E[] = [];
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let read: StreamingRead<E> | undefined;
      const finish = (error?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error === undefined) resolve(items);
        else reject(this.translate(error, operation));
      };
      const armTimer = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          finish(this.timeoutError(operation));
          // cancel() waits for a gRPC call that may never have started: do not wait for it.
          read?.cancel().catch(() => undefined);
        }, this.timeoutMs);
      };
      try {
        read = open();
      } catch (error) {
        finish(error);
        return;
      }
      armTimer();
      read.on('data', (item: E) => {
        items.push(item);
        armTimer();
      });
      read.on('end', () => finish());
      read.on('error', (error: Error) => finish(error));
      read.on('close', () =>
        finish(new StoreUnavailableError(`EventStoreDB at ${this.server} closed the read (${operation}) before its end`)),
      );
    });
  }

  /** Maps connection-level failures to StoreUnavailableError; domain errors pass through. */
  translate(error: unknown, operation: string, writes = false): unknown {
    if (error instanceof StoreUnavailableError) return error;
    const at = `EventStoreDB at ${this.server}`;
    const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
    const ambiguity = writes ? WRITE_OUTCOME_UNKNOWN : '';
    if (error instanceof UnavailableError) {
      return new StoreUnavailableError(`${at} is unavailable (${operation})${detail}.${ambiguity}`, { cause: error });
    }
    if (error instanceof DeadlineExceededError || error instanceof TimeoutError) {
      return new StoreUnavailableError(`${at} did not complete ${operation} in time${detail}.${ambiguity}`, { cause: error });
    }
    if (error instanceof CancelledError) {
      return new StoreUnavailableError(`${at} cancelled ${operation} (shutting down or connection lost)${detail}.${ambiguity}`, {
        cause: error,
      });
    }
    if (error instanceof NotLeaderError) {
      // The client reconnects to the leader it was told about; the next call goes there.
      return new StoreUnavailableError(`${at} is not the cluster leader (${operation}); retry${detail}`, { cause: error });
    }
    if (error instanceof AccessDeniedError) {
      return new StoreUnavailableError(`${at} denied ${operation}; check the credentials of the connection string${detail}`, {
        cause: error,
      });
    }
    if (error instanceof Error && error.message.startsWith('Failed to discover')) {
      return new StoreUnavailableError(`${at}: cluster discovery failed (${operation})${detail}`, { cause: error });
    }
    return error;
  }

  timeoutError(operation: string, writes = false): StoreUnavailableError {
    return new StoreUnavailableError(
      `EventStoreDB at ${this.server} did not answer ${operation} within ${this.timeoutMs} ms.${writes ? WRITE_OUTCOME_UNKNOWN : ''}`,
    );
  }

  closedError(operation: string): StoreUnavailableError {
    return new StoreUnavailableError(`the event store for EventStoreDB at ${this.server} is closed (${operation})`);
  }

  /** The position of the newest record of `$all`, system events included (one record read); null: empty. */
  async rawHead(operation: string): Promise<EsdbPosition | null> {
    const [newest] = await this.collect(operation, () =>
      this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }),
    );
    return newest?.event?.position ?? null;
  }

  /**
   * The position of the newest non-system event of `$all` that passes `filter` and lies after
   * `lowerBound` (strictly, or from it on with `inclusive`); null when there is none. Reads
   * backwards in chunks because the tail of `$all` is often system events (link events of system
   * projections, statistics).
   */
  async findNewestDeliverable(
    operation: string,
    filter: AllFilter | undefined,
    lowerBound: EsdbPosition | null,
    keepGoing: () => boolean = () => true,
    inclusive = false,
  ): Promise<EsdbPosition | null> {
    let from: ReadPosition = END;
    let upperBound: EsdbPosition | null = null;
    while (keepGoing()) {
      const chunk = await this.collect(operation, () =>
        this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: BACKWARD_SCAN_CHUNK }),
      );
      let oldest: EsdbPosition | null = null;
      for (const { event } of chunk) {
        if (!event) continue;
        // Whether a backwards read includes its start position is not something to rely on.
        if (upperBound && comparePositions(event.position, upperBound) >= 0) continue;
        if (lowerBound && comparePositions(event.position, lowerBound) < (inclusive ? 0 : 1)) return null;
        oldest = event.position;
        if (isDeliverable(event, filter)) return event.position;
      }
      if (chunk.length < BACKWARD_SCAN_CHUNK || oldest === null) return null;
      from = oldest;
      upperBound = oldest;
    }
    return null;
  }
}

class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<EsdbAllSubscription>();
  private closing: Promise<void> | null = null;

  constructor(private readonly connection: EsdbConnection) {}

  /**
   * `alreadyStored`, and why it still needs one read before the write. The write itself needs no
   * read: EventStoreDB checks the expected revision and is idempotent by event id on its own
   * (numeric and noStream: the ids at the revisions after the expected one; 'any': its cache of
   * recent ids). What it cannot do is say which of the two happened: it answers an idempotent
   * re-append exactly like a fresh one (the same next revision; newer servers also report the
   * stored events' log position, older ones none). A read *after* the write cannot tell
   * them apart either (the stored events are the same), and the port promises `alreadyStored`
   * (draft runs and imports count on it), so the stream's state from before the write is needed.
   * We read the stream's last k events (k = events.length; one small indexed read) and learn its
   * last revision `before`:
   * - none of the ids among them: append. A fresh write ends at revision >= before + k (other
   *   writers can only push it further); a replay the server recognised ends at a revision it
   *   already had. So the append was a replay iff the server's revision < before + k. This also
   *   covers replays older than the last k events, which the server recognises by expected
   *   revision (numeric or noStream) or, under 'any', from its cache of recent ids.
   * - some ids among them: we settle it ourselves, without writing (the server's answer to partial
   *   replays is a bare wrong-expected-version): all among them → replay; otherwise read the k
   *   events where the run must start if stored consecutively: all match → replay; else
   *   EventIdConflictError.
   * A refused write reads no tail again: the refusal carries the stream's revision at the time
   * of the check (`explainRefusedAppend`).
   * A replay writes nothing and, like the SQLite adapter, reports the stream's last revision as
   * nextExpectedRevision and the position of the newest replayed event.
   * Not detectable at a reasonable cost: an id already used in another stream, and, under 'any',
   * an old id evicted from the server's cache (the server then stores a second copy). A replay by
   * a concurrent writer between our read and our append is reported as a fresh write.
   */
  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    // Same refusal as the SQLite adapter: an empty append is a caller bug, not a no-op.
    if (events.length === 0) throw new Error(`append to ${streamId}: no events`);
    const esdbExpectedRevision = toEsdbExpectedRevision(expectedRevision);
    rejectIdsRepeatedWithinAppend(streamId, events);
    let tail: StreamTail;
    let result: EsdbAppendResult;
    for (let attempt = 1; ; attempt++) {
      tail = await this.readTail(streamId, events.length);
      const tailIds = new Set(tail.events.map((event) => event.id));
      const firstStoredIndex = events.findIndex((event) => tailIds.has(event.id));
      if (firstStoredIndex >= 0) return this.replayOrConflict(streamId, events, firstStoredIndex, tail);

      // The stream chain (../chain.ts) links the first event to the stream's newest one, read just
      // now: the write must land right after it, or the link would point at the wrong event.
      const chainedRevision = chainedExpectedRevision(expectedRevision, tail.lastRevision) ?? esdbExpectedRevision;
      try {
        result = await this.connection.call(
          `append to ${streamId}`,
          () => this.connection.client.appendToStream(streamId, chainEvents(streamId, events, tail), { expectedRevision: chainedRevision }),
          true,
        );
        break;
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          // 'any' and 'streamExists' were pinned to the revision read: another writer got in between, so read again.
          if (chainedRevision !== esdbExpectedRevision && attempt < MAX_CHAIN_ATTEMPTS) continue;
          throw await this.explainRefusedAppend(streamId, events, expectedRevision, revisionOrNull(error.actualVersion));
        }
        throw error;
      }
    }
    if (!result.success) {
      // Only with throwOnAppendFailure=false in the connection string; same meaning as the error.
      const reported = Number(result.nextExpectedRevision);
      throw await this.explainRefusedAppend(streamId, events, expectedRevision, reported >= 0 ? reported : null);
    }
    const lastRevisionWritten = Number(result.nextExpectedRevision);
    if (lastRevisionWritten < tail.lastRevision + events.length) {
      // A replay the server recognised: nothing was written, the stream still ends where it did.
      return {
        nextExpectedRevision: tail.lastRevision,
        position: await this.positionOfRevision(streamId, lastRevisionWritten),
        alreadyStored: true,
      };
    }
    const position = result.position
      ? toPortPosition(result.position, `the append to ${streamId}`)
      : await this.positionOfRevision(streamId, lastRevisionWritten);
    return { nextExpectedRevision: lastRevisionWritten, position, alreadyStored: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const fromRevision = options.fromRevision ?? 0;
    if (options.limit !== undefined && options.limit <= 0) return [];
    try {
      const resolved = await this.connection.collect(`read stream ${streamId}`, () =>
        this.connection.client.readStream(streamId, {
          fromRevision: BigInt(fromRevision),
          direction: FORWARDS,
          ...(options.limit === undefined ? {} : { maxCount: options.limit }),
        }),
      );
      return resolved.flatMap(({ event }) => (event ? [toRecordedEvent(event)] : []));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? DEFAULT_READ_ALL_LIMIT;
    if (limit <= 0) return [];
    const plan = planServerFilter(options.filter);
    if (plan.kind === 'empty') return [];
    if (plan.kind === 'regex') return this.readAllFiltered(options, limit);
    return this.readAllRaw(options, limit);
  }

  /**
   * One page of `$all` filtered by the server: a catch-up subscription from `after` (the server
   * starts strictly after it) that ends once it has handed over `limit` events or caught up with
   * everything stored when it started. Events past `limit` that arrived meanwhile are dropped:
   * the next page starts after the last one kept.
   */
  private async readAllFiltered(options: ReadAllOptions, limit: number): Promise<RecordedEvent[]> {
    const lowerBound = lowerBoundAfter(options.after);
    // One record read: with nothing stored after `after`, there is no subscription to open (the
    // usual last page of a consumer's pass).
    const head = await this.connection.rawHead('read the head of $all');
    if (head === null || (lowerBound && comparePositions(head, lowerBound) <= 0)) return [];
    const page: RecordedEvent[] = [];
    let pageFull!: () => void;
    const filled = new Promise<void>((resolve) => {
      pageFull = resolve;
    });
    const subscription = new EsdbAllSubscription(
      this.connection,
      { after: options.after, filter: options.filter },
      (batch) => {
        page.push(...batch);
        if (page.length >= limit) pageFull();
      },
      () => this.subscriptions.delete(subscription),
      { head, operation: 'read $all with a filter' },
    );
    this.subscriptions.add(subscription);
    subscription.start();
    try {
      // `done` only settles early on a failure (rejects); caughtUp rejects then as well.
      await Promise.race([subscription.caughtUp, filled, subscription.done]);
    } finally {
      await subscription.stop();
    }
    // A close() of the store during the read stops the subscription: that is no complete page.
    if (this.connection.closing) throw this.connection.closedError('read $all with a filter');
    return page.slice(0, limit);
  }

  /** One page of `$all` read in raw chunks, filtered here (no filter, or nothing the server can narrow). */
  private async readAllRaw(options: ReadAllOptions, limit: number): Promise<RecordedEvent[]> {
    const page: RecordedEvent[] = [];
    // ESDB reads from a position inclusively; the port's `after` is exclusive.
    let lowerBound = lowerBoundAfter(options.after);
    // +1: the first raw event of a chunk is usually the one at `after` itself.
    const chunkSize = Math.min(Math.max(limit + 1, MIN_READ_ALL_CHUNK), MAX_READ_ALL_CHUNK);
    while (page.length < limit) {
      const from: ReadPosition = lowerBound ?? START;
      const chunk = await this.connection.collect('read $all', () =>
        this.connection.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: chunkSize }),
      );
      let newest: EsdbPosition | null = null;
      for (const { event } of chunk) {
        if (!event) continue;
        if (lowerBound && comparePositions(event.position, lowerBound) <= 0) continue;
        newest = event.position;
        if (!isDeliverable(event, options.filter)) continue;
        page.push(toRecordedEvent(event));
        if (page.length === limit) break;
      }
      // A short chunk is the end of $all. Otherwise the page is still short only because the
      // filter dropped events: continue after the last raw event, not after the last kept one.
      if (chunk.length < chunkSize || newest === null) break;
      lowerBound = newest;
    }
    return page;
  }

  async headPosition(): Promise<Position | null> {
    const newest = await this.connection.findNewestDeliverable('read the head of $all', undefined, null);
    return newest === null ? null : toPortPosition(newest, 'the newest event of $all');
  }

  subscribeAll(options: SubscribeAllOptions, handler: BatchHandler): Subscription {
    const subscription = new EsdbAllSubscription(this.connection, options, handler, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    this.connection.closing = true;
    await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.stop()));
    this.connection.closed = true;
    // Best effort and bounded: dispose() waits for open gRPC calls, which a silent server may
    // never end, and a server that cannot be reached has nothing to be told.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.connection.client.dispose().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.connection.timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** The stream's last `count` events, newest first, and its last revision (-1: no stream). */
  private async readTail(streamId: string, count: number): Promise<StreamTail> {
    try {
      const resolved = await this.connection.collect(`read the newest events of ${streamId}`, () =>
        this.connection.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: count }),
      );
      const events = resolved.flatMap(({ event }) => (event ? [event] : []));
      const newest = events[0];
      return { lastRevision: newest ? Number(newest.revision) : -1, events };
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { lastRevision: -1, events: [] };
      throw error;
    }
  }

  private async readRawRange(streamId: string, fromRevision: number, count: number): Promise<EsdbRecordedEvent[]> {
    try {
      const resolved = await this.connection.collect(`read stream ${streamId}`, () =>
        this.connection.client.readStream(streamId, {
          fromRevision: BigInt(fromRevision),
          direction: FORWARDS,
          maxCount: count,
        }),
      );
      return resolved.flatMap(({ event }) => (event ? [event] : []));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  private async positionOfRevision(streamId: string, revision: number): Promise<Position> {
    const [event] = await this.readRawRange(streamId, revision, 1);
    if (!event) throw new Error(`stream ${streamId}: revision ${revision}, just reported by EventStoreDB, cannot be read back`);
    return toPortPosition(event.position, `event ${event.id} (stream ${streamId}, revision ${revision})`);
  }

  /**
   * Some of the ids are among the stream's newest events. If every id is stored in this stream, it
   * is a replay; some stored and some new is a caller bug (EventIdConflictError).
   */
  private async replayOrConflict(
    streamId: string,
    events: NewEvent[],
    firstStoredIndex: number,
    tail: StreamTail,
  ): Promise<AppendResult> {
    const tailById = new Map(tail.events.map((stored) => [stored.id, stored]));
    let stored: (EsdbRecordedEvent | undefined)[] = events.map((event) => tailById.get(event.id));
    if (stored.includes(undefined)) {
      // The missing ones may lie just before the window: look where the run must start.
      const anchor = events[firstStoredIndex]!;
      const runStart = Number(tailById.get(anchor.id)!.revision) - firstStoredIndex;
      const run = runStart < 0 ? [] : await this.readRawRange(streamId, runStart, events.length);
      stored = events.map((event, index) => (run[index]?.id === event.id ? run[index] : undefined));
      const missing = events.find((_, index) => stored[index] === undefined);
      if (missing) {
        throw new EventIdConflictError(
          streamId,
          missing.id,
          `is new while other events of the same append (${anchor.id}) are already stored; nothing was written`,
        );
      }
    }
    // Within one stream, the highest revision is also the newest position.
    const newest = stored
      .filter((event): event is EsdbRecordedEvent => event !== undefined)
      .reduce((a, b) => (b.revision > a.revision ? b : a));
    return {
      nextExpectedRevision: tail.lastRevision,
      position: toPortPosition(newest.position, `event ${newest.id} (stream ${streamId})`),
      alreadyStored: true,
    };
  }

  /**
   * The server refused the append. Besides a genuinely wrong expected revision, that is also its
   * answer to a partial replay (the first ids stored, later ones different), which the port
   * reports as an id conflict.
   */
  private async explainRefusedAppend(
    streamId: string,
    events: NewEvent[],
    expectedRevision: ExpectedRevision,
    reportedActual: number | null,
  ): Promise<Error> {
    const first = events[0]!;
    // The refusal carries the stream's revision when the server checked it: no read for it.
    const actual = reportedActual;
    if (expectedRevision === 'any' || expectedRevision === 'streamExists') {
      if (expectedRevision === 'streamExists' && actual === null) {
        return new WrongExpectedRevisionError(streamId, expectedRevision, null);
      }
      // With no revision to check, the server refuses only a partial replay.
      return new EventIdConflictError(
        streamId,
        first.id,
        'is already stored, but the other events of this append are not stored with it; nothing was written',
      );
    }
    const runStart = expectedRevision === 'noStream' ? 0 : expectedRevision + 1;
    const [storedAtRunStart] = await this.readRawRange(streamId, runStart, 1).catch(() => []);
    if (storedAtRunStart?.id === first.id) {
      return new EventIdConflictError(
        streamId,
        first.id,
        `is already stored at revision ${runStart}, but the events after it differ from this append; nothing was written`,
      );
    }
    return new WrongExpectedRevisionError(streamId, expectedRevision, actual);
  }
}

interface StreamTail {
  /** -1 when the stream does not exist. */
  lastRevision: number;
  /** Newest first. */
  events: EsdbRecordedEvent[];
}

/**
 * A catch-up subscription to `$all` that hands events to the handler in batches, filtered by the
 * server (`server-filter.ts`; the full port filter is re-checked here).
 *
 * `caughtUp`: resolves once the handler has handled every matching event that was stored when
 * the subscription started, and the server has confirmed the subscription. "Everything stored"
 * is known from whichever comes first:
 * - the server's caughtUp message (newer servers send it; the 6.x client emits 'caughtUp');
 * - having passed the head of `$all` as it was at the start (one record read): an event at or
 *   after it, or a checkpoint message after it. With a server-side filter, the head itself is
 *   usually never delivered, and during catch-up the server sends no checkpoint at the end of
 *   `$all`, so these two rarely fire before the server says so itself;
 * - without that message: when the server has been quiet for CATCH_UP_QUIET_MS, nothing queued, a
 *   backwards read of the part of `$all` its events and checkpoints have not covered yet, for the
 *   newest matching event there (none: caught up; one: caught up once it has been received).
 *   Checkpoints arrive every SEARCH_WINDOW events the server considers, so that part is short
 *   unless the server is slow; then it is only more work, never a wrong answer.
 *
 * Checkpoint messages and events: the client calls `checkpointReached` while transforming the
 * message, when events sent before it may still wait in the stream's buffer; a checkpoint
 * therefore only counts once those have been received. A checkpoint at position p means every
 * matching event before p has been sent; whether one at p itself has is not relied on.
 */
class EsdbAllSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  readonly done: Promise<void>;

  private readonly caughtUpSignal = deferred();
  private readonly doneSignal = deferred();
  private readonly lowerBound: EsdbPosition | null;
  private readonly operation: string;
  private source: AllStreamSubscription | null = null;
  private confirmationTimer: NodeJS.Timeout | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private lastHeardAt = 0;

  private running = true;
  private ending: Promise<void> | null = null;
  private pumping: Promise<void> | null = null;
  private paused = false;
  private readonly queue: RecordedEvent[] = [];
  /** Matching events taken from the server / handled by the handler, since the start. */
  private receivedCount = 0;
  private handledCount = 0;
  /** Every event taken from the stream (matching or not): orders checkpoints after the events sent before them. */
  private dataCount = 0;
  private readonly pendingCheckpoints: { position: EsdbPosition; afterData: number }[] = [];

  private confirmed = false;
  private caughtUpSettled = false;
  /** Set once known: caughtUp waits until handledCount reaches it. */
  private caughtUpBarrier: number | null = null;
  private serverSaidCaughtUp = false;
  /** Caught up once an event at or after it has been received, or a checkpoint after it. */
  private catchUpTarget: EsdbPosition | null = null;
  private lastReceivedPosition: EsdbPosition | null = null;
  /** Every matching event before this position has been received (from checkpoints). */
  private checkpointPosition: EsdbPosition | null = null;
  private tailCheckRunning = false;

  constructor(
    private readonly connection: EsdbConnection,
    private readonly options: SubscribeAllOptions,
    private readonly handler: BatchHandler,
    private readonly onEnded: () => void,
    /** `head`: the head of `$all` when known already (null: empty); read at the start otherwise. */
    private readonly init?: { head?: EsdbPosition | null; operation?: string },
  ) {
    this.lowerBound = lowerBoundAfter(options.after);
    this.operation = init?.operation ?? 'subscribe to $all';
    this.caughtUp = this.caughtUpSignal.promise;
    this.done = this.doneSignal.promise;
    // Whoever awaits these still sees a rejection; nobody awaiting must not crash the process.
    this.caughtUp.catch(() => undefined);
    this.done.catch(() => undefined);
  }

  start(): void {
    const operation = this.operation;
    let source: AllStreamSubscription;
    try {
      if (this.connection.closed) throw this.connection.closedError(operation);
      source = this.connection.client.subscribeToAll({
        fromPosition: this.lowerBound ?? START,
        filter: serverSideFilter(this.options.filter, (position) => this.onCheckpoint(position)),
        resolveLinkTos: false,
      });
    } catch (error) {
      void this.end(this.connection.translate(error, operation));
      return;
    }
    this.source = source;
    source.on('data', (resolved: AllStreamResolvedEvent) => this.receive(resolved));
    // Stays attached for the subscription's whole life: an 'error' without a listener would throw.
    source.on('error', (error: Error) => void this.end(this.connection.translate(error, operation)));
    source.on('end', () =>
      void this.end(new StoreUnavailableError(`EventStoreDB at ${this.connection.server} ended the subscription (${operation})`)),
    );
    source.on('confirmation', () => {
      this.confirmed = true;
      clearTimeout(this.confirmationTimer);
      this.heardFromServer();
      this.maybeResolveCaughtUp();
    });
    source.on('caughtUp', () => {
      // Events before this message may still sit in the stream's buffer; let them through first.
      setImmediate(() => {
        this.serverSaidCaughtUp = true;
        this.settleServerCaughtUp();
      });
    });
    this.confirmationTimer = setTimeout(() => {
      if (!this.confirmed) void this.end(this.connection.timeoutError(operation));
    }, this.connection.timeoutMs);
    void this.findCatchUpTarget();
  }

  stop(): Promise<void> {
    return this.end(undefined);
  }

  private receive(resolved: AllStreamResolvedEvent): void {
    if (!this.running) return;
    this.dataCount += 1;
    this.heardFromServer();
    const event = resolved.event;
    if (event && !(this.lowerBound && comparePositions(event.position, this.lowerBound) <= 0)) {
      // (The server starts strictly after `after`; the check above does not rely on it.)
      this.lastReceivedPosition = event.position;
      if (isDeliverable(event, this.options.filter)) {
        let recorded: RecordedEvent;
        try {
          recorded = toRecordedEvent(event);
        } catch (error) {
          void this.end(error);
          return;
        }
        this.queue.push(recorded);
        this.receivedCount += 1;
      }
    }
    this.applyCheckpoints();
    this.checkCatchUpTarget();
    if (this.queue.length >= SUBSCRIPTION_QUEUE_HIGH_WATER && !this.paused) {
      // Let gRPC flow control hold the server back instead of buffering a whole catch-up here.
      this.paused = true;
      this.source?.pause();
    }
    this.pump();
  }

  /** `checkpointReached`: counts once the events the server sent before it have been received. */
  private onCheckpoint(position: EsdbPosition): void {
    if (!this.running) return;
    this.heardFromServer();
    this.pendingCheckpoints.push({ position, afterData: this.dataCount + (this.source?.readableLength ?? 0) });
    this.applyCheckpoints();
    this.checkCatchUpTarget();
  }

  private applyCheckpoints(): void {
    while (this.pendingCheckpoints.length > 0 && this.pendingCheckpoints[0]!.afterData <= this.dataCount) {
      const { position } = this.pendingCheckpoints.shift()!;
      if (!this.checkpointPosition || comparePositions(position, this.checkpointPosition) > 0) this.checkpointPosition = position;
    }
  }

  /** Starts draining the queue unless a drain is under way; at most one handler call at a time. */
  private pump(): void {
    if (this.pumping !== null || !this.running || this.queue.length === 0) return;
    // Through a resolved promise, so that `pumping` is set before the handler can run (a handler
    // failing synchronously ends the subscription, which waits for `pumping`).
    const pumping = Promise.resolve().then(() => this.drain());
    this.pumping = pumping;
    void pumping.then(() => {
      if (this.pumping === pumping) this.pumping = null;
      this.pump();
      // A slow handler is not a quiet server: count the quiet time from when it is done.
      this.heardFromServer();
    });
  }

  /** Never rejects: a handler failure ends the subscription instead. */
  private async drain(): Promise<void> {
    const handler = this.handler;
    while (this.running && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.queue.length);
      if (this.paused) {
        this.paused = false;
        this.source?.resume();
        setImmediate(() => this.settleServerCaughtUp());
      }
      try {
        await handler(batch);
      } catch (error) {
        void this.end(error);
        return;
      }
      this.handledCount += batch.length;
      this.maybeResolveCaughtUp();
    }
  }

  /** The head of `$all` at the start is the first catch-up target (see the class comment). */
  private async findCatchUpTarget(): Promise<void> {
    try {
      const head =
        this.init?.head !== undefined ? this.init.head : await this.connection.rawHead(`read the head of $all (${this.operation})`);
      if (!this.running || this.caughtUpBarrier !== null) return;
      if (head === null || (this.lowerBound && comparePositions(head, this.lowerBound) <= 0)) {
        // Nothing was stored after `after`: there is nothing to catch up on.
        this.caughtUpBarrier = 0;
        this.maybeResolveCaughtUp();
        return;
      }
      this.catchUpTarget = head;
      this.checkCatchUpTarget();
      this.heardFromServer();
    } catch (error) {
      // Without a target, caughtUp would depend on the server's message alone; a failing read
      // means the server is not usable anyway.
      if (this.running && this.caughtUpBarrier === null) void this.end(error);
    }
  }

  private checkCatchUpTarget(): void {
    if (this.caughtUpBarrier !== null || this.catchUpTarget === null) return;
    const target = this.catchUpTarget;
    const received = this.lastReceivedPosition !== null && comparePositions(this.lastReceivedPosition, target) >= 0;
    const passed = this.checkpointPosition !== null && comparePositions(this.checkpointPosition, target) > 0;
    if (!received && !passed) return;
    // Events arrive in position order: every matching event up to the target has been received.
    this.caughtUpBarrier = this.receivedCount;
    this.stopQuietTimer();
    this.maybeResolveCaughtUp();
  }

  /**
   * Notes a sign of life (or of this process being busy), and starts the quiet timer while the
   * catch-up is not known to be over. One timer, re-armed when it fires early, not one per event.
   */
  private heardFromServer(): void {
    this.lastHeardAt = performance.now();
    if (this.quietTimer !== undefined) return;
    if (!this.running || this.caughtUpBarrier !== null || !this.confirmed || this.catchUpTarget === null) return;
    this.armQuietTimer(CATCH_UP_QUIET_MS);
  }

  private armQuietTimer(ms: number): void {
    this.quietTimer = setTimeout(() => {
      this.quietTimer = undefined;
      this.onQuiet();
    }, ms);
  }

  private stopQuietTimer(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
  }

  private onQuiet(): void {
    if (!this.running || this.caughtUpBarrier !== null || this.tailCheckRunning) return;
    const quietFor = performance.now() - this.lastHeardAt;
    if (quietFor < CATCH_UP_QUIET_MS) {
      this.armQuietTimer(CATCH_UP_QUIET_MS - quietFor);
      return;
    }
    // Busy here (handler running, events queued or buffered, flow paused): not the server's silence.
    if (this.paused || this.pumping !== null || this.queue.length > 0 || (this.source?.readableLength ?? 0) > 0) {
      this.heardFromServer();
      return;
    }
    void this.checkUncoveredTail();
  }

  /**
   * Looks for the newest matching event in the part of `$all` that neither a received event nor
   * a checkpoint has covered. None: everything matching has been received. One: the catch-up
   * target becomes it.
   */
  private async checkUncoveredTail(): Promise<void> {
    this.tailCheckRunning = true;
    // Covered: everything up to the last received event (inclusive), or before the last
    // checkpoint (exclusive: the event at the checkpoint itself is looked at again).
    let bound = this.lastReceivedPosition ?? this.lowerBound;
    let inclusive = false;
    if (this.checkpointPosition && (!bound || comparePositions(this.checkpointPosition, bound) > 0)) {
      bound = this.checkpointPosition;
      inclusive = true;
    }
    const receivedBefore = this.receivedCount;
    const stillNeeded = (): boolean => this.running && this.caughtUpBarrier === null;
    try {
      const newest = await this.connection.findNewestDeliverable(
        `read the end of $all (${this.operation})`,
        this.options.filter,
        bound,
        stillNeeded,
        inclusive,
      );
      if (!stillNeeded()) return;
      if (newest === null) {
        // Nothing matching after what was covered when the read began.
        this.caughtUpBarrier = receivedBefore;
        this.maybeResolveCaughtUp();
        return;
      }
      this.catchUpTarget = newest;
      this.checkCatchUpTarget();
    } catch (error) {
      if (stillNeeded()) void this.end(error);
    } finally {
      this.tailCheckRunning = false;
      this.heardFromServer();
    }
  }

  private settleServerCaughtUp(): void {
    if (!this.serverSaidCaughtUp || this.caughtUpBarrier !== null || !this.running) return;
    // While paused or buffered, events sent before the message have not reached the queue yet;
    // resuming schedules this check again.
    if (this.paused) return;
    if ((this.source?.readableLength ?? 0) > 0) {
      setImmediate(() => this.settleServerCaughtUp());
      return;
    }
    this.caughtUpBarrier = this.receivedCount;
    this.stopQuietTimer();
    this.maybeResolveCaughtUp();
  }

  private maybeResolveCaughtUp(): void {
    if (this.caughtUpSettled || !this.running || !this.confirmed) return;
    if (this.caughtUpBarrier === null || this.handledCount < this.caughtUpBarrier) return;
    this.caughtUpSettled = true;
    this.caughtUpSignal.resolve();
  }

  /** Stops (error undefined) or fails the subscription; idempotent, never rejects. */
  private end(error: unknown): Promise<void> {
    if (this.ending) return this.ending;
    this.running = false;
    clearTimeout(this.confirmationTimer);
    this.stopQuietTimer();
    const source = this.source;
    if (source) {
      // unsubscribe() waits for a gRPC call that may never have started: bound it, do not await it.
      this.connection.call(`unsubscribe (${this.operation})`, () => source.unsubscribe()).catch(() => undefined);
    }
    this.ending = (async () => {
      if (this.pumping) await this.pumping;
      this.queue.length = 0;
      if (!this.caughtUpSettled) {
        // As in the SQLite adapter: a stop settles caughtUp (nobody waits forever), a failure rejects it.
        this.caughtUpSettled = true;
        if (error === undefined) this.caughtUpSignal.resolve();
        else this.caughtUpSignal.reject(error);
      }
      if (error === undefined) this.doneSignal.resolve();
      else this.doneSignal.reject(error);
      this.onEnded();
    })();
    return this.ending;
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'noStream':
      return NO_STREAM;
    case 'streamExists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new RangeError(`expected revision must be 'any', 'noStream', 'streamExists' or a revision >= 0, got ${expected}`);
      }
      return BigInt(expected);
  }
}

/** Appends of 'any' or 'streamExists' retried after another writer moved the stream on between our read and our write. */
const MAX_CHAIN_ATTEMPTS = 20;

/**
 * The exact revision an 'any' or 'streamExists' append is written at, so that the chain link it
 * carries is to the event read as the stream's newest; null: the caller's own expectation is
 * already exact (noStream, n), or must fail as it is ('streamExists' of no stream).
 */
function chainedExpectedRevision(expected: ExpectedRevision, lastRevision: number): AppendExpectedRevision | null {
  if (expected === 'any') return lastRevision < 0 ? NO_STREAM : BigInt(lastRevision);
  if (expected === 'streamExists' && lastRevision >= 0) return BigInt(lastRevision);
  return null;
}

/** The append's events with their stream-scoped chain links, continuing from the stream's newest event. */
function chainEvents(streamId: string, events: NewEvent[], tail: StreamTail): EventData[] {
  const newest = tail.events[0];
  let previous = newest ? ((newest.metadata as { chain?: ChainLink } | undefined)?.chain?.hash ?? null) : null;
  return events.map((event, i) => {
    const metadata = withoutChain(event.metadata);
    // The client serialises data with JSON.stringify: the same text is hashed.
    const hash = chainHash(previous, { position: null, streamId, revision: tail.lastRevision + 1 + i, id: event.id, type: event.type, dataJson: JSON.stringify(event.data), metadata });
    const chain: ChainLink = { previous, hash, scope: 'stream' };
    previous = hash;
    return toEventData({ ...event, metadata: { ...metadata, chain } });
  });
}

function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    // The port's data is any JSON value; the client serialises it with JSON.stringify.
    data: event.data as JSONType,
    metadata: event.metadata,
  });
}

function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    // Written by this adapter from the port's EventMetadata and parsed back from JSON by the client.
    metadata: event.metadata as unknown as EventMetadata,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toPortPosition(event.position, `event ${event.id} (stream ${event.streamId})`),
  };
}

function toPortPosition(position: EsdbPosition | undefined, what: string): Position {
  if (!position || position.commit > MAX_EXACT_POSITION) {
    // Stream reads carry positions only from server 22.6 on (before, no position or 2^64-1).
    throw new Error(`EventStoreDB reported no usable position for ${what}; this adapter needs EventStoreDB 22.6 or later`);
  }
  return Number(position.commit);
}

/** The ESDB position to read from (inclusively) for the port's exclusive `after`; null: from the start. */
function lowerBoundAfter(after: Position | undefined): EsdbPosition | null {
  // Positions of events are never negative: a negative `after` means "before everything".
  if (after === undefined || after < 0) return null;
  if (!Number.isSafeInteger(after)) throw new RangeError(`position must be an integer, got ${after}`);
  // Commit and prepare position coincide for every event this adapter supports (module comment).
  return { commit: BigInt(after), prepare: BigInt(after) };
}

function comparePositions(a: EsdbPosition, b: EsdbPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function isDeliverable(event: AllStreamRecordedEvent | EsdbRecordedEvent, filter: AllFilter | undefined): boolean {
  if (event.type.startsWith('$') || event.streamId.startsWith('$')) return false;
  return matchesFilter(filter, event.streamId, event.type);
}

/**
 * The filter the server applies (see `planServerFilter`: one escaped regular expression on one
 * dimension; the full filter is applied again client-side), with checkpoint messages every
 * SEARCH_WINDOW events the server considers. Without a filter, only system events are dropped.
 */
function serverSideFilter(filter: AllFilter | undefined, onCheckpoint: (position: EsdbPosition) => void): Filter {
  const options = {
    maxSearchWindow: SEARCH_WINDOW,
    checkpointInterval: CHECKPOINT_INTERVAL,
    checkpointReached: (_subscription: AllStreamSubscription, position: EsdbPosition) => onCheckpoint(position),
  };
  const plan = planServerFilter(filter);
  switch (plan.kind) {
    case 'none':
      return excludeSystemEvents(options);
    case 'empty':
      // Matches nothing: the subscription still confirms, catches up and reports checkpoints.
      return eventTypeFilter({ ...options, regex: '(?!)' });
    case 'regex':
      return plan.on === 'streamName' ? streamNameFilter({ ...options, regex: plan.regex }) : eventTypeFilter({ ...options, regex: plan.regex });
  }
}

function revisionOrNull(revision: bigint | typeof NO_STREAM): number | null {
  return revision === NO_STREAM ? null : Number(revision);
}

function rejectIdsRepeatedWithinAppend(streamId: string, events: NewEvent[]): void {
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.id)) throw new EventIdConflictError(streamId, event.id, 'appears twice in the same append; nothing was written');
    seen.add(event.id);
  }
}

/** `esdb://user:password@host:2113?tls=false` → `esdb://host:2113`: names the server without secrets. */
function describeServer(connectionString: string): string {
  const schemeEnd = connectionString.indexOf('://');
  const scheme = schemeEnd >= 0 ? connectionString.slice(0, schemeEnd + 3) : '';
  const rest = schemeEnd >= 0 ? connectionString.slice(schemeEnd + 3) : connectionString;
  const authority = rest.split(/[/?]/, 1)[0] ?? '';
  const hosts = authority.slice(authority.lastIndexOf('@') + 1);
  return `${scheme}${hosts}`;
}
