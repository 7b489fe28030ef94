/**
 * Detection quality of the default topology (issue 5 item 7): the detectors of
 * topology/rig-alpha.yaml on the seeded recording with every fault type
 * labelled, scored per machine × 5 s window (`score.ts`).
 */
import assert from "node:assert/strict";
import { evaluateDetection } from "./evaluate.ts";

const ROOT = new URL("../../", import.meta.url);
const TOPOLOGY = new URL("topology/rig-alpha.yaml", ROOT).pathname;
const RECORDING = new URL("topology/recordings/all-faults.ndjson", ROOT).pathname;

const FAULTS = [
  "bearing_wear",
  "cavitation",
  "electrical_fault",
  "leak",
  "overheating",
  "sensor_drift",
  "sensor_spike",
  "sensor_stuck",
];

Deno.test("rig-alpha's detectors reach F1 ≥ 0.9 on every labelled fault, alarming within 3 windows", async () => {
  const e = await evaluateDetection(TOPOLOGY, RECORDING);
  assert.deepEqual(e.faults.map((f) => f.fault), FAULTS, "the recording holds every fault type");
  const table = e.faults.map((f) =>
    `${f.fault}: P ${f.precision.toFixed(3)} R ${f.recall.toFixed(3)} F1 ${f.f1.toFixed(3)} ` +
    `first alarm ${JSON.stringify(f.first_alarm)}`
  ).join("\n");
  assert.ok(e.overall.f1 >= 0.9, `overall F1 ${e.overall.f1.toFixed(3)} < 0.9\n${table}`);
  for (const f of e.faults) {
    for (const first of f.first_alarm) {
      assert.ok(
        first !== null && first <= 3,
        `${f.fault}: first alarm ${first === null ? "never" : `after ${first} windows`}\n${table}`,
      );
    }
  }
  // Every default detector took part.
  assert.deepEqual(e.detectors, ["limits", "drift", "stuck", "iforest", "lstm", "hybrid"]);
});
