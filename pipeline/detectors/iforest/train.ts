/**
 * Growing isolation trees (Liu, Ting & Zhou 2008), the way scikit-learn's
 * `IsolationForest` does: each tree sees ψ rows drawn without replacement,
 * every node splits on a random non-constant feature at a threshold drawn
 * uniformly in [min, max) of that feature over the node's rows (`x <= t` goes
 * left), and growth stops at depth ceil(log2 ψ) or when a node holds one row.
 *
 * Trees come out in a compact canonical form (pre-order node arrays); the
 * scorer compiles them into a padded heap layout (see `compiled_forest.ts`).
 */
import { Prng } from "./prng.ts";

/** One tree in pre-order: node `p`'s left child is `p + 1`. */
export interface TreeNodes {
  /** Split feature, or -1 for a leaf. */
  feature: Int32Array;
  /** Split threshold (`x <= threshold` goes left); 0 for leaves. */
  threshold: Float64Array;
  /** Training rows that reached the node. */
  size: Int32Array;
}

/** What to grow. */
export interface GrowOptions {
  n_trees: number;
  sample_size: number;
  seed: number;
}

/** Values closer than this count as constant (scikit-learn's FEATURE_THRESHOLD). */
const CONSTANT_EPS = 1e-7;

/** Depth limit for subsample size ψ: ceil(log2 max(ψ, 2)). */
export function maxDepthFor(psi: number): number {
  return Math.ceil(Math.log2(Math.max(psi, 2)));
}

/**
 * Grows `n_trees` isolation trees on the row-major `n × d` matrix `data`.
 *
 * @example
 * ```ts
 * const data = Float64Array.from({ length: 200 }, (_, i) => i % 17);
 * const trees = growForest(data, 200, 1, { n_trees: 10, sample_size: 64, seed: 1 });
 * trees.length; // 10
 * ```
 */
export function growForest(
  data: Float64Array,
  n: number,
  d: number,
  opts: GrowOptions,
): TreeNodes[] {
  const psi = Math.min(opts.sample_size, n);
  const builder = new TreeBuilder(data, d, maxDepthFor(psi), new Prng(opts.seed));
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  const trees: TreeNodes[] = [];
  for (let t = 0; t < opts.n_trees; t++) {
    // Partial Fisher–Yates: the first ψ entries become a uniform sample without replacement.
    for (let i = 0; i < psi; i++) {
      const j = i + builder.rng.int(n - i);
      const tmp = pool[i];
      pool[i] = pool[j];
      pool[j] = tmp;
    }
    trees.push(builder.grow(pool.slice(0, psi)));
  }
  return trees;
}

class TreeBuilder {
  readonly rng: Prng;
  #data: Float64Array;
  #d: number;
  #maxDepth: number;
  #features: Int32Array;
  #feature: number[] = [];
  #threshold: number[] = [];
  #size: number[] = [];

  constructor(data: Float64Array, d: number, maxDepth: number, rng: Prng) {
    this.#data = data;
    this.#d = d;
    this.#maxDepth = maxDepth;
    this.rng = rng;
    this.#features = new Int32Array(d);
  }

  grow(rows: Int32Array): TreeNodes {
    this.#feature = [];
    this.#threshold = [];
    this.#size = [];
    this.#node(rows, 0, rows.length, 0);
    return {
      feature: Int32Array.from(this.#feature),
      threshold: Float64Array.from(this.#threshold),
      size: Int32Array.from(this.#size),
    };
  }

  #node(rows: Int32Array, lo: number, hi: number, depth: number): void {
    const p = this.#feature.length;
    this.#feature.push(-1);
    this.#threshold.push(0);
    this.#size.push(hi - lo);
    if (depth >= this.#maxDepth || hi - lo <= 1) return;
    const data = this.#data, d = this.#d, feats = this.#features;
    for (let i = 0; i < d; i++) feats[i] = i;
    // Draw features without replacement until one is not constant on this node.
    for (let left = d; left > 0; left--) {
      const j = this.rng.int(left);
      const f = feats[j];
      feats[j] = feats[left - 1];
      let min = Infinity, max = -Infinity;
      for (let i = lo; i < hi; i++) {
        const v = data[rows[i] * d + f];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max <= min + CONSTANT_EPS) continue;
      let t = min + this.rng.next() * (max - min);
      if (t >= max) t = min;
      // Partition rows[lo, hi) so that x <= t comes first.
      let a = lo, b = hi - 1;
      while (a <= b) {
        if (data[rows[a] * d + f] <= t) a++;
        else {
          const tmp = rows[a];
          rows[a] = rows[b];
          rows[b--] = tmp;
        }
      }
      this.#feature[p] = f;
      this.#threshold[p] = t;
      this.#node(rows, lo, a, depth + 1);
      this.#node(rows, a, hi, depth + 1);
      return;
    }
  }
}
