import { deepEqual, equal, match } from "node:assert/strict";
import { idAt, readingsOf } from "../engine/batch.ts";
import type { FetchedBatch } from "../transport/transport.ts";
import { decodeReadings, type PoisonRecord } from "./kafka_decode.ts";

const enc = new TextEncoder();

function fetched(values: (string | null)[], first = 0): FetchedBatch {
  return {
    topic: "readings",
    partition: 2,
    highWatermark: String(first + values.length),
    messages: values.map((v, i) => ({
      key: enc.encode("A"),
      value: v === null ? null : enc.encode(v),
      offset: String(first + i),
      timestamp: 1_700_000_000_000 + i,
    })),
  };
}

function decode(values: (string | null)[], machines: string[] = []) {
  const rejected: { record: PoisonRecord; reason: string; ts: number }[] = [];
  const batch = decodeReadings(
    fetched(values, 40),
    new Set(machines),
    (record, reason, ts) => rejected.push({ record, reason, ts }),
  );
  return { readings: readingsOf(batch), rejected };
}

Deno.test("decodeReadings() ids each reading by topic, partition and offset", () => {
  const { readings, rejected } = decode([
    '{"ts":1700000000000,"machine":"A","sensor":"rpm","value":1500,"unit":"rpm"}',
    '{"ts":"2024-01-01T00:00:00Z","machine":"B","sensor":"vibration","value":2.5,' +
    '"quality":"uncertain","label":"bearing_wear"}',
  ]);
  deepEqual(rejected, []);
  deepEqual(readings, [
    {
      ts: 1700000000000,
      machine: "A",
      sensor: "rpm",
      value: 1500,
      unit: "rpm",
      id: "readings:2:40",
    },
    {
      ts: Date.UTC(2024, 0, 1),
      machine: "B",
      sensor: "vibration",
      value: 2.5,
      quality: "uncertain",
      label: "bearing_wear",
      id: "readings:2:41",
    },
  ]);
});

Deno.test("decodeReadings() reads a JSON array of readings with one id per element", () => {
  const { readings } = decode([
    '[{"ts":1,"machine":"A","sensor":"rpm","value":1},{"ts":2,"machine":"A","sensor":"rpm","value":2}]',
  ]);
  deepEqual(readings.map((r) => r.id), ["readings:2:40:0", "readings:2:40:1"]);
});

Deno.test("decodeReadings() rejects poison messages with the reason and the source offset", () => {
  const { readings, rejected } = decode(
    [
      "{not json",
      '{"ts":1,"machine":"A","sensor":"rpm","value":"fast"}',
      '{"ts":1,"machine":"Z","sensor":"rpm","value":1}',
      '{"ts":"yesterday","machine":"A","sensor":"rpm","value":1}',
      '{"ts":1,"machine":"A","sensor":"rpm","value":1,"colour":"red"}',
      null,
      '{"ts":1,"machine":"A","sensor":"rpm","value":7}',
    ],
    ["A", "B", "C"],
  );
  deepEqual(readings.map((r) => r.value), [7]);
  equal(rejected.length, 6);
  match(rejected[0].reason, /^bad JSON: .* \(at readings:2:40\)$/);
  equal(rejected[1].reason, 'value must be a number, got "fast" (at readings:2:41)');
  equal(rejected[2].reason, 'unknown machine "Z" (known: A, B, C) (at readings:2:42)');
  match(rejected[3].reason, /^ts must be epoch milliseconds or an ISO-8601 timestamp/);
  equal(rejected[4].reason, 'unknown field "colour" (at readings:2:44)');
  equal(rejected[5].reason, "empty message (tombstone) (at readings:2:45)");
  deepEqual(rejected[1].record, {
    topic: "readings",
    partition: 2,
    offset: "41",
    key: "A",
    value: '{"ts":1,"machine":"A","sensor":"rpm","value":"fast"}',
  });
  equal(rejected[1].ts, 1_700_000_000_001, "the DLQ row carries the message timestamp");
});

Deno.test("decodeReadings() keeps ids as a compact origin, not a string per reading", () => {
  const batch = decodeReadings(
    fetched([
      '{"ts":1,"machine":"A","sensor":"rpm","value":1}',
      "not json",
      '[{"ts":2,"machine":"A","sensor":"rpm","value":2},{"ts":3,"machine":"A","sensor":"rpm","value":3}]',
    ], 40),
    new Set(),
    () => {},
  );
  equal(batch.ids, undefined);
  deepEqual(batch.origin?.sources, ["", "readings:2"]);
  deepEqual([...batch.origin!.offset], [40, 42, 42]);
  deepEqual([...batch.origin!.item], [-1, 0, 1]);
  deepEqual([0, 1, 2].map((i) => idAt(batch, i)), [
    "readings:2:40",
    "readings:2:42:0",
    "readings:2:42:1",
  ]);
});
