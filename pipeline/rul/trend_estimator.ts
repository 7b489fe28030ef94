/**
 * Per-machine degradation-trend RUL: keeps a sliding history of window means
 * per watched sensor, fits each sensor's health indicator and reports the
 * earliest expected threshold crossing.
 */
import type { Aggregate, RulEstimate } from "../engine/record.ts";
import {
  catalogDegraded,
  catalogIndicator,
  CONFIGURED_ONSET,
  configuredIndicator,
  type Indicator,
  type WatchedSensor,
} from "./health.ts";
import { type Crossing, trendCrossing, type TrendMethod } from "./trend.ts";

const HOUR_MS = 3_600_000;

export interface TrendOptions {
  method: TrendMethod;
  /** Explicit sensors; when absent every catalog sensor with a critical level is watched. */
  sensors?: WatchedSensor[];
  history_points: number;
  min_points: number;
  max_hours: number;
  interval_z: number;
}

interface Series {
  ts: number[];
  value: number[];
  /** First value seen, used as baseline when none is configured. */
  first: number;
}

/** State of one machine: series per sensor, and the newest event time. */
type MachineState = { last: number; series: Record<string, Series> };

/** Estimates RUL per machine from degradation trends of window aggregates. */
export class TrendEstimator {
  #o: TrendOptions;
  #watched: Map<string, WatchedSensor> | undefined;
  #machines = new Map<string, MachineState>();

  constructor(o: TrendOptions) {
    this.#o = o;
    this.#watched = o.sensors && new Map(o.sensors.map((s) => [s.name, s]));
  }

  /** Whether aggregates of `sensor` are used. */
  watches(sensor: string): boolean {
    return this.#watched ? this.#watched.has(sensor) : catalogIndicator(sensor) !== null;
  }

  /** Adds one window aggregate (a late update replaces the point with the same window end); always true. */
  add(a: Aggregate): boolean {
    let m = this.#machines.get(a.machine);
    if (!m) this.#machines.set(a.machine, m = { last: a.ts, series: {} });
    m.last = Math.max(m.last, a.ts);
    let s = m.series[a.sensor];
    if (!s) m.series[a.sensor] = s = { ts: [], value: [], first: a.mean };
    let i = s.ts.length;
    while (i > 0 && s.ts[i - 1] > a.ts) i--;
    if (i > 0 && s.ts[i - 1] === a.ts) s.value[i - 1] = a.mean;
    else s.ts.splice(i, 0, a.ts), s.value.splice(i, 0, a.mean);
    if (s.ts.length > this.#o.history_points) s.ts.shift(), s.value.shift();
    return true;
  }

  #indicator(sensor: string, s: Series): Indicator | null {
    const w = this.#watched?.get(sensor);
    if (!w) return catalogIndicator(sensor);
    return configuredIndicator(w.baseline ?? s.first, w.failure_threshold);
  }

  #degraded(sensor: string, hi: Indicator, latest: number): boolean {
    if (this.#watched?.has(sensor)) return hi(latest) >= CONFIGURED_ONSET;
    return catalogDegraded(sensor)?.(latest) ?? false;
  }

  /** The current estimate for `machine`, or null before `min_points` windows. */
  estimate(machine: string): RulEstimate | null {
    const m = this.#machines.get(machine);
    if (!m) return null;
    const o = this.#o;
    let best: Crossing | null = null;
    let enough = false;
    for (const [sensor, s] of Object.entries(m.series)) {
      if (s.ts.length < o.min_points) continue;
      const hi = this.#indicator(sensor, s);
      if (!hi) continue;
      enough = true;
      // Only sensors whose degradation has begun are extrapolated (see catalogDegraded).
      if (!this.#degraded(sensor, hi, s.value[s.value.length - 1])) continue;
      const t = s.ts.map((ts) => (ts - m.last) / HOUR_MS);
      const c = trendCrossing(o.method, t, s.value.map(hi), 1, o.interval_z);
      if (c && Number.isFinite(c.at) && (!best || c.at < best.at)) best = c;
    }
    if (!enough) return null;
    const cap = (v: number) => Math.max(0, Math.min(o.max_hours, v));
    const base = { kind: "rul" as const, ts: m.last, machine, method: o.method };
    if (!best) {
      // No degrading, rising indicator: no failure expected within the horizon.
      const h = o.max_hours;
      return { ...base, hours: h, lower: h, upper: h, confidence: 0 };
    }
    const hours = cap(best.at);
    return {
      ...base,
      hours,
      lower: Math.min(hours, cap(best.lower)),
      upper: Math.max(hours, cap(best.upper)),
      confidence: best.r2,
    };
  }

  snapshot(): Record<string, MachineState> {
    return structuredClone(Object.fromEntries(this.#machines));
  }

  restore(state: unknown): void {
    this.#machines = new Map(
      Object.entries(structuredClone((state ?? {}) as Record<string, MachineState>)),
    );
  }
}
