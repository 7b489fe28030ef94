/**
 * Window accumulators as a struct of arrays: one slot per open window, all
 * fields in typed arrays indexed by the slot number, so the hot path adds a
 * reading without allocating.
 *
 * Statistics are accumulated with Welford's online update (and Chan et al.'s
 * pairwise merge for session windows), with event time taken relative to the
 * slot's `base` time and values relative to the slot's first value, so large
 * epoch-ms timestamps and large values with a small spread keep their
 * precision:
 * - `stddev` is the **population** standard deviation, √(M2 / n);
 * - `slope` is the least-squares slope of value over event time, in units per
 *   second; 0 when n < 2 or every reading has the same timestamp;
 * - `last` is the value with the greatest event time (on ties, the one that
 *   arrived last);
 * - `label` is the most frequent non-empty label (ties: alphabetically first).
 */

/** Summary statistics of one slot. */
export interface SlotStats {
  count: number;
  mean: number;
  min: number;
  max: number;
  stddev: number;
  last: number;
  slope: number;
}

/** A slot in JSON form, for snapshots: `[base, n, mT, mV, m2V, m2T, cTV, min, max, last, lastTs, vBase]`. */
export type SlotState = number[];

const FIELDS = 12;

/**
 * A growable pool of accumulator slots.
 *
 * @example
 * ```ts
 * import { AccumulatorPool } from "./accumulator.ts";
 * const pool = new AccumulatorPool();
 * const s = pool.alloc(1000);
 * pool.add(s, 1000, 1);
 * pool.add(s, 2000, 3);
 * pool.stats(s).slope; // 2 (units per second)
 * ```
 */
export class AccumulatorPool {
  /** Time origin of the slot (event-time ms); times are stored relative to it. */
  base = new Float64Array(0);
  /** Value origin: the slot's first value; `mV` is relative to it. */
  vBase = new Float64Array(0);
  n = new Float64Array(0);
  mT = new Float64Array(0);
  mV = new Float64Array(0);
  m2V = new Float64Array(0);
  m2T = new Float64Array(0);
  cTV = new Float64Array(0);
  min = new Float64Array(0);
  max = new Float64Array(0);
  last = new Float64Array(0);
  lastTs = new Float64Array(0);
  /** Label counts by global label id, allocated only for slots that saw a label. */
  labels: (Map<number, number> | undefined)[] = [];
  #free: number[] = [];
  #size = 0;

  constructor(capacity = 64) {
    this.#resize(capacity);
  }

  /** Number of slots in use. */
  get used(): number {
    return this.#size - this.#free.length;
  }

  /** A fresh empty slot with time origin `base`. */
  alloc(base: number): number {
    let s = this.#free.pop();
    if (s === undefined) {
      if (this.#size === this.n.length) this.#resize(this.n.length * 2);
      s = this.#size++;
    }
    this.base[s] = base;
    this.vBase[s] = 0;
    this.n[s] = 0;
    this.mT[s] = 0;
    this.mV[s] = 0;
    this.m2V[s] = 0;
    this.m2T[s] = 0;
    this.cTV[s] = 0;
    this.min[s] = Infinity;
    this.max[s] = -Infinity;
    this.last[s] = 0;
    this.lastTs[s] = -Infinity;
    this.labels[s] = undefined;
    return s;
  }

  free(s: number): void {
    this.labels[s] = undefined;
    this.#free.push(s);
  }

  /** Adds reading (t, v) to slot `s`. */
  add(s: number, t: number, v: number): void {
    const n = this.n[s] + 1;
    this.n[s] = n;
    if (n === 1) this.vBase[s] = v;
    const vr = v - this.vBase[s];
    const tr = t - this.base[s];
    const dt = tr - this.mT[s];
    const mT = this.mT[s] + dt / n;
    this.mT[s] = mT;
    const dv = vr - this.mV[s];
    const mV = this.mV[s] + dv / n;
    this.mV[s] = mV;
    const rv = vr - mV;
    this.m2V[s] += dv * rv;
    this.m2T[s] += dt * (tr - mT);
    this.cTV[s] += dt * rv;
    if (v < this.min[s]) this.min[s] = v;
    if (v > this.max[s]) this.max[s] = v;
    if (t >= this.lastTs[s]) {
      this.lastTs[s] = t;
      this.last[s] = v;
    }
  }

  /** Counts one occurrence of global label id `label` (> 0) in slot `s`. */
  addLabel(s: number, label: number): void {
    let m = this.labels[s];
    if (m === undefined) this.labels[s] = m = new Map();
    m.set(label, (m.get(label) ?? 0) + 1);
  }

  /** Folds slot `src` into slot `dst` (pairwise merge); `src` is left untouched. */
  merge(dst: number, src: number): void {
    const na = this.n[dst], nb = this.n[src];
    if (nb === 0) return;
    const shift = this.base[src] - this.base[dst];
    const mTb = this.mT[src] + shift;
    if (na === 0) {
      const fields = [
        this.n,
        this.mV,
        this.vBase,
        this.m2V,
        this.m2T,
        this.cTV,
        this.min,
        this.max,
      ];
      for (const f of fields) {
        f[dst] = f[src];
      }
      this.mT[dst] = mTb;
    } else {
      const n = na + nb;
      const mVb = this.mV[src] + (this.vBase[src] - this.vBase[dst]);
      const dT = mTb - this.mT[dst], dV = mVb - this.mV[dst];
      const w = na * nb / n;
      this.m2V[dst] += this.m2V[src] + dV * dV * w;
      this.m2T[dst] += this.m2T[src] + dT * dT * w;
      this.cTV[dst] += this.cTV[src] + dT * dV * w;
      this.mT[dst] += dT * nb / n;
      this.mV[dst] += dV * nb / n;
      this.n[dst] = n;
      this.min[dst] = Math.min(this.min[dst], this.min[src]);
      this.max[dst] = Math.max(this.max[dst], this.max[src]);
    }
    if (this.lastTs[src] >= this.lastTs[dst]) {
      this.lastTs[dst] = this.lastTs[src];
      this.last[dst] = this.last[src];
    }
    const lb = this.labels[src];
    if (lb) { for (const [id, c] of lb) this.addLabelCount(dst, id, c); }
  }

  /** Statistics of slot `s` (which must hold at least one reading). */
  stats(s: number): SlotStats {
    const n = this.n[s];
    const m2T = this.m2T[s];
    return {
      count: n,
      mean: this.vBase[s] + this.mV[s],
      min: this.min[s],
      max: this.max[s],
      stddev: Math.sqrt(Math.max(0, this.m2V[s]) / n),
      last: this.last[s],
      slope: n < 2 || !(m2T > 0) ? 0 : (this.cTV[s] / m2T) * 1000,
    };
  }

  /** The most frequent label id of slot `s` (0 when none), ties broken by `names` order. */
  topLabel(s: number, names: readonly string[]): number {
    const m = this.labels[s];
    if (!m) return 0;
    let best = 0, bestCount = 0;
    for (const [id, c] of m) {
      if (c > bestCount || (c === bestCount && names[id] < names[best])) {
        best = id;
        bestCount = c;
      }
    }
    return best;
  }

  /** Slot `s` in JSON form (labels excluded, see {@link labels}). */
  save(s: number): SlotState {
    return [
      this.base[s],
      this.n[s],
      this.mT[s],
      this.mV[s],
      this.m2V[s],
      this.m2T[s],
      this.cTV[s],
      this.min[s],
      this.max[s],
      this.last[s],
      this.lastTs[s],
      this.vBase[s],
    ];
  }

  /** A new slot holding a state made by {@link save}. */
  load(state: SlotState): number {
    if (
      !Array.isArray(state) || state.length !== FIELDS || state.some((x) => typeof x !== "number")
    ) {
      throw new Error(
        `Cannot restore window slot: expected ${FIELDS} numbers, got ${JSON.stringify(state)}`,
      );
    }
    const s = this.alloc(state[0]);
    [
      ,
      this.n[s],
      this.mT[s],
      this.mV[s],
      this.m2V[s],
      this.m2T[s],
      this.cTV[s],
      this.min[s],
      this.max[s],
      this.last[s],
      this.lastTs[s],
      this.vBase[s],
    ] = state;
    return s;
  }

  addLabelCount(s: number, label: number, count: number): void {
    let m = this.labels[s];
    if (m === undefined) this.labels[s] = m = new Map();
    m.set(label, (m.get(label) ?? 0) + count);
  }

  #resize(cap: number): void {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.base = grow(this.base);
    this.vBase = grow(this.vBase);
    this.n = grow(this.n);
    this.mT = grow(this.mT);
    this.mV = grow(this.mV);
    this.m2V = grow(this.m2V);
    this.m2T = grow(this.m2T);
    this.cTV = grow(this.cTV);
    this.min = grow(this.min);
    this.max = grow(this.max);
    this.last = grow(this.last);
    this.lastTs = grow(this.lastTs);
  }
}
