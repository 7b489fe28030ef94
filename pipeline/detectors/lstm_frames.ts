/**
 * Turns window aggregates into one frame per machine and window end: the
 * sensors' means at that time, plus the fault label most sensors carried.
 *
 * The window operator emits every key of a closed window together, and a
 * machine's keys stay in one partition, so a frame is complete at the end of
 * the batch that brought it. Aggregates for a window end not newer than the
 * machine's last frame (late updates) are ignored: that sequence step was
 * already scored.
 */
import type { Batch } from "../engine/batch.ts";

/** One machine at one window end. */
export interface Frame {
  machine: string;
  ts: number;
  values: Map<string, number>;
  label?: string;
}

/** Groups aggregates into frames; remembers each machine's last frame time. */
export class FrameAssembler {
  readonly #last = new Map<string, number>();

  /** The frames a batch completes, per machine in time order. */
  frames(batch: Batch): Frame[] {
    if (batch.kind !== "events") return [];
    const open = new Map<string, { frame: Frame; labels: Map<string, number> }>();
    for (const r of batch.records) {
      if (r.kind !== "aggregate" || r.update || !Number.isFinite(r.mean)) continue;
      if (r.ts <= (this.#last.get(r.machine) ?? -Infinity)) continue;
      const k = r.machine + "\u0000" + r.ts;
      let o = open.get(k);
      if (!o) {
        o = { frame: { machine: r.machine, ts: r.ts, values: new Map() }, labels: new Map() };
        open.set(k, o);
      }
      o.frame.values.set(r.sensor, r.mean);
      if (r.label) o.labels.set(r.label, (o.labels.get(r.label) ?? 0) + 1);
    }
    const out: Frame[] = [];
    for (const { frame, labels } of open.values()) {
      let best = 0;
      for (const [l, n] of labels) if (n > best) [best, frame.label] = [n, l];
      out.push(frame);
    }
    out.sort((a, b) => a.machine < b.machine ? -1 : a.machine > b.machine ? 1 : a.ts - b.ts);
    for (const f of out) this.#last.set(f.machine, f.ts);
    return out;
  }

  /** Last frame time per machine (for snapshots). */
  lastTimes(): Record<string, number> {
    return Object.fromEntries(this.#last);
  }

  restore(last: Record<string, number>): void {
    this.#last.clear();
    for (const [m, t] of Object.entries(last)) this.#last.set(m, t);
  }
}

/**
 * The frame's values in `sensors` order; a sensor missing from the frame takes
 * its previous value in `carry` (updated in place), or NaN if never seen.
 */
export function frameVector(
  frame: Frame,
  sensors: string[],
  carry: Map<string, number>,
): Float64Array {
  const out = new Float64Array(sensors.length);
  sensors.forEach((s, j) => {
    const v = frame.values.get(s) ?? carry.get(s) ?? NaN;
    carry.set(s, v);
    out[j] = v;
  });
  return out;
}
