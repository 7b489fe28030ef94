/**
 * Live taps on component outputs for `GET /api/topology/tap/:component`:
 * the first read subscribes (via `pipeline.tap`) and later reads return the
 * last records seen; a tap nobody read for `idleMs` is unsubscribed.
 */
import { readingsOf } from "../../pipeline/engine/batch.ts";
import type { Clock } from "../../pipeline/engine/clock.ts";
import type { Event, Reading } from "../../pipeline/engine/record.ts";
import type { PipelinePort } from "../pipeline_port.ts";

interface Tap {
  records: (Reading | Event)[];
  lastRead: number;
  since: number;
  seen: number;
  stop: () => void;
}

export interface TapRead {
  component: string;
  port: string;
  /** When the tap started listening, epoch ms. */
  since: number;
  /** Records seen since then. */
  seen: number;
  records: (Reading | Event)[];
}

export class Taps {
  #taps = new Map<string, Tap>();

  constructor(
    readonly pipeline: PipelinePort,
    readonly clock: Clock,
    readonly keep = 200,
    readonly idleMs = 60_000,
  ) {}

  /** The last `limit` records of `component.port` (empty on the first read). */
  read(component: string, port: string, limit: number): TapRead {
    const now = this.clock.now();
    for (const [k, t] of this.#taps) {
      if (now - t.lastRead > this.idleMs) {
        t.stop();
        this.#taps.delete(k);
      }
    }
    const key = `${component}.${port}`;
    let tap = this.#taps.get(key);
    if (!tap) {
      const t: Tap = { records: [], lastRead: now, since: now, seen: 0, stop: () => {} };
      t.stop = this.pipeline.tap(component, port, (batch) => {
        const recs = batch.kind === "readings" ? readingsOf(batch) : batch.records;
        t.seen += recs.length;
        t.records.push(...recs.slice(-this.keep));
        if (t.records.length > this.keep) t.records.splice(0, t.records.length - this.keep);
      });
      this.#taps.set(key, tap = t);
    }
    tap.lastRead = now;
    return {
      component,
      port,
      since: tap.since,
      seen: tap.seen,
      records: tap.records.slice(-Math.min(limit, this.keep)),
    };
  }

  /** Unsubscribes every tap. */
  close(): void {
    for (const t of this.#taps.values()) t.stop();
    this.#taps.clear();
  }
}
