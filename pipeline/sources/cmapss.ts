/**
 * The `cmapss` source: a NASA C-MAPSS file as a stream. Each unit is a machine
 * (`engine_1`, …), each cycle an event time `cycle_secs` apart, each sensor a
 * reading named as in `pipeline/rul/cmapss.ts`. All units start together and
 * are emitted cycle by cycle, so event time only moves forward.
 */
import { isAbsolute, join } from "node:path";
import { z } from "zod";
import { ReadingBatchBuilder } from "../engine/batch.ts";
import type { Source, SourceDef } from "../engine/component.ts";
import {
  CMAPSS_SENSORS,
  type CmapssData,
  cmapssDir,
  INFORMATIVE_SENSORS,
  parseCmapss,
} from "../rul/cmapss.ts";

export const CmapssConfigSchema = z.object({
  path: z.string().min(1).meta({
    description:
      "C-MAPSS data file (relative to the topology; a bare name is also looked up in CMAPSS_DIR or ../shared/data/cmapss)",
  }),
  cycle_secs: z.number().positive().default(3600).meta({
    description: "Event-time seconds between two cycles of a unit",
  }),
  start_ts: z.number().optional().meta({
    description: "Epoch ms of cycle 1 (default: the clock's time at start)",
  }),
  speed: z.number().min(0).default(0).meta({
    description:
      "Replay speed as a multiple of event time (2 = twice as fast); 0 = as fast as possible",
  }),
  units: z.array(z.number().int().positive()).min(1).optional().meta({
    description: "Only these unit numbers (default: all)",
  }),
  sensors: z.enum(["informative", "all"]).default("informative").meta({
    description: "The 14 sensors that carry degradation in FD001, or all 21",
  }),
  machine_prefix: z.string().min(1).max(32).default("engine_").meta({
    description: "Machine id prefix; the unit number is appended",
  }),
  label_last_cycles: z.number().int().positive().optional().meta({
    description:
      "Label readings `degradation` in each unit's last N cycles (run-to-failure files only)",
  }),
}).strict();

export type CmapssConfig = z.infer<typeof CmapssConfigSchema>;

async function readData(path: string, baseDir: string): Promise<CmapssData> {
  const candidates = isAbsolute(path) ? [path] : [join(baseDir, path), join(cmapssDir(), path)];
  for (const file of candidates) {
    const text = await Deno.readTextFile(file).catch(() => undefined);
    if (text !== undefined) return parseCmapss(text, file);
  }
  throw new Error(`Cannot read C-MAPSS file "${path}": not found in ${candidates.join(" or ")}`);
}

/** Streams parsed C-MAPSS units as readings (exported for the CLI and tests). */
export function cmapssSource(data: CmapssData, config: CmapssConfig): Source {
  const units = config.units
    ? data.units.filter((u) => config.units!.includes(u.unit))
    : data.units;
  const cols = config.sensors === "all"
    ? CMAPSS_SENSORS.map((_, j) => j)
    : [...INFORMATIVE_SENSORS];
  return {
    async run(ctx) {
      const start = config.start_ts ?? ctx.clock.now();
      const stepMs = config.cycle_secs * 1000;
      const wallStart = ctx.clock.now();
      const last = Math.max(0, ...units.map((u) => u.cycles.length));
      const b = new ReadingBatchBuilder(Math.max(1, units.length * cols.length));
      for (let c = 0; c < last && !ctx.signal.aborted; c++) {
        const ts = start + c * stepMs;
        if (config.speed > 0) {
          const wait = wallStart + (c * stepMs) / config.speed - ctx.clock.now();
          if (wait > 0) {
            try {
              await ctx.clock.sleep(wait, ctx.signal);
            } catch (e) {
              if (ctx.signal.aborted) break;
              throw e;
            }
          }
        }
        for (const u of units) {
          const n = u.cycles.length;
          if (c >= n) continue;
          const machine = config.machine_prefix + u.unit;
          const label = config.label_last_cycles !== undefined && n - c <= config.label_last_cycles
            ? b.labelIndex("degradation")
            : 0;
          for (const j of cols) {
            const s = CMAPSS_SENSORS[j];
            b.pushIndexed(b.seriesIndex(machine, s.name, s.unit), ts, u.sensors[j][c], 0, label);
          }
        }
        if (b.length > 0) await ctx.emit(b.finish());
      }
    },
  };
}

/** The `cmapss` source definition. */
export const cmapss: SourceDef<CmapssConfig> = {
  kind: "source",
  type: "cmapss",
  summary: "NASA C-MAPSS turbofan file as a stream: units as machines, cycles as event time",
  config: CmapssConfigSchema,
  outputs: () => ({ out: "reading" }),
  examples: [
    CmapssConfigSchema.parse({ path: "train_FD001.txt", units: [1, 2, 3] }),
    CmapssConfigSchema.parse({ path: "test_FD001.txt", cycle_secs: 60, speed: 100 }),
  ],
  async build(config, ctx) {
    const data = await readData(config.path, ctx.services.baseDir).catch((e) => {
      throw new Error(`Cannot build source "${ctx.name}": ${e.message}`);
    });
    return cmapssSource(data, config);
  },
};
