/**
 * Kafka messages → a {@link ReadingBatch}, for the `kafka` source.
 *
 * A message value is one reading as JSON (the shape of `ReadingSchema`) or a
 * JSON array of them. Each reading gets the id `topic:partition:offset` (or
 * `topic:partition:offset:i` inside an array) — the idempotency key sinks use
 * so a replay after a crash writes nothing twice; it is kept compact in the
 * batch's `origin` (read it with `idAt`). Poison messages (bad JSON,
 * wrong types, unknown machine) are handed to `reject` with the reason and
 * their source offset; the batch goes on without them.
 *
 * Hot path: one `JSON.parse` and a few `typeof` checks per reading, no zod.
 */
import { QUALITY_CODES, ReadingBatchBuilder } from "../engine/batch.ts";
import type { ReadingBatch } from "../engine/batch.ts";
import type { Quality } from "../engine/record.ts";
import type { FetchedBatch, TransportMessage } from "../transport/transport.ts";

/** What a rejected message looks like in the DLQ. */
export interface PoisonRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The raw value (truncated to 2 KB), or null for a tombstone. */
  value: string | null;
}

export type RejectFn = (record: PoisonRecord, reason: string, ts: number) => void;

const FIELDS = new Set(["ts", "machine", "sensor", "value", "unit", "quality", "label", "id"]);
const MAX_RAW = 2048;
const decoder = new TextDecoder();

/**
 * Decodes one fetched batch. `machines`, when not empty, is the set of known
 * machines; readings of any other machine are rejected.
 *
 * @example
 * ```ts
 * import { idAt } from "../engine/batch.ts";
 * import { decodeReadings } from "./kafka_decode.ts";
 * const value = new TextEncoder().encode('{"ts":1,"machine":"A","sensor":"rpm","value":1500}');
 * const batch = decodeReadings(
 *   { topic: "t", partition: 0, highWatermark: "1",
 *     messages: [{ key: null, value, offset: "0", timestamp: 0 }] },
 *   new Set(), () => {},
 * );
 * console.log(batch.n, idAt(batch, 0)); // 1 "t:0:0"
 * ```
 */
export function decodeReadings(
  fetched: FetchedBatch,
  machines: ReadonlySet<string>,
  reject: RejectFn,
): ReadingBatch {
  const { topic, partition, messages } = fetched;
  const b = new ReadingBatchBuilder(Math.max(1, messages.length));
  const last: LastSeries = { machine: "", sensor: "", unit: undefined, index: -1 };
  const source = b.originSource(`${topic}:${partition}`);
  const refuse = (m: TransportMessage, reason: string, text: string | null) =>
    reject(
      {
        topic,
        partition,
        offset: m.offset,
        key: m.key ? decoder.decode(m.key) : null,
        value: text === null ? null : text.slice(0, MAX_RAW),
      },
      `${reason} (at ${topic}:${partition}:${m.offset})`,
      Number(m.timestamp),
    );
  for (let j = 0; j < messages.length; j++) {
    const m = messages[j];
    if (m.value === null) {
      refuse(m, "empty message (tombstone)", null);
      continue;
    }
    const text = decoder.decode(m.value);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      refuse(m, `bad JSON: ${(e as Error).message}`, text);
      continue;
    }
    const offset = Number(m.offset);
    if (Array.isArray(parsed)) {
      let problems: string[] | undefined;
      for (let i = 0; i < parsed.length; i++) {
        const why = pushReading(b, last, parsed[i], machines);
        if (why) (problems ??= []).push(`[${i}] ${why}`);
        else b.pushOrigin(source, offset, i);
      }
      if (problems) refuse(m, problems.join("; "), text);
    } else {
      const why = pushReading(b, last, parsed, machines);
      if (why) refuse(m, why, text);
      else b.pushOrigin(source, offset);
    }
  }
  return b.finish();
}

/** The last series pushed: a partition is mostly one machine, so the key lookup is skipped. */
interface LastSeries {
  machine: string;
  sensor: string;
  unit: unknown;
  index: number;
}

/** Appends `o` if it is a valid reading; otherwise returns why not. */
function pushReading(
  b: ReadingBatchBuilder,
  last: LastSeries,
  o: unknown,
  machines: ReadonlySet<string>,
): string | undefined {
  if (typeof o !== "object" || o === null || Array.isArray(o)) {
    return `expected a reading object, got ${o === null ? "null" : typeof o}`;
  }
  const r = o as Record<string, unknown>;
  for (const k in r) if (!FIELDS.has(k)) return `unknown field "${k}"`;
  const { machine, sensor, value, unit, quality, label } = r;
  if (typeof machine !== "string" || machine.length === 0 || machine.length > 64) {
    return `machine must be a string of 1 to 64 characters, got ${show(machine)}`;
  }
  if (typeof sensor !== "string" || sensor.length === 0 || sensor.length > 64) {
    return `sensor must be a string of 1 to 64 characters, got ${show(sensor)}`;
  }
  if (typeof value !== "number") return `value must be a number, got ${show(value)}`;
  const ts = toEpochMs(r.ts);
  if (ts === undefined) {
    return `ts must be epoch milliseconds or an ISO-8601 timestamp, got ${show(r.ts)}`;
  }
  if (unit !== undefined && (typeof unit !== "string" || unit.length > 32)) {
    return `unit must be a string of at most 32 characters, got ${show(unit)}`;
  }
  let q = 0;
  if (quality !== undefined) {
    if (typeof quality !== "string" || !(quality in QUALITY_CODES)) {
      return `quality must be good, uncertain or bad, got ${show(quality)}`;
    }
    q = QUALITY_CODES[quality as Quality];
  }
  if (label !== undefined && (typeof label !== "string" || label.length > 64)) {
    return `label must be a string of at most 64 characters, got ${show(label)}`;
  }
  if (machines.size > 0 && !machines.has(machine)) {
    return `unknown machine "${machine}" (known: ${[...machines].join(", ")})`;
  }
  if (last.index < 0 || last.machine !== machine || last.sensor !== sensor || last.unit !== unit) {
    last.index = b.seriesIndex(machine, sensor, unit as string | undefined);
    last.machine = machine;
    last.sensor = sensor;
    last.unit = unit;
  }
  b.pushIndexed(
    last.index,
    ts,
    value,
    q,
    b.labelIndex(label as string | undefined),
  );
}

function toEpochMs(ts: unknown): number | undefined {
  if (typeof ts === "number") return Number.isFinite(ts) ? ts : undefined;
  if (typeof ts === "string") {
    const t = Date.parse(ts);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}
