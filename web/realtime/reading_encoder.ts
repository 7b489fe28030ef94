/**
 * The hub's hot path for readings: writes the positioned `sensor_update`
 * JSON of a reading straight from the columnar batch, byte for byte what
 * `JSON.stringify` of {@link translate}'s message would give, without
 * building a message object per reading. The parts that only depend on the
 * series (machine, sensor, unit) are serialised once per series and kept;
 * the ISO timestamp is formatted once per distinct event time.
 */
import type { ReadingBatch } from "../../pipeline/engine/batch.ts";
import { QUALITY_NAMES } from "../../pipeline/engine/batch.ts";
import type { Entry } from "./ring_buffer.ts";

interface SeriesParts {
  /** Coalescing key, as {@link translate} makes it. */
  key: string;
  /** `,"data":{"asset_id":…,"sensor_type":…,"value":` */
  head: string;
  /** `,"unit":…,"quality":"…"}}` per quality code. */
  tails: string[];
}

/** Series parts kept; past this the cache starts over (bounds memory with churning keys). */
const MAX_SERIES = 100_000;

/**
 * @example
 * ```ts
 * const enc = new ReadingEncoder();
 * const entry = enc.entry(batch, 0, epoch, offset); // {offset, channel, key, json}
 * ```
 */
export class ReadingEncoder {
  #series = new Map<string, SeriesParts>();
  #lastTs = NaN;
  #lastIso = "";

  /** The positioned `sensor_update` entry of row `i` of `batch`. */
  entry(batch: ReadingBatch, i: number, epoch: number, offset: number): Entry {
    const k = batch.keys[batch.series[i]];
    const unit = k.unit ?? null;
    const id = `${k.machine}\u0000${k.sensor}\u0000${unit ?? "\u0001"}`;
    let parts = this.#series.get(id);
    if (!parts) {
      if (this.#series.size >= MAX_SERIES) this.#series.clear();
      parts = {
        key: `s\u0000${k.machine}\u0000${k.sensor}`,
        head: `,"data":{"asset_id":${JSON.stringify(k.machine)},"sensor_id":${
          JSON.stringify(`${k.machine}-${k.sensor}`)
        },"sensor_type":${JSON.stringify(k.sensor)},"value":`,
        tails: QUALITY_NAMES.map((q) => `,"unit":${JSON.stringify(unit)},"quality":"${q}"}}`),
      };
      this.#series.set(id, parts);
    }
    const ts = batch.ts[i];
    if (ts !== this.#lastTs) {
      this.#lastIso = new Date(ts).toISOString();
      this.#lastTs = ts;
    }
    const v = batch.value[i];
    const tail = parts.tails[batch.quality[i]] ?? parts.tails[0];
    return {
      offset,
      channel: "sensor_data",
      key: parts.key,
      json: `{"type":"sensor_update","timestamp":"${this.#lastIso}","position":{"epoch":${epoch},` +
        `"offset":${offset}}${parts.head}${Number.isFinite(v) ? String(v) : "null"}${tail}`,
    };
  }
}
