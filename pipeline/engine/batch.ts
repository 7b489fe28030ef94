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
  /** Optional origin ids (idempotency keys), parallel to the rows; see {@link idAt}. */
  ids?: string[];
  /** Optional compact origin ids (Kafka provenance), parallel to the rows; see {@link idAt}. */
  origin?: ReadingOrigin;
}

/**
 * Compact per-row origin ids: row `i` has the id
 * `sources[source[i]]:offset[i]`, plus `:item[i]` when `item[i] >= 0` (a
 * reading inside an array message). `source[i] === 0` means the row has no
 * origin here (`sources[0]` is ""). Typed arrays, so a batch crosses a worker
 * boundary without cloning a string per row. Offsets are exact up to 2^53.
 */
export interface ReadingOrigin {
  /** Id prefixes, e.g. `topic:partition`; `sources[0]` is "". */
  sources: string[];
  /** Index into `sources`. */
  source: Uint16Array;
  offset: Float64Array;
  /** Position inside the message, or -1 for a message holding one reading. */
  item: Int32Array;
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
  /** machine → sensor → index (two levels: no key string built per row). */
  #keyIndex = new Map<string, Map<string, number>>();
  #labels: string[] = [""];
  #labelIndex = new Map<string, number>([["", 0]]);
  #ids: string[] | undefined;
  #origin: { source: Uint16Array; offset: Float64Array; item: Int32Array } | undefined;
  #sources: string[] = [""];
  #sourceIndex = new Map<string, number>([["", 0]]);
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
    let bySensor = this.#keyIndex.get(machine);
    if (bySensor === undefined) this.#keyIndex.set(machine, bySensor = new Map());
    let i = bySensor.get(sensor);
    if (i === undefined) {
      i = this.#keys.length;
      this.#keys.push(unit === undefined ? { machine, sensor } : { machine, sensor, unit });
      bySensor.set(sensor, i);
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

  /** Interns an origin prefix (e.g. `topic:partition`) for {@link pushOrigin}. */
  originSource(prefix: string): number {
    let i = this.#sourceIndex.get(prefix);
    if (i === undefined) {
      i = this.#sources.length;
      this.#sources.push(prefix);
      this.#sourceIndex.set(prefix, i);
    }
    return i;
  }

  /**
   * Sets the compact origin id of the row pushed last (see {@link ReadingOrigin}):
   * `source` from {@link originSource}, `item` -1 unless the message held many readings.
   */
  pushOrigin(source: number, offset: number, item = -1): void {
    const i = this.#n - 1;
    if (i < 0) throw new RangeError("Cannot set an origin: no row was pushed yet");
    const cap = this.#ts.length;
    const o = this.#origin ??= {
      source: new Uint16Array(cap),
      offset: new Float64Array(cap),
      item: new Int32Array(cap),
    };
    o.source[i] = source;
    o.offset[i] = offset;
    o.item[i] = item;
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
    // A full builder hands its arrays over (no copy) and allocates fresh ones.
    const full = n === this.#ts.length;
    const take = <T extends TypedArray>(a: T): T => full ? a : a.slice(0, n) as T;
    const batch: ReadingBatch = {
      kind: "readings",
      n,
      ts: take(this.#ts),
      value: take(this.#value),
      series: take(this.#series),
      quality: take(this.#quality),
      label: take(this.#label),
      keys: this.#keys,
      labels: this.#labels,
    };
    if (this.#ids) batch.ids = this.#ids.length === n ? this.#ids : this.#ids.slice(0, n);
    if (this.#origin) {
      const o = this.#origin;
      batch.origin = {
        sources: this.#sources,
        source: take(o.source),
        offset: take(o.offset),
        item: take(o.item),
      };
    }
    if (full) {
      const cap = this.#ts.length;
      this.#ts = new Float64Array(cap);
      this.#value = new Float64Array(cap);
      this.#series = new Uint32Array(cap);
      this.#quality = new Uint8Array(cap);
      this.#label = new Uint16Array(cap);
    }
    this.#n = 0;
    this.#keys = [];
    this.#keyIndex = new Map();
    this.#labels = [""];
    this.#labelIndex = new Map([["", 0]]);
    this.#ids = undefined;
    this.#origin = undefined;
    this.#sources = [""];
    this.#sourceIndex = new Map([["", 0]]);
    return batch;
  }

  #grow(): void {
    const cap = this.#ts.length * 2;
    const grow = <T extends TypedArray>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.#ts = grow(this.#ts);
    this.#value = grow(this.#value);
    this.#series = grow(this.#series);
    this.#quality = grow(this.#quality);
    this.#label = grow(this.#label);
    const o = this.#origin;
    if (o) this.#origin = { source: grow(o.source), offset: grow(o.offset), item: grow(o.item) };
  }
}

type TypedArray = Float64Array | Uint32Array | Uint8Array | Uint16Array | Int32Array;

/**
 * The origin id (idempotency key) of row `i`, or undefined: built from the
 * compact {@link ReadingOrigin} when the row has one, else taken from `ids`.
 *
 * @example
 * ```ts
 * const id = idAt(batch, 0); // "sensor_readings:2:40"
 * ```
 */
export function idAt(b: ReadingBatch, i: number): string | undefined {
  const o = b.origin;
  if (o !== undefined && o.source[i] !== 0) {
    const id = o.sources[o.source[i]] + ":" + o.offset[i];
    return o.item[i] < 0 ? id : id + ":" + o.item[i];
  }
  const id = b.ids?.[i];
  return id ? id : undefined;
}

/** Reading `i` of a batch as an object (for edges, tests and slow paths). */
export function readingAt(b: ReadingBatch, i: number): Reading {
  const k = b.keys[b.series[i]];
  const r: Reading = { ts: b.ts[i], machine: k.machine, sensor: k.sensor, value: b.value[i] };
  if (k.unit !== undefined) r.unit = k.unit;
  if (b.quality[i] !== 0) r.quality = QUALITY_NAMES[b.quality[i]];
  if (b.label[i] !== 0) r.label = b.labels[b.label[i]];
  const id = idAt(b, i);
  if (id !== undefined) r.id = id;
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
  const o = b.origin;
  const oo = o && {
    sources: o.sources,
    source: new Uint16Array(n),
    offset: new Float64Array(n),
    item: new Int32Array(n),
  };
  if (oo) out.origin = oo;
  for (let j = 0; j < n; j++) {
    const i = rows[j];
    out.ts[j] = b.ts[i];
    out.value[j] = b.value[i];
    out.series[j] = b.series[i];
    out.quality[j] = b.quality[i];
    out.label[j] = b.label[i];
    if (b.ids) out.ids![j] = b.ids[i];
    if (o && oo) {
      oo.source[j] = o.source[i];
      oo.offset[j] = o.offset[i];
      oo.item[j] = o.item[i];
    }
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
  const arrays: TypedArray[] = [batch.ts, batch.value, batch.series, batch.quality, batch.label];
  if (batch.origin) arrays.push(batch.origin.source, batch.origin.offset, batch.origin.item);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
