/**
 * `http_ingest`: readings pushed in over HTTP (`POST /api/v1/ingest`).
 *
 * A running instance registers itself, under its component name, in a
 * process-wide registry ({@link ingestTargets}); the web route validates the
 * request and calls {@link HttpIngestSource.push}, which resolves once the
 * readings were emitted downstream — so a busy pipeline slows the HTTP
 * clients down (backpressure) — or rejects when the queue is full.
 */
import { z } from "zod";
import { readingBatchOf } from "../engine/batch.ts";
import type { Source, SourceContext, SourceDef } from "../engine/component.ts";
import type { Reading } from "../engine/record.ts";

const Config = z.object({
  max_batch: z.number().int().min(1).max(65_536).default(1000).meta({
    description: "Most readings emitted downstream in one batch",
  }),
  max_queued: z.number().int().min(1).max(10_000_000).default(100_000).meta({
    description: "Readings waiting to be emitted before requests are refused (HTTP 503)",
  }),
}).strict();

/** Parsed `http_ingest` options. */
export type HttpIngestConfig = z.infer<typeof Config>;

interface Pending {
  readings: Reading[];
  resolve: () => void;
  reject: (e: Error) => void;
}

const registry = new Map<string, HttpIngestSource>();

/** The running `http_ingest` sources of this process, by component name. */
export function ingestTargets(): ReadonlyMap<string, HttpIngestSource> {
  return registry;
}

/** A running `http_ingest` source. */
export class HttpIngestSource implements Source {
  #queue: Pending[] = [];
  #queued = 0;
  #wake: (() => void) | undefined;
  #stopped = false;

  constructor(readonly config: HttpIngestConfig, readonly name: string) {}

  /** Readings accepted but not yet emitted. */
  get queued(): number {
    return this.#queued;
  }

  /** Queues readings; resolves once they are emitted downstream. */
  push(readings: Reading[]): Promise<void> {
    if (this.#stopped) {
      return Promise.reject(new Error(`Cannot ingest into "${this.name}": the source has stopped`));
    }
    if (this.#queued + readings.length > this.config.max_queued) {
      return Promise.reject(
        new RangeError(
          `Cannot ingest ${readings.length} readings into "${this.name}": ${this.#queued} are ` +
            `already queued (max_queued ${this.config.max_queued}); retry later`,
        ),
      );
    }
    if (readings.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ readings, resolve, reject });
      this.#queued += readings.length;
      this.#wake?.();
    });
  }

  async run(ctx: SourceContext): Promise<void> {
    if (registry.has(this.name)) {
      throw new Error(`Cannot run http_ingest "${this.name}": a source of that name already runs`);
    }
    registry.set(this.name, this);
    try {
      while (!ctx.signal.aborted) {
        const item = this.#queue.shift();
        if (!item) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
            ctx.signal.addEventListener("abort", () => resolve(), { once: true });
          });
          continue;
        }
        try {
          for (let i = 0; i < item.readings.length; i += this.config.max_batch) {
            await ctx.emit(readingBatchOf(item.readings.slice(i, i + this.config.max_batch)));
          }
          item.resolve();
        } catch (e) {
          item.reject(e instanceof Error ? e : new Error(String(e)));
        } finally {
          this.#queued -= item.readings.length;
        }
      }
    } finally {
      this.#stopped = true;
      if (registry.get(this.name) === this) registry.delete(this.name);
      for (const p of this.#queue.splice(0)) {
        p.reject(new Error(`Cannot ingest into "${this.name}": the pipeline stopped`));
      }
    }
  }
}

/** The `http_ingest` source definition. */
export const httpIngest: SourceDef<HttpIngestConfig> = {
  kind: "source",
  type: "http_ingest",
  summary: "Readings pushed in over HTTP: POST /api/v1/ingest with an X-API-KEY header",
  config: Config,
  outputs: () => ({ out: "reading" }),
  examples: [{ max_batch: 1000, max_queued: 100_000 }, { max_batch: 256, max_queued: 10_000 }],
  build(config, ctx) {
    return new HttpIngestSource(config, ctx.name);
  },
};
