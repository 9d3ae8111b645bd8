/**
 * Latencies in a fixed histogram, so the load processes can count every reply without storing
 * it and their counts add up: 1 µs buckets below 10 ms, 100 µs buckets from 10 ms to 10 s.
 */
const FINE_LIMIT_US = 10_000;
const COARSE_STEP_US = 100;
const COARSE_LIMIT_US = 10_000_000;
export const HISTOGRAM_BUCKETS = FINE_LIMIT_US + (COARSE_LIMIT_US - FINE_LIMIT_US) / COARSE_STEP_US + 1;

export function newHistogram(): Uint32Array {
  return new Uint32Array(HISTOGRAM_BUCKETS);
}

export function recordLatency(histogram: Uint32Array, microseconds: number): void {
  const us = microseconds < 0 ? 0 : Math.floor(microseconds);
  const bucket = us < FINE_LIMIT_US ? us : Math.min(HISTOGRAM_BUCKETS - 1, FINE_LIMIT_US + Math.floor((us - FINE_LIMIT_US) / COARSE_STEP_US));
  histogram[bucket]!++;
}

export function addHistogram(into: Uint32Array, from: ArrayLike<number>): void {
  for (let i = 0; i < into.length; i++) into[i]! += from[i] ?? 0;
}

/** The latency (ms) under which `fraction` of the recorded ones fall, or null when none was recorded. */
export function percentileMs(histogram: Uint32Array, fraction: number): number | null {
  let total = 0;
  for (const count of histogram) total += count;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(total * fraction));
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket]!;
    if (seen >= rank) return (bucket < FINE_LIMIT_US ? bucket + 1 : FINE_LIMIT_US + (bucket - FINE_LIMIT_US + 1) * COARSE_STEP_US) / 1000;
  }
  return COARSE_LIMIT_US / 1000;
}
