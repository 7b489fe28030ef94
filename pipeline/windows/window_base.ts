/**
 * What every window operator shares: series and label interning, the
 * watermark, the `late` port, and turning accumulator slots into
 * {@link Aggregate} records emitted in event-time order.
 */
import type { Batch, ReadingBatch, SeriesKey } from "../engine/batch.ts";
import { eventBatch, readingAt, selectRows } from "../engine/batch.ts";
import type { Operator, OperatorContext } from "../engine/component.ts";
import type { Aggregate } from "../engine/record.ts";
import { AccumulatorPool, type SlotState } from "./accumulator.ts";

/** Options every window kind takes, in milliseconds. */
export interface WindowTiming {
  /** Allowed out-of-orderness: watermark = max event time − this. */
  watermark: number;
  /** How long after its end a fired window still accepts (and re-emits) late readings. */
  allowedLateness: number;
}

/** Snapshot fields common to every window kind. */
export interface BaseSnapshot {
  maxTs: number | null;
  series: [string, string, string | null][];
  labels: string[];
}

/** A slot in a snapshot: series index, window bounds, flags, accumulator, labels. */
export interface WindowState {
  s: number;
  start: number;
  end: number;
  /** Emitted at least once: later emissions are updates. */
  emitted: boolean;
  /** Sessions only: emitted for its current end (false if it grew since). */
  fired?: boolean;
  acc: SlotState;
  labels?: [string, number][];
}

/** Base class of the window operators; subclasses implement {@link ingest} and {@link advance}. */
export abstract class WindowOperatorBase implements Operator {
  protected readonly pool = new AccumulatorPool();
  /** Per-series identity, indexed by series number. */
  protected readonly machines: string[] = [];
  protected readonly sensors: string[] = [];
  protected readonly units: (string | undefined)[] = [];
  /** Global label names; id 0 is "no label". */
  protected readonly labelNames: string[] = [""];
  protected maxTs = -Infinity;
  protected wm = -Infinity;
  #seriesIndex = new Map<string, number>();
  #labelIndex = new Map<string, number>([["", 0]]);
  #pending: { a: Aggregate; s: number }[] = [];

  constructor(protected readonly ctx: OperatorContext, protected readonly timing: WindowTiming) {}

  /** Adds the rows of `b` to windows; pushes rows too late for every window onto `late`. */
  protected abstract ingest(
    b: ReadingBatch,
    series: Int32Array,
    labels: Int32Array,
    late: number[],
  ): void;

  /** Emits (via {@link fire}) windows the watermark has passed, re-emits updated ones, drops expired ones. */
  protected abstract advance(flushAll: boolean): void;

  /** Called when series `s` is first seen, so subclasses can grow per-series arrays. */
  protected abstract addSeries(s: number): void;

  process(batch: Batch): void {
    if (batch.kind !== "readings") {
      for (const r of batch.records) {
        this.ctx.reject(r, `window accepts readings only, got a ${r.kind} record`, r.ts);
      }
      return;
    }
    const late: number[] = [];
    this.ingest(batch, this.#mapSeries(batch.keys), this.#mapLabels(batch.labels), late);
    this.advance(false);
    this.#emitPending();
    if (late.length > 0) {
      this.ctx.countLate(late.length);
      this.ctx.emit(selectRows(batch, late), "late");
    }
  }

  flush(): void {
    this.advance(true);
    this.#emitPending();
  }

  /** Rejects row `i` when its time or value is not a finite number; returns true if rejected. */
  protected rejectNonFinite(b: ReadingBatch, i: number): boolean {
    const t = b.ts[i], v = b.value[i];
    if (t - t === 0 && v - v === 0) return false;
    const what = t - t === 0 ? `value ${v}` : `timestamp ${t}`;
    this.ctx.reject(
      readingAt(b, i),
      `window needs finite numbers, got ${what}`,
      t - t === 0 ? t : 0,
    );
    return true;
  }

  /** Queues the aggregate of `slot` (series `s`, window [start, end)). */
  protected fire(s: number, slot: number, start: number, end: number, update: boolean): void {
    const st = this.pool.stats(slot);
    const a: Aggregate = {
      kind: "aggregate",
      ts: end,
      window_start: start,
      window_end: end,
      machine: this.machines[s],
      sensor: this.sensors[s],
      count: st.count,
      mean: st.mean,
      min: st.min,
      max: st.max,
      stddev: st.stddev,
      last: st.last,
      slope: st.slope,
    };
    const unit = this.units[s];
    if (unit !== undefined) a.unit = unit;
    const label = this.pool.topLabel(slot, this.labelNames);
    if (label !== 0) a.label = this.labelNames[label];
    if (update) a.update = true;
    this.#pending.push({ a, s });
  }

  protected saveBase(): BaseSnapshot {
    return {
      maxTs: Number.isFinite(this.maxTs) ? this.maxTs : null,
      series: this.machines.map((m, s) => [m, this.sensors[s], this.units[s] ?? null]),
      labels: this.labelNames.slice(1),
    };
  }

  protected restoreBase(state: BaseSnapshot): void {
    if (this.machines.length > 0 || this.pool.used > 0) {
      throw new Error(`Cannot restore window "${this.ctx.name}": the operator already holds state`);
    }
    if (!state || !Array.isArray(state.series) || !Array.isArray(state.labels)) {
      throw new Error(`Cannot restore window "${this.ctx.name}": not a window snapshot`);
    }
    this.maxTs = state.maxTs ?? -Infinity;
    this.wm = this.maxTs - this.timing.watermark;
    for (const [m, sensor, unit] of state.series) this.#intern(m, sensor, unit ?? undefined);
    for (const l of state.labels) this.#internLabel(l);
  }

  protected saveSlot(s: number, slot: number, start: number, end: number, emitted: boolean) {
    const w: WindowState = { s, start, end, emitted, acc: this.pool.save(slot) };
    const m = this.pool.labels[slot];
    if (m) w.labels = [...m].map(([id, c]) => [this.labelNames[id], c]);
    return w;
  }

  protected loadSlot(w: WindowState): number {
    const slot = this.pool.load(w.acc);
    for (const [name, c] of w.labels ?? []) {
      this.pool.addLabelCount(slot, this.#internLabel(name), c);
    }
    return slot;
  }

  #emitPending(): void {
    const p = this.#pending;
    if (p.length === 0) return;
    p.sort((x, y) => x.a.ts - y.a.ts || x.s - y.s || x.a.window_start - y.a.window_start);
    this.#pending = [];
    this.ctx.emit(eventBatch(p.map((x) => x.a)));
  }

  #mapSeries(keys: SeriesKey[]): Int32Array {
    const out = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      out[i] = this.#intern(k.machine, k.sensor, k.unit);
    }
    return out;
  }

  #intern(machine: string, sensor: string, unit: string | undefined): number {
    const key = machine + "\u0000" + sensor;
    let s = this.#seriesIndex.get(key);
    if (s === undefined) {
      s = this.machines.length;
      this.#seriesIndex.set(key, s);
      this.machines.push(machine);
      this.sensors.push(sensor);
      this.units.push(unit);
      this.addSeries(s);
    } else if (unit !== undefined) this.units[s] = unit;
    return s;
  }

  #mapLabels(labels: string[]): Int32Array {
    const out = new Int32Array(labels.length);
    for (let i = 1; i < labels.length; i++) out[i] = this.#internLabel(labels[i]);
    return out;
  }

  #internLabel(name: string): number {
    let id = this.#labelIndex.get(name);
    if (id === undefined) {
      id = this.labelNames.length;
      this.labelNames.push(name);
      this.#labelIndex.set(name, id);
    }
    return id;
  }
}
