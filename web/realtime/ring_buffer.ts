/**
 * The hub's bounded history of positioned messages, for resume.
 */

/** One message of the stream, serialised once and shared by every client queue. */
export interface Entry {
  offset: number;
  channel: string;
  /** Coalescing key (sensor, health, …); absent for messages never superseded (alerts). */
  key?: string;
  /** The message as JSON text. */
  json: string;
}

/**
 * Keeps the last `capacity` entries with contiguous offsets.
 *
 * @example
 * ```ts
 * const ring = new RingBuffer(2);
 * ring.push({ offset: 1, channel: "alerts", json: "{}" });
 * ring.after(0); // [the entry]
 * ```
 */
export class RingBuffer {
  #items: Entry[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot construct RingBuffer as capacity must be a positive integer: current value is ${capacity}`,
      );
    }
    this.#items = new Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Offset of the oldest entry kept, or undefined when empty. */
  get oldest(): number | undefined {
    return this.#size === 0 ? undefined : this.#items[this.#start].offset;
  }

  /** Offset of the newest entry, or undefined when empty. */
  get newest(): number | undefined {
    return this.#size === 0
      ? undefined
      : this.#items[(this.#start + this.#size - 1) % this.capacity].offset;
  }

  /** Appends an entry; its offset must follow the newest one. */
  push(e: Entry): void {
    const newest = this.newest;
    if (newest !== undefined && e.offset !== newest + 1) {
      throw new RangeError(
        `Cannot push to RingBuffer as offsets must be contiguous: expected ${
          newest + 1
        }, got ${e.offset}`,
      );
    }
    if (this.#size < this.capacity) {
      this.#items[(this.#start + this.#size) % this.capacity] = e;
      this.#size++;
    } else {
      this.#items[this.#start] = e;
      this.#start = (this.#start + 1) % this.capacity;
    }
  }

  /**
   * Every entry with offset > `offset`, oldest first; undefined when entries
   * after `offset` were already evicted or `offset` is past the newest one.
   * `head` is the offset of the last message published (0 before any);
   * at most `limit` entries are returned.
   */
  after(offset: number, head = this.newest ?? 0, limit = Infinity): Entry[] | undefined {
    if (offset > head || offset < 0) return undefined;
    if (offset === head) return [];
    const oldest = this.oldest;
    if (oldest === undefined || offset + 1 < oldest) return undefined;
    const out: Entry[] = [];
    const end = Math.min(this.#size, offset + 1 - oldest + limit);
    for (let i = offset + 1 - oldest; i < end; i++) {
      out.push(this.#items[(this.#start + i) % this.capacity]);
    }
    return out;
  }
}
