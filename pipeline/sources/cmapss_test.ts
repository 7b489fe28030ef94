import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import type { Batch } from "../engine/batch.ts";
import { readingsOf } from "../engine/batch.ts";
import { ManualClock } from "../engine/clock.ts";
import type { Reading } from "../engine/record.ts";
import { cmapss, CmapssConfigSchema } from "./cmapss.ts";
import { DEGRADATION_LABEL, synthEngines, synthReadings } from "./cmapss_synth.ts";

async function runSource(config: unknown, clock = new ManualClock(0)) {
  const source = await cmapss.build(CmapssConfigSchema.parse(config), {
    name: "engines",
    clock,
    inputs: [],
    services: { baseDir: ".", env: {} },
  });
  const batches: Batch[] = [];
  await source.run({
    name: "engines",
    clock,
    signal: new AbortController().signal,
    reject: () => {},
    emit: (b) => (batches.push(b), Promise.resolve()),
  });
  const readings = batches.flatMap((b) => (b.kind === "readings" ? readingsOf(b) : []));
  return { batches, readings, clock };
}

Deno.test("cmapss source streams train_FD001 as engines, one event time per cycle", async () => {
  const { readings, batches } = await runSource({
    path: "train_FD001.txt",
    cycle_secs: 60,
    start_ts: 1000,
  });
  equal(readings.length, 20631 * 14);
  equal(batches.length, 362); // the longest unit has 362 cycles: one batch per cycle step
  const machines = new Set(readings.map((r) => r.machine));
  equal(machines.size, 100);
  ok(machines.has("engine_1") && machines.has("engine_100"));
  const first = readings.filter((r) => r.machine === "engine_1" && r.sensor === "t24");
  equal(first.length, 192);
  deepEqual(first.slice(0, 2).map((r) => [r.ts, r.value, r.unit]), [[1000, 641.82, "°R"], [
    61_000,
    642.15,
    "°R",
  ]]);
  for (let i = 1; i < readings.length; i++) ok(readings[i].ts >= readings[i - 1].ts);
});

Deno.test("cmapss source keeps selected units, all 21 sensors and labels the last cycles", async () => {
  const { readings } = await runSource({
    path: "train_FD001.txt",
    units: [2],
    sensors: "all",
    label_last_cycles: 10,
  });
  equal(readings.length, 287 * 21);
  equal(new Set(readings.map((r) => r.sensor)).size, 21);
  const labelled = readings.filter((r) => r.label === "degradation");
  equal(labelled.length, 10 * 21);
  equal(Math.min(...labelled.map((r) => r.ts)), (287 - 10) * 3600_000);
});

Deno.test("cmapss source paces cycles by the clock at the configured speed", async () => {
  const clock = new ManualClock(0, true);
  await runSource({ path: "test_FD001.txt", units: [1], cycle_secs: 60, speed: 10 }, clock);
  // Unit 1 of test_FD001 has 31 cycles: 30 steps of 60 s at 10× = 180 s of clock time.
  equal(clock.now(), 180_000);
});

Deno.test("cmapss source refuses a missing file by name", async () => {
  await rejects(
    () => runSource({ path: "nope_FD009.txt" }),
    /Cannot build source "engines": Cannot read C-MAPSS file "nope_FD009.txt"/,
  );
});

Deno.test("synthReadings() runs each engine to its failure cycle with labelled degradation", () => {
  const o = { assets: 3, hours: 1, cycle_secs: 10, start_ts: 0, seed: 1 };
  const engines = synthEngines(o);
  const readings: Reading[] = [...synthReadings(o)];
  for (const e of engines) {
    const mine = readings.filter((r) => r.machine === e.machine && r.sensor === "t50");
    equal(mine.length, e.failure_cycle);
    ok(e.onset_cycle < e.failure_cycle && e.failure_cycle <= 360);
    const labelled = mine.filter((r) => r.label === DEGRADATION_LABEL);
    equal(labelled.length, e.failure_cycle - e.onset_cycle);
    const mean = (rs: Reading[]) => rs.reduce((s, r) => s + r.value, 0) / rs.length;
    // T50 rises by ~26 °R at failure: the last cycles are well above the healthy ones.
    ok(mean(mine.slice(-5)) - mean(mine.slice(0, 20)) > 15);
  }
  deepEqual([...synthReadings(o)].slice(0, 50), readings.slice(0, 50));
});
