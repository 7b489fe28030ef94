import assert from "node:assert/strict";
import { eventBatch, readingBatchOf } from "../engine/batch.ts";
import type { Aggregate, Anomaly, Reading } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { zscore } from "./zscore.ts";

import { mulberry32 as rng } from "../util/mulberry32.ts";

function series(values: number[], sensor = "bearing_temp", machine = "A"): Reading[] {
  return values.map((value, i) => ({ ts: 1_000 * i, machine, sensor, value }));
}

function noisy(n: number, seed: number, level = 150, amplitude = 2): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => level + (r() * 2 - 1) * amplitude);
}

Deno.test("zscore flags a step change after warmup", async () => {
  const h = await harness(zscore, {});
  const values = [...noisy(100, 1), ...Array(5).fill(170)];
  h.op.process(readingBatchOf(series(values)), "in");
  const got = h.records() as Anomaly[];
  assert.ok(got.length >= 5, `expected the 5 stepped points flagged, got ${got.length}`);
  assert.deepEqual(got.map((a) => a.ts), [100, 101, 102, 103, 104].map((i) => i * 1000));
  const first = got[0];
  assert.equal(first.detector, "zscore");
  assert.equal(first.is_anomaly, true);
  assert.equal(first.score, 1);
  assert.equal(first.severity, "critical");
  assert.deepEqual(first.contributing, ["bearing_temp"]);
  assert.match(
    first.message!,
    /^bearing_temp 170 is [\d.]+σ above its moving mean 1[45]\d\.\d+ \(σ [\d.]+\)$/,
  );
});

Deno.test("zscore keeps flagging a lasting fault because anomalous points are clipped", async () => {
  const h = await harness(zscore, {});
  const values = [...noisy(100, 2), ...Array(15).fill(175)];
  h.op.process(readingBatchOf(series(values)), "in");
  // Unclipped, the mean would chase 175 and σ would blow up within a few points.
  assert.equal(h.records().length, 15);
});

Deno.test("zscore stays silent on constant and stationary noisy series", async () => {
  const h = await harness(zscore, {});
  h.op.process(readingBatchOf(series(Array(300).fill(71.2), "flow")), "in");
  for (const seed of [3, 4, 5]) {
    h.op.process(readingBatchOf(series(noisy(1000, seed), "bearing_temp", `M${seed}`)), "in");
  }
  assert.deepEqual(h.records(), []);
});

Deno.test("zscore gives no verdict during warmup", async () => {
  const h = await harness(zscore, { warmup: 10, emit: "all" });
  const values = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1000, 1.5];
  h.op.process(readingBatchOf(series(values)), "in");
  const got = h.records() as Anomaly[];
  assert.deepEqual(got.map((a) => [a.ts, a.is_anomaly, a.severity]), [
    [10_000, true, "critical"],
    [11_000, false, "info"],
  ]);
  assert.ok(got[1].score < 0.2, `score ${got[1].score}`);
});

Deno.test("zscore keeps series apart and carries the input label", async () => {
  const h = await harness(zscore, { threshold: 4 });
  const rows = [
    ...series(noisy(50, 6), "bearing_temp", "A"),
    ...series([...noisy(50, 7, 20, 1), 40], "vibration", "B"),
  ];
  rows[rows.length - 1].label = "bearing_wear";
  h.op.process(readingBatchOf(rows), "in");
  const got = h.records() as Anomaly[];
  assert.equal(got.length, 1);
  assert.equal(got[0].machine, "B");
  assert.equal(got[0].sensor, "vibration");
  assert.equal(got[0].label, "bearing_wear");
});

Deno.test("zscore reads the mean of window aggregates and skips late updates", async () => {
  const h = await harness(zscore, { warmup: 5 });
  const agg = (i: number, mean: number, update = false): Aggregate => ({
    kind: "aggregate",
    ts: (i + 1) * 5000,
    window_start: i * 5000,
    window_end: (i + 1) * 5000,
    machine: "C",
    sensor: "current",
    count: 25,
    mean,
    min: mean,
    max: mean,
    stddev: 0.1,
    last: mean,
    slope: 0,
    ...(update ? { update } : {}),
  });
  const means = noisy(20, 8, 30, 0.5);
  h.op.process(eventBatch([...means.map((m, i) => agg(i, m)), agg(19, 90, true)]), "in");
  assert.deepEqual(h.records(), []);
  h.op.process(eventBatch([agg(20, 90)]), "in");
  const got = h.records() as Anomaly[];
  assert.equal(got.length, 1);
  assert.equal(got[0].value, 90);
  assert.equal(got[0].ts, 105_000);
});

Deno.test("zscore state survives snapshot and restore", async () => {
  const a = await harness(zscore, {});
  a.op.process(readingBatchOf(series(noisy(50, 9))), "in");
  const b = await harness(zscore, {});
  b.op.restore!(JSON.parse(JSON.stringify(a.op.snapshot!())));
  b.op.process(
    readingBatchOf([{ ts: 60_000, machine: "A", sensor: "bearing_temp", value: 170 }]),
    "in",
  );
  assert.equal(b.records().length, 1);
});

Deno.test("zscore refuses alpha together with half_life", async () => {
  await assert.rejects(
    () => harness(zscore, { alpha: 0.2, half_life: 10 }, { name: "temp_z" }),
    {
      message:
        'Cannot build detector "temp_z": set alpha or half_life, not both (alpha 0.2, half_life 10)',
    },
  );
});

Deno.test("zscore examples validate and build", async () => {
  for (const ex of zscore.examples) await harness(zscore, zscore.config.parse(ex));
});
