/**
 * The LSTM detector's forecast and explanations: from the recent trend of a
 * machine's score statistic (extrapolated to the threshold, see `ml/trend.ts`)
 * and of each sensor's error ratio and normalised value, "anomaly expected in
 * about N minutes on sensors X, Y, because …".
 */
import { forecastCrossing, linearTrend } from "../ml/trend.ts";

/** The last few scored windows of one machine. */
export interface RecentScores {
  ts: number[];
  stat: number[];
  /** Per-sensor error ratio per window. */
  ratio: Float32Array[];
  /** Per-sensor z-normalised mean per window. */
  z: Float32Array[];
}

/** A machine's forecast, as `control({action: "status"})` reports it. */
export interface Forecast {
  minutes: number;
  sensors: string[];
  reason: string;
  r2: number;
}

/** Forecast options (from the detector config). */
export interface ForecastOptions {
  minR2: number;
  horizonMinutes: number;
  maxSensors: number;
  /** Fewest scored windows a trend is fitted on. */
  minPoints: number;
}

/** Appends one scored window, keeping the last `keep`. */
export function pushRecent(
  r: RecentScores,
  ts: number,
  stat: number,
  ratio: Float32Array,
  z: Float32Array,
  keep: number,
): void {
  r.ts.push(ts);
  r.stat.push(stat);
  r.ratio.push(ratio);
  r.z.push(z);
  if (r.ts.length > keep) { for (const a of [r.ts, r.stat, r.ratio, r.z]) a.shift(); }
}

/** The forecast for `r`, or undefined when no crossing is expected within the horizon. */
export function forecastFor(
  r: RecentScores,
  sensors: string[],
  threshold: number,
  opts: ForecastOptions,
): Forecast | undefined {
  if (r.ts.length < opts.minPoints) return undefined;
  const c = forecastCrossing(r.ts, r.stat, threshold, opts);
  if (!c) return undefined;
  const slopes = sensors.map((name, j) => ({
    name,
    j,
    slope: linearTrend(r.ts, r.ratio.map((x) => x[j]))?.slopePerMin ?? 0,
  }));
  const rising = slopes.filter((s) => s.slope > 0).sort((a, b) => b.slope - a.slope)
    .slice(0, opts.maxSensors);
  const n = r.ts.length;
  const drift = rising.map(({ name, j }) => {
    const d = meanZ(r.z.slice(-3), j) - meanZ(r.z.slice(0, 3), j);
    return `${name} ${d >= 0 ? "up" : "down"} ${Math.abs(d).toFixed(1)}σ`;
  });
  const pct = (100 * c.slopePerMin / threshold).toFixed(1);
  const reason = `reconstruction error is rising ${pct}% of the threshold per minute ` +
    `over the last ${n} windows (R² ${c.r2.toFixed(2)})` +
    (drift.length > 0 ? `; ${drift.join(", ")} since then` : "");
  return { minutes: Math.round(c.minutes), sensors: rising.map((s) => s.name), reason, r2: c.r2 };
}

/** "anomaly expected in about N minutes on sensors X, Y, because …". */
export function forecastMessage(f: Forecast): string {
  const on = f.sensors.length > 0 ? ` on sensors ${f.sensors.join(", ")}` : "";
  const when = f.minutes <= 0 ? "now" : `in about ${f.minutes} minute${f.minutes === 1 ? "" : "s"}`;
  return `anomaly expected ${when}${on}, because ${f.reason}`;
}

/** Why a window scored as it did: the statistic against the threshold and the top sensors. */
export function anomalyMessage(
  stat: number,
  threshold: number,
  top: { sensor: string; ratio: number }[],
): string {
  const list = top.map((t) => `${t.sensor} ${t.ratio.toFixed(1)}×`).join(", ");
  return `reconstruction error ${stat.toFixed(2)}× normal (threshold ${threshold.toFixed(2)})` +
    (list ? `; largest on ${list}` : "");
}

function meanZ(rows: Float32Array[], j: number): number {
  return rows.reduce((s, r) => s + r[j], 0) / Math.max(1, rows.length);
}
