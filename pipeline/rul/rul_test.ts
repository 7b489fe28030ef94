import { deepEqual, equal, ok } from "node:assert/strict";
import { eventBatch, readingBatchOf } from "../engine/batch.ts";
import type { Aggregate, RulEstimate } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { CMAPSS_SENSORS, loadCmapss } from "./cmapss.ts";
import { mulberry32 } from "./gbrt.ts";
import { loadRulModel, predictRul } from "./model.ts";
import { rul } from "./rul.ts";

const MIN = 60_000;
const TINY = new URL("./testdata/rul_tiny.json", import.meta.url).pathname;

function agg(machine: string, sensor: string, ts: number, mean: number): Aggregate {
  return {
    kind: "aggregate",
    ts,
    window_start: ts - MIN,
    window_end: ts,
    machine,
    sensor,
    count: 1,
    mean,
    min: mean,
    max: mean,
    stddev: 0,
    last: mean,
    slope: 0,
  };
}

function noise(seed: number, sd: number): () => number {
  const r = mulberry32(seed);
  return () => sd * Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
}

const estimates = (recs: unknown[]) => recs as RulEstimate[];

Deno.test("rul linear recovers the hours to a configured failure threshold within its interval", async () => {
  const h = await harness(rul, {
    method: "linear",
    sensors: [{ name: "oil_temp", failure_threshold: 200, baseline: 100 }],
  });
  const n = noise(4, 1);
  // 0.5 units per minute from 100: reaches 200 at minute 200.
  for (let m = 1; m <= 60; m++) {
    await h.op.process(eventBatch([agg("P1", "oil_temp", m * MIN, 100 + 0.5 * m + n())]), "win");
  }
  const out = estimates(h.records());
  equal(out.length, 60 - 10 + 1); // from min_points on, one per window
  const last = out.at(-1)!;
  const truth = (200 - 60) / 60;
  equal(last.kind, "rul");
  equal(last.machine, "P1");
  equal(last.method, "linear");
  equal(last.ts, 60 * MIN);
  ok(last.lower <= truth && truth <= last.upper, `${truth} not in [${last.lower}, ${last.upper}]`);
  ok(Math.abs(last.hours - truth) < 0.3, `hours ${last.hours}`);
  ok(last.confidence > 0.9 && last.confidence <= 1);
});

Deno.test("rul exponential reads catalog critical levels and brackets the true crossing", async () => {
  // bearing_temp: normal 100..170 (mid 135), critical_high 200 → indicator (x − 135) / 65.
  const h = await harness(rul, { method: "exponential" });
  const n = noise(5, 0.005);
  for (let m = 0; m < 80; m++) {
    const hi = 0.05 + 0.05 * Math.exp(0.03 * m) + n();
    await h.op.process(eventBatch([agg("B", "bearing_temp", m * MIN, 135 + 65 * hi)]), "win");
  }
  const last = estimates(h.records()).at(-1)!;
  const truth = (Math.log(19) / 0.03 - 79) / 60;
  equal(last.method, "exponential");
  ok(last.lower <= truth && truth <= last.upper, `${truth} not in [${last.lower}, ${last.upper}]`);
});

Deno.test("rul reports the horizon with zero confidence when nothing degrades", async () => {
  const h = await harness(rul, { method: "linear", max_hours: 1000 });
  for (let m = 0; m < 20; m++) {
    await h.op.process(eventBatch([agg("C", "bearing_temp", m * MIN, 130 - 0.1 * m)]), "win");
  }
  const last = estimates(h.records()).at(-1)!;
  deepEqual([last.hours, last.lower, last.upper, last.confidence], [1000, 1000, 1000, 0]);
});

Deno.test("rul sends readings and non-aggregate events to the dlq with the reason", async () => {
  const h = await harness(rul, { method: "linear" });
  await h.op.process(readingBatchOf([{ ts: 0, machine: "A", sensor: "rpm", value: 1 }]), "in");
  await h.op.process(eventBatch([{ ...agg("A", "rpm", 0, NaN) }]), "in");
  equal(h.rejected.length, 2);
  ok(h.rejected[0].reason.includes("got a reading batch"));
  ok(h.rejected[1].reason.includes("finite window mean, got NaN"));
});

Deno.test("rul model turns per-cycle aggregates of a C-MAPSS engine into hours to failure", async () => {
  const h = await harness(rul, { method: "model", model: TINY, cycle_secs: 1800 });
  const model = await loadRulModel(TINY);
  const unit = (await loadCmapss("test_FD001.txt")).units[0];
  const cols = model.sensors.map((s) => CMAPSS_SENSORS.findIndex((c) => c.name === s));
  for (let c = 0; c < unit.cycles.length; c++) {
    // Sensors of one cycle arrive in two batches: no estimate until the cycle is complete.
    const aggs = cols.map((j) =>
      agg("engine_1", CMAPSS_SENSORS[j].name, c * 1800_000, unit.sensors[j][c])
    );
    await h.op.process(eventBatch(aggs.slice(0, 5)), "win");
    await h.op.process(eventBatch(aggs.slice(5)), "win");
  }
  const out = estimates(h.records());
  equal(out.length, unit.cycles.length);
  const last = out.at(-1)!;
  const cycles = predictRul(model, cols.map((j) => unit.sensors[j]));
  equal(last.hours, cycles * 0.5);
  equal(last.method, "model");
  ok(last.lower < last.hours && last.hours < last.upper);
  equal(last.confidence, model.validation_r2);
});

Deno.test("rul resumes from a snapshot with the same estimates", async () => {
  const feed = async (
    op: { process: (b: ReturnType<typeof eventBatch>, i: string) => unknown },
    from: number,
    to: number,
  ) => {
    for (let m = from; m < to; m++) {
      await op.process(eventBatch([agg("D", "vibration", m * MIN, 1 + 0.05 * m)]), "win");
    }
  };
  const whole = await harness(rul, { method: "linear" });
  await feed(whole.op, 0, 40);
  const first = await harness(rul, { method: "linear" });
  await feed(first.op, 0, 20);
  const second = await harness(rul, { method: "linear" });
  second.op.restore!(JSON.parse(JSON.stringify(first.op.snapshot!())));
  await feed(second.op, 20, 40);
  deepEqual(second.records().at(-1), whole.records().at(-1));
});

Deno.test("rul examples validate and build", async () => {
  for (const ex of rul.examples) await harness(rul, rul.config.parse(ex));
});
