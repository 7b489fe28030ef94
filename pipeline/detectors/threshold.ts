/**
 * `threshold`: per-sensor warning/critical limits with a state machine per
 * (machine, sensor): nominal → warning → critical and back.
 *
 * Limits come from the sensor catalog, then config `overrides`, then runtime
 * changes through `control` (per sensor, or per machine and sensor). An
 * anomaly is emitted on every level change — the return to nominal too, with
 * `is_anomaly: false` and severity "info", so downstream alerts can clear — and
 * again every `repeat` of event time while a series stays in warning/critical.
 */
import { z } from "zod";
import { eventBatch } from "../engine/batch.ts";
import type { SourceCommand, TransformContext, TransformDef } from "../engine/component.ts";
import type { Anomaly } from "../engine/record.ts";
import { sensorSpec } from "../catalog/sensors.ts";
import { durationMs } from "../dsl/duration.ts";
import { forEachPoint, seriesKey, SeriesStates } from "./points.ts";
import {
  catalogLimits,
  classify,
  type Level,
  levelMessage,
  LEVELS,
  levelScore,
  LIMIT_FIELDS,
  limitProblems,
  type Limits,
  LimitsSchema,
} from "./threshold_levels.ts";

const Config = z.object({
  overrides: z.record(z.string(), LimitsSchema).default({}).meta({
    description: "Limits per sensor name, replacing the catalog's for the fields given",
  }),
  repeat: durationMs.prefault("10s").meta({
    description:
      "Re-emit while a series stays in warning/critical, at most this often (event time)",
  }),
  hysteresis: z.number().min(0).max(0.5).default(0).meta({
    description:
      "A level is left only once the value is back inside its limit by this fraction of |limit|",
  }),
}).strict();

/** Parsed `threshold` options. */
export type ThresholdConfig = z.infer<typeof Config>;

interface SeriesState {
  machine: string;
  sensor: string;
  unit?: string;
  level: Level;
  last_emit: number;
  limits: Limits;
  /** Open interval where a nominal series stays nominal (fast path). */
  lo: number;
  hi: number;
  version: number;
}

function nominalBand(l: Limits): [number, number] {
  const lo = Math.max(l.warning_low ?? -Infinity, l.critical_low ?? -Infinity);
  const hi = Math.min(l.warning_high ?? Infinity, l.critical_high ?? Infinity);
  return [lo, hi];
}

/** The `threshold` detector definition. */
export const threshold: TransformDef<ThresholdConfig> = {
  kind: "transform",
  type: "threshold",
  summary:
    "Warning/critical limits per sensor (catalog, config, runtime), with a level state machine",
  config: Config,
  accepts: ["reading", "aggregate"],
  outputs: () => ({ out: "anomaly" }),
  examples: [
    { overrides: {}, repeat: 10_000, hysteresis: 0 },
    {
      overrides: { bearing_temp: { warning_high: 180, critical_high: 195 } },
      repeat: 60_000,
      hysteresis: 0.02,
    },
  ],
  build(config, ctx: TransformContext) {
    for (const [sensor, l] of Object.entries(config.overrides)) {
      const problems = limitProblems({ ...catalogLimits(sensorSpec(sensor)), ...l });
      if (problems.length > 0) {
        throw new Error(
          `Cannot build detector "${ctx.name}": overrides.${sensor}: ${problems.join("; ")}`,
        );
      }
    }
    /** Runtime limits by sensor or by machine+sensor (see seriesKey). */
    let runtime = new Map<string, Limits>();
    let version = 0;
    const limitsOf = (machine: string, sensor: string): Limits => ({
      ...catalogLimits(sensorSpec(sensor)),
      ...config.overrides[sensor],
      ...runtime.get(sensor),
      ...runtime.get(seriesKey(machine, sensor)),
    });
    const withLimits = <S extends object>(s: S, l: Limits) => {
      const [lo, hi] = nominalBand(l);
      return { ...s, limits: l, lo, hi, version };
    };
    const states = new SeriesStates<SeriesState>((machine, sensor, unit) =>
      withLimits({
        machine,
        sensor,
        ...(unit !== undefined ? { unit } : {}),
        level: 0 as Level,
        last_emit: -Infinity,
      }, limitsOf(machine, sensor))
    );
    const { repeat, hysteresis } = config;
    let out: Anomaly[] = [];

    const visit = (s: SeriesState, ts: number, v: number, label: string | undefined) => {
      if (s.version !== version) {
        s.limits = limitsOf(s.machine, s.sensor);
        [s.lo, s.hi] = nominalBand(s.limits);
        s.version = version;
      }
      if (s.level === 0 && v > s.lo && v < s.hi) return;
      if (v !== v || v === Infinity || v === -Infinity) return;
      const verdict = classify(v, s.limits, s.level, hysteresis);
      if (verdict.level === s.level && (s.level === 0 || ts - s.last_emit < repeat)) return;
      s.level = verdict.level;
      s.last_emit = ts;
      const a: Anomaly = {
        kind: "anomaly",
        ts,
        machine: s.machine,
        sensor: s.sensor,
        score: levelScore(v, s.limits, verdict),
        is_anomaly: verdict.level > 0,
        contributing: verdict.level > 0 ? [s.sensor] : [],
        detector: "threshold",
        severity: verdict.level === 0 ? "info" : LEVELS[verdict.level] as "warning" | "critical",
        value: v,
        message: levelMessage(s.sensor, v, s.unit, s.limits, verdict),
      };
      if (label !== undefined) a.label = label;
      out.push(a);
    };

    const setThreshold = (cmd: SourceCommand) => {
      const { sensor, machine } = cmd;
      if (typeof sensor !== "string" || sensor === "") {
        return {
          ok: false,
          error: `set_threshold needs a sensor name, got ${JSON.stringify(sensor)}`,
        };
      }
      if (machine !== undefined && typeof machine !== "string") {
        return { ok: false, error: `machine must be a string, got ${JSON.stringify(machine)}` };
      }
      const key = machine === undefined ? sensor : seriesKey(machine, sensor);
      const next: Limits = { ...runtime.get(key) };
      for (const f of LIMIT_FIELDS) {
        const v = cmd[f];
        if (v === undefined) continue;
        if (typeof v !== "number") {
          return { ok: false, error: `${f} must be a number, got ${JSON.stringify(v)}` };
        }
        next[f] = v;
      }
      const effective = { ...limitsOf(machine ?? "", sensor), ...next };
      const problems = limitProblems(effective);
      if (problems.length > 0) {
        return { ok: false, error: `Cannot set thresholds of ${sensor}: ${problems.join("; ")}` };
      }
      runtime = new Map(runtime).set(key, next);
      version++;
      return { ok: true, sensor, ...(machine ? { machine } : {}), limits: effective };
    };

    return {
      process(batch) {
        forEachPoint(batch, (m, s, u) => states.get(m, s, u), visit);
        if (out.length > 0) {
          ctx.emit(eventBatch(out));
          out = [];
        }
      },
      control(cmd) {
        if (cmd.action === "set_threshold") return setThreshold(cmd);
        if (cmd.action === "get_thresholds" && typeof cmd.sensor === "string") {
          const machine = typeof cmd.machine === "string" ? cmd.machine : "";
          return { ok: true, sensor: cmd.sensor, limits: limitsOf(machine, cmd.sensor) };
        }
        return { ok: false, error: `unknown action ${JSON.stringify(cmd.action)}` };
      },
      snapshot: () => ({
        runtime: [...runtime],
        series: [...states.values()].map(({ machine, sensor, unit, level, last_emit }) => ({
          machine,
          sensor,
          unit,
          level,
          last_emit,
        })),
      }),
      restore(state) {
        const st = state as { runtime: [string, Limits][]; series: SeriesState[] };
        runtime = new Map(st.runtime);
        version++;
        states.clear();
        for (const s of st.series) {
          const restored = { ...s, last_emit: s.last_emit ?? -Infinity };
          states.set(s.machine, s.sensor, withLimits(restored, limitsOf(s.machine, s.sensor)));
        }
      },
    };
  },
};
