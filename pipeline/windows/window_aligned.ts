/**
 * Tumbling and sliding event-time windows: window `k` of a series covers
 * [k·slide, k·slide + size) (tumbling: slide = size), and a reading belongs to
 * every window that contains it.
 *
 * Each window of each series is one accumulator slot. The hot path maps the
 * batch's key dictionary to series numbers once, then per reading computes the
 * newest window index kHi and finds the slots of windows kHi, kHi−1, … in a
 * per-series cache block of ⌈size/slide⌉ entries (shifted when kHi moves on) —
 * no string work and no allocation for in-order data; a Map per series is
 * consulted only on a cache miss (a new window, or out-of-order data).
 */
import type { ReadingBatch } from "../engine/batch.ts";
import type { OperatorContext } from "../engine/component.ts";
import {
  type BaseSnapshot,
  WindowOperatorBase,
  type WindowState,
  type WindowTiming,
} from "./window_base.ts";

/** Options of an aligned (tumbling or sliding) window, in milliseconds. */
export interface AlignedTiming extends WindowTiming {
  size: number;
  slide: number;
}

interface AlignedSnapshot extends BaseSnapshot {
  kind: "aligned";
  windows: WindowState[];
}

const EMITTED = 1, DIRTY = 2;

/**
 * The operator behind `kind: tumbling` and `kind: sliding`.
 *
 * @example
 * ```ts ignore
 * const op = new AlignedWindowOperator(ctx, {
 *   size: 5000, slide: 5000, watermark: 2000, allowedLateness: 0,
 * });
 * op.process(batch);
 * ```
 */
export class AlignedWindowOperator extends WindowOperatorBase {
  readonly #size: number;
  readonly #slide: number;
  /** Ring cache length: the most windows one reading can belong to. */
  readonly #r: number;
  #wins: Map<number, number>[] = [];
  /** Per series: the kHi the cache block is aligned to (NaN: none). */
  #cacheK = new Float64Array(0);
  /** Per series, r entries: slot of window cacheK − d at index d, or −1. */
  #cache = new Int32Array(0);
  #nextDue = new Float64Array(0);
  #minDue = Infinity;
  #slotK = new Float64Array(64);
  #slotFlags = new Uint8Array(64);
  #dirty: number[] = [];

  constructor(ctx: OperatorContext, timing: AlignedTiming) {
    super(ctx, timing);
    this.#size = timing.size;
    this.#slide = timing.slide;
    this.#r = Math.ceil(timing.size / timing.slide);
  }

  protected addSeries(s: number): void {
    this.#wins.push(new Map());
    if (s >= this.#cacheK.length) {
      const cap = Math.max(16, this.#cacheK.length * 2);
      const k = new Float64Array(cap).fill(NaN), due = new Float64Array(cap).fill(Infinity);
      k.set(this.#cacheK);
      due.set(this.#nextDue);
      this.#cacheK = k;
      this.#nextDue = due;
      const cache = new Int32Array(cap * this.#r).fill(-1);
      cache.set(this.#cache);
      this.#cache = cache;
    }
  }

  protected ingest(b: ReadingBatch, map: Int32Array, labelMap: Int32Array, late: number[]): void {
    const { ts, value, series, label } = b;
    const size = this.#size, slide = this.#slide, r = this.#r;
    const horizon = size + this.timing.allowedLateness, delay = this.timing.watermark;
    const pool = this.pool, cacheK = this.#cacheK, cache = this.#cache;
    let maxTs = this.maxTs, wm = this.wm;
    for (let i = 0; i < b.n; i++) {
      const t = ts[i], v = value[i];
      if (!(t - t === 0 && v - v === 0) && this.rejectNonFinite(b, i)) continue;
      if (t > maxTs) {
        maxTs = t;
        wm = t - delay;
        this.maxTs = maxTs;
        this.wm = wm;
      }
      const s = map[series[i]];
      const kHi = Math.floor(t / slide);
      const kLo = r === 1 ? kHi : Math.floor((t - size) / slide) + 1;
      const lab = labelMap[label[i]];
      const base = s * r;
      let cached = kHi === cacheK[s];
      if (!cached && !(kHi < cacheK[s])) {
        this.#shiftCache(s, kHi);
        cached = true;
      }
      let accepted = false;
      for (let k = kHi; k >= kLo; k--) {
        if (k * slide + horizon <= wm) break; // this window and older ones are closed
        let slot = cached ? cache[base + kHi - k] : -1;
        if (slot < 0) {
          slot = this.#slotFor(s, k);
          if (cached) cache[base + kHi - k] = slot;
        }
        pool.add(slot, t, v);
        if (lab !== 0) pool.addLabel(slot, lab);
        const f = this.#slotFlags[slot];
        if (f === EMITTED) {
          this.#slotFlags[slot] = EMITTED | DIRTY;
          this.#dirty.push(s, slot);
        }
        accepted = true;
      }
      if (!accepted) late.push(i);
    }
  }

  protected advance(flushAll: boolean): void {
    const d = this.#dirty;
    for (let j = 0; j < d.length; j += 2) {
      const s = d[j], slot = d[j + 1];
      this.#slotFlags[slot] = EMITTED;
      this.#fireSlot(s, slot, true);
    }
    this.#dirty = [];
    if (!flushAll && !(this.wm >= this.#minDue)) return;
    const wm = this.wm,
      size = this.#size,
      slide = this.#slide,
      lateness = this.timing.allowedLateness;
    let minDue = Infinity;
    for (let s = 0; s < this.#wins.length; s++) {
      if (!flushAll && !(this.#nextDue[s] <= wm)) {
        minDue = Math.min(minDue, this.#nextDue[s]);
        continue;
      }
      let due = Infinity;
      const wins = this.#wins[s];
      for (const [k, slot] of wins) {
        const end = k * slide + size;
        if (!(this.#slotFlags[slot] & EMITTED)) {
          if (!flushAll && end > wm) {
            due = Math.min(due, end);
            continue;
          }
          this.#slotFlags[slot] = EMITTED;
          this.#fireSlot(s, slot, false);
        }
        if (end + lateness <= wm) this.#drop(s, k, slot);
        else due = Math.min(due, end + lateness);
      }
      this.#nextDue[s] = due;
      minDue = Math.min(minDue, due);
    }
    this.#minDue = minDue;
  }

  snapshot(): AlignedSnapshot {
    const windows: WindowState[] = [];
    this.#wins.forEach((wins, s) => {
      for (const [k, slot] of wins) {
        const start = k * this.#slide;
        const emitted = (this.#slotFlags[slot] & EMITTED) !== 0;
        windows.push(this.saveSlot(s, slot, start, start + this.#size, emitted));
      }
    });
    return { kind: "aligned", ...this.saveBase(), windows };
  }

  restore(state: unknown): void {
    const st = state as AlignedSnapshot;
    if (st?.kind !== "aligned" || !Array.isArray(st.windows)) {
      throw new Error(`Cannot restore window "${this.ctx.name}": not a tumbling/sliding snapshot`);
    }
    this.restoreBase(st);
    for (const w of st.windows) {
      const k = Math.round(w.start / this.#slide);
      const slot = this.loadSlot(w);
      this.#meta(slot, k, w.emitted ? EMITTED : 0);
      this.#wins[w.s].set(k, slot);
      const end = w.end + (w.emitted ? this.timing.allowedLateness : 0);
      this.#nextDue[w.s] = Math.min(this.#nextDue[w.s], end);
      this.#minDue = Math.min(this.#minDue, end);
    }
  }

  /** Re-aligns series `s`'s cache block to newest window `kHi` (> the current one). */
  #shiftCache(s: number, kHi: number): void {
    const r = this.#r, base = s * r, cache = this.#cache;
    const sh = kHi - this.#cacheK[s];
    if (sh >= r || !(sh > 0)) cache.fill(-1, base, base + r);
    else {
      for (let d = r - 1; d >= sh; d--) cache[base + d] = cache[base + d - sh];
      cache.fill(-1, base, base + sh);
    }
    this.#cacheK[s] = kHi;
  }

  #slotFor(s: number, k: number): number {
    const wins = this.#wins[s];
    let slot = wins.get(k);
    if (slot === undefined) {
      slot = this.pool.alloc(k * this.#slide);
      this.#meta(slot, k, 0);
      wins.set(k, slot);
      const end = k * this.#slide + this.#size;
      if (end < this.#nextDue[s]) this.#nextDue[s] = end;
      if (end < this.#minDue) this.#minDue = end;
    }
    return slot;
  }

  #meta(slot: number, k: number, flags: number): void {
    if (slot >= this.#slotK.length) {
      const k2 = new Float64Array(this.#slotK.length * 2), f2 = new Uint8Array(k2.length);
      k2.set(this.#slotK);
      f2.set(this.#slotFlags);
      this.#slotK = k2;
      this.#slotFlags = f2;
    }
    this.#slotK[slot] = k;
    this.#slotFlags[slot] = flags;
  }

  #fireSlot(s: number, slot: number, update: boolean): void {
    const start = this.#slotK[slot] * this.#slide;
    this.fire(s, slot, start, start + this.#size, update);
  }

  #drop(s: number, k: number, slot: number): void {
    this.#wins[s].delete(k);
    const d = this.#cacheK[s] - k;
    if (d >= 0 && d < this.#r && this.#cache[s * this.#r + d] === slot) {
      this.#cache[s * this.#r + d] = -1;
    }
    this.#slotFlags[slot] = 0;
    this.pool.free(slot);
  }
}
