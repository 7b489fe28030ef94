/**
 * `hybrid`: one verdict per machine and window from several detectors' anomalies
 * (point detectors such as threshold, zscore and isolation_forest, and the
 * temporal lstm_autoencoder), keeping each detector's score.
 *
 * Rule. Records are bucketed by machine and window end (`ceil(ts / window)·window`).
 * Per detector d the bucket's score is the highest score d gave in it, s_d,
 * weighted by `weights[d]` (default 1) and clipped to 0..1. The combined score is
 * `noisy_or`: 1 − Π(1 − w_d·s_d) (independent evidence adds up), or `max`:
 * max w_d·s_d. The window is anomalous when the combined score ≥ `threshold`, or
 * when any input record is an anomaly of severity critical. A bucket is emitted
 * once the machine's event time passes its end by `grace`, and at end of input.
 */
import { z } from "zod";
import { eventBatch } from "../engine/batch.ts";
import type { TransformContext, TransformDef } from "../engine/component.ts";
import type { Anomaly } from "../engine/record.ts";
import { durationMs } from "../dsl/duration.ts";

const Config = z.object({
  window: durationMs.prefault("5s").meta({
    description: "Bucket width: anomalies of one machine within one window are combined (e.g. 5s)",
  }),
  rule: z.enum(["noisy_or", "max"]).default("noisy_or").meta({
    description: "noisy_or: 1 − Π(1 − w·s) over detectors; max: the largest w·s",
  }),
  weights: z.record(z.string(), z.number().min(0)).default({}).meta({
    description:
      "Weight per detector name (e.g. { lstm_autoencoder: 0.8 }); unlisted detectors weigh 1",
  }),
  threshold: z.number().gt(0).lte(1).default(0.5).meta({
    description: "Combined score at or above which the window is anomalous",
  }),
  grace: durationMs.prefault("0s").meta({
    description: "How long past a window's end to wait for slower detectors before emitting it",
  }),
  emit: z.enum(["anomalies", "all"]).default("anomalies").meta({
    description: "anomalies: only anomalous windows; all: a verdict for every window with input",
  }),
}).strict();

/** Parsed `hybrid` options. */
export type HybridConfig = z.infer<typeof Config>;

/** One machine's records in one window. */
interface Bucket {
  machine: string;
  end: number;
  records: Anomaly[];
}

/** Combines one bucket's records by `config`'s rule (exported for tests and docs). */
export function combine(
  machine: string,
  end: number,
  records: Anomaly[],
  config: HybridConfig,
): Anomaly {
  const scores: Record<string, number> = {};
  for (const r of records) scores[r.detector] = Math.max(scores[r.detector] ?? 0, r.score);
  const weighted = Object.entries(scores).map(([d, s]) =>
    Math.min(1, Math.max(0, (config.weights[d] ?? 1) * s))
  );
  const combined = config.rule === "max"
    ? Math.max(0, ...weighted)
    : 1 - weighted.reduce((p, s) => p * (1 - s), 1);
  const critical = records.some((r) => r.is_anomaly && r.severity === "critical");
  const isAnomaly = combined >= config.threshold || critical;
  const byScore = [...records].filter((r) => r.is_anomaly).sort((a, b) => b.score - a.score);
  const contributing = [...new Set(byScore.flatMap((r) => r.contributing))];
  const parts = Object.entries(scores).map(([d, s]) => `${d} ${s.toFixed(2)}`).join(", ");
  const out: Anomaly = {
    kind: "anomaly",
    ts: end,
    machine,
    score: combined,
    is_anomaly: isAnomaly,
    contributing,
    detector: "hybrid",
    severity: critical ? "critical" : isAnomaly ? "warning" : "info",
    scores,
    message: `${parts} → ${config.rule} ${combined.toFixed(2)} (threshold ${config.threshold})` +
      (critical ? "; a detector reported critical" : ""),
  };
  const label = records.find((r) => r.label)?.label;
  if (label) out.label = label;
  return out;
}

/** The `hybrid` decision definition. */
export const hybrid: TransformDef<HybridConfig> = {
  kind: "transform",
  type: "hybrid",
  summary:
    "Combines point and temporal detectors' anomalies into one verdict per machine and window",
  config: Config,
  accepts: ["anomaly"],
  outputs: () => ({ out: "anomaly" }),
  examples: [
    Config.parse({}),
    Config.parse({
      window: "10s",
      rule: "max",
      weights: { lstm_autoencoder: 1, threshold: 0.8 },
      threshold: 0.6,
      grace: "5s",
    }),
  ],
  build(config, ctx: TransformContext) {
    if (config.window <= 0) {
      throw new Error(`Cannot build "${ctx.name}": window must be > 0, got ${config.window}ms`);
    }
    const open = new Map<string, Bucket>();
    const clock = new Map<string, number>();
    const emitDue = (all: boolean) => {
      const out: Anomaly[] = [];
      for (const [k, b] of open) {
        if (!all && (clock.get(b.machine) ?? -Infinity) <= b.end + config.grace) continue;
        open.delete(k);
        const a = combine(b.machine, b.end, b.records, config);
        if (a.is_anomaly || config.emit === "all") out.push(a);
      }
      out.sort((a, b) => a.ts - b.ts);
      if (out.length > 0) ctx.emit(eventBatch(out));
    };
    return {
      process(batch) {
        if (batch.kind !== "events") return;
        for (const r of batch.records) {
          if (r.kind !== "anomaly") continue;
          const end = Math.ceil(r.ts / config.window) * config.window;
          const k = r.machine + "\u0000" + end;
          let b = open.get(k);
          if (!b) open.set(k, b = { machine: r.machine, end, records: [] });
          b.records.push(r);
          if (r.ts > (clock.get(r.machine) ?? -Infinity)) clock.set(r.machine, r.ts);
        }
        emitDue(false);
      },
      flush: () => emitDue(true),
      snapshot: () => ({ open: [...open.values()], clock: Object.fromEntries(clock) }),
      restore(state) {
        const s = state as { open: Bucket[]; clock: Record<string, number> };
        open.clear();
        clock.clear();
        for (const b of s.open) open.set(b.machine + "\u0000" + b.end, b);
        for (const [m, t] of Object.entries(s.clock)) clock.set(m, t);
      },
    };
  },
};
