/**
 * Assembles window aggregates into one feature vector per machine and window.
 *
 * Aggregates of one machine and window end arrive one per sensor. A window is
 * complete when every expected feature has arrived, or when an aggregate of a
 * later window of the same machine arrives (windows close in event-time order,
 * so nothing more will come for the earlier one), or at flush.
 * Feature names are `<sensor>.<aggregate>`, e.g. `bearing_temp.mean`.
 */
import type { Aggregate } from "../../engine/record.ts";

/** Aggregate fields usable as features. */
export const FEATURE_AGGREGATES = ["mean", "min", "max", "stddev", "last", "slope"] as const;
/** One of {@link FEATURE_AGGREGATES}. */
export type FeatureAggregate = typeof FEATURE_AGGREGATES[number];

/** Name of the feature for a sensor's aggregate. */
export function featureName(sensor: string, aggregate: FeatureAggregate): string {
  return `${sensor}.${aggregate}`;
}

/** Sensor a feature name belongs to (`bearing_temp.mean` → `bearing_temp`). */
export function sensorOf(feature: string): string {
  const dot = feature.lastIndexOf(".");
  return dot > 0 ? feature.slice(0, dot) : feature;
}

/** The features of one machine's window. */
export interface WindowVector {
  machine: string;
  /** Window end, epoch ms: the verdict's event time. */
  end: number;
  values: Map<string, number>;
  /** Most frequent label among the window's aggregates. */
  label?: string;
}

interface Pending {
  end: number;
  values: Map<string, number>;
  labels: Map<string, number>;
}

/** Pending windows of one machine. */
export class MachineWindows {
  readonly machine: string;
  /** Windows ending at or before this were handed out already. */
  closedUpTo = -Infinity;
  #pending: Pending[] = [];

  constructor(machine: string) {
    this.machine = machine;
  }

  /** Adds an aggregate; false when its window was already handed out. */
  add(a: Aggregate): boolean {
    if (a.window_end <= this.closedUpTo) return false;
    let w = this.#pending.find((p) => p.end === a.window_end);
    if (!w) {
      w = { end: a.window_end, values: new Map(), labels: new Map() };
      this.#pending.push(w);
      this.#pending.sort((x, y) => x.end - y.end);
    }
    for (const agg of FEATURE_AGGREGATES) {
      const v = a[agg];
      if (Number.isFinite(v)) w.values.set(featureName(a.sensor, agg), v);
    }
    if (a.label) w.labels.set(a.label, (w.labels.get(a.label) ?? 0) + 1);
    return true;
  }

  /**
   * Hands out the windows that are complete: all but the latest, and the
   * latest too when it holds every `expected` feature (or when `all`).
   */
  take(expected: readonly string[] | undefined, all = false): WindowVector[] {
    const p = this.#pending;
    let n = p.length === 0 ? 0 : p.length - 1;
    if (p.length > 0 && (all || (expected && expected.every((f) => p[n].values.has(f))))) n++;
    const done = p.splice(0, n);
    if (done.length > 0) this.closedUpTo = done[done.length - 1].end;
    return done.map((w) => {
      const v: WindowVector = { machine: this.machine, end: w.end, values: w.values };
      const label = mostFrequent(w.labels);
      if (label !== undefined) v.label = label;
      return v;
    });
  }

  /** JSON form of the pending windows. */
  snapshot(): {
    closed_up_to: number | null;
    pending: [number, [string, number][], [string, number][]][];
  } {
    return {
      closed_up_to: Number.isFinite(this.closedUpTo) ? this.closedUpTo : null,
      pending: this.#pending.map((w) => [w.end, [...w.values], [...w.labels]]),
    };
  }

  /** Rebuilds from {@link snapshot}. */
  static restore(machine: string, s: ReturnType<MachineWindows["snapshot"]>): MachineWindows {
    const m = new MachineWindows(machine);
    m.closedUpTo = s.closed_up_to ?? -Infinity;
    m.#pending = s.pending.map(([end, values, labels]) => ({
      end,
      values: new Map(values),
      labels: new Map(labels),
    }));
    return m;
  }
}

function mostFrequent(counts: Map<string, number>): string | undefined {
  let best: string | undefined, n = 0;
  for (const [label, c] of counts) {
    if (c > n || (c === n && best !== undefined && label < best)) [best, n] = [label, c];
  }
  return best;
}
