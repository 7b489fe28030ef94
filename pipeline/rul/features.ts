/**
 * Features for the learned RUL model, computed from a unit's history only
 * (never from the future), so the same code serves training, evaluation and
 * the streaming `rul` operator.
 *
 * Per informative sensor, after z-scoring with training statistics: the
 * exponentially smoothed value, its drift from the unit's own first cycles,
 * the mean and least-squares slope over the last `window` cycles. Plus the
 * cycle count (time in service).
 */

/** How features are computed; stored in the model file. */
export interface FeatureConfig {
  /** Exponential smoothing factor 0..1 (higher follows the data more closely). */
  alpha: number;
  /** Cycles in the trailing window for mean and slope. */
  window: number;
  /** First cycles of a unit averaged as its healthy baseline. */
  baseline_cycles: number;
  /** Per-sensor z-score statistics from the training set. */
  mean: number[];
  std: number[];
}

/** Features per sensor, in order. */
const PER_SENSOR = ["ewma", "drift", "wmean", "wslope", "lslope"] as const;

/** Feature names for `sensors` (for model files and debugging). */
export function featureNames(sensors: readonly string[]): string[] {
  return [...sensors.flatMap((s) => PER_SENSOR.map((f) => `${s}_${f}`)), "cycle"];
}

/** Number of features for `k` sensors. */
export function featureCount(k: number): number {
  return k * PER_SENSOR.length + 1;
}

/** Mean and standard deviation of each series over all units. */
export function zStats(series: Float64Array[][]): { mean: number[]; std: number[] } {
  const k = series[0].length;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < k; j++) {
    let s = 0, s2 = 0, n = 0;
    for (const u of series) {
      for (const v of u[j]) {
        s += v;
        s2 += v * v;
        n++;
      }
    }
    const m = s / n;
    mean.push(m);
    std.push(Math.sqrt(Math.max(s2 / n - m * m, 1e-12)));
  }
  return { mean, std };
}

/**
 * Features of every cycle of one unit, row-major (`n × featureCount(k)`).
 * `raw[j][i]` is sensor j at cycle i (in the model's sensor order).
 */
export function unitFeatures(raw: readonly ArrayLike<number>[], cfg: FeatureConfig): Float64Array {
  const k = raw.length;
  const n = raw[0].length;
  const F = featureCount(k);
  const out = new Float64Array(n * F);
  const W = cfg.window;
  for (let j = 0; j < k; j++) {
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = (raw[j][i] - cfg.mean[j]) / cfg.std[j];
    let e = z[0], base = 0, wsum = 0;
    // Running sums for the trailing-window regression of z on cycle index.
    let sx = 0, sxx = 0, sy = 0, sxy = 0;
    // Running sums for the whole-history regression of z on cycle index.
    let lx = 0, lxx = 0, ly = 0, lxy = 0;
    for (let i = 0; i < n; i++) {
      e = i === 0 ? z[0] : cfg.alpha * z[i] + (1 - cfg.alpha) * e;
      if (i < cfg.baseline_cycles) base = (base * i + z[i]) / (i + 1);
      wsum += z[i];
      sx += i, sxx += i * i, sy += z[i], sxy += i * z[i];
      lx += i, lxx += i * i, ly += z[i], lxy += i * z[i];
      if (i >= W) {
        const o = i - W;
        wsum -= z[o];
        sx -= o, sxx -= o * o, sy -= z[o], sxy -= o * z[o];
      }
      const m = Math.min(i + 1, W);
      const den = m * sxx - sx * sx;
      const lden = (i + 1) * lxx - lx * lx;
      const row = i * F + j * PER_SENSOR.length;
      out[row] = e;
      out[row + 1] = e - base;
      out[row + 2] = wsum / m;
      out[row + 3] = den > 0 ? (m * sxy - sx * sy) / den : 0;
      out[row + 4] = lden > 0 ? ((i + 1) * lxy - lx * ly) / lden : 0;
    }
  }
  for (let i = 0; i < n; i++) out[i * F + F - 1] = i + 1;
  return out;
}

/** Features of the last cycle of a history (what a streaming estimator needs). */
export function lastFeatures(raw: readonly ArrayLike<number>[], cfg: FeatureConfig): Float64Array {
  const all = unitFeatures(raw, cfg);
  const F = featureCount(raw.length);
  return all.slice(all.length - F);
}
