import assert from "node:assert/strict";
import { eventBatch, readingBatchOf } from "../engine/batch.ts";
import type { Aggregate, Anomaly, Reading } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { threshold } from "./threshold.ts";

// bearing_temp in the catalog: warning_high 185, critical_high 200 (°F).
function temps(values: number[], machine = "A", step = 1000): Reading[] {
  return values.map((value, i) => ({
    ts: i * step,
    machine,
    sensor: "bearing_temp",
    value,
    unit: "°F",
  }));
}

async function run(config: unknown, rows: Reading[]) {
  const h = await harness(threshold, config, { name: "limits" });
  h.op.process(readingBatchOf(rows), "in");
  return { h, got: h.records() as Anomaly[] };
}

Deno.test("threshold emits on every level change, including back to nominal", async () => {
  const { got } = await run({}, temps([150, 190, 192, 205, 190, 150, 151]));
  assert.deepEqual(
    got.map((a) => [a.ts, a.severity, a.is_anomaly, a.message]),
    [
      [1000, "warning", true, "bearing_temp 190 °F above warning 185 (critical 200)"],
      [3000, "critical", true, "bearing_temp 205 °F above critical 200"],
      [4000, "warning", true, "bearing_temp 190 °F above warning 185 (critical 200)"],
      [5000, "info", false, "bearing_temp 150 °F back to nominal"],
    ],
  );
  assert.equal(got[0].detector, "threshold");
  assert.deepEqual(got[0].contributing, ["bearing_temp"]);
  assert.deepEqual(got[3].contributing, []);
  assert.equal(got[3].score, 0);
});

Deno.test("threshold scores warnings in 0.5–0.8 and criticals in 0.8–1 by distance", async () => {
  const { got } = await run({}, [
    ...temps([185], "A"),
    ...temps([192.5], "B"),
    ...temps([200], "C"),
    ...temps([207.5], "D"),
    ...temps([300], "E"),
  ]);
  assert.deepEqual(got.map((a) => a.score), [0.5, 0.65, 0.8, 0.9, 1]);
});

Deno.test("threshold repeats while a series stays out of limits, at most every repeat", async () => {
  const values = Array(26).fill(190);
  const { got } = await run({ repeat: "10s" }, temps(values));
  assert.deepEqual(got.map((a) => a.ts), [0, 10_000, 20_000]);
});

Deno.test("threshold applies config overrides on top of the catalog", async () => {
  const { got } = await run(
    { overrides: { bearing_temp: { warning_high: 160 } } },
    temps([150, 165, 201]),
  );
  assert.deepEqual(got.map((a) => a.message), [
    "bearing_temp 165 °F above warning 160 (critical 200)",
    "bearing_temp 201 °F above critical 200",
  ]);
});

Deno.test("threshold watches the low side too", async () => {
  // pressure: warning_low 1.5, critical_low 1 (bar).
  const rows: Reading[] = [5, 1.2, 0.75].map((value, i) => ({
    ts: i,
    machine: "A",
    sensor: "pressure",
    value,
  }));
  const { got } = await run({}, rows);
  assert.deepEqual(got.map((a) => [a.severity, a.message, a.score]), [
    ["warning", "pressure 1.2 below warning 1.5 (critical 1)", 0.68],
    ["critical", "pressure 0.75 below critical 1", 0.9],
  ]);
});

Deno.test("threshold limits can be changed at runtime, per sensor or per machine", async () => {
  const { h } = await run({}, []);
  const answer = h.op.control!({
    action: "set_threshold",
    sensor: "bearing_temp",
    warning_high: 170,
  });
  assert.deepEqual(answer, {
    ok: true,
    sensor: "bearing_temp",
    limits: { warning_high: 170, critical_high: 200 },
  });
  h.op.control!({
    action: "set_threshold",
    machine: "B",
    sensor: "bearing_temp",
    critical_high: 175,
  });
  h.op.process(readingBatchOf([...temps([180], "A"), ...temps([180], "B")]), "in");
  assert.deepEqual((h.records() as Anomaly[]).map((a) => [a.machine, a.severity]), [
    ["A", "warning"],
    ["B", "critical"],
  ]);
  assert.deepEqual(
    h.op.control!({ action: "set_threshold", sensor: "bearing_temp", warning_high: 250 }),
    {
      ok: false,
      error:
        "Cannot set thresholds of bearing_temp: warning_high (250) must not exceed critical_high (200)",
    },
  );
  assert.deepEqual(h.op.control!({ action: "explode" }), {
    ok: false,
    error: 'unknown action "explode"',
  });
});

Deno.test("threshold hysteresis holds a level until the value is clearly back", async () => {
  // warning_high 185, hysteresis 5% → the warning clears below 175.75.
  const { got } = await run({ hysteresis: 0.05 }, temps([190, 184, 180, 176, 175]));
  assert.deepEqual(got.map((a) => [a.ts, a.severity]), [[0, "warning"], [4000, "info"]]);
});

Deno.test("threshold reads aggregate means and carries the input label", async () => {
  const h = await harness(threshold, {});
  const agg: Aggregate = {
    kind: "aggregate",
    ts: 5000,
    window_start: 0,
    window_end: 5000,
    machine: "A",
    sensor: "vibration",
    unit: "mm/s",
    count: 50,
    mean: 5,
    min: 4,
    max: 6,
    stddev: 0.3,
    last: 5,
    slope: 0,
    label: "bearing_wear",
  };
  h.op.process(eventBatch([agg]), "in");
  const [a] = h.records() as Anomaly[];
  assert.equal(a.severity, "warning");
  assert.equal(a.value, 5);
  assert.equal(a.label, "bearing_wear");
});

Deno.test("threshold keeps levels and runtime limits across snapshot and restore", async () => {
  const { h } = await run({}, temps([190]));
  h.op.control!({ action: "set_threshold", sensor: "bearing_temp", critical_high: 195 });
  const next = await harness(threshold, {});
  next.op.restore!(JSON.parse(JSON.stringify(h.op.snapshot!())));
  next.op.process(readingBatchOf(temps([191, 196])), "in");
  assert.deepEqual((next.records() as Anomaly[]).map((a) => a.severity), ["critical"]);
});

Deno.test("threshold refuses inconsistent overrides at build time", async () => {
  await assert.rejects(
    () => harness(threshold, { overrides: { rpm: { warning_high: 5000 } } }, { name: "limits" }),
    {
      message: 'Cannot build detector "limits": overrides.rpm: ' +
        "warning_high (5000) must not exceed critical_high (4500)",
    },
  );
});

Deno.test("threshold examples validate and build", async () => {
  for (const ex of threshold.examples) await harness(threshold, threshold.config.parse(ex));
});
