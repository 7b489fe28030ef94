/**
 * Commits consumer offsets only after the batches before them are durable,
 * in order per partition (effectively-once, SPEC §4).
 *
 * Each consumed batch is registered with the promise that settles when every
 * sink has written it. A partition's position advances only through an
 * unbroken run of durable batches: if one fails, nothing after it in that
 * partition is committed (those offsets are read again after a restart, and
 * the idempotent sinks absorb the replay). One commit request is in flight at
 * a time; positions that became committable meanwhile go in the next one.
 */
import type { TopicPartition, TopicPartitionOffset } from "./transport.ts";

export interface OffsetTrackerOptions {
  /** Sends committed positions (next offsets to read) to the group. */
  commit(offsets: TopicPartitionOffset[]): Promise<void>;
  /** A batch's write failed: nothing after `from` in that partition commits until re-read. */
  onWriteError(position: TopicPartitionOffset, error: unknown): void;
  /** A commit request failed (e.g. during a rebalance); later commits carry the positions again. */
  onCommitError?(error: unknown): void;
}

interface PartitionState {
  /** Settles when all batches registered so far for the partition are durable. */
  chain: Promise<void>;
  /** Highest durable position not yet committed. */
  ready?: bigint;
  /** Highest position committed. */
  committed?: bigint;
  broken: boolean;
}

const tpKey = (tp: TopicPartition) => `${tp.topic}\u0000${tp.partition}`;

/**
 * @example
 * ```ts
 * import { OffsetTracker } from "./offset_tracker.ts";
 * const tracker = new OffsetTracker({
 *   commit: async (offsets) => console.log("commit", offsets),
 *   onWriteError: (at, e) => console.error(at, e),
 * });
 * tracker.track({ topic: "t", partition: 0 }, "0", "10", Promise.resolve());
 * await tracker.idle(); // commit [{ topic: "t", partition: 0, offset: "10" }]
 * ```
 */
export class OffsetTracker {
  #opts: OffsetTrackerOptions;
  #parts = new Map<string, PartitionState & TopicPartition>();
  #pending = new Set<Promise<void>>();
  #committing: Promise<void> | undefined;

  constructor(opts: OffsetTrackerOptions) {
    this.#opts = opts;
  }

  /** Batches registered and not yet durable (or failed). */
  get inflight(): number {
    return this.#pending.size;
  }

  /**
   * Registers a batch of partition `tp` covering offsets [`first`, `next`);
   * its position `next` becomes committable once `durable` and every earlier
   * batch of the partition resolved.
   */
  track(tp: TopicPartition, first: string, next: string, durable: Promise<void>): void {
    const k = tpKey(tp);
    let st = this.#parts.get(k);
    if (!st) this.#parts.set(k, st = { ...tp, chain: Promise.resolve(), broken: false });
    const state = st;
    const position = BigInt(next);
    const done: Promise<void> = state.chain.then(() => durable).then(
      () => {
        if (state.broken) return;
        if (state.ready === undefined || position > state.ready) state.ready = position;
        this.#kick();
      },
      (error) => {
        // Report only the first failure of a run; later links fail with the same error.
        if (!state.broken) {
          state.broken = true;
          this.#opts.onWriteError({ ...tp, offset: first }, error);
        }
        throw error;
      },
    );
    const settled = done.catch(() => {}).finally(() => this.#pending.delete(settled));
    this.#pending.add(settled);
    state.chain = done;
  }

  /** Resolves once fewer than `max` batches are in flight. */
  async below(max: number): Promise<void> {
    while (this.#pending.size >= max) await Promise.race(this.#pending);
  }

  /** Resolves when every registered batch settled and its position was committed (or failed). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0 || this.#committing) {
      if (this.#pending.size > 0) await Promise.all(this.#pending);
      if (this.#committing) await this.#committing;
    }
    // One more attempt for positions whose last commit request failed.
    this.#kick();
    await this.#committing;
  }

  /** Committed position per partition, for metrics and tests. */
  committed(): TopicPartitionOffset[] {
    return [...this.#parts.values()].filter((s) => s.committed !== undefined)
      .map((s) => ({ topic: s.topic, partition: s.partition, offset: String(s.committed) }));
  }

  #kick(): void {
    if (this.#committing) return;
    this.#committing = this.#commitLoop().finally(() => this.#committing = undefined);
  }

  async #commitLoop(): Promise<void> {
    for (;;) {
      const due = [...this.#parts.values()].filter((s) =>
        s.ready !== undefined && (s.committed === undefined || s.ready > s.committed)
      );
      if (due.length === 0) return;
      const batch = due.map((s) => ({ s, offset: s.ready! }));
      try {
        await this.#opts.commit(
          batch.map(({ s, offset }) => ({
            topic: s.topic,
            partition: s.partition,
            offset: String(offset),
          })),
        );
        for (const { s, offset } of batch) {
          if (s.committed === undefined || offset > s.committed) s.committed = offset;
        }
      } catch (e) {
        this.#opts.onCommitError?.(e);
        return; // retried with the next durable batch or at idle()
      }
    }
  }
}
