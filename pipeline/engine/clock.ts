/** Wall-clock time, injected so tests control it and never sleep. */
export interface Clock {
  now(): number;
  /** Resolves after `ms` of this clock's time, or rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/**
 * A clock that moves only when told to: `sleep` resolves as soon as `advance`
 * passes its deadline. Sources paced by this clock run as fast as possible in
 * tests while their timestamps stay deterministic.
 */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: { until: number; resolve: () => void }[] = [];
  /** When true, every sleep advances the clock itself (as-fast-as-possible mode). */
  autoAdvance: boolean;

  constructor(start = 0, autoAdvance = true) {
    this.#now = start;
    this.autoAdvance = autoAdvance;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.autoAdvance) {
      this.#now += Math.max(0, ms);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#sleepers.push({ until: this.#now + ms, resolve }));
  }

  advance(ms: number): void {
    this.#now += ms;
    const due = this.#sleepers.filter((s) => s.until <= this.#now);
    this.#sleepers = this.#sleepers.filter((s) => s.until > this.#now);
    for (const s of due) s.resolve();
  }
}
