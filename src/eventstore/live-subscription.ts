/**
 * Catch-up-then-live subscriptions for stores that can be read by position but cannot push
 * (SQLite). Appends of this process wake subscribers at once; appends of other processes sharing
 * the file are found by polling the head position, which is a single index lookup.
 */
import type { AllFilter, BatchHandler, Position, RecordedEvent, SubscribeAllOptions, Subscription } from './port.ts';

const PAGE = 1000;

type ReadPage = (after: Position | undefined, filter: AllFilter | undefined, limit: number) => RecordedEvent[];

export class LiveSubscription {
  private waiters = new Set<() => void>();
  private readonly watchers = new Set<() => void>();
  private readonly active = new Set<{ stop(): Promise<void> }>();
  private timer: NodeJS.Timeout | null = null;
  private lastHead: Position | null = null;

  constructor(private readonly headPosition: () => Position | null, private readonly pollIntervalMs: number) {}

  notify(): void {
    const waiting = this.waiters;
    this.waiters = new Set();
    for (const wake of waiting) wake();
    for (const watcher of this.watchers) watcher();
  }

  /** Calls `listener` on every append seen, until stopped (EventStore.onAppended). */
  watch(listener: () => void): { stop(): void } {
    const own = () => listener();
    this.watchers.add(own);
    this.startPolling();
    return { stop: () => { this.watchers.delete(own); } };
  }

  private waitForAppend(): { promise: Promise<void>; cancel(): void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => (wake = resolve));
    this.waiters.add(wake);
    this.startPolling();
    return { promise, cancel: () => { this.waiters.delete(wake); wake(); } };
  }

  private startPolling(): void {
    if (this.timer) return;
    this.lastHead = this.headPosition();
    this.timer = setInterval(() => {
      if (this.active.size === 0 && this.watchers.size === 0) return this.stopPolling();
      const head = this.headPosition();
      if (head !== this.lastHead) {
        this.lastHead = head;
        this.notify();
      }
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  subscribe(options: SubscribeAllOptions, handler: BatchHandler, readPage: ReadPage): Subscription {
    let stopped = false;
    let pendingWait: { cancel(): void } | null = null;
    let markCaughtUp!: () => void;
    let failCaughtUp!: (error: unknown) => void;
    const caughtUp = new Promise<void>((resolve, reject) => { markCaughtUp = resolve; failCaughtUp = reject; });
    caughtUp.catch(() => undefined); // the same error reaches `done`; do not report it twice as unhandled

    const run = async (): Promise<void> => {
      let after = options.after;
      while (!stopped) {
        const headBefore = this.headPosition();
        const batch = readPage(after, options.filter, PAGE);
        if (batch.length > 0) {
          await handler(batch);
          after = batch[batch.length - 1]!.position;
          continue;
        }
        // Nothing matched up to the head seen before reading: skip past it, so a sparse filter does not rescan.
        if (headBefore !== null && (after === undefined || headBefore > after)) after = headBefore;
        markCaughtUp();
        const wait = this.waitForAppend();
        pendingWait = wait;
        await wait.promise;
        pendingWait = null;
      }
    };

    const entry = {
      stop: async () => {
        stopped = true;
        pendingWait?.cancel();
        await done.catch(() => undefined);
      },
    };
    this.active.add(entry);
    const done = run().then(
      () => { this.active.delete(entry); markCaughtUp(); },
      (error: unknown) => { this.active.delete(entry); stopped = true; failCaughtUp(error); throw error; },
    );
    return { caughtUp, done, stop: entry.stop };
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.active].map((s) => s.stop()));
    this.watchers.clear();
    this.stopPolling();
  }
}
