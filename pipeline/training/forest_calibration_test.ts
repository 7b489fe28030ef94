import assert from "node:assert/strict";
import { readRecording } from "../quality/evaluate.ts";
import { calibrateByMachine, calibratedThreshold } from "./forest_calibration.ts";
import { forestRows, windowAggregates } from "./window_rows.ts";

const FLEET = new URL("../../topology/recordings/normal-fleet.ndjson", import.meta.url).pathname;
const OPTS = { n_trees: 100, sample_size: 256, seed: 0, contamination: 0.01 };

Deno.test("calibration raises the threshold to what machines held out of training score", async () => {
  const data = forestRows(await windowAggregates(await readRecording(FLEET), "5s"), ["mean"]);
  assert.deepEqual([...new Set(data.machines)].sort(), ["A", "B", "C", "D", "E", "F"]);
  const c = calibrateByMachine(data.rows, data.machines, { ...OPTS, features: data.features });
  assert.ok(c);
  assert.deepEqual(c.folds, [["A", "D"], ["B", "E"], ["C", "F"]]);
  assert.equal(c.windows, data.rows.length, "every window is held out once");
  // In-sample p99 thresholds are optimistic: unseen machines cross them far more often than 1 %.
  assert.ok(c.in_sample_alarm_rate > 0.05, `held-out alarm rate ${c.in_sample_alarm_rate}`);
  assert.ok(c.margin > 0.01 && c.margin < 0.2, `margin ${c.margin}`);
  assert.equal(calibratedThreshold(0.58, c), 0.58 + c.margin);
});

Deno.test("calibration needs two machines and enough windows per fold", () => {
  const rows = Array.from({ length: 150 }, (_, i) => [Math.sin(i), Math.cos(i * 1.3)]);
  const o = { ...OPTS, features: ["a.mean", "b.mean"] };
  assert.equal(calibrateByMachine(rows, rows.map(() => "A"), o), undefined);
  // Two machines of 75 windows: a fold would train on 75 < 100 windows.
  assert.equal(calibrateByMachine(rows, rows.map((_, i) => (i % 2 ? "A" : "B")), o), undefined);
  assert.equal(calibratedThreshold(0.6, undefined), 0.6);
  assert.equal(
    calibratedThreshold(0.95, { folds: [], windows: 1, in_sample_alarm_rate: 1, margin: 0.2 }),
    0.99,
  );
});

Deno.test("calibration refuses rows without a machine each, naming both counts", () => {
  assert.throws(
    () => calibrateByMachine([[1], [2]], ["A"], { ...OPTS, features: ["x.mean"] }),
    { message: "Cannot calibrate isolation forest: 2 rows but 1 machine names" },
  );
});
