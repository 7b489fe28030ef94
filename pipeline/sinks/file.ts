/**
 * `file` sink: appends records as NDJSON (one JSON object per line) —
 * readings as objects, events as they are. `flush()` and `close()` fsync, so
 * what they resolved for survives a crash.
 */
import { z } from "zod";
import { type Batch, readingsOf } from "../engine/batch.ts";
import type { SinkDef } from "../engine/component.ts";

export const FileSinkConfig = z.object({
  path: z.string().min(1).meta({
    description: "NDJSON file to append to, relative to the topology's directory",
  }),
}).strict();

export type FileSinkOptions = z.infer<typeof FileSinkConfig>;

/** `path` resolved against `baseDir` unless absolute. */
export function resolvePath(baseDir: string, path: string): string {
  return path.startsWith("/") ? path : `${baseDir.replace(/\/+$/, "")}/${path}`;
}

/**
 * Appends lines to a file, opened (and its folder created) on first write.
 * Writes are serialised; `sync()` fsyncs.
 *
 * @example
 * ```ts
 * import { NdjsonWriter } from "./file.ts";
 * const w = new NdjsonWriter("/tmp/out.ndjson");
 * await w.append([{ a: 1 }, { a: 2 }]);
 * await w.close();
 * ```
 */
export class NdjsonWriter {
  readonly path: string;
  #file: Deno.FsFile | undefined;
  #tail: Promise<void> = Promise.resolve();
  #encoder = new TextEncoder();

  constructor(path: string) {
    this.path = path;
  }

  /** Appends one line per value. */
  append(values: unknown[]): Promise<void> {
    if (values.length === 0) return this.#tail;
    let text = "";
    for (const v of values) text += JSON.stringify(v) + "\n";
    return this.#then(async () => {
      const file = await this.#open();
      const bytes = this.#encoder.encode(text);
      for (let off = 0; off < bytes.length;) off += await file.write(bytes.subarray(off));
    });
  }

  /** Resolves when all appended lines are on disk. */
  sync(): Promise<void> {
    return this.#then(async () => {
      if (this.#file) await this.#file.sync();
    });
  }

  /** Syncs and closes the file; a later append reopens it. */
  close(): Promise<void> {
    return this.#then(async () => {
      if (!this.#file) return;
      await this.#file.sync();
      this.#file.close();
      this.#file = undefined;
    });
  }

  #then(step: () => Promise<void>): Promise<void> {
    const next = this.#tail.then(step);
    this.#tail = next.catch(() => {});
    return next;
  }

  async #open(): Promise<Deno.FsFile> {
    if (this.#file) return this.#file;
    const dir = this.path.slice(0, this.path.lastIndexOf("/"));
    if (dir) await Deno.mkdir(dir, { recursive: true });
    try {
      this.#file = await Deno.open(this.path, { append: true, create: true });
    } catch (e) {
      throw new Error(
        `Cannot open "${this.path}" for appending: ${e instanceof Error ? e.message : e}`,
        { cause: e },
      );
    }
    return this.#file;
  }
}

/** Records of a batch as JSON-able objects. */
export function batchRecords(batch: Batch): unknown[] {
  return batch.kind === "readings" ? readingsOf(batch) : batch.records;
}

/** The `file` sink definition. */
export const fileSink: SinkDef<FileSinkOptions> = {
  kind: "sink",
  type: "file",
  summary: "Appends records to an NDJSON file (readings as objects, events as they are)",
  config: FileSinkConfig,
  accepts: ["reading", "aggregate", "anomaly", "rul", "alert", "rejected"],
  examples: [{ path: "data/readings.ndjson" }, { path: "data/dlq.ndjson" }],
  build(config, ctx) {
    const writer = new NdjsonWriter(resolvePath(ctx.services.baseDir, config.path));
    return {
      write: (batch) => writer.append(batchRecords(batch)),
      flush: () => writer.sync(),
      close: () => writer.close(),
    };
  },
};
