/**
 * Seeded synthetic data for tests and the benchmark: inliers with correlated
 * structure (a few latent factors mixed into every feature, plus noise) and a
 * share of anomalies, half scattered over a wide box, half inliers with two or
 * three features pushed 4–7 standard deviations off (breaking correlations).
 */
import type { Matrix } from "../isolation_forest_model.ts";
import { Prng } from "./prng.ts";

/** What to generate. */
export interface SyntheticOptions {
  rows: number;
  cols: number;
  /** Share of anomalous rows, 0..1. */
  anomaly_rate: number;
  seed: number;
  /** Latent factors (default 3). */
  factors?: number;
}

/** A labelled data set: `labels[i]` is 1 for an anomaly. */
export interface LabelledMatrix extends Matrix {
  labels: Uint8Array;
}

/**
 * Generates a labelled data set; the same options give the same data.
 *
 * @example
 * ```ts
 * const s = syntheticData({ rows: 1000, cols: 8, anomaly_rate: 0.02, seed: 1 });
 * s.data.length; // 8000
 * ```
 */
export function syntheticData(opts: SyntheticOptions): LabelledMatrix {
  const { rows, cols: d, anomaly_rate, seed } = opts;
  const k = opts.factors ?? 3;
  // Loadings and offsets depend on the seed only, so two calls with different
  // row counts draw from the same distribution.
  const shape = new Prng(seed);
  const loadings = Float64Array.from({ length: d * k }, () => shape.normal());
  const offsets = Float64Array.from({ length: d }, () => shape.normal() * 10);
  const sd = new Float64Array(d);
  for (let f = 0; f < d; f++) {
    let v = 0.09;
    for (let j = 0; j < k; j++) v += loadings[f * k + j] ** 2;
    sd[f] = Math.sqrt(v);
  }
  const r = new Prng(seed ^ 0x5bd1e995);
  const data = new Float64Array(rows * d);
  const labels = new Uint8Array(rows);
  const z = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    const row = data.subarray(i * d, i * d + d);
    for (let j = 0; j < k; j++) z[j] = r.normal();
    for (let f = 0; f < d; f++) {
      let v = 0.3 * r.normal();
      for (let j = 0; j < k; j++) v += loadings[f * k + j] * z[j];
      row[f] = v;
    }
    if (r.next() < anomaly_rate) {
      labels[i] = 1;
      if (r.next() < 0.5) {
        for (let f = 0; f < d; f++) row[f] = (r.next() * 2 - 1) * 6 * sd[f];
      } else {
        const n = 2 + r.int(2);
        for (let m = 0; m < n; m++) {
          const f = r.int(d);
          row[f] += (r.next() < 0.5 ? -1 : 1) * (4 + 3 * r.next()) * sd[f];
        }
      }
    }
    for (let f = 0; f < d; f++) row[f] += offsets[f];
  }
  return { data, rows, cols: d, labels };
}
