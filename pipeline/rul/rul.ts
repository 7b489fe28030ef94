/**
 * The `rul` transform: remaining useful life per machine from window
 * aggregates, by degradation-trend fits (`linear`, `exponential`) or by the
 * learned C-MAPSS model (`model`).
 */
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { eventBatch } from "../engine/batch.ts";
import type { Operator, TransformDef } from "../engine/component.ts";
import type { RulEstimate } from "../engine/record.ts";
import { loadRulModel } from "./model.ts";
import { ModelEstimator } from "./model_estimator.ts";
import { TrendEstimator } from "./trend_estimator.ts";

const WatchedSensorSchema = z.object({
  name: z.string().min(1).meta({ description: "Sensor name" }),
  failure_threshold: z.number().meta({
    description: "Value at which the machine is considered failed",
  }),
  baseline: z.number().optional().meta({
    description: "Healthy value (default: the first window mean seen per machine)",
  }),
}).strict();

export const RulConfigSchema = z.object({
  method: z.enum(["linear", "exponential", "model"]).default("exponential").meta({
    description: "Degradation fit (linear, exponential) or the learned C-MAPSS model",
  }),
  sensors: z.array(WatchedSensorSchema).min(1).optional().meta({
    description:
      "Sensors to watch with their failure thresholds (trend methods); default: catalog sensors with a critical level",
  }),
  history_points: z.number().int().min(4).max(10_000).default(120).meta({
    description: "Window aggregates kept per machine and sensor for the fit",
  }),
  min_points: z.number().int().min(3).default(10).meta({
    description: "Windows needed before the first estimate",
  }),
  max_hours: z.number().positive().default(24 * 365).meta({
    description: "Horizon: estimates are capped here (also reported when nothing degrades)",
  }),
  interval_z: z.number().positive().default(1.96).meta({
    description: "Interval half-width in standard errors (1.96 ≈ 95 %)",
  }),
  model: z.string().default("models/rul_fd001.json").meta({
    description: "Model file for method model (relative to the topology, else to the repository)",
  }),
  cycle_secs: z.number().positive().default(3600).meta({
    description: "Event-time seconds per engine cycle for method model (as in the cmapss source)",
  }),
}).strict();

export type RulConfig = z.infer<typeof RulConfigSchema>;

const REPO = fileURLToPath(new URL("../../", import.meta.url));

async function resolveModel(path: string, baseDir: string): Promise<string> {
  if (isAbsolute(path)) return path;
  const local = join(baseDir, path);
  return await Deno.stat(local).then(() => local, () => join(REPO, path));
}

/** The `rul` transform definition. */
export const rul: TransformDef<RulConfig> = {
  kind: "transform",
  type: "rul",
  summary: "Remaining useful life per machine (hours, interval, confidence) from window aggregates",
  config: RulConfigSchema,
  accepts: ["aggregate"],
  outputs: () => ({ out: "rul" }),
  examples: [
    RulConfigSchema.parse({ method: "exponential" }),
    RulConfigSchema.parse({
      method: "linear",
      sensors: [{ name: "bearing_temp", failure_threshold: 200, baseline: 150 }],
    }),
    RulConfigSchema.parse({ method: "model", model: "models/rul_fd001.json", cycle_secs: 3600 }),
  ],
  async build(config, ctx): Promise<Operator> {
    if (config.min_points > config.history_points) {
      throw new Error(
        `Cannot build rul "${ctx.name}": min_points must be <= history_points, got ${config.min_points} > ${config.history_points}`,
      );
    }
    let est: TrendEstimator | ModelEstimator;
    if (config.method === "model") {
      const path = await resolveModel(config.model, ctx.services.baseDir);
      const model = await loadRulModel(path).catch((e) => {
        throw new Error(`Cannot build rul "${ctx.name}": cannot load model ${path}: ${e.message}`);
      });
      est = new ModelEstimator({
        model,
        cycle_secs: config.cycle_secs,
        interval_z: config.interval_z,
        max_cycles: 1000,
      });
    } else {
      est = new TrendEstimator({ ...config, method: config.method });
    }
    return {
      process(batch) {
        if (batch.kind !== "events") {
          ctx.reject(batch, "rul accepts window aggregates, got a reading batch");
          return;
        }
        const touched = new Set<string>();
        for (const r of batch.records) {
          if (r.kind !== "aggregate") {
            ctx.reject(r, `rul accepts aggregate records, got ${r.kind}`, r.ts);
          } else if (!Number.isFinite(r.mean)) {
            ctx.reject(r, `rul needs a finite window mean, got ${r.mean}`, r.ts);
          } else if (est.watches(r.sensor) && est.add(r)) {
            touched.add(r.machine);
          }
        }
        const out: RulEstimate[] = [];
        for (const m of touched) {
          const e = est.estimate(m);
          if (e) out.push(e);
        }
        if (out.length > 0) ctx.emit(eventBatch(out));
      },
      snapshot: () => est.snapshot(),
      restore: (state) => est.restore(state),
    };
  },
};
