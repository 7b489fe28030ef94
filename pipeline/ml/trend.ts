/**
 * Linear trends over recent values and when they cross a level: the basis of
 * the LSTM detector's "anomaly expected in about N minutes" forecast.
 */

/** A least-squares line over (time, value) points, time in minutes. */
export interface LinearTrend {
  /** Fitted value at the last point. */
  now: number;
  /** Change per minute. */
  slopePerMin: number;
  /** Coefficient of determination of the fit, 0..1. */
  r2: number;
  points: number;
}

/** When a rising trend is expected to reach a level. */
export interface Crossing extends LinearTrend {
  /** Minutes from the last point until the fitted line reaches the level (0 if it has). */
  minutes: number;
}

/** Fits value = a + b·t by least squares; `ts` in epoch ms. Undefined below 3 points. */
export function linearTrend(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
): LinearTrend | undefined {
  const n = Math.min(ts.length, values.length);
  if (n < 3) return undefined;
  const t0 = ts[n - 1];
  let st = 0, sv = 0;
  for (let i = 0; i < n; i++) {
    st += (ts[i] - t0) / 60_000;
    sv += values[i];
  }
  const mt = st / n, mv = sv / n;
  let stt = 0, stv = 0, svv = 0;
  for (let i = 0; i < n; i++) {
    const dt = (ts[i] - t0) / 60_000 - mt, dv = values[i] - mv;
    stt += dt * dt;
    stv += dt * dv;
    svv += dv * dv;
  }
  if (stt === 0) return undefined;
  const slope = stv / stt;
  const r2 = svv === 0 ? 0 : Math.min(1, (stv * stv) / (stt * svv));
  return { now: mv + slope * (0 - mt), slopePerMin: slope, r2, points: n };
}

/**
 * When the trend of `values` reaches `level`: undefined unless the line rises,
 * explains at least `minR2` of the variance, and gets there within
 * `horizonMinutes`.
 *
 * @example
 * ```ts
 * import { forecastCrossing } from "./trend.ts";
 * const ts = [0, 60_000, 120_000, 180_000];
 * forecastCrossing(ts, [1, 2, 3, 4], 10, { minR2: 0.5, horizonMinutes: 60 })?.minutes; // 6
 * ```
 */
export function forecastCrossing(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  level: number,
  opts: { minR2: number; horizonMinutes: number },
): Crossing | undefined {
  const trend = linearTrend(ts, values);
  if (!trend || trend.slopePerMin <= 0 || trend.r2 < opts.minR2) return undefined;
  const minutes = Math.max(0, (level - trend.now) / trend.slopePerMin);
  return minutes <= opts.horizonMinutes ? { ...trend, minutes } : undefined;
}
