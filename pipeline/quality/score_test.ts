import assert from "node:assert/strict";
import type { Reading } from "../engine/record.ts";
import { counts, scoreDetection } from "./score.ts";

const W = 1000;
/** One reading per window of machine `m` for windows 0..n-1; `faulty` maps window → label. */
function run(m: string, n: number, faulty: Record<number, string> = {}): Reading[] {
  return Array.from({ length: n }, (_, w) => ({
    ts: w * W + 100,
    machine: m,
    sensor: "rpm",
    value: 1,
    ...(faulty[w] ? { label: faulty[w] } : {}),
  }));
}
const alarm = (machine: string, w: number, at = 500) => ({
  ts: w * W + at,
  machine,
  is_anomaly: true,
});

Deno.test("scoreDetection() counts a faulty window detected by an alarm in it or the next window", () => {
  const readings = run("A", 10, { 3: "leak", 4: "leak", 5: "leak" });
  // Window 3: alarm in window 4 (late verdict); window 4: in itself; window 5: none in 5 or 6.
  const s = scoreDetection(readings, [alarm("A", 4)], { window_ms: W });
  const leak = s.faults[0];
  assert.equal(leak.fault, "leak");
  assert.deepEqual([leak.tp, leak.fp, leak.fn], [2, 0, 1]);
  assert.deepEqual(leak.first_alarm, [1]);
  assert.equal(s.overall.windows, 10);
  assert.equal(s.overall.faulty_windows, 3);
});

Deno.test("scoreDetection() charges false alarms to the nearest fault on the machine", () => {
  const readings = [
    ...run("A", 20, { 2: "leak", 3: "leak", 15: "overheating" }),
    ...run("B", 5),
  ];
  const alarms = [
    alarm("A", 2),
    alarm("A", 4), // grace window after leak: not a false alarm
    alarm("A", 6), // nearest: leak (ends 3)
    alarm("A", 13), // nearest: overheating (starts 15)
    alarm("B", 1), // no fault on B: overall only
    { ts: 2 * W, machine: "A", is_anomaly: false }, // a clearing verdict never counts
  ];
  const s = scoreDetection(readings, alarms, { window_ms: W });
  const [leak, overheating] = s.faults;
  assert.deepEqual([leak.tp, leak.fp, leak.fn], [2, 1, 0]);
  assert.deepEqual([overheating.tp, overheating.fp, overheating.fn], [0, 1, 1]);
  assert.deepEqual(overheating.first_alarm, [null]);
  assert.deepEqual([s.overall.tp, s.overall.fp, s.overall.fn], [2, 3, 1]);
});

Deno.test("scoreDetection() splits episodes and measures time to first alarm from onset", () => {
  const readings = run("C", 30, {
    5: "sensor_stuck",
    6: "sensor_stuck",
    7: "sensor_stuck",
    8: "sensor_stuck",
    20: "sensor_stuck",
    21: "sensor_stuck",
  });
  const s = scoreDetection(readings, [alarm("C", 8), alarm("C", 22)], { window_ms: W });
  assert.deepEqual(s.faults[0].first_alarm, [3, 2]);
  assert.deepEqual([s.faults[0].tp, s.faults[0].fn], [3, 3]);
});

Deno.test("scoreDetection() with grace_windows 0 requires the alarm inside the window", () => {
  const readings = run("A", 5, { 1: "leak" });
  const s = scoreDetection(readings, [alarm("A", 2)], { window_ms: W, grace_windows: 0 });
  assert.deepEqual([s.overall.tp, s.overall.fp, s.overall.fn], [0, 1, 1]);
});

Deno.test("scoreDetection() refuses a non-positive window", () => {
  assert.throws(
    () => scoreDetection([], [], { window_ms: 0 }),
    /window_ms must be > 0, got 0/,
  );
});

Deno.test("counts() derives precision, recall and F1, 0 when undefined", () => {
  const c = counts(8, 2, 8);
  assert.deepEqual([c.tp, c.fp, c.fn, c.precision, c.recall], [8, 2, 8, 0.8, 0.5]);
  assert.ok(Math.abs(c.f1 - 8 / 13) < 1e-12);
  assert.equal(counts(0, 0, 0).f1, 0);
});
