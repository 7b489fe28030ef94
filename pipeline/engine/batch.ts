/**
 * Batches: the unit that moves between operators and threads.
 *
 * Readings are columnar: parallel typed arrays plus a per-batch dictionary of
 * series keys, so a batch crosses a worker boundary as transferable buffers
 * and hot operators index state by small integers instead of strings.
 */
import type { Event, Quality, Reading } from "./record.ts";

/** Identity of a series inside a batch's dictionary. */
export interface SeriesKey {
  machine: string;
  sensor: string;
  unit?: string;
}

export interface ReadingBatch {
  kind: "readings";
  /** Number of readings. Arrays may be longer (capacity); only [0, n) counts. */
  n: number;
  /** Event time, epoch ms. */
  ts: Float64Array;
  value: Float64Array;
  /** Index into `keys`. */
  series: Uint32Array;
  keys: SeriesKey[];
  /** 0 good, 1 uncertain, 2 bad. */
  quality: Uint8Array;
  /** Index into `labels`; 0 means no label (`labels[0]` is ""). */
  label: Uint16Array;
  labels: string[];
  /** Optional origin ids (idempotency keys), parallel to the rows. */
  ids?: string[];
}

export interface EventBatch {
  kind: "events";
  records: Event[];
}

export type Batch = ReadingBatch | EventBatch;

export const QUALITY_CODES: Record<Quality, number> = { good: 0, uncertain: 1, bad: 2 };
export const QUALITY_NAMES: Quality[] = ["good", "uncertain", "bad"];

/** Number of records in a batch. */
export function batchSize(batch: Batch): number {
  return batch.kind === "readings" ? batch.n : batch.records.length;
}

export function eventBatch(records: Event[]): EventBatch {
  return { kind: "events", records };
}

/**
 * Builds a {@link ReadingBatch} row by row, interning series keys and labels.
 *
 * @example
 * ```ts
 * const b = new ReadingBatchBuilder(2);
 * b.push(0, "A", "rpm", 1500, "rpm");
 * const batch = b.finish();
 * ```
 */
export class ReadingBatchBuilder {
  #ts: Float64Array;
  #value: Float64Array;
  #series: Uint32Array;
  #quality: Uint8Array;
  #label: Uint16Array;
  #keys: SeriesKey[] = [];
  #keyIndex = new Map<string, number>();
  #labels: string[] = [""];
  #labelIndex = new Map<string, number>([["", 0]]);
  #ids: string[] | undefined;
  #n = 0;

  constructor(capacity = 1024) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot construct ReadingBatchBuilder as capacity must be a positive integer: current value is ${capacity}`,
      );
    }
    this.#ts = new Float64Array(capacity);
    this.#value = new Float64Array(capacity);
    this.#series = new Uint32Array(capacity);
    this.#quality = new Uint8Array(capacity);
    this.#label = new Uint16Array(capacity);
  }

  get length(): number {
    return this.#n;
  }

  /** Interns a series key and returns its index, for callers that push many rows of one series. */
  seriesIndex(machine: string, sensor: string, unit?: string): number {
    const k = machine + "\u0000" + sensor;
    let i = this.#keyIndex.get(k);
    if (i === undefined) {
      i = this.#keys.length;
      this.#keys.push(unit === undefined ? { machine, sensor } : { machine, sensor, unit });
      this.#keyIndex.set(k, i);
    }
    return i;
  }

  labelIndex(label: string | undefined): number {
    if (!label) return 0;
    let i = this.#labelIndex.get(label);
    if (i === undefined) {
      i = this.#labels.length;
      this.#labels.push(label);
      this.#labelIndex.set(label, i);
    }
    return i;
  }

  /** Appends a row whose series index came from {@link seriesIndex}. */
  pushIndexed(
    series: number,
    ts: number,
    value: number,
    quality = 0,
    label = 0,
    id?: string,
  ): void {
    if (this.#n === this.#ts.length) this.#grow();
    const i = this.#n++;
    this.#ts[i] = ts;
    this.#value[i] = value;
    this.#series[i] = series;
    this.#quality[i] = quality;
    this.#label[i] = label;
    if (id !== undefined) {
      this.#ids ??= new Array(i).fill("");
      this.#ids[i] = id;
    } else if (this.#ids) this.#ids[i] = "";
  }

  push(
    ts: number,
    machine: string,
    sensor: string,
    value: number,
    unit?: string,
    quality: Quality = "good",
    label?: string,
    id?: string,
  ): void {
    this.pushIndexed(
      this.seriesIndex(machine, sensor, unit),
      ts,
      value,
      QUALITY_CODES[quality],
      this.labelIndex(label),
      id,
    );
  }

  pushReading(r: Reading): void {
    this.push(r.ts, r.machine, r.sensor, r.value, r.unit, r.quality, r.label, r.id);
  }

  /** Returns the batch and resets the builder for reuse. */
  finish(): ReadingBatch {
    const n = this.#n;
    const batch: ReadingBatch = {
      kind: "readings",
      n,
      ts: this.#ts.slice(0, n),
      value: this.#value.slice(0, n),
      series: this.#series.slice(0, n),
      quality: this.#quality.slice(0, n),
      label: this.#label.slice(0, n),
      keys: this.#keys,
      labels: this.#labels,
    };
    if (this.#ids) batch.ids = this.#ids.slice(0, n);
    this.#n = 0;
    this.#keys = [];
    this.#keyIndex = new Map();
    this.#labels = [""];
    this.#labelIndex = new Map([["", 0]]);
    this.#ids = undefined;
    return batch;
  }

  #grow(): void {
    const cap = this.#ts.length * 2;
    const grow = <T extends Float64Array | Uint32Array | Uint8Array | Uint16Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.#ts = grow(this.#ts);
    this.#value = grow(this.#value);
    this.#series = grow(this.#series);
    this.#quality = grow(this.#quality);
    this.#label = grow(this.#label);
  }
}

/** Reading `i` of a batch as an object (for edges, tests and slow paths). */
export function readingAt(b: ReadingBatch, i: number): Reading {
  const k = b.keys[b.series[i]];
  const r: Reading = { ts: b.ts[i], machine: k.machine, sensor: k.sensor, value: b.value[i] };
  if (k.unit !== undefined) r.unit = k.unit;
  if (b.quality[i] !== 0) r.quality = QUALITY_NAMES[b.quality[i]];
  if (b.label[i] !== 0) r.label = b.labels[b.label[i]];
  if (b.ids && b.ids[i]) r.id = b.ids[i];
  return r;
}

export function readingsOf(b: ReadingBatch): Reading[] {
  const out: Reading[] = new Array(b.n);
  for (let i = 0; i < b.n; i++) out[i] = readingAt(b, i);
  return out;
}

export function readingBatchOf(readings: Iterable<Reading>): ReadingBatch {
  const b = new ReadingBatchBuilder();
  for (const r of readings) b.pushReading(r);
  return b.finish();
}

/** Keeps the rows for which `keep(i)` is true; shares the dictionaries. */
export function filterReadings(b: ReadingBatch, keep: (i: number) => boolean): ReadingBatch {
  const idx: number[] = [];
  for (let i = 0; i < b.n; i++) if (keep(i)) idx.push(i);
  return idx.length === b.n ? b : selectRows(b, idx);
}

/** A batch made of the given rows of `b`, in that order. */
export function selectRows(b: ReadingBatch, rows: ArrayLike<number>): ReadingBatch {
  const n = rows.length;
  const out: ReadingBatch = {
    kind: "readings",
    n,
    ts: new Float64Array(n),
    value: new Float64Array(n),
    series: new Uint32Array(n),
    quality: new Uint8Array(n),
    label: new Uint16Array(n),
    keys: b.keys,
    labels: b.labels,
  };
  if (b.ids) out.ids = new Array(n);
  for (let j = 0; j < n; j++) {
    const i = rows[j];
    out.ts[j] = b.ts[i];
    out.value[j] = b.value[i];
    out.series[j] = b.series[i];
    out.quality[j] = b.quality[i];
    out.label[j] = b.label[i];
    if (b.ids) out.ids![j] = b.ids[i];
  }
  return out;
}

/** Stable 32-bit FNV-1a hash, used to partition keys over workers. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The partition a machine belongs to. Keyed state is partitioned by machine. */
export function partitionOf(machine: string, partitions: number): number {
  return partitions <= 1 ? 0 : hashString(machine) % partitions;
}

/** Splits a batch into one batch per partition (empty partitions are omitted). */
export function splitByPartition(batch: Batch, partitions: number): Map<number, Batch> {
  const out = new Map<number, Batch>();
  if (partitions <= 1) {
    out.set(0, batch);
    return out;
  }
  if (batch.kind === "events") {
    for (const r of batch.records) {
      const machine = "machine" in r ? r.machine : "";
      const p = partitionOf(machine, partitions);
      let b = out.get(p) as EventBatch | undefined;
      if (!b) out.set(p, b = eventBatch([]));
      b.records.push(r);
    }
    return out;
  }
  const keyPart = batch.keys.map((k) => partitionOf(k.machine, partitions));
  const rows: number[][] = Array.from({ length: partitions }, () => []);
  for (let i = 0; i < batch.n; i++) rows[keyPart[batch.series[i]]].push(i);
  rows.forEach((r, p) => {
    if (r.length > 0) out.set(p, r.length === batch.n ? batch : selectRows(batch, r));
  });
  return out;
}

/** The buffers of a batch that can be transferred to a worker without copying. */
export function transferables(batch: Batch): ArrayBuffer[] {
  if (batch.kind === "events") return [];
  return [batch.ts, batch.value, batch.series, batch.quality, batch.label].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
