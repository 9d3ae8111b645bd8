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

/**
 * The operator's "today": the clock's instant as a date in `BILLSTREAM_TIME_ZONE`, else this
 * machine's zone. Issue dates default to it and the daily bill run is as of it.
 */
export function operatorToday(clock: Clock, timeZone: string = process.env.BILLSTREAM_TIME_ZONE || Temporal.Now.timeZoneId()): string {
  return clock.now().toZonedDateTimeISO(timeZone).toPlainDate().toString();
}
