/**
 * The scoring layout of an isolation forest: every tree is padded to a full
 * binary tree of depth D = ceil(log2 ψ) stored as a heap (children of node i
 * are 2i+1 and 2i+2) in flat typed arrays shared by all trees. A leaf that
 * stopped early (one row left, or constant features) is copied to every
 * depth-D leaf below it, so each path is exactly D branch-free steps and the
 * path length h(x) + c(n) is looked up at the end.
 *
 * Scores follow Liu et al. and scikit-learn exactly:
 * s(x) = 2^(−E[h(x)] / c(ψ)), with h(x) = leaf depth + c(leaf size).
 */
import type { TreeNodes } from "./train.ts";
import { maxDepthFor } from "./train.ts";

/** Average path length of an unsuccessful BST search among n points, c(n). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649015329) - (2 * (n - 1)) / n;
}

/** Rows scored per block: each tree is walked for a whole block while it is hot in cache. */
const BLOCK = 512;

/** A forest compiled for scoring. Construct from canonical trees; throws RangeError on malformed trees. */
export class CompiledForest {
  readonly nTrees: number;
  /** Number of features. */
  readonly d: number;
  /** Subsample size the trees were grown on. */
  readonly psi: number;
  /** Padded depth D. */
  readonly depth: number;
  /** Split feature per internal heap node, `nTrees × (2^D − 1)`. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Path length (depth + c(size)) per depth-D leaf, `nTrees × 2^D`. */
  readonly leaf: Float64Array;
  /** ln(parent size / node size) per heap node, `nTrees × (2^(D+1) − 1)`; 0 on padding. */
  readonly gain: Float64Array;
  #inner: number;
  #acc = new Float64Array(BLOCK);
  #scale: number;

  constructor(trees: TreeNodes[], d: number, psi: number) {
    if (trees.length === 0) throw new RangeError("forest has no trees");
    this.nTrees = trees.length;
    this.d = d;
    this.psi = psi;
    this.depth = maxDepthFor(psi);
    const inner = (this.#inner = (1 << this.depth) - 1);
    this.feature = new Int32Array(this.nTrees * inner);
    this.threshold = new Float64Array(this.nTrees * inner);
    this.leaf = new Float64Array(this.nTrees * (inner + 1));
    this.gain = new Float64Array(this.nTrees * (2 * inner + 1));
    trees.forEach((tree, t) => {
      const n = tree.feature.length;
      if (tree.threshold.length !== n || tree.size.length !== n) {
        throw new RangeError(`tree ${t}: feature, threshold and size lengths differ`);
      }
      const end = this.#place(tree, t, 0, 0, 0);
      if (end !== n) throw new RangeError(`tree ${t}: ${n - end} nodes after the end of the tree`);
    });
    this.#scale = -1 / (this.nTrees * averagePathLength(psi));
  }

  /** Copies tree node `p` (and its subtree) to heap node `h`; returns the next pre-order index. */
  #place(tree: TreeNodes, t: number, p: number, h: number, depth: number): number {
    if (p >= tree.feature.length) throw new RangeError(`tree ${t}: truncated at node ${p}`);
    const f = tree.feature[p];
    const size = tree.size[p];
    if (!(size >= 1)) throw new RangeError(`tree ${t}: node ${p} has size ${size}`);
    if (f < 0) {
      const below = this.depth - depth;
      const first = (h + 1) * (1 << below) - 1 - this.#inner;
      const off = t * (this.#inner + 1) + first;
      this.leaf.fill(depth + averagePathLength(size), off, off + (1 << below));
      return p + 1;
    }
    if (f >= this.d) {
      throw new RangeError(`tree ${t}: node ${p} splits on feature ${f} of ${this.d}`);
    }
    if (depth >= this.depth) {
      throw new RangeError(`tree ${t}: node ${p} is deeper than ${this.depth} (ψ = ${this.psi})`);
    }
    const threshold = tree.threshold[p];
    if (!Number.isFinite(threshold)) {
      throw new RangeError(`tree ${t}: node ${p} has threshold ${threshold}`);
    }
    this.feature[t * this.#inner + h] = f;
    this.threshold[t * this.#inner + h] = threshold;
    const g = t * (2 * this.#inner + 1);
    const right = this.#place(tree, t, p + 1, 2 * h + 1, depth + 1);
    if (right >= tree.feature.length) throw new RangeError(`tree ${t}: truncated at node ${right}`);
    const leftSize = tree.size[p + 1], rightSize = tree.size[right];
    if (leftSize + rightSize !== size) {
      throw new RangeError(
        `tree ${t}: children of node ${p} hold ${leftSize} + ${rightSize} ≠ ${size}`,
      );
    }
    this.gain[g + 2 * h + 1] = Math.log(size / leftSize);
    this.gain[g + 2 * h + 2] = Math.log(size / rightSize);
    return this.#place(tree, t, right, 2 * h + 2, depth + 1);
  }

  /**
   * Scores `n` rows of the row-major matrix `x` (`n × d`) into `out`.
   * This is the hot path: tree-major over blocks of rows, no allocation.
   */
  scoreBatch(x: Float64Array, n: number, out: Float64Array = new Float64Array(n)): Float64Array {
    if (x.length < n * this.d) {
      throw new RangeError(`scoreBatch needs ${n} × ${this.d} values, got ${x.length}`);
    }
    const d = this.d, depth = this.depth, inner = this.#inner, nTrees = this.nTrees;
    const F = this.feature, T = this.threshold, V = this.leaf, acc = this.#acc;
    for (let b0 = 0; b0 < n; b0 += BLOCK) {
      const m = Math.min(BLOCK, n - b0);
      const m8 = m - (m & 7);
      acc.fill(0, 0, m);
      for (let t = 0; t < nTrees; t++) {
        const fo = t * inner;
        const lo = fo + t - inner; // t·(inner + 1) − inner: leaf slot of heap node i is lo + i
        // Eight rows walk the tree together: their dependent load chains overlap.
        let r = 0;
        for (let base = b0 * d; r < m8; r += 8, base += 8 * d) {
          const x1 = base + d,
            x2 = x1 + d,
            x3 = x2 + d,
            x4 = x3 + d,
            x5 = x4 + d,
            x6 = x5 + d,
            x7 = x6 + d;
          let i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0;
          for (let k = 0; k < depth; k++) {
            let j = fo + i0;
            i0 = 2 * i0 + 1 + +(x[base + F[j]] > T[j]);
            j = fo + i1;
            i1 = 2 * i1 + 1 + +(x[x1 + F[j]] > T[j]);
            j = fo + i2;
            i2 = 2 * i2 + 1 + +(x[x2 + F[j]] > T[j]);
            j = fo + i3;
            i3 = 2 * i3 + 1 + +(x[x3 + F[j]] > T[j]);
            j = fo + i4;
            i4 = 2 * i4 + 1 + +(x[x4 + F[j]] > T[j]);
            j = fo + i5;
            i5 = 2 * i5 + 1 + +(x[x5 + F[j]] > T[j]);
            j = fo + i6;
            i6 = 2 * i6 + 1 + +(x[x6 + F[j]] > T[j]);
            j = fo + i7;
            i7 = 2 * i7 + 1 + +(x[x7 + F[j]] > T[j]);
          }
          acc[r] += V[lo + i0];
          acc[r + 1] += V[lo + i1];
          acc[r + 2] += V[lo + i2];
          acc[r + 3] += V[lo + i3];
          acc[r + 4] += V[lo + i4];
          acc[r + 5] += V[lo + i5];
          acc[r + 6] += V[lo + i6];
          acc[r + 7] += V[lo + i7];
        }
        for (let base = (b0 + r) * d; r < m; r++, base += d) {
          let i = 0;
          for (let k = 0; k < depth; k++) {
            const j = fo + i;
            i = 2 * i + 1 + +(x[base + F[j]] > T[j]);
          }
          acc[r] += V[lo + i];
        }
      }
      const scale = this.#scale;
      for (let r = 0; r < m; r++) out[b0 + r] = Math.pow(2, acc[r] * scale);
    }
    return out;
  }

  /** Score of one row. */
  score(x: ArrayLike<number>): number {
    return this.scoreBatch(Float64Array.from(x), 1)[0];
  }

  /**
   * Isolation gain per feature for one row: the sum over its paths of
   * ln(rows before the split / rows on its side), credited to the split's
   * feature, averaged over trees. Summed over features it is the mean of
   * ln(ψ / leaf size), i.e. how far the row was isolated, split by feature.
   */
  gains(x: ArrayLike<number>, out: Float64Array = new Float64Array(this.d)): Float64Array {
    out.fill(0);
    const inner = this.#inner, F = this.feature, T = this.threshold, G = this.gain;
    for (let t = 0; t < this.nTrees; t++) {
      const fo = t * inner, go = t * (2 * inner + 1);
      let i = 0;
      for (let k = 0; k < this.depth; k++) {
        const f = F[fo + i];
        const c = 2 * i + (x[f] <= T[fo + i] ? 1 : 2);
        out[f] += G[go + c];
        i = c;
      }
    }
    for (let f = 0; f < this.d; f++) out[f] /= this.nTrees;
    return out;
  }
}
