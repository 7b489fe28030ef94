/**
 * A counting semaphore: bounded in-flight work per partition, which is how a
 * slow sink slows the sources (backpressure) and memory stays bounded.
 */
export class Credits {
  #free: number;
  #waiters: (() => void)[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot construct Credits as capacity must be a positive integer: current value is ${capacity}`,
      );
    }
    this.#free = capacity;
  }

  get inUse(): number {
    return this.capacity - this.#free;
  }

  acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#free++;
  }
}
