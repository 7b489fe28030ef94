/**
 * `zscore`: flags values far from an exponentially weighted moving baseline.
 *
 * Per (machine, sensor) it keeps an EWMA mean and variance. The first `warmup`
 * points only build the baseline (exact running mean/variance, so the EWMA
 * does not start from a guess); after that every point gets a z-score against
 * the baseline *before* it is folded in.
 *
 * Robust update: a point beyond the threshold moves the mean only as far as a
 * point at mean ± threshold·σ would, and does not update σ at all. Without this
 * a fault drags the mean towards itself and inflates σ, so after a handful of
 * points the detector "gets used to" the fault, stops flagging it, and stays
 * deaf for a while after it ends. (Feeding σ the clipped point is not enough:
 * it still multiplies the variance by (1 − a)(1 + a·threshold²), ≈ 1.2 per
 * point at the defaults.) Each anomalous point still moves the mean by
 * alpha·threshold·σ, so a genuine, lasting change of operating point is
 * learned, slowly, instead of alarming forever.
 *
 * σ is tracked with a quarter of the mean's weight (a = alpha / 4, i.e. four
 * times the memory): a variance estimated from ~20 points swings enough that
 * pure noise crosses |z| = 3 several times more often than it should.
 */
import { z } from "zod";
import { eventBatch } from "../engine/batch.ts";
import type { TransformContext, TransformDef } from "../engine/component.ts";
import type { Anomaly } from "../engine/record.ts";
import { forEachPoint, SeriesStates } from "./points.ts";

const Config = z.object({
  alpha: z.number().gt(0).lte(1).optional().meta({
    description: "EWMA weight of each new point, 0 < alpha ≤ 1 (default 0.1); excludes half_life",
  }),
  half_life: z.number().gt(0).optional().meta({
    description: "Points after which an observation's weight halves; alternative to alpha",
  }),
  threshold: z.number().gt(0).default(3).meta({
    description: "|z| at or above which a point is anomalous",
  }),
  warmup: z.number().int().min(2).default(10).meta({
    description: "Points per series used to build the baseline before any verdict",
  }),
  min_stddev: z.number().min(0).default(0).meta({
    description: "Floor for σ, in the sensor's unit (avoids infinite z on very quiet series)",
  }),
  emit: z.enum(["anomalies", "all"]).default("anomalies").meta({
    description: "anomalies: only points with |z| ≥ threshold; all: a verdict for every point",
  }),
}).strict();

/** Parsed `zscore` options. */
export type ZscoreConfig = z.infer<typeof Config>;

interface Stats {
  machine: string;
  sensor: string;
  n: number;
  mean: number;
  variance: number;
}

/** EWMA weight for a config: `alpha`, or derived from `half_life`, or 0.1. */
export function zscoreAlpha(config: ZscoreConfig, name = "zscore"): number {
  if (config.alpha !== undefined && config.half_life !== undefined) {
    throw new Error(
      `Cannot build detector "${name}": set alpha or half_life, not both ` +
        `(alpha ${config.alpha}, half_life ${config.half_life})`,
    );
  }
  if (config.half_life !== undefined) return 1 - Math.pow(0.5, 1 / config.half_life);
  return config.alpha ?? 0.1;
}

/** The `zscore` detector definition. */
export const zscore: TransformDef<ZscoreConfig> = {
  kind: "transform",
  type: "zscore",
  summary: "Flags values whose z-score against a per-sensor EWMA baseline exceeds a threshold",
  config: Config,
  accepts: ["reading", "aggregate"],
  outputs: () => ({ out: "anomaly" }),
  examples: [
    { threshold: 3, warmup: 10, min_stddev: 0, emit: "anomalies" },
    { half_life: 30, threshold: 4, warmup: 50, min_stddev: 0.01, emit: "all" },
  ],
  build(config, ctx: TransformContext) {
    const alpha = zscoreAlpha(config, ctx.name);
    const varAlpha = alpha / 4;
    const { threshold, warmup, min_stddev } = config;
    const all = config.emit === "all";
    const states = new SeriesStates<Stats>((machine, sensor) => ({
      machine,
      sensor,
      n: 0,
      mean: 0,
      variance: 0,
    }));
    let out: Anomaly[] = [];

    const visit = (s: Stats, ts: number, x: number, label: string | undefined) => {
      if (!Number.isFinite(x)) return;
      if (s.n < warmup) {
        // Welford: exact mean and population variance of the warm-up points.
        s.n++;
        const d = x - s.mean;
        s.mean += d / s.n;
        s.variance += (d * (x - s.mean) - s.variance) / s.n;
        return;
      }
      s.n++;
      const mean = s.mean;
      const sd = Math.max(Math.sqrt(s.variance), min_stddev, 1e-9 * Math.max(1, Math.abs(mean)));
      const z = (x - mean) / sd;
      const az = Math.abs(z);
      const anomalous = az >= threshold;
      // Robust EWMA update (see the module doc for why).
      if (anomalous) s.mean = mean + alpha * Math.sign(z) * threshold * sd;
      else {
        const diff = x - mean;
        s.mean = mean + alpha * diff;
        s.variance = (1 - varAlpha) * (s.variance + varAlpha * diff * diff);
      }
      if (!anomalous && !all) return;
      const a: Anomaly = {
        kind: "anomaly",
        ts,
        machine: s.machine,
        sensor: s.sensor,
        score: Math.min(1, az / (2 * threshold)),
        is_anomaly: anomalous,
        contributing: anomalous ? [s.sensor] : [],
        detector: "zscore",
        severity: !anomalous ? "info" : az >= 2 * threshold ? "critical" : "warning",
        value: x,
        message: `${s.sensor} ${round(x)} is ${round(az)}σ ${z >= 0 ? "above" : "below"} ` +
          `its moving mean ${round(mean)} (σ ${round(sd)})`,
      };
      if (label !== undefined) a.label = label;
      out.push(a);
    };

    return {
      process(batch) {
        forEachPoint(batch, (m, s) => states.get(m, s), visit);
        if (out.length > 0) {
          ctx.emit(eventBatch(out));
          out = [];
        }
      },
      snapshot: () => [...states.values()].map((s) => ({ ...s })),
      restore(state) {
        states.clear();
        for (const s of state as Stats[]) states.set(s.machine, s.sensor, { ...s });
      },
    };
  },
};

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
