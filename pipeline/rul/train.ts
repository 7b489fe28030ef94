/**
 * Training the learned RUL model on C-MAPSS training units.
 *
 * Every cycle of every unit is a training row (features use only the past),
 * target = cycles to the unit's last cycle, capped. The number of trees is
 * chosen on held-out training units (every fifth unit), then the model is
 * refitted on all units. The test set is never looked at here.
 */
import { CMAPSS_SENSORS, type CmapssData, type CmapssUnit, INFORMATIVE_SENSORS } from "./cmapss.ts";
import { type FeatureConfig, featureCount, unitFeatures, zStats } from "./features.ts";
import { DEFAULT_GBRT, type GbrtOptions, predictGbrt, trainGbrt, type Tree } from "./gbrt.ts";
import type { RulModel } from "./model.ts";

export interface TrainOptions {
  target_cap: number;
  alpha: number;
  window: number;
  baseline_cycles: number;
  /** Models bagged with consecutive seeds (their average is the prediction). */
  seeds: number;
  /** Validation cut points start at this cycle (the shortest test unit has 31). */
  min_cycles: number;
  gbrt: Partial<GbrtOptions>;
}

export const DEFAULT_TRAIN: TrainOptions = {
  target_cap: 125,
  alpha: 0.2,
  window: 30,
  baseline_cycles: 30,
  min_cycles: 31,
  seeds: 5,
  gbrt: { rounds: 400, subsample: 0.7, colsample: 0.5 },
};

/** Progress of training: phase, done and total steps. */
export type TrainProgress = (phase: string, done: number, total: number) => void;

const pick = (u: CmapssUnit) => INFORMATIVE_SENSORS.map((j) => u.sensors[j]);

/** Feature matrix and capped targets for all cycles of `units`. */
function rowsOf(units: CmapssUnit[], cfg: FeatureConfig, cap: number) {
  const F = featureCount(INFORMATIVE_SENSORS.length);
  const total = units.reduce((s, u) => s + u.cycles.length, 0);
  const X = new Float64Array(total * F);
  const y = new Float64Array(total);
  let r = 0;
  for (const u of units) {
    X.set(unitFeatures(pick(u), cfg), r * F);
    const n = u.cycles.length;
    for (let i = 0; i < n; i++) y[r++] = Math.min(cap, n - 1 - i);
  }
  return { X, y, F };
}

/**
 * Trains a model on `data` (a C-MAPSS training file). Deterministic for a
 * given `gbrt.seed`.
 */
export function trainRulModel(
  data: CmapssData,
  opts: Partial<TrainOptions> = {},
  onProgress?: TrainProgress,
): RulModel {
  const o = { ...DEFAULT_TRAIN, ...opts, gbrt: { ...DEFAULT_TRAIN.gbrt, ...opts.gbrt } };
  const g = { ...DEFAULT_GBRT, ...o.gbrt };
  const stats = zStats(data.units.map(pick));
  const cfg: FeatureConfig = {
    alpha: o.alpha,
    window: o.window,
    baseline_cycles: o.baseline_cycles,
    ...stats,
  };
  const val = data.units.filter((_, i) => i % 5 === 0);
  const fit = data.units.filter((_, i) => i % 5 !== 0);
  const A = rowsOf(fit, cfg, o.target_cap);
  const V = rowsOf(val, cfg, o.target_cap);
  // Validation rows: cut points from min_cycles on, as in the test protocol.
  const vrows: number[] = [];
  let r = 0;
  for (const u of val) {
    for (let i = 0; i < u.cycles.length; i++, r++) if (i + 1 >= o.min_cycles) vrows.push(r);
  }
  // One model per seed (bagging); validation error of their average after each round.
  const seeds = Array.from({ length: o.seeds }, (_, k) => g.seed + k);
  const vpreds = seeds.map((seed, k) => {
    const m = trainGbrt(A.X, A.y, A.F, { ...g, seed }, (i) => {
      onProgress?.("validate", k * g.rounds + i, seeds.length * g.rounds);
    });
    const acc = new Float64Array(vrows.length).fill(m.base);
    return m.trees.map((t) => {
      const one = { base: 0, rate: m.rate, trees: [t] };
      vrows.forEach((row, i) => acc[i] += predictGbrt(one, V.X, V.F, row));
      return acc.slice();
    });
  });
  let vm = 0;
  for (const row of vrows) vm += V.y[row] / vrows.length;
  let vvar = 0;
  for (const row of vrows) vvar += (V.y[row] - vm) ** 2 / vrows.length;
  let best = { rounds: 1, rmse: Infinity, sd: 0 };
  for (let k = 0; k < g.rounds; k++) {
    let s2 = 0, s = 0;
    vrows.forEach((row, i) => {
      let p = 0;
      for (const v of vpreds) p += v[k][i] / vpreds.length;
      const d = Math.max(0, Math.min(o.target_cap, p)) - V.y[row];
      s2 += d * d, s += d;
    });
    const rmse = Math.sqrt(s2 / vrows.length);
    if (rmse < best.rmse) {
      best = { rounds: k + 1, rmse, sd: Math.sqrt(s2 / vrows.length - (s / vrows.length) ** 2) };
    }
  }
  const all = rowsOf(data.units, cfg, o.target_cap);
  const rounds = best.rounds;
  const trees = seeds.flatMap((seed, k) =>
    trainGbrt(all.X, all.y, all.F, { ...g, rounds, seed }, (i) => {
      onProgress?.("refit", k * rounds + i, seeds.length * rounds);
    }).trees.map(compact)
  );
  let base = 0;
  for (const v of all.y) base += v / all.y.length;
  const model = { base, rate: g.rate / seeds.length, trees };
  return {
    format: "sluice-rul-gbrt",
    version: 1,
    dataset: "train_FD001",
    target_cap: o.target_cap,
    sensors: INFORMATIVE_SENSORS.map((j) => CMAPSS_SENSORS[j].name),
    features: cfg,
    gbrt: model,
    residual_std: round(best.sd, 3),
    validation_r2: round(Math.max(0, 1 - best.rmse ** 2 / vvar), 3),
    training: {
      ...g,
      rounds,
      seeds: o.seeds,
      validation_units: val.map((u) => u.unit),
      validation_rmse_capped: round(best.rmse, 3),
    },
  };
}

/** Rounds a tree's numbers to shrink the model file (7 significant digits). */
function compact(t: Tree): Tree {
  const p = (v: number) => Number(v.toPrecision(7));
  return { ...t, threshold: t.threshold.map(p), value: t.value.map(p) };
}

function round(v: number, digits: number): number {
  const p = 10 ** digits;
  return Math.round(v * p) / p;
}
