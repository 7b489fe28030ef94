import assert from "node:assert/strict";
import { eventBatch, readingBatchOf } from "../engine/batch.ts";
import type { Aggregate, Anomaly, Reading } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { flatline } from "./flatline.ts";

function windowOf(i: number, mean: number, stddev: number, count = 25, machine = "A"): Aggregate {
  return {
    kind: "aggregate",
    ts: (i + 1) * 5000,
    window_start: i * 5000,
    window_end: (i + 1) * 5000,
    machine,
    sensor: "flow_rate",
    count,
    mean,
    min: mean - 2 * stddev,
    max: mean + 2 * stddev,
    stddev,
    last: mean,
    slope: 0,
  };
}

/** Deterministic noise in [-1, 1) (LCG), so "healthy" series never repeat exactly. */
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

Deno.test("flatline flags a series stuck for 3 flat windows, repeats, then recovers", async () => {
  const h = await harness(flatline, {});
  const windows = [
    windowOf(0, 240.3, 1.7),
    windowOf(1, 71.2, 0),
    windowOf(2, 71.2, 0),
    windowOf(3, 71.2, 0),
    windowOf(4, 71.2, 0),
    windowOf(5, 238.9, 2.1),
  ];
  h.op.process(eventBatch(windows), "in");
  const got = h.records() as Anomaly[];
  assert.deepEqual(got.map((a) => [a.ts, a.is_anomaly, a.message]), [
    [20_000, true, "sensor flow_rate stuck at 71.2 for 3 windows"],
    [25_000, true, "sensor flow_rate stuck at 71.2 for 4 windows"],
    [30_000, false, "sensor flow_rate moving again after 4 windows stuck at 71.2"],
  ]);
  assert.equal(got[0].detector, "flatline");
  assert.deepEqual(got[0].contributing, ["flow_rate"]);
  assert.equal(got[0].severity, "warning");
  assert.equal(got[2].severity, "info");
});

Deno.test("flatline ignores noisy, drifting-flat and sparse windows", async () => {
  const h = await harness(flatline, {});
  const r = noise(7);
  const windows = [
    ...Array.from({ length: 10 }, (_, i) => windowOf(i, 240 + r(), 1 + r() / 2)),
    // flat inside each window but a different value every time
    ...[71.2, 71.3, 71.4, 71.5].map((m, i) => windowOf(10 + i, m, 0, 25, "B")),
    // identical but too few readings per window to judge
    ...Array.from({ length: 5 }, (_, i) => windowOf(i, 71.2, 0, 2, "C")),
  ];
  h.op.process(eventBatch(windows), "in");
  assert.deepEqual(h.records(), []);
});

Deno.test("flatline flags readings that repeat one value for the duration", async () => {
  const h = await harness(flatline, { duration: "30s" });
  const r = noise(11);
  const rows: Reading[] = [];
  for (let s = 0; s < 120; s++) {
    rows.push({ ts: s * 1000, machine: "A", sensor: "vibration", value: 1.2 + r() / 10 });
    rows.push({ ts: s * 1000, machine: "B", sensor: "vibration", value: s < 90 ? 0.8 : 1 });
  }
  h.op.process(readingBatchOf(rows), "in");
  const got = h.records() as Anomaly[];
  assert.deepEqual(got.map((a) => [a.machine, a.ts, a.is_anomaly, a.message]), [
    ["B", 30_000, true, "sensor vibration stuck at 0.8 for 30s"],
    ["B", 60_000, true, "sensor vibration stuck at 0.8 for 1m"],
    ["B", 90_000, false, "sensor vibration moving again after 1m30s stuck at 0.8"],
  ]);
});

Deno.test("flatline resumes a stuck run after snapshot and restore", async () => {
  const a = await harness(flatline, {});
  a.op.process(eventBatch([windowOf(0, 71.2, 0), windowOf(1, 71.2, 0)]), "in");
  const b = await harness(flatline, {});
  b.op.restore!(JSON.parse(JSON.stringify(a.op.snapshot!())));
  b.op.process(eventBatch([windowOf(2, 71.2, 0)]), "in");
  assert.equal(b.records().length, 1);
});

Deno.test("flatline examples validate and build", async () => {
  for (const ex of flatline.examples) await harness(flatline, flatline.config.parse(ex));
});
