/**
 * What projections and sagas share: a named consumer of `$all` that keeps a checkpoint in the
 * read store, holds a lease so that one process at a time applies its events, processes what is
 * stored in batches, and can tell a caller when a given position is reflected.
 */
import type { Clock } from '../core/clock.ts';
import type { EventStore, Position, RecordedEvent } from '../eventstore/port.ts';
import type { ReadStore, UnitOfWork } from '../readstore/port.ts';
import { Serial } from './serial.ts';

export interface ConsumerDeps {
  eventStore: EventStore;
  readStore: ReadStore;
  clock: Clock;
}

export interface ConsumerOptions {
  /** This process's identity in leases (host:pid:random). */
  owner: string;
  batchSize?: number;
  leaseTtlMs?: number;
  /** How long `waitFor` waits for another process holding the lease; default 60 s. */
  waitTimeoutMs?: number;
}

export interface ConsumerDefinition {
  name: string;
  version: number;
  handles: string[];
  /** Applies one page of events; the checkpoint written in the same unit of work commits with it. */
  applyBatch(events: RecordedEvent[], uow: UnitOfWork): Promise<void>;
  /** Drops everything the consumer derived (projection documents); sagas keep their streams. */
  reset(): Promise<void>;
}

/** How often a live consumer records, at most, that the events appended were none of its own. */
const SKIP_RECORD_EVERY_MS = 1000;

export class ConsumerHeldElsewhereError extends Error {
  override readonly name = 'ConsumerHeldElsewhereError';
}

export class CheckpointedConsumer {
  private readonly serial = new Serial();
  private readonly handled: Set<string>;
  private leaseRenewedAt = 0;
  private holdsLease = false;
  /** The event store's head when the last pass (under the lease) finished: nothing to do while it stays there. */
  private passedHead: Position | null | undefined = undefined;
  private liveTimer: NodeJS.Timeout | null = null;
  private liveSubscription: { stop(): Promise<void> } | null = null;
  /** performance.now() when a live pass last recorded that nothing it handles came up to the head. */
  private skipRecordedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: ConsumerDeps,
    readonly definition: ConsumerDefinition,
    private readonly options: ConsumerOptions,
  ) {
    this.handled = new Set(definition.handles);
  }

  get name(): string {
    return this.definition.name;
  }

  private get leaseName(): string {
    return `consumer:${this.definition.name}`;
  }

  private get leaseTtlMs(): number {
    return this.options.leaseTtlMs ?? 15_000;
  }

  private async acquireLease(): Promise<boolean> {
    const now = this.deps.clock.now().epochMilliseconds;
    const held = this.holdsLease;
    this.holdsLease = await this.deps.readStore.acquireLease(this.leaseName, this.options.owner, now, this.leaseTtlMs);
    if (this.holdsLease) this.leaseRenewedAt = now;
    // Without the lease in between, another process may have moved the checkpoint: look again.
    if (!held || !this.holdsLease) this.passedHead = undefined;
    return this.holdsLease;
  }

  /**
   * Holds the lease for a live pass: renews it only when a third of its time has gone. Renewing
   * on every poll was a write to the read store per consumer every 200 ms in an idle `serve`
   * (18 consumers: 90 commits a second), each ending the API's read snapshot.
   */
  private async holdLease(): Promise<boolean> {
    if (this.holdsLease && this.deps.clock.now().epochMilliseconds - this.leaseRenewedAt < this.leaseTtlMs / 3) return true;
    return this.acquireLease();
  }

  private async renewLeaseIfDue(): Promise<void> {
    const now = this.deps.clock.now().epochMilliseconds;
    if (now - this.leaseRenewedAt < this.leaseTtlMs / 3) return;
    if (!(await this.acquireLease())) throw new ConsumerHeldElsewhereError(`${this.name}: lease lost to another process`);
  }

  async checkpoint(): Promise<Position | null> {
    const checkpoint = await this.deps.readStore.getCheckpoint(this.definition.name);
    return checkpoint?.position ?? null;
  }

  /**
   * A new version of the consumer starts from zero (a projection whose documents changed shape),
   * and so does a consumer without a checkpoint: its collections may hold documents another
   * consumer wrote (projections regrouped under a new name), which it must not apply events onto
   * twice.
   */
  private async resetIfVersionChanged(): Promise<void> {
    const checkpoint = await this.deps.readStore.getCheckpoint(this.definition.name);
    if (!checkpoint || checkpoint.version !== this.definition.version) await this.definition.reset();
  }

  /**
   * Applies everything stored after the checkpoint. Requires the lease. Returns the number of
   * events applied. `live`: a pass of the running consumer, woken by every append; it records
   * that nothing it handles came (a read-store transaction) at most once a SKIP_RECORD_EVERY_MS,
   * since a consumer that handles none of a busy stream's events (accounting, say) would
   * otherwise write its checkpoint after every append. Waiters do not need it: isCovered looks
   * past the checkpoint for the next event handled.
   */
  private async processAvailable(live = false): Promise<number> {
    await this.resetIfVersionChanged();
    const { eventStore, readStore } = this.deps;
    const head = await eventStore.headPosition();
    let after = (await this.checkpoint()) ?? undefined;
    let applied = 0;
    const filter = { eventTypePrefixes: this.definition.handles };
    for (;;) {
      const page = await eventStore.readAll({ after, filter, limit: this.options.batchSize ?? 1000 });
      if (page.length === 0) break;
      // Type prefixes over-select (`Foo` matches `FooBar`); keep the exact types.
      const events = page.filter((e) => this.handled.has(e.type));
      const last = page[page.length - 1]!.position;
      await readStore.transact(async (uow) => {
        if (events.length) await this.definition.applyBatch(events, uow);
        uow.setCheckpoint(this.definition.name, { position: last, version: this.definition.version });
      });
      applied += events.length;
      after = last;
      await this.renewLeaseIfDue();
      // A turn of the event loop between pages: the stores' reads share one read transaction per
      // turn (ReadSnapshot), and without a turn a long catch-up kept the event store's open from
      // its first page to its last, so a writer's TRUNCATE checkpoint (WalBound) waited out its
      // busy timeout for it (10 s, twice in a 100,000-invoice bill run) and other writers behind
      // the checkpoint failed with SQLITE_BUSY.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Nothing it handles up to the head: record that, so waiters on later positions know.
    if (head !== null && (after === undefined || head > after) && !(live && applied === 0 && performance.now() - this.skipRecordedAt < SKIP_RECORD_EVERY_MS)) {
      await readStore.transact(async (uow) => uow.setCheckpoint(this.definition.name, { position: head, version: this.definition.version }));
      this.skipRecordedAt = performance.now();
    }
    this.passedHead = head;
    return applied;
  }

  /**
   * Makes sure every event up to `target` (default: the current head) is reflected, whoever
   * holds the lease: applies them itself when it can take the lease, or waits for the holder.
   */
  async waitFor(target?: Position | null): Promise<void> {
    const goal = target === undefined ? await this.deps.eventStore.headPosition() : target;
    if (goal === null) return this.serial.run(async () => { await this.resetIfVersionChanged(); });
    // The holder is given up on only when it makes no progress for the whole wait: a holder far
    // behind but moving (a busy worker thread, a loaded machine) is waited for, however long.
    const patience = this.options.waitTimeoutMs ?? 60_000;
    let deadline = this.deps.clock.now().epochMilliseconds + patience;
    let seen: Position | null | undefined;
    for (;;) {
      if (await this.isCovered(goal)) return;
      const reached = (await this.deps.readStore.getCheckpoint(this.definition.name))?.position;
      if (seen !== undefined && reached !== undefined && reached !== null && (seen === null || reached > seen)) deadline = this.deps.clock.now().epochMilliseconds + patience;
      seen = reached ?? null;
      const done = await this.serial.run(async () => {
        if (!this.holdsLease && !(await this.acquireLease())) return false;
        await this.processAvailable();
        if (!this.liveTimer) await this.releaseLease();
        return true;
      });
      if (done) return;
      if (this.deps.clock.now().epochMilliseconds > deadline) {
        throw new ConsumerHeldElsewhereError(`${this.name} is held by another process that made no progress towards position ${goal} for ${patience / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** True when the checkpoint is at or past `goal`, or no event it handles lies between them. */
  private async isCovered(goal: Position): Promise<boolean> {
    const checkpoint = await this.deps.readStore.getCheckpoint(this.definition.name);
    if (!checkpoint || checkpoint.version !== this.definition.version) return false;
    if (checkpoint.position !== null && checkpoint.position >= goal) return true;
    const next = await this.deps.eventStore.readAll({
      after: checkpoint.position ?? undefined,
      filter: { eventTypePrefixes: this.definition.handles },
      limit: 50,
    });
    const firstHandled = next.find((e) => this.handled.has(e.type));
    if (firstHandled) return firstHandled.position > goal;
    return next.length < 50 || next[next.length - 1]!.position >= goal;
  }

  /** Rebuild from zero: drop what the consumer derived and apply every event again. */
  async rebuild(): Promise<number> {
    return this.serial.run(async () => {
      if (!this.holdsLease && !(await this.acquireLease())) {
        throw new ConsumerHeldElsewhereError(`${this.name} is running in another process; stop it before a rebuild`);
      }
      await this.definition.reset();
      const applied = await this.processAvailable();
      if (!this.liveTimer) await this.releaseLease();
      return applied;
    });
  }

  /** Runs continuously (in `serve`): woken by new events, and taking over the lease when its holder dies. */
  start(pollIntervalMs = 200): void {
    if (this.liveTimer) return;
    // One pass waiting behind the running one is enough: it reads everything stored by then.
    let passQueued = false;
    const tick = () => {
      if (passQueued) return;
      passQueued = true;
      this.serial
        .run(async () => {
          passQueued = false;
          if (!(await this.holdLease())) return;
          // An idle poll reads one head position: nothing was appended since the last pass.
          if (this.passedHead !== undefined && (await this.deps.eventStore.headPosition()) === this.passedHead) return;
          await this.processAvailable(true);
        })
        .catch((error: unknown) => {
          process.emitWarning(`${this.name}: ${error instanceof Error ? error.message : String(error)}`);
        });
    };
    this.liveTimer = setInterval(tick, pollIntervalMs);
    this.liveTimer.unref();
    // New events wake the consumer at once rather than at the next tick.
    const { eventStore } = this.deps;
    if (eventStore.onAppended) {
      const watch = eventStore.onAppended(tick);
      this.liveSubscription = { stop: async () => watch.stop() };
    } else {
      void eventStore.headPosition().then((after) => {
        if (!this.liveTimer) return;
        this.liveSubscription = eventStore.subscribeAll(
          { after: after ?? undefined, filter: { eventTypePrefixes: this.definition.handles } },
          () => tick(),
        );
      });
    }
    tick();
  }

  async stop(): Promise<void> {
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = null;
    await this.liveSubscription?.stop();
    this.liveSubscription = null;
    await this.serial.run(() => this.releaseLease());
  }

  private async releaseLease(): Promise<void> {
    if (!this.holdsLease) return;
    this.holdsLease = false;
    this.passedHead = undefined;
    await this.deps.readStore.releaseLease(this.leaseName, this.options.owner);
  }
}
