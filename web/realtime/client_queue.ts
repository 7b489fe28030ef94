/**
 * A client's bounded outgoing queue. Entries stay in offset order; once the
 * queue holds `coalesceAbove` entries, a keyed entry (sensor value, health…)
 * replaces the pending entry with the same key, so a lagging client gets the
 * latest value of every series. Unkeyed entries (alerts) are never dropped:
 * when live entries pass `cap` the queue reports overflow and the hub closes
 * the client, which resumes from its last position.
 */
import type { Entry } from "./ring_buffer.ts";

export interface ClientQueueOptions {
  /** Live entries above which keyed entries are coalesced. */
  coalesceAbove: number;
  /** Live entries above which the queue overflows. */
  cap: number;
}

export class ClientQueue {
  #items: (Entry | undefined)[] = [];
  /** Index of the newest pending entry per key; built only once coalescing can start. */
  #byKey: Map<string, number> | undefined;
  #live = 0;
  /** Entries superseded by a newer one with the same key (counted, never silent). */
  coalesced = 0;

  constructor(readonly options: ClientQueueOptions) {
    if (!(options.cap >= 1)) {
      throw new RangeError(
        `Cannot construct ClientQueue as cap must be >= 1: current value is ${options.cap}`,
      );
    }
  }

  /** Entries waiting to be sent. */
  get length(): number {
    return this.#live;
  }

  /** Appends an entry; returns false when the queue is over its cap. */
  push(e: Entry): boolean {
    if (e.key !== undefined && this.#live >= this.options.coalesceAbove) {
      const byKey = this.#byKey ??= this.#index();
      const prev = byKey.get(e.key);
      if (prev !== undefined) {
        this.#items[prev] = undefined;
        this.#live--;
        this.coalesced++;
      }
      byKey.set(e.key, this.#items.length);
    } else if (e.key !== undefined) this.#byKey?.set(e.key, this.#items.length);
    this.#items.push(e);
    this.#live++;
    return this.#live <= this.options.cap;
  }

  /** Newest position of every key pending (a short queue never needs it: no coalescing yet). */
  #index(): Map<string, number> {
    const byKey = new Map<string, number>();
    for (let i = 0; i < this.#items.length; i++) {
      const key = this.#items[i]?.key;
      if (key !== undefined) byKey.set(key, i);
    }
    return byKey;
  }

  /** Removes and returns every pending entry, oldest first. */
  drain(): Entry[] {
    const out: Entry[] = [];
    for (const e of this.#items) if (e) out.push(e);
    this.#items = [];
    this.#byKey = undefined;
    this.#live = 0;
    return out;
  }
}
