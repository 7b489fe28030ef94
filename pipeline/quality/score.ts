/**
 * Detection quality: how well a topology's alarms match the fault labels the
 * simulator puts on its readings (issue 5, item 7).
 *
 * The unit is one machine × one event-time window of `window_ms` (aligned to
 * the epoch, like tumbling windows):
 * - a window is **faulty** when any reading of that machine in it carries a
 *   fault `label` (its fault type is the most frequent label in it);
 * - a faulty window is **detected** (true positive) when an `is_anomaly: true`
 *   record of that machine has its `ts` in the window or in the next
 *   `grace_windows` windows (window detectors stamp verdicts with the window
 *   end, which falls in the next window); otherwise it is a false negative;
 * - a normal window with an alarm in it is a **false positive**, except in the
 *   `grace_windows` right after a faulty window (their alarms are the late
 *   verdicts on that fault);
 * - **time to first alarm** of a fault episode (a run of consecutive windows of
 *   one machine with the same fault type) is the window index of its first
 *   alarm at or after onset, minus the onset window: 0 = alarmed in the onset
 *   window. An episode with no alarm until its end + grace is missed (`null`).
 *
 * Per fault type, false positives are charged to the episode on the same
 * machine nearest in time (ties to the earlier one): false alarms after a
 * fault ends (a detector that "got used to" the fault) count against that
 * fault. False alarms on machines with no fault at all only count overall.
 */
import type { Anomaly, Reading } from "../engine/record.ts";

/** How readings are cut into scoring units. */
export interface ScoreOptions {
  /** Window length in ms (default 5000, rig-alpha's tumbling window). */
  window_ms?: number;
  /** Windows after a faulty window whose alarms still detect it (default 1). */
  grace_windows?: number;
}

/** Confusion counts and the figures derived from them. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** One fault type's results. */
export interface FaultScore extends Counts {
  fault: string;
  /** Faulty windows of this type. */
  windows: number;
  /** Time to first alarm of each episode, in windows (null: never alarmed). */
  first_alarm: (number | null)[];
}

/** The whole evaluation. */
export interface DetectionScore {
  window_ms: number;
  overall: Counts & { windows: number; faulty_windows: number };
  faults: FaultScore[];
}

interface Episode {
  machine: string;
  fault: string;
  start: number;
  end: number;
}

/** Derives precision, recall and F1 (0 when undefined) from counts. */
export function counts(tp: number, fp: number, fn: number): Counts {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/**
 * Scores `alarms` (detector verdicts; only `is_anomaly: true` ones count)
 * against the fault labels of `readings`.
 *
 * @example
 * ```ts
 * const s = scoreDetection(readings, anomalies, { window_ms: 5000 });
 * console.log(s.overall.f1, s.faults.map((f) => [f.fault, f.f1, f.first_alarm]));
 * ```
 */
export function scoreDetection(
  readings: readonly Reading[],
  alarms: readonly Pick<Anomaly, "ts" | "machine" | "is_anomaly">[],
  opts: ScoreOptions = {},
): DetectionScore {
  const W = opts.window_ms ?? 5000;
  const grace = opts.grace_windows ?? 1;
  if (!(W > 0)) throw new RangeError(`Cannot score detection: window_ms must be > 0, got ${W}`);
  if (!Number.isInteger(grace) || grace < 0) {
    throw new RangeError(
      `Cannot score detection: grace_windows must be an integer ≥ 0, got ${grace}`,
    );
  }
  const win = (ts: number) => Math.floor(ts / W);
  // machine → window → label counts (an entry per window that has readings).
  const labels = new Map<string, Map<number, Map<string, number>>>();
  for (const r of readings) {
    let m = labels.get(r.machine);
    if (!m) labels.set(r.machine, m = new Map());
    const w = win(r.ts);
    let l = m.get(w);
    if (!l) m.set(w, l = new Map());
    if (r.label) l.set(r.label, (l.get(r.label) ?? 0) + 1);
  }
  const alarmed = new Map<string, Set<number>>();
  for (const a of alarms) {
    if (!a.is_anomaly) continue;
    let s = alarmed.get(a.machine);
    if (!s) alarmed.set(a.machine, s = new Set());
    s.add(win(a.ts));
  }

  const episodes: Episode[] = [];
  const faultOf = new Map<string, Map<number, string>>();
  let windows = 0;
  for (const [machine, byWindow] of labels) {
    const faults = new Map<number, string>();
    for (const [w, l] of byWindow) {
      windows++;
      let best: string | undefined;
      for (const [label, n] of l) if (best === undefined || n > l.get(best)!) best = label;
      if (best !== undefined) faults.set(w, best);
    }
    faultOf.set(machine, faults);
    for (const w of [...faults.keys()].sort((a, b) => a - b)) {
      const last = episodes[episodes.length - 1];
      const f = faults.get(w)!;
      if (last && last.machine === machine && last.fault === f && last.end === w - 1) last.end = w;
      else episodes.push({ machine, fault: f, start: w, end: w });
    }
  }

  const perFault = new Map<
    string,
    { tp: number; fp: number; fn: number; first: (number | null)[] }
  >();
  const tally = (f: string) => {
    let t = perFault.get(f);
    if (!t) perFault.set(f, t = { tp: 0, fp: 0, fn: 0, first: [] });
    return t;
  };
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const e of episodes) {
    const hits = alarmed.get(e.machine) ?? new Set<number>();
    const t = tally(e.fault);
    for (let w = e.start; w <= e.end; w++) {
      let seen = false;
      for (let g = 0; g <= grace && !seen; g++) seen = hits.has(w + g);
      if (seen) t.tp++, total.tp++;
      else t.fn++, total.fn++;
    }
    let first: number | null = null;
    for (let w = e.start; w <= e.end + grace; w++) {
      if (hits.has(w)) {
        first = w - e.start;
        break;
      }
    }
    t.first.push(first);
  }
  for (const [machine, hits] of alarmed) {
    const faults = faultOf.get(machine) ?? new Map<number, string>();
    const mine = episodes.filter((e) => e.machine === machine);
    for (const w of hits) {
      if (faults.has(w)) continue;
      if (!labels.get(machine)?.has(w)) continue; // alarm outside the recorded span
      let inGrace = false;
      for (let g = 1; g <= grace && !inGrace; g++) inGrace = faults.has(w - g);
      if (inGrace) continue;
      total.fp++;
      const near = nearest(mine, w);
      if (near) tally(near.fault).fp++;
    }
  }

  const faults: FaultScore[] = [...perFault].sort(([a], [b]) => a.localeCompare(b)).map((
    [fault, t],
  ) => ({
    fault,
    windows: t.tp + t.fn,
    ...counts(t.tp, t.fp, t.fn),
    first_alarm: t.first,
  }));
  return {
    window_ms: W,
    overall: {
      ...counts(total.tp, total.fp, total.fn),
      windows,
      faulty_windows: total.tp + total.fn,
    },
    faults,
  };
}

function nearest(episodes: Episode[], w: number): Episode | undefined {
  let best: Episode | undefined;
  let bestDist = Infinity;
  for (const e of episodes) {
    const d = w < e.start ? e.start - w : w > e.end ? w - e.end : 0;
    if (d < bestDist) best = e, bestDist = d;
  }
  return best;
}
