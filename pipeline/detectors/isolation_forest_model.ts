/**
 * Isolation forest model: training, batch scoring and per-feature attribution.
 *
 * Training and scoring follow Liu, Ting & Zhou (2008) and scikit-learn's
 * `IsolationForest` (random feature, uniform threshold, depth limit
 * ceil(log2 ψ), s = 2^(−E[h]/c(ψ))), so scores and ROC-AUCs are comparable.
 * Trees are kept in a canonical pre-order form (what `model.json` stores) and
 * compiled into flat typed arrays for scoring (`iforest/compiled_forest.ts`).
 *
 * Contributing features: along each path, a split that sends the row to a side
 * holding few training rows isolates it; ln(rows before / rows after) is
 * credited to the split's feature. A row's per-feature gains minus their mean
 * over the training rows (the baseline every inlier also collects) are the
 * excess isolation each feature caused; shares of the positive excess rank
 * features. An outlier in feature k is cut off by k's splits near the root,
 * so k collects the largest excess.
 */
import { averagePathLength, CompiledForest } from "./iforest/compiled_forest.ts";
import { growForest, type TreeNodes } from "./iforest/train.ts";

/** Fewest training rows accepted (SPEC §5). */
export const MIN_TRAINING_ROWS = 100;

/** Forest hyper-parameters. */
export interface IsolationForestParams {
  n_trees: number;
  sample_size: number;
  seed: number;
}

/** Statistics of the training data, kept in the model file. */
export interface TrainingStats {
  rows: number;
  /** Epoch ms of training, when the caller supplied it. */
  trained_at?: number;
  feature_mean: number[];
  feature_std: number[];
  /** Mean isolation gain per feature over the training rows (attribution baseline). */
  gain_baseline: number[];
  /** Training-score quantiles. */
  score_p50: number;
  score_p99: number;
  score_max: number;
}

/** Row-major matrix. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Options of {@link IsolationForestModel.fit}. */
export interface FitOptions extends Partial<IsolationForestParams> {
  /** Feature names (default f0, f1, …). */
  features?: string[];
  /** Share of training rows expected to be anomalous: sets the threshold. Default: 0.5 score. */
  contamination?: number;
  trained_at?: number;
}

/** One feature's part in a row's isolation. */
export interface Contribution {
  feature: string;
  index: number;
  /** Share of the row's excess isolation, 0..1; shares sum to 1 (or all are 0). */
  share: number;
}

/** Builds a {@link Matrix} from rows of numbers. */
export function matrixOf(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) {
      throw new RangeError(`row ${i} has ${r.length} values, expected ${cols}`);
    }
    data.set(r, i * cols);
  });
  return { data, rows: rows.length, cols };
}

/** q-quantile with linear interpolation (numpy's default). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * A trained isolation forest.
 *
 * @example
 * ```ts
 * const rows = Array.from({ length: 200 }, (_, i) => [Math.sin(i), Math.cos(i)]);
 * const model = IsolationForestModel.fit(matrixOf(rows), { seed: 1 });
 * model.score([5, 5]) > model.score([0, 1]); // true
 * ```
 */
export class IsolationForestModel {
  readonly features: string[];
  readonly params: IsolationForestParams;
  readonly trees: TreeNodes[];
  readonly psi: number;
  /** Scores at or above this are anomalies. */
  threshold: number;
  readonly training: TrainingStats;
  readonly compiled: CompiledForest;

  constructor(init: {
    features: string[];
    params: IsolationForestParams;
    trees: TreeNodes[];
    psi: number;
    threshold: number;
    training: TrainingStats;
  }) {
    this.features = init.features;
    this.params = init.params;
    this.trees = init.trees;
    this.psi = init.psi;
    this.threshold = init.threshold;
    this.training = init.training;
    this.compiled = new CompiledForest(init.trees, init.features.length, init.psi);
    if (init.training.gain_baseline.length !== init.features.length) {
      throw new RangeError(
        `training.gain_baseline has ${init.training.gain_baseline.length} values for ${init.features.length} features`,
      );
    }
  }

  /** Trains on `m` (≥ 100 rows of finite numbers). */
  static fit(m: Matrix, opts: FitOptions = {}): IsolationForestModel {
    const params: IsolationForestParams = {
      n_trees: opts.n_trees ?? 100,
      sample_size: opts.sample_size ?? 256,
      seed: opts.seed ?? 0,
    };
    checkTrainingData(m, params, opts.features);
    const { data, rows: n, cols: d } = m;
    const features = opts.features ?? Array.from({ length: d }, (_, i) => `f${i}`);
    const psi = Math.min(params.sample_size, n);
    const trees = growForest(data, n, d, params);
    const compiled = new CompiledForest(trees, d, psi);
    const scores = compiled.scoreBatch(data, n);
    const mean = new Array<number>(d).fill(0), sq = new Array<number>(d).fill(0);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < d; f++) {
        const v = data[i * d + f];
        mean[f] += v / n;
        sq[f] += (v * v) / n;
      }
    }
    // Attribution baseline over at most ~4096 evenly spaced training rows.
    const baseline = new Array<number>(d).fill(0), g = new Float64Array(d);
    const stride = Math.ceil(n / 4096), used = Math.ceil(n / stride);
    for (let i = 0; i < n; i += stride) {
      compiled.gains(data.subarray(i * d, i * d + d), g);
      for (let f = 0; f < d; f++) baseline[f] += g[f] / used;
    }
    const c = opts.contamination;
    if (c !== undefined && !(c > 0 && c <= 0.5)) {
      throw new RangeError(
        `Cannot train isolation forest: contamination must be in (0, 0.5], got ${c}`,
      );
    }
    const training: TrainingStats = {
      rows: n,
      feature_mean: mean,
      feature_std: mean.map((mu, f) => Math.sqrt(Math.max(0, sq[f] - mu * mu))),
      gain_baseline: baseline,
      score_p50: quantile(scores, 0.5),
      score_p99: quantile(scores, 0.99),
      score_max: quantile(scores, 1),
    };
    if (opts.trained_at !== undefined) training.trained_at = opts.trained_at;
    const threshold = c === undefined ? 0.5 : quantile(scores, 1 - c);
    return new IsolationForestModel({ features, params, trees, psi, threshold, training });
  }

  /** Scores `n` rows of a row-major `n × d` matrix: s in (0, 1), higher is more anomalous. */
  scoreBatch(
    x: Float64Array,
    n = x.length / this.features.length,
    out?: Float64Array,
  ): Float64Array {
    return this.compiled.scoreBatch(x, n, out);
  }

  /** Score of one row. */
  score(row: ArrayLike<number>): number {
    return this.compiled.score(row);
  }

  /** Features ranked by their share of the row's excess isolation (largest first, shares > 0 only). */
  contributions(row: ArrayLike<number>): Contribution[] {
    const g = this.compiled.gains(row);
    const base = this.training.gain_baseline;
    let total = 0;
    for (let f = 0; f < g.length; f++) total += g[f] = Math.max(0, g[f] - base[f]);
    if (total === 0) return [];
    const out: Contribution[] = [];
    for (let f = 0; f < g.length; f++) {
      if (g[f] > 0) out.push({ feature: this.features[f], index: f, share: g[f] / total });
    }
    return out.sort((a, b) => b.share - a.share || a.index - b.index);
  }

  /** c(ψ): the normaliser of path lengths. */
  get averagePathLength(): number {
    return averagePathLength(this.psi);
  }
}

function checkTrainingData(m: Matrix, p: IsolationForestParams, features?: string[]): void {
  const refuse = (why: string) => {
    throw new RangeError(`Cannot train isolation forest: ${why}`);
  };
  if (m.rows < MIN_TRAINING_ROWS) refuse(`needs at least ${MIN_TRAINING_ROWS} rows, got ${m.rows}`);
  if (m.cols < 1) refuse(`needs at least 1 feature, got ${m.cols}`);
  if (m.data.length < m.rows * m.cols) {
    refuse(`matrix has ${m.data.length} values for ${m.rows} × ${m.cols}`);
  }
  if (features && features.length !== m.cols) {
    refuse(`${features.length} feature names for ${m.cols} columns`);
  }
  if (!Number.isInteger(p.n_trees) || p.n_trees < 1) {
    refuse(`n_trees must be ≥ 1, got ${p.n_trees}`);
  }
  if (!Number.isInteger(p.sample_size) || p.sample_size < 2 || p.sample_size > 4096) {
    refuse(`sample_size must be an integer in [2, 4096], got ${p.sample_size}`);
  }
  for (let i = 0; i < m.rows * m.cols; i++) {
    if (!Number.isFinite(m.data[i])) {
      refuse(`row ${Math.floor(i / m.cols)}, column ${i % m.cols} is ${m.data[i]}`);
    }
  }
}
