/** The fast start-time parser of usage imports must agree with Temporal on every string it accepts, and leave the rest to Temporal. */
import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { parseUtcInstant } from '../../src/domain/usage/instant.ts';

function temporal(text: string): { epochMs: number; subMsNanos: number; normalized: string } | null {
  try {
    const instant = Temporal.Instant.from(text);
    const ns = instant.epochNanoseconds;
    const ms = instant.epochMilliseconds;
    return { epochMs: ms, subMsNanos: Number(ns - BigInt(ms) * 1_000_000n), normalized: instant.toString() };
  } catch {
    return null;
  }
}

describe('usage start times in the common UTC form', () => {
  it('agrees with Temporal on generated instants, fractions of 0 to 9 digits, and calendar edges', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pad = (v: number, w: number) => String(v).padStart(w, '0');
    const samples = ['2024-02-29T23:59:59Z', '2026-12-31T23:59:59.999999999Z', '1970-01-01T00:00:00Z', '1969-12-31T23:59:59.5Z', '2026-10-11T08:15:00.100Z'];
    for (let i = 0; i < 20_000; i++) {
      const fraction = random(10);
      samples.push(`${pad(1900 + random(250), 4)}-${pad(1 + random(12), 2)}-${pad(1 + random(28), 2)}T${pad(random(24), 2)}:${pad(random(60), 2)}:${pad(random(60), 2)}${fraction ? `.${pad(random(10 ** fraction), fraction)}` : ''}Z`);
    }
    for (const text of samples) {
      const fast = parseUtcInstant(text);
      expect(fast, text).not.toBeNull();
      expect(fast, text).toEqual(temporal(text));
    }
  });

  it('leaves other forms and impossible dates to Temporal (null), never accepting what Temporal refuses', () => {
    for (const text of ['2026-10-11T08:15:00+02:00', '2026-10-11t08:15:00z', '2026-10-11 08:15:00Z', '2026-02-30T00:00:00Z', '2026-10-11T24:00:00Z', '2026-10-11T08:15:60Z', '2026-10-11T08:15:00.1234567890Z', '2026-10-11T08:15Z', '']) {
      const fast = parseUtcInstant(text);
      if (fast !== null) expect(fast).toEqual(temporal(text));
      if (temporal(text) === null) expect(fast, text).toBeNull();
    }
  });
});
