/**
 * Walking the values a detector looks at, whatever batch they came in.
 *
 * Detectors accept raw readings (columnar) and window aggregates (events, the
 * aggregate's `mean` is the value). Both arrive here as one callback per
 * point, with the per-key state already resolved: for a reading batch the
 * state is looked up once per series of the batch's dictionary, not once per
 * row, which keeps the hot loop free of string keys.
 */
import type { Batch } from "../engine/batch.ts";

/** The state-map key of a series. */
export function seriesKey(machine: string, sensor: string): string {
  return machine + "\u0000" + sensor;
}

/** One value of one series, as a detector sees it. */
export type PointVisitor<S> = (
  state: S,
  ts: number,
  value: number,
  label: string | undefined,
) => void;

/**
 * Calls `visit` for every reading of a reading batch and for the mean of every
 * aggregate of an event batch; `resolve` maps (machine, sensor, unit) to the
 * detector's state for that series. Aggregates flagged `update` (late data
 * re-emitting a window already seen) and other event kinds are skipped, so a
 * window is never counted twice.
 *
 * @example
 * ```ts
 * import { readingBatchOf } from "../engine/batch.ts";
 * import { forEachPoint } from "./points.ts";
 * const seen: number[] = [];
 * forEachPoint(readingBatchOf([{ ts: 0, machine: "A", sensor: "rpm", value: 1 }]),
 *   () => seen, (s, _ts, v) => s.push(v));
 * ```
 */
export function forEachPoint<S>(
  batch: Batch,
  resolve: (machine: string, sensor: string, unit: string | undefined) => S,
  visit: PointVisitor<S>,
): void {
  if (batch.kind === "readings") {
    const states = batch.keys.map((k) => resolve(k.machine, k.sensor, k.unit));
    const { ts, value, series, label, labels } = batch;
    for (let i = 0; i < batch.n; i++) {
      const l = label[i];
      visit(states[series[i]], ts[i], value[i], l === 0 ? undefined : labels[l]);
    }
    return;
  }
  for (const r of batch.records) {
    if (r.kind !== "aggregate" || r.update) continue;
    visit(resolve(r.machine, r.sensor, r.unit), r.ts, r.mean, r.label);
  }
}

/** A per-series state map that creates entries on first use. */
export class SeriesStates<S> {
  readonly #map = new Map<string, S>();
  readonly #create: (machine: string, sensor: string, unit: string | undefined) => S;

  constructor(create: (machine: string, sensor: string, unit: string | undefined) => S) {
    this.#create = create;
  }

  /** The state of (machine, sensor), created on first use. */
  get(machine: string, sensor: string, unit?: string): S {
    const k = seriesKey(machine, sensor);
    let s = this.#map.get(k);
    if (s === undefined) this.#map.set(k, s = this.#create(machine, sensor, unit));
    return s;
  }

  values(): IterableIterator<S> {
    return this.#map.values();
  }

  get size(): number {
    return this.#map.size;
  }

  clear(): void {
    this.#map.clear();
  }

  /** Replaces every state (restore from a snapshot). */
  set(machine: string, sensor: string, state: S): void {
    this.#map.set(seriesKey(machine, sensor), state);
  }
}
