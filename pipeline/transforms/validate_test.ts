import assert from "node:assert/strict";
import { readingBatchOf, readingsOf } from "../engine/batch.ts";
import type { Reading } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { plausibleRange, validate } from "./validate.ts";
import { sensorSpec } from "../catalog/sensors.ts";

const T0 = Date.UTC(2024, 5, 1);

async function run(config: unknown, rows: Reading[]) {
  const h = await harness(validate, config, { name: "clean" });
  h.clock.advance(T0);
  h.op.process(readingBatchOf(rows), "in");
  return h;
}

const good: Reading[] = [
  { ts: T0 - 1000, machine: "A", sensor: "rpm", value: 1800 },
  { ts: T0 - 900, machine: "B", sensor: "bearing_temp", value: 150.5, label: "overheating" },
  {
    ts: T0 - 800,
    machine: "C",
    sensor: "vibration",
    value: 1.2,
    unit: "mm/s",
    quality: "uncertain",
    id: "k-1",
  },
];

Deno.test("validate passes clean readings unchanged, as the same batch", async () => {
  const h = await harness(validate, {});
  h.clock.advance(T0);
  const batch = readingBatchOf(good);
  h.op.process(batch, "in");
  assert.equal(h.outputs.get("out")![0], batch);
  assert.deepEqual(h.records(), good);
  assert.deepEqual(h.rejected, []);
});

Deno.test("validate rejects each bad kind of reading with the field and value in the reason", async () => {
  const bad: [Reading, string][] = [
    [{ ts: T0, machine: "A", sensor: "rpm", value: NaN }, "value NaN is not a finite number"],
    [
      { ts: T0, machine: "A", sensor: "rpm", value: Infinity },
      "value Infinity is not a finite number",
    ],
    [{ ts: NaN, machine: "A", sensor: "rpm", value: 1 }, "ts NaN is not a finite number"],
    [
      { ts: Date.UTC(1999, 11, 31), machine: "A", sensor: "rpm", value: 1 },
      "ts 946598400000 (1999-12-31T00:00:00.000Z) is before 2000-01-01",
    ],
    [
      { ts: T0 + 86_400_001, machine: "A", sensor: "rpm", value: 1 },
      "ts 1717286400001 (2024-06-02T00:00:00.001Z) is more than 1d ahead of the clock " +
      "(2024-06-01T00:00:00.000Z)",
    ],
    [
      { ts: T0, machine: "A", sensor: "warp_core", value: 1 },
      'sensor "warp_core" is unknown (not in the catalog)',
    ],
    [{ ts: T0, machine: "A", sensor: "rpm", value: 1, quality: "bad" }, "quality is bad"],
    [
      { ts: T0, machine: "A", sensor: "vibration", value: 120, unit: "mm/s" },
      "value 120 is implausible for vibration: outside -31.95..39.05 mm/s",
    ],
  ];
  const rows = bad.flatMap(([r], i) => [r, good[i % good.length]]);
  const h = await run({}, rows);
  assert.deepEqual(h.rejected.map((r) => r.reason), bad.map(([, reason]) => reason));
  assert.deepEqual(h.rejected.map((r) => r.record), bad.map(([r]) => r));
  assert.equal(h.rejected[0].component, "clean");
  assert.equal(h.rejected[0].ts, T0);
  assert.deepEqual(h.records(), bad.map((_, i) => good[i % good.length]));
});

Deno.test("validate lets unknown sensors pass when told to, and accepts extra_sensors", async () => {
  const rows: Reading[] = [
    { ts: T0, machine: "A", sensor: "warp_core", value: 9e9 },
    { ts: T0, machine: "A", sensor: "spindle_load", value: 42 },
  ];
  assert.equal((await run({ unknown_sensors: "pass" }, rows)).records().length, 2);
  const h = await run({ extra_sensors: ["spindle_load"] }, rows);
  assert.deepEqual(h.records(), [rows[1]]);
  assert.deepEqual(h.rejected.map((r) => r.reason), [
    'sensor "warp_core" is unknown (not in the catalog)',
  ]);
});

Deno.test("validate keeps bad-quality readings when drop_bad_quality is off", async () => {
  const row: Reading = { ts: T0, machine: "A", sensor: "rpm", value: 2000, quality: "bad" };
  assert.deepEqual((await run({ drop_bad_quality: false }, [row])).records(), [row]);
});

Deno.test("validate widens the catalog range by plausibility_factor", async () => {
  // bearing_temp: normal 100..170, critical 200 → hull 100..200, centre 150, half 50.
  assert.deepEqual(plausibleRange(sensorSpec("bearing_temp")!, 2), [50, 250]);
  const rows: Reading[] = [240, 260, 40].map((value) => ({
    ts: T0,
    machine: "A",
    sensor: "bearing_temp",
    value,
  }));
  const h = await run({ plausibility_factor: 2 }, rows);
  assert.deepEqual(h.records().map((r) => (r as Reading).value), [240]);
  assert.deepEqual(h.rejected.map((r) => r.reason), [
    "value 260 is implausible for bearing_temp: outside 50..250",
    "value 40 is implausible for bearing_temp: outside 50..250",
  ]);
});

Deno.test("validate learns custom sensors at runtime through control", async () => {
  const h = await run({}, []);
  const row: Reading = { ts: T0, machine: "A", sensor: "spindle_load", value: 3 };
  h.op.process(readingBatchOf([row]), "in");
  assert.equal(h.rejected.length, 1);
  assert.deepEqual(h.op.control!({ action: "add_sensor", sensor: "spindle_load" }), {
    ok: true,
    sensors: ["spindle_load"],
  });
  h.op.process(readingBatchOf([row]), "in");
  assert.deepEqual(readingsOf(h.outputs.get("out")!.at(-1) as never), [row]);
  assert.deepEqual(h.op.control!({ action: "add_sensor", sensor: "Bad Name" }), {
    ok: false,
    error: 'sensor must be a snake_case name, got "Bad Name"',
  });
});

Deno.test("validate examples validate and build", async () => {
  for (const ex of validate.examples) await harness(validate, validate.config.parse(ex));
});
