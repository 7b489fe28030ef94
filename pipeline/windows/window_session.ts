/**
 * Session windows: per series, readings less than `gap` apart form one
 * session, the window [first_ts, last_ts + gap). A session closes (is emitted)
 * when the watermark reaches last_ts + gap.
 *
 * A reading opens the proto-session [t, t + gap) and merges with every live
 * session it overlaps, so an out-of-order reading can bridge two sessions into
 * one. If a merged or extended session had already been emitted, its next
 * emission carries `update: true` (and may have a different window_start or
 * window_end from the earlier one); if the reading pushed its end past the
 * watermark, it is emitted again only once the watermark reaches the new end.
 *
 * Hot path: the newest session of each series is the last entry of that
 * series' session list; an in-order reading either extends it or opens a new
 * one after it, without scanning.
 */
import type { ReadingBatch } from "../engine/batch.ts";
import type { OperatorContext } from "../engine/component.ts";
import {
  type BaseSnapshot,
  WindowOperatorBase,
  type WindowState,
  type WindowTiming,
} from "./window_base.ts";

/** Options of a session window, in milliseconds. */
export interface SessionTiming extends WindowTiming {
  gap: number;
}

interface SessionSnapshot extends BaseSnapshot {
  kind: "session";
  windows: WindowState[];
}

/** Flag bits per slot: emitted once, emitted for its current end, changed since emitted. */
const ONCE = 1, FIRED = 2, DIRTY = 4;

/**
 * The operator behind `kind: session`.
 *
 * @example
 * ```ts ignore
 * const op = new SessionWindowOperator(ctx, { gap: 30000, watermark: 2000, allowedLateness: 0 });
 * op.process(batch);
 * ```
 */
export class SessionWindowOperator extends WindowOperatorBase {
  readonly #gap: number;
  /** Sessions per series, sorted by start. */
  #sessions: number[][] = [];
  #nextDue: number[] = [];
  #minDue = Infinity;
  #start = new Float64Array(64);
  #flags = new Uint8Array(64);
  #series = new Int32Array(64);
  #dirty: number[] = [];

  constructor(ctx: OperatorContext, timing: SessionTiming) {
    super(ctx, timing);
    this.#gap = timing.gap;
  }

  protected addSeries(): void {
    this.#sessions.push([]);
    this.#nextDue.push(Infinity);
  }

  protected ingest(b: ReadingBatch, map: Int32Array, labelMap: Int32Array, late: number[]): void {
    const { ts, value, series, label } = b;
    const gap = this.#gap, lateness = this.timing.allowedLateness, delay = this.timing.watermark;
    const pool = this.pool;
    for (let i = 0; i < b.n; i++) {
      const t = ts[i], v = value[i];
      if (!(t - t === 0 && v - v === 0) && this.rejectNonFinite(b, i)) continue;
      if (t > this.maxTs) {
        this.maxTs = t;
        this.wm = t - delay;
      }
      const s = map[series[i]];
      const list = this.#sessions[s];
      const cur = list.length > 0 ? list[list.length - 1] : -1;
      let slot: number;
      if (cur >= 0 && t >= this.#start[cur] && this.#live(cur)) {
        // Live sessions are disjoint, so only the newest one can hold t.
        slot = t < pool.lastTs[cur] + gap ? cur : this.#open(s, t, list.length);
      } else if (cur < 0) {
        slot = t + gap + lateness > this.wm ? this.#open(s, t, 0) : -1;
      } else slot = this.#merge(s, t);
      if (slot < 0) {
        late.push(i);
        continue;
      }
      const oldEnd = pool.lastTs[slot] + gap;
      pool.add(slot, t, v);
      const lab = labelMap[label[i]];
      if (lab !== 0) pool.addLabel(slot, lab);
      const f = this.#flags[slot];
      if (f & FIRED) {
        if (t + gap > oldEnd && t + gap > this.wm) this.#flags[slot] = f & ~FIRED & ~DIRTY;
        else if (!(f & DIRTY)) {
          this.#flags[slot] = f | DIRTY;
          this.#dirty.push(slot);
        }
      }
      this.#due(s, t + gap);
    }
  }

  protected advance(flushAll: boolean): void {
    for (const slot of this.#dirty) {
      if (this.#flags[slot] & DIRTY) {
        this.#flags[slot] &= ~DIRTY;
        this.#emit(slot);
      }
    }
    this.#dirty = [];
    if (!flushAll && !(this.wm >= this.#minDue)) return;
    const wm = this.wm, gap = this.#gap, lateness = this.timing.allowedLateness;
    let minDue = Infinity;
    for (let s = 0; s < this.#sessions.length; s++) {
      if (!flushAll && !(this.#nextDue[s] <= wm)) {
        minDue = Math.min(minDue, this.#nextDue[s]);
        continue;
      }
      let due = Infinity;
      const keep: number[] = [];
      for (const slot of this.#sessions[s]) {
        const end = this.pool.lastTs[slot] + gap;
        if (!(this.#flags[slot] & FIRED)) {
          if (!flushAll && end > wm) {
            due = Math.min(due, end);
            keep.push(slot);
            continue;
          }
          this.#emit(slot);
        }
        if (end + lateness <= wm) this.#free(slot);
        else {
          due = Math.min(due, end + lateness);
          keep.push(slot);
        }
      }
      this.#sessions[s] = keep;
      this.#nextDue[s] = due;
      minDue = Math.min(minDue, due);
    }
    this.#minDue = minDue;
  }

  snapshot(): SessionSnapshot {
    const windows: WindowState[] = [];
    this.#sessions.forEach((list, s) => {
      for (const slot of list) {
        const f = this.#flags[slot];
        const w = this.saveSlot(
          s,
          slot,
          this.#start[slot],
          this.pool.lastTs[slot] + this.#gap,
          (f & ONCE) !== 0,
        );
        w.fired = (f & FIRED) !== 0;
        windows.push(w);
      }
    });
    return { kind: "session", ...this.saveBase(), windows };
  }

  restore(state: unknown): void {
    const st = state as SessionSnapshot;
    if (st?.kind !== "session" || !Array.isArray(st.windows)) {
      throw new Error(`Cannot restore window "${this.ctx.name}": not a session snapshot`);
    }
    this.restoreBase(st);
    for (const w of st.windows) {
      const slot = this.loadSlot(w);
      this.#meta(slot, w.s, w.start, (w.emitted ? ONCE : 0) | (w.fired ? FIRED : 0));
      this.#sessions[w.s].push(slot);
      this.#due(w.s, w.fired ? w.end + this.timing.allowedLateness : w.end);
    }
  }

  /** A session is live while it can still take readings: end + allowed lateness > watermark. */
  #live(slot: number): boolean {
    return this.pool.lastTs[slot] + this.#gap + this.timing.allowedLateness > this.wm;
  }

  /** Opens a session at `t` at position `at` of the series' list; returns its slot. */
  #open(s: number, t: number, at: number): number {
    const slot = this.pool.alloc(t);
    this.#meta(slot, s, t, 0);
    this.#sessions[s].splice(at, 0, slot);
    return slot;
  }

  /** Slow path: merges every live session overlapping [t, t + gap); -1 if the reading is late. */
  #merge(s: number, t: number): number {
    const gap = this.#gap, list = this.#sessions[s];
    let target = -1, at = list.length;
    const rest: number[] = [];
    for (let j = 0; j < list.length; j++) {
      const slot = list[j];
      if (at === list.length && this.#start[slot] > t) at = j;
      const overlaps = this.#start[slot] < t + gap && t < this.pool.lastTs[slot] + gap;
      if (!overlaps || !this.#live(slot)) rest.push(slot);
      else if (target < 0) target = slot;
      else {
        this.pool.merge(target, slot);
        this.#start[target] = Math.min(this.#start[target], this.#start[slot]);
        this.#flags[target] |= this.#flags[slot] & ONCE;
        this.#free(slot);
      }
    }
    if (target < 0) {
      return t + gap + this.timing.allowedLateness > this.wm ? this.#open(s, t, at) : -1;
    }
    if (rest.length + 1 !== list.length) {
      // Sessions were merged away: the target now spans them and must be emitted again.
      this.#flags[target] &= ~(FIRED | DIRTY);
      this.#due(s, this.pool.lastTs[target] + gap);
    }
    if (t < this.#start[target]) this.#start[target] = t;
    rest.push(target);
    rest.sort((a, b) => this.#start[a] - this.#start[b]);
    this.#sessions[s] = rest;
    return target;
  }

  #emit(slot: number): void {
    const f = this.#flags[slot];
    this.#flags[slot] = (f | ONCE | FIRED) & ~DIRTY;
    const s = this.#series[slot];
    this.fire(s, slot, this.#start[slot], this.pool.lastTs[slot] + this.#gap, (f & ONCE) !== 0);
  }

  #due(s: number, at: number): void {
    if (at < this.#nextDue[s]) this.#nextDue[s] = at;
    if (at < this.#minDue) this.#minDue = at;
  }

  #meta(slot: number, s: number, start: number, flags: number): void {
    if (slot >= this.#start.length) {
      const cap = this.#start.length * 2;
      const st = new Float64Array(cap), f = new Uint8Array(cap), se = new Int32Array(cap);
      st.set(this.#start);
      f.set(this.#flags);
      se.set(this.#series);
      this.#start = st;
      this.#flags = f;
      this.#series = se;
    }
    this.#start[slot] = start;
    this.#flags[slot] = flags;
    this.#series[slot] = s;
  }

  #free(slot: number): void {
    this.#flags[slot] = 0;
    this.pool.free(slot);
  }
}
