/**
 * Group commit with retries, for sinks whose `write()` must resolve only once
 * the data is durable: items added while a commit is in flight are committed
 * together in the next one; each caller's promise settles with the commit
 * that carried its item. Connection errors are retried with exponential
 * backoff on the injected clock, keeping the same items (nothing is lost).
 */
import type { Clock } from "../engine/clock.ts";

export interface GroupCommitOptions<T> {
  /** For messages, e.g. `postgres sink "db"`. */
  what: string;
  clock: Clock;
  /** Wait this long gathering items before a commit (0: commit at once). */
  gatherMs: number;
  maxRetries: number;
  /** First retry delay; doubled per retry, capped at 30 s. */
  backoffMs: number;
  commit(items: T[]): Promise<void>;
  /** Which errors are worth retrying (default {@link isConnectionError}). */
  retryable?: (e: unknown) => boolean;
}

interface Waiter<T> {
  item: T;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Serialises commits and batches their items.
 *
 * @example
 * ```ts
 * import { GroupCommit } from "./group_commit.ts";
 * import { systemClock } from "../engine/clock.ts";
 * const g = new GroupCommit<number>({
 *   what: "demo", clock: systemClock, gatherMs: 0, maxRetries: 3, backoffMs: 100,
 *   commit: async (items) => console.log("committing", items),
 * });
 * await Promise.all([g.add(1), g.add(2)]); // one commit of [1], then one of [2]
 * ```
 */
export class GroupCommit<T> {
  #opts: GroupCommitOptions<T>;
  #queue: Waiter<T>[] = [];
  #running: Promise<void> | undefined;

  constructor(opts: GroupCommitOptions<T>) {
    this.#opts = opts;
  }

  /** Queues `item`; resolves when the commit carrying it succeeded. */
  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#kick();
    });
  }

  /** Resolves when everything queued so far has been committed or has failed. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #kick(): void {
    if (this.#running) return;
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#queue.length > 0) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      if (this.#opts.gatherMs > 0) await this.#opts.clock.sleep(this.#opts.gatherMs);
      const group = this.#queue.splice(0);
      try {
        await this.#commitWithRetry(group.map((w) => w.item));
        for (const w of group) w.resolve();
      } catch (e) {
        for (const w of group) w.reject(e);
      }
    }
  }

  async #commitWithRetry(items: T[]): Promise<void> {
    const { what, clock, maxRetries, backoffMs } = this.#opts;
    const retryable = this.#opts.retryable ?? isConnectionError;
    for (let attempt = 0;; attempt++) {
      try {
        return await this.#opts.commit(items);
      } catch (e) {
        if (!retryable(e)) {
          throw new Error(`Cannot write to ${what}: ${errorText(e)}`, { cause: e });
        }
        if (attempt >= maxRetries) {
          throw new Error(
            `Cannot write to ${what}: still failing after ${maxRetries} retries: ${errorText(e)}`,
            { cause: e },
          );
        }
        await clock.sleep(Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** attempt));
      }
    }
  }
}

const RETRY_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);

/**
 * True for errors after which the same transaction may succeed: lost or
 * refused connections (npm:postgres and Node codes, SQLSTATE class 08),
 * server restarts, serialization failures and deadlocks.
 */
export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return RETRY_CODES.has(code) || code.startsWith("08");
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
