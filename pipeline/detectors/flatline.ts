/**
 * `flatline`: flags stuck sensors — a series that keeps reporting the very
 * same value, which a healthy, noisy sensor never does.
 *
 * On window aggregates: `windows` consecutive windows with stddev ≤ epsilon,
 * at least `min_count` readings each, all at the same value. On raw readings:
 * the same value (± epsilon) for at least `duration` of event time and
 * `min_count` readings. While the series stays stuck the verdict is repeated
 * (every window, or every `duration`), so downstream alerts stay open; when it
 * moves again a recovery verdict (`is_anomaly: false`) is emitted.
 */
import { z } from "zod";
import { eventBatch } from "../engine/batch.ts";
import type { TransformContext, TransformDef } from "../engine/component.ts";
import type { Aggregate, Anomaly } from "../engine/record.ts";
import { durationMs, formatDuration } from "../dsl/duration.ts";
import { forEachPoint, SeriesStates } from "./points.ts";

const Config = z.object({
  windows: z.number().int().min(1).default(3).meta({
    description: "Consecutive flat windows (aggregates input) before a sensor counts as stuck",
  }),
  duration: durationMs.prefault("30s").meta({
    description: "How long one value must repeat (readings input) before a sensor counts as stuck",
  }),
  min_count: z.number().int().min(2).default(3).meta({
    description: "Readings per window (aggregates) or in a row (readings) needed to judge",
  }),
  epsilon: z.number().min(0).default(1e-9).meta({
    description: "Largest stddev / difference still counted as no change, in the sensor's unit",
  }),
}).strict();

/** Parsed `flatline` options. */
export type FlatlineConfig = z.infer<typeof Config>;

interface Run {
  machine: string;
  sensor: string;
  /** The repeated value, the event time it started, and how many readings/windows so far. */
  value: number;
  since: number;
  count: number;
  /** Event time of the last stuck verdict, or NaN when not stuck. */
  flagged: number;
}

/** The `flatline` detector definition. */
export const flatline: TransformDef<FlatlineConfig> = {
  kind: "transform",
  type: "flatline",
  summary: "Flags stuck sensors: the same value for several windows or a long stretch of readings",
  config: Config,
  accepts: ["reading", "aggregate"],
  outputs: () => ({ out: "anomaly" }),
  examples: [
    { windows: 3, duration: 30_000, min_count: 3, epsilon: 1e-9 },
    { windows: 5, duration: 120_000, min_count: 10, epsilon: 0.001 },
  ],
  build(config, ctx: TransformContext) {
    const { windows, duration, min_count, epsilon } = config;
    const states = new SeriesStates<Run>((machine, sensor) => ({
      machine,
      sensor,
      value: NaN,
      since: 0,
      count: 0,
      flagged: NaN,
    }));
    let out: Anomaly[] = [];

    /** A stuck verdict, or a recovery one; `span` says for how long (e.g. "3 windows", "45s"). */
    const verdict = (r: Run, ts: number, stuck: boolean, span: string, label?: string) => {
      const a: Anomaly = {
        kind: "anomaly",
        ts,
        machine: r.machine,
        sensor: r.sensor,
        score: stuck ? 0.75 : 0,
        is_anomaly: stuck,
        contributing: stuck ? [r.sensor] : [],
        detector: "flatline",
        severity: stuck ? "warning" : "info",
        value: r.value,
        message: stuck
          ? `sensor ${r.sensor} stuck at ${r.value} for ${span}`
          : `sensor ${r.sensor} moving again after ${span} stuck at ${r.value}`,
      };
      if (label !== undefined) a.label = label;
      out.push(a);
    };

    /** Starts a new run at `value` (NaN: no run), recovering the old one if it was flagged. */
    const restart = (r: Run, ts: number, value: number, since: number, windowed: boolean) => {
      if (r.flagged === r.flagged) {
        verdict(r, ts, false, windowed ? `${r.count} windows` : formatDuration(ts - r.since));
      }
      r.flagged = NaN;
      r.value = value;
      r.since = since;
      r.count = value === value ? 1 : 0;
    };

    const onReading = (r: Run, ts: number, v: number, label: string | undefined) => {
      if (!Number.isFinite(v)) return;
      if (r.count === 0 || Math.abs(v - r.value) > epsilon) return restart(r, ts, v, ts, false);
      r.count++;
      if (r.count < min_count || ts - r.since < duration) return;
      if (r.flagged !== r.flagged || ts - r.flagged >= duration) {
        verdict(r, ts, true, formatDuration(ts - r.since), label);
        r.flagged = ts;
      }
    };

    const onAggregate = (a: Aggregate) => {
      const r = states.get(a.machine, a.sensor);
      const flat = a.count >= min_count && a.stddev <= epsilon;
      if (flat && r.count > 0 && Math.abs(a.mean - r.value) <= epsilon) r.count++;
      else {
        restart(r, a.ts, flat ? a.mean : NaN, a.window_start, true);
        if (!flat) return;
      }
      if (r.count < windows) return;
      verdict(r, a.ts, true, `${r.count} windows`, a.label);
      r.flagged = a.ts;
    };

    return {
      process(batch) {
        if (batch.kind === "readings") {
          forEachPoint(batch, (m, sensor) => states.get(m, sensor), onReading);
        } else {
          for (const a of batch.records) if (a.kind === "aggregate" && !a.update) onAggregate(a);
        }
        if (out.length > 0) {
          ctx.emit(eventBatch(out));
          out = [];
        }
      },
      snapshot: () => [...states.values()].map((r) => ({ ...r })),
      restore(state) {
        states.clear();
        for (const r of state as Run[]) {
          states.set(r.machine, r.sensor, {
            ...r,
            flagged: r.flagged ?? NaN,
            value: r.value ?? NaN,
          });
        }
      },
    };
  },
};
