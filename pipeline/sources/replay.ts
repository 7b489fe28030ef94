/**
 * The `replay` source: streams a recording (NDJSON, or CSV with a header
 * `ts,machine,sensor,value[,unit,quality,label,id]`) at N× real time by its
 * event-time gaps, or as fast as possible. Malformed lines go to `.dlq` with
 * their line number; the stream goes on.
 */
import { z } from "zod";
import { ReadingBatchBuilder } from "../engine/batch.ts";
import type { Source, SourceContext, SourceDef } from "../engine/component.ts";
import type { Reading } from "../engine/record.ts";
import {
  type LineResult,
  lines,
  parseCsvHeader,
  parseCsvLine,
  parseJsonLine,
} from "./replay_parse.ts";

export const ReplayConfigSchema = z.object({
  path: z.string().min(1).meta({
    description: "Recording to replay, relative to the topology file (.ndjson/.jsonl or .csv)",
  }),
  format: z.enum(["auto", "ndjson", "csv"]).default("auto").meta({
    description: "File format; auto picks csv for a .csv extension, ndjson otherwise",
  }),
  speed: z.union([z.number().positive(), z.literal("max")]).default("max").meta({
    description:
      'N replays at N× real time by the recorded event-time gaps; "max" as fast as possible',
  }),
  loop: z.boolean().default(false).meta({
    description: "Start over at the end; each pass shifts event time past the previous one",
  }),
  batch_size: z.number().int().min(1).max(65_536).default(1024).meta({
    description: "Largest batch emitted",
  }),
}).strict();
export type ReplayConfig = z.output<typeof ReplayConfigSchema>;

/** Resolves `path` against `baseDir` unless it is absolute. */
function resolvePath(baseDir: string, path: string): string {
  return path.startsWith("/") || baseDir === "" ? path : `${baseDir.replace(/\/$/, "")}/${path}`;
}

/** A running replay; exported for tests. */
export class Replay implements Source {
  readonly #cfg: ReplayConfig;
  readonly #file: string;
  readonly #name: string;

  constructor(cfg: ReplayConfig, file: string, name = "replay") {
    this.#cfg = cfg;
    this.#file = file;
    this.#name = name;
  }

  async #open(): Promise<Deno.FsFile> {
    try {
      return await Deno.open(this.#file);
    } catch (e) {
      throw new Error(
        `Cannot replay "${this.#name}": path must be a readable file, got "${this.#file}" (${
          (e as Error).message
        })`,
      );
    }
  }

  async run(ctx: SourceContext): Promise<void> {
    const cfg = this.#cfg;
    const csv = cfg.format === "csv" || (cfg.format === "auto" && /\.csv$/i.test(this.#file));
    const b = new ReadingBatchBuilder(Math.min(cfg.batch_size, 4096));
    const flush = async () => {
      if (b.length > 0) await ctx.emit(b.finish());
    };
    let firstTs = NaN, wallStart = NaN, shift = 0, batches = 0;
    for (let pass = 0; !ctx.signal.aborted; pass++) {
      let minTs = Infinity, maxTs = -Infinity, lastGap = 1, prevTs = NaN, valid = 0;
      let columns: string[] | undefined;
      using file = await this.#open();
      for await (const [line, no] of lines(file.readable)) {
        if (ctx.signal.aborted) break;
        if (line.trim() === "") continue;
        if (csv && columns === undefined) {
          const h = parseCsvHeader(line);
          if ("error" in h) {
            throw new Error(`Cannot replay "${this.#name}": ${this.#file} line ${no}: ${h.error}`);
          }
          columns = h.columns;
          continue;
        }
        const res: LineResult = csv ? parseCsvLine(line, columns!) : parseJsonLine(line);
        if ("error" in res) {
          ctx.reject(line, `line ${no}: ${res.error}`);
          continue;
        }
        const r: Reading = res.reading;
        valid++;
        minTs = Math.min(minTs, r.ts);
        maxTs = Math.max(maxTs, r.ts);
        if (!Number.isNaN(prevTs) && r.ts > prevTs) lastGap = r.ts - prevTs;
        prevTs = r.ts;
        const ts = r.ts + shift;
        if (cfg.speed !== "max") {
          if (Number.isNaN(firstTs)) (firstTs = ts, wallStart = ctx.clock.now());
          const wait = wallStart + (ts - firstTs) / cfg.speed - ctx.clock.now();
          if (wait > 0) {
            await flush();
            try {
              await ctx.clock.sleep(wait, ctx.signal);
            } catch (e) {
              if (ctx.signal.aborted) break;
              throw e;
            }
          }
        }
        const id = r.id !== undefined && pass > 0 ? `${r.id}~${pass}` : r.id;
        b.push(ts, r.machine, r.sensor, r.value, r.unit, r.quality, r.label, id);
        if (b.length >= cfg.batch_size) {
          await flush();
          if (++batches % 8 === 0) await new Promise((res) => setTimeout(res, 0));
        }
      }
      await flush();
      if (!cfg.loop || valid === 0) break;
      shift += maxTs - minTs + lastGap;
    }
  }
}

/** The `replay` source definition. */
export const replay: SourceDef<ReplayConfig> = {
  kind: "source",
  type: "replay",
  summary: "Replays a recorded NDJSON or CSV stream at N× real time or as fast as possible",
  config: ReplayConfigSchema,
  outputs: () => ({ out: "reading" }),
  examples: [
    ReplayConfigSchema.parse({ path: "recordings/normal-abc.ndjson" }),
    ReplayConfigSchema.parse({ path: "recordings/overheat-A.ndjson", speed: 10, loop: true }),
  ],
  build: (config, ctx) =>
    new Replay(config, resolvePath(ctx.services.baseDir, config.path), ctx.name),
};
