/**
 * Latency histogram with fixed log-spaced buckets, so replicas in different
 * workers can be merged by adding counts.
 */

/** Bucket upper bounds in ms: 1µs · 1.25^k, up to ~40 s. */
const BOUNDS: Float64Array = (() => {
  const b: number[] = [];
  for (let v = 0.001; v < 40_000; v *= 1.25) b.push(v);
  return Float64Array.from(b);
})();

export const HISTOGRAM_BUCKETS = BOUNDS.length + 1;

export class LatencyHistogram {
  readonly counts: Float64Array;

  constructor(counts?: ArrayLike<number>) {
    this.counts = new Float64Array(HISTOGRAM_BUCKETS);
    if (counts) this.counts.set(counts);
  }

  record(ms: number): void {
    let lo = 0, hi = BOUNDS.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (BOUNDS[mid] < ms) lo = mid + 1;
      else hi = mid;
    }
    this.counts[lo]++;
  }

  merge(other: ArrayLike<number>): void {
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) this.counts[i] += other[i];
  }

  /** Upper bound of the bucket holding quantile `q` (0..1); 0 when empty. */
  quantile(q: number): number {
    let total = 0;
    for (const c of this.counts) total += c;
    if (total === 0) return 0;
    const rank = q * total;
    let seen = 0;
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return i < BOUNDS.length ? BOUNDS[i] : BOUNDS[BOUNDS.length - 1];
    }
    return BOUNDS[BOUNDS.length - 1];
  }
}
