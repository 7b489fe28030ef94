/**
 * Gradient-boosted regression trees (squared loss) on typed arrays, with
 * histogram splits: features are bucketed into quantile bins once, then each
 * tree level costs one pass over the rows per sampled feature.
 */
import { mulberry32 } from "../util/mulberry32.ts";

/** A trained tree, flattened: node i splits on `feature[i] <= threshold[i]` (feature -1 = leaf). */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** A boosted ensemble: `base + rate · Σ tree(x)`. */
export interface GbrtModel {
  base: number;
  rate: number;
  trees: Tree[];
}

export interface GbrtOptions {
  rounds: number;
  rate: number;
  max_depth: number;
  min_leaf: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Fraction of rows sampled per tree. */
  subsample: number;
  /** Fraction of features sampled per tree. */
  colsample: number;
  bins: number;
  seed: number;
}

export const DEFAULT_GBRT: GbrtOptions = {
  rounds: 400,
  rate: 0.05,
  max_depth: 5,
  min_leaf: 20,
  lambda: 1,
  subsample: 0.8,
  colsample: 0.8,
  bins: 64,
  seed: 1,
};

export { mulberry32 };

/** Prediction of one tree for row `x` (length F) at `off` in a flat array. */
function predictTree(t: Tree, x: ArrayLike<number>, off: number): number {
  let i = 0;
  while (t.feature[i] >= 0) i = x[off + t.feature[i]] <= t.threshold[i] ? t.left[i] : t.right[i];
  return t.value[i];
}

/** Prediction for row `x` (or row `row` of a flat `n × F` array). */
export function predictGbrt(m: GbrtModel, x: ArrayLike<number>, F = x.length, row = 0): number {
  let s = m.base;
  const off = row * F;
  for (const t of m.trees) s += m.rate * predictTree(t, x, off);
  return s;
}

/**
 * Trains on a flat row-major `X` (`n × F`) and targets `y`. `onRound` is called
 * after each tree (for progress bars and early-stopping curves).
 */
export function trainGbrt(
  X: Float64Array,
  y: Float64Array,
  F: number,
  opts: Partial<GbrtOptions> = {},
  onRound?: (round: number, pred: Float64Array) => void,
): GbrtModel {
  const o = { ...DEFAULT_GBRT, ...opts };
  const n = y.length;
  const rnd = mulberry32(o.seed);
  // Quantile bin edges per feature and the binned matrix (column-major).
  const edges: Float64Array[] = [];
  const binned: Uint8Array[] = [];
  for (let f = 0; f < F; f++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = X[i * F + f];
    const sorted = col.slice().sort();
    const e: number[] = [];
    for (let b = 1; b < o.bins; b++) {
      const v = sorted[Math.floor((b * n) / o.bins)];
      if (e.length === 0 || v > e[e.length - 1]) e.push(v);
    }
    edges.push(Float64Array.from(e));
    const bc = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let lo = 0, hi = e.length; // first edge >= value
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (e[mid] < col[i]) lo = mid + 1;
        else hi = mid;
      }
      bc[i] = lo;
    }
    binned.push(bc);
  }
  let base = 0;
  for (let i = 0; i < n; i++) base += y[i];
  base /= n;
  const pred = new Float64Array(n).fill(base);
  const resid = new Float64Array(n);
  const trees: Tree[] = [];
  const gsum = new Float64Array(o.bins + 1);
  const cnt = new Float64Array(o.bins + 1);
  for (let r = 0; r < o.rounds; r++) {
    for (let i = 0; i < n; i++) resid[i] = y[i] - pred[i];
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (rnd() < o.subsample) rows.push(i);
    const feats: number[] = [];
    for (let f = 0; f < F; f++) if (rnd() < o.colsample) feats.push(f);
    const t: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const grow = (idx: Uint32Array, depth: number): number => {
      const node = t.feature.length;
      let g = 0;
      for (const i of idx) g += resid[i];
      t.feature.push(-1), t.threshold.push(0), t.left.push(-1), t.right.push(-1);
      t.value.push(g / (idx.length + o.lambda));
      if (depth >= o.max_depth || idx.length < 2 * o.min_leaf) return node;
      let best = 0, bf = -1, bb = -1;
      const parent = (g * g) / (idx.length + o.lambda);
      for (const f of feats) {
        const bc = binned[f];
        const nb = edges[f].length + 1;
        gsum.fill(0, 0, nb), cnt.fill(0, 0, nb);
        for (const i of idx) gsum[bc[i]] += resid[i], cnt[bc[i]]++;
        let gl = 0, nl = 0;
        for (let b = 0; b < nb - 1; b++) {
          gl += gsum[b], nl += cnt[b];
          const nr = idx.length - nl;
          if (nl < o.min_leaf) continue;
          if (nr < o.min_leaf) break;
          const gr = g - gl;
          const gain = (gl * gl) / (nl + o.lambda) + (gr * gr) / (nr + o.lambda) - parent;
          if (gain > best) best = gain, bf = f, bb = b;
        }
      }
      if (bf < 0) return node;
      const bc = binned[bf];
      let nl = 0;
      for (const i of idx) if (bc[i] <= bb) nl++;
      const li = new Uint32Array(nl), ri = new Uint32Array(idx.length - nl);
      let a = 0, c = 0;
      for (const i of idx) bc[i] <= bb ? (li[a++] = i) : (ri[c++] = i);
      t.feature[node] = bf;
      t.threshold[node] = edges[bf][bb];
      t.left[node] = grow(li, depth + 1);
      t.right[node] = grow(ri, depth + 1);
      return node;
    };
    grow(Uint32Array.from(rows), 0);
    for (let i = 0; i < n; i++) pred[i] += o.rate * predictTree(t, X, i * F);
    trees.push(t);
    onRound?.(r + 1, pred);
  }
  return { base, rate: o.rate, trees };
}
