import { Temporal } from 'temporal-polyfill';

/** The only way domain-adjacent code learns the time: injected, so tests control it. */
export interface Clock {
  now(): Temporal.Instant;
}

export const systemClock: Clock = { now: () => Temporal.Now.instant() };

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  constructor(private current: Temporal.Instant) {}
  static at(iso: string): ManualClock {
    return new ManualClock(Temporal.Instant.from(iso));
  }
  now(): Temporal.Instant {
    return this.current;
  }
  advance(duration: Temporal.DurationLike): void {
    this.current = this.current.add(duration);
  }
}
