import assert from "node:assert/strict";
import { readingBatchOf } from "../engine/batch.ts";
import type { Aggregate, Reading } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { windowDef } from "./window.ts";

const r = (ts: number, value: number, extra: Partial<Reading> = {}): Reading => ({
  ts,
  machine: "A",
  sensor: "rpm",
  value,
  ...extra,
});

const aggs = (h: { records(port?: string): unknown[] }) => h.records() as Aggregate[];

Deno.test("tumbling window emits count, mean, min, max, stddev, last and slope once the watermark passes its end", async () => {
  const h = await harness(windowDef, { kind: "tumbling", size: "5s", watermark: "0s" });
  // values 2·t(s) on [0, 5s): slope 2/s; then one reading at 5s closes the window
  h.op.process(readingBatchOf([0, 1, 2, 3, 4].map((s) => r(s * 1000, 2 * s))), "in");
  assert.equal(aggs(h).length, 0);
  h.op.process(readingBatchOf([r(5000, 100)]), "in");
  const [a] = aggs(h);
  assert.deepEqual(
    { ...a, stddev: Math.round(a.stddev * 1e9) / 1e9, slope: Math.round(a.slope * 1e9) / 1e9 },
    {
      kind: "aggregate",
      ts: 5000,
      window_start: 0,
      window_end: 5000,
      machine: "A",
      sensor: "rpm",
      count: 5,
      mean: 4,
      min: 0,
      max: 8,
      stddev: Math.round(Math.sqrt(8) * 1e9) / 1e9,
      last: 8,
      slope: 2,
    },
  );
});

Deno.test("tumbling window keeps series apart and carries units", async () => {
  const h = await harness(windowDef, { kind: "tumbling", size: "1s", watermark: "0s" });
  h.op.process(
    readingBatchOf([
      r(100, 1, { unit: "rpm" }),
      r(200, 10, { machine: "B" }),
      r(300, 3, { unit: "rpm" }),
      r(1500, 0, { sensor: "x" }),
    ]),
    "in",
  );
  const out = aggs(h).map((a) => [a.machine, a.sensor, a.unit, a.count, a.mean]);
  assert.deepEqual(out, [["A", "rpm", "rpm", 2, 2], ["B", "rpm", undefined, 1, 10]]);
});

Deno.test("tumbling window includes out-of-order readings that arrive within the watermark", async () => {
  const h = await harness(windowDef, { kind: "tumbling", size: "5s", watermark: "2s" });
  h.op.process(readingBatchOf([r(1000, 1), r(6000, 6), r(4000, 4), r(6500, 7)]), "in");
  assert.equal(aggs(h).length, 0, "watermark 4.5s has not reached the window end 5s");
  h.op.process(readingBatchOf([r(3000, 3), r(7000, 8)]), "in");
  const out = aggs(h).map((a) => [a.window_start, a.count, a.mean * 3, a.last]);
  assert.deepEqual(out, [[0, 3, 8, 4]]);
  assert.equal(h.late, 0);
});

Deno.test("tumbling window re-emits with update: true for late readings within allowed_lateness", async () => {
  const h = await harness(windowDef, {
    kind: "tumbling",
    size: "5s",
    watermark: "0s",
    allowed_lateness: "10s",
  });
  h.op.process(readingBatchOf([r(1000, 1), r(2000, 3), r(6000, 0)]), "in");
  h.op.process(readingBatchOf([r(3000, 5), r(4000, 7)]), "in");
  const out = aggs(h).map((a) => [a.window_start, a.count, a.mean, a.update ?? false]);
  assert.deepEqual(out, [[0, 2, 2, false], [0, 4, 4, true]], "one update per batch");
  assert.equal(h.late, 0);
});

Deno.test("tumbling window sends readings later than allowed_lateness to .late and counts them", async () => {
  const h = await harness(windowDef, {
    kind: "tumbling",
    size: "5s",
    watermark: "1s",
    allowed_lateness: "2s",
  });
  h.op.process(readingBatchOf([r(1000, 1), r(9000, 9)]), "in"); // wm 8s: [0,5) fired, live until 7s
  h.op.process(readingBatchOf([r(2000, 2, { label: "x" }), r(8500, 8)]), "in");
  assert.deepEqual(h.records("late"), [r(2000, 2, { label: "x" })]);
  assert.equal(h.late, 1);
  assert.deepEqual(aggs(h).map((a) => [a.window_start, a.count]), [[0, 1]]);
});

Deno.test("window flush emits every open window at end of stream", async () => {
  const h = await harness(windowDef, { kind: "tumbling", size: "5s", watermark: "2s" });
  h.op.process(readingBatchOf([r(1000, 1), r(6000, 2), r(11_000, 3)]), "in");
  assert.deepEqual(aggs(h).map((a) => a.window_start), [0], "watermark 9s: [5s, 10s) still open");
  await h.op.flush!();
  assert.deepEqual(aggs(h).map((a) => [a.window_start, a.update ?? false]), [
    [0, false],
    [5000, false],
    [10_000, false],
  ]);
});

Deno.test("window aggregates carry the most frequent non-empty label", async () => {
  const h = await harness(windowDef, { kind: "tumbling", size: "5s", watermark: "0s" });
  const labelled = [
    r(0, 1),
    r(1, 1, { label: "leak" }),
    r(2, 1, { label: "overheating" }),
    r(3, 1, { label: "overheating" }),
    r(4, 1),
    r(5, 1),
    r(5100, 1),
    r(6000, 1, { label: "b" }),
    r(6100, 1, { label: "a" }),
    r(20_000, 1),
  ];
  h.op.process(readingBatchOf(labelled.slice(0, 3)), "in");
  h.op.process(readingBatchOf(labelled.slice(3)), "in");
  assert.deepEqual(aggs(h).map((a) => [a.window_start, a.label]), [
    [0, "overheating"],
    [5000, "a"],
  ]);
});

Deno.test("window rejects event batches and non-finite readings to the dlq", async () => {
  const h = await harness(windowDef, { kind: "tumbling", size: "5s", watermark: "0s" });
  h.op.process(readingBatchOf([r(0, NaN), r(1, 1)]), "in");
  h.op.process({
    kind: "events",
    records: [{
      kind: "rul",
      ts: 1,
      machine: "A",
      hours: 1,
      lower: 0,
      upper: 2,
      confidence: 1,
      method: "x",
    }],
  }, "in");
  assert.deepEqual(h.rejected.map((x) => x.reason), [
    "window needs finite numbers, got value NaN",
    "window accepts readings only, got a rul record",
  ]);
  await h.op.flush!();
  assert.equal(aggs(h)[0].count, 1);
});
