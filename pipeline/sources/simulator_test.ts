import assert from "node:assert/strict";
import type { Batch, ReadingBatch } from "../engine/batch.ts";
import { readingsOf } from "../engine/batch.ts";
import { ManualClock } from "../engine/clock.ts";
import type { Source, SourceCommand } from "../engine/component.ts";
import type { Reading } from "../engine/record.ts";
import { simulator } from "./simulator.ts";

const T0 = Date.UTC(2025, 0, 1);
const services = { baseDir: ".", env: {} };

/** Runs a simulator; `onBatch` may send commands (k = batch number). Returns batches and readings. */
async function collect(
  config: Record<string, unknown>,
  onBatch: (src: Source, k: number) => void = () => {},
  clock = new ManualClock(T0),
) {
  const src = await simulator.build(simulator.config.parse(config), {
    name: "sim",
    clock,
    services,
    inputs: [],
  });
  const batches: ReadingBatch[] = [];
  await src.run({
    name: "sim",
    clock,
    signal: new AbortController().signal,
    reject: () => {},
    emit: (b: Batch) => {
      assert.equal(b.kind, "readings");
      batches.push(b as ReadingBatch);
      onBatch(src, batches.length);
      return Promise.resolve();
    },
  });
  const readings: Reading[] = batches.flatMap(readingsOf);
  return { src, batches, readings };
}

const count = (rs: Reading[], f: (r: Reading) => boolean) => rs.filter(f).length;

Deno.test("simulator examples validate and build", async () => {
  for (const ex of simulator.examples) {
    const cfg = simulator.config.parse(ex);
    assert.ok(
      await simulator.build(cfg, { name: "x", clock: new ManualClock(), services, inputs: [] }),
    );
  }
});

Deno.test("simulator emits identical batches for the same seed", async () => {
  const cfg = { realtime: false, duration: "20s", start_ts: T0, seed: 9, batch_size: 500 };
  const a = await collect(cfg), b = await collect(cfg);
  assert.equal(a.readings.length, 3 * 50 * 5 * 20);
  assert.deepEqual(a.batches, b.batches);
  assert.notDeepEqual(a.readings, (await collect({ ...cfg, seed: 10 })).readings);
});

Deno.test("simulator advances event time by the sample period, not by the clock", async () => {
  const clock = new ManualClock(T0 + 123_456);
  const { readings } = await collect(
    {
      machines: ["A"],
      sensors: ["rpm"],
      rate_hz: 4,
      start_ts: "2025-01-01T00:00:00Z",
      duration: "2s",
    },
    () => {},
    clock,
  );
  assert.deepEqual(
    readings.map((r) => r.ts),
    [0, 250, 500, 750, 1000, 1250, 1500, 1750].map((d) => T0 + d),
  );
  assert.equal(clock.now(), T0 + 123_456 + 1750, "realtime mode slept until each sample was due");
});

Deno.test("simulator honours per-machine and per-sensor rates", async () => {
  const { readings } = await collect({
    sensors: ["rpm", "temperature"],
    machines: ["A", "B"],
    rate_hz: 5,
    machine_rates: { A: 10 },
    sensor_rates: { temperature: 1 },
    realtime: false,
    duration: "10s",
    start_ts: T0,
  });
  const n = (m: string, s: string) => count(readings, (r) => r.machine === m && r.sensor === s);
  assert.deepEqual([n("A", "rpm"), n("B", "rpm"), n("A", "temperature")], [100, 50, 10]);
  for (let i = 1; i < readings.length; i++) assert.ok(readings[i].ts >= readings[i - 1].ts);
});

Deno.test("simulator labels only readings of sensors a configured fault affects", async () => {
  const { readings } = await collect({
    machines: ["A", "B"],
    sensors: ["vibration", "bearing_temp", "pressure"],
    realtime: false,
    duration: "60s",
    start_ts: T0,
    faults: [{ machine: "A", type: "bearing_wear", at: "30s", ramp: "5s" }],
  });
  const labelled = readings.filter((r) => r.label);
  assert.ok(labelled.length > 0);
  for (const r of labelled) {
    assert.equal(r.label, "bearing_wear");
    assert.equal(r.machine, "A");
    assert.ok(r.sensor !== "pressure" && r.ts >= T0 + 30_000);
  }
  const lastVib = readings.filter((r) => r.machine === "A" && r.sensor === "vibration").at(-1)!;
  assert.ok(lastVib.value > 7.1, `vibration ${lastVib.value}`);
});

Deno.test("simulator control stops and restarts a machine, injects, clears and changes rate", async () => {
  const answers: unknown[] = [];
  const { readings, src } = await collect(
    { machines: ["A", "B"], sensors: ["temperature"], rate_hz: 1, start_ts: T0, duration: "40s" },
    (s, k) => {
      if (k === 5) answers.push(s.control!({ action: "stop", machine: "B" }));
      if (k === 10) s.control!({ action: "start", machine: "B" });
      if (k === 12) {
        s.control!({ action: "inject", machine: "A", fault: "overheating", ramp_secs: 0 });
      }
      if (k === 20) s.control!({ action: "clear", machine: "A" });
      if (k === 22) s.control!({ action: "rate", rate_hz: 2, machine: "A" });
    },
  );
  const b = readings.filter((r) => r.machine === "B").map((r) => (r.ts - T0) / 1000);
  assert.deepEqual(b.filter((s) => s >= 5 && s < 10), [], "B emits nothing while stopped");
  assert.ok(b.includes(10) && b.includes(39));
  const a = readings.filter((r) => r.machine === "A");
  const hot = a.filter((r) => r.label === "overheating").map((r) => (r.ts - T0) / 1000);
  assert.deepEqual([hot[0], hot.at(-1)], [12, 19]);
  assert.equal(
    count(a, (r) => r.ts >= T0 + 23_000),
    2 * 17,
    "A samples at 2 Hz after the rate change",
  );
  const stopped = answers[0] as { machines: Record<string, { running: boolean }> };
  assert.equal(stopped.machines.B.running, false);
  const status = src.control!({ action: "status" }) as {
    machines: Record<string, { rate_hz: number; uptime_secs: number; faults: unknown[] }>;
  };
  assert.equal(status.machines.A.rate_hz, 2);
  assert.deepEqual(status.machines.A.faults, []);
  assert.ok(status.machines.B.uptime_secs < status.machines.A.uptime_secs);
});

Deno.test("simulator control refuses malformed commands with a clear reason", async () => {
  const src = await simulator.build(simulator.config.parse({}), {
    name: "sim",
    clock: new ManualClock(),
    services,
    inputs: [],
  });
  const bad: [SourceCommand, RegExp][] = [
    [{ action: "warp" }, /Cannot control simulator "sim": action/],
    [{ action: "rate", rate_hz: 50 }, /rate_hz/],
    [{ action: "inject", machine: "A", fault: "gremlins" }, /fault/],
    [{ action: "stop", machine: "Z" }, /unknown machine "Z", expected one of A, B, C/],
    [
      { action: "inject", machine: "A", fault: "sensor_stuck", sensor: "nope" },
      /unknown sensor "nope"/,
    ],
  ];
  for (const [cmd, re] of bad) assert.throws(() => src.control!(cmd), re);
});

Deno.test("simulator config rejects unknown sensors and faults on unknown machines", () => {
  const r = simulator.config.safeParse({
    sensors: ["rpm", "flux"],
    faults: [{ machine: "Q", type: "leak" }],
  });
  assert.equal(r.success, false);
  const text = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
  assert.match(text, /sensors\.1: unknown sensor "flux"/);
  assert.match(text, /faults\.0\.machine: unknown machine "Q"/);
});
