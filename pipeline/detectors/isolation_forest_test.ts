import assert from "node:assert/strict";
import { eventBatch, readingBatchOf } from "../engine/batch.ts";
import type { Aggregate, Anomaly } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { saveModel } from "./iforest/model_file.ts";
import { Prng } from "./iforest/prng.ts";
import { isolationForest } from "./isolation_forest.ts";
import { IsolationForestModel, matrixOf } from "./isolation_forest_model.ts";

const SENSORS = ["rpm", "vibration", "bearing_temp", "current"];
const WINDOW_MS = 5000;

function agg(
  machine: string,
  sensor: string,
  end: number,
  mean: number,
  label?: string,
): Aggregate {
  const a: Aggregate = {
    kind: "aggregate",
    ts: end,
    window_start: end - WINDOW_MS,
    window_end: end,
    machine,
    sensor,
    count: 10,
    mean,
    min: mean - 1,
    max: mean + 1,
    stddev: 0.5,
    last: mean,
    slope: 0,
  };
  if (label) a.label = label;
  return a;
}

/**
 * One window of a machine: rpm (load) drives vibration, bearing temperature and
 * current, and each also varies on its own. `hot` is an overheating fault: the
 * bearing temperature rises by `hot` and the current by a sixth of it.
 */
function windowOf(r: Prng, machine: string, i: number, hot = 0, label?: string): Aggregate[] {
  const load = r.normal();
  const values = [
    1500 + 100 * load,
    2 + 0.2 * load + 0.2 * r.normal(),
    70 + 1.5 * load + 1.5 * r.normal() + hot,
    20 + 1 * load + 1 * r.normal() + hot / 6,
  ];
  return SENSORS.map((s, k) => agg(machine, s, (i + 1) * WINDOW_MS, values[k], label));
}

function anomalies(records: unknown[]): Anomaly[] {
  return records as Anomaly[];
}

Deno.test("every isolation_forest example validates and builds", async () => {
  for (const example of isolationForest.examples) {
    const h = await harness(isolationForest, isolationForest.config.parse(example));
    assert.ok(h.op.process);
  }
});

Deno.test("isolation_forest refuses train_after below 100 and a config with no model source", async () => {
  const r = isolationForest.config.safeParse({ train_after: 50 });
  assert.equal(r.success, false);
  assert.equal(r.error?.issues[0].message, "train_after must be ≥ 100, got 50");
  await assert.rejects(
    () => harness(isolationForest, {}, { name: "pump_if" }),
    {
      message:
        'Cannot build detector "pump_if": set model (a model file) or train_after (online training), got neither',
    },
  );
  await assert.rejects(
    () => harness(isolationForest, { model: "nope.json" }, { name: "pump_if" }),
    /Cannot build detector "pump_if": Cannot load isolation forest model "\.\/nope\.json": file not found/,
  );
});

Deno.test("isolation_forest trains online after N windows, then flags an injected window with its sensor", async () => {
  const h = await harness(isolationForest, { train_after: 150, seed: 1 });
  const r = new Prng(5);
  for (let i = 0; i < 150; i++) {
    await h.op.process(eventBatch([...windowOf(r, "A", i), ...windowOf(r, "B", i)]), "win");
  }
  assert.equal(h.records().length, 0, "no verdicts while training");
  for (let i = 150; i < 170; i++) await h.op.process(eventBatch(windowOf(r, "A", i)), "win");
  const normal = anomalies(h.records());
  assert.equal(normal.length, 20);
  assert.ok(normal.filter((a) => a.is_anomaly).length <= 2, "few false alarms");
  assert.ok(normal.every((a) => a.detector === "isolation_forest" && a.machine === "A"));

  await h.op.process(eventBatch(windowOf(r, "A", 170, 30, "overheating")), "win");
  const hot = anomalies(h.records()).at(-1)!;
  assert.equal(hot.ts, 171 * WINDOW_MS);
  assert.equal(hot.is_anomaly, true);
  assert.ok(hot.score > Math.max(...normal.map((a) => a.score)));
  assert.equal(hot.contributing[0], "bearing_temp");
  assert.equal(hot.label, "overheating");
  assert.equal(h.rejected.length, 0);
});

Deno.test("isolation_forest scores with a model file and hot-swaps it on reload", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = new Prng(8);
    const rows = (shift: number) =>
      Array.from({ length: 300 }, (_, i) => windowOf(r, "A", i).map((a) => a.mean + shift));
    const features = SENSORS.map((s) => `${s}.mean`);
    await saveModel(
      `${dir}/m.json`,
      IsolationForestModel.fit(matrixOf(rows(0)), { features, contamination: 0.01 }),
    );
    const h = await harness(isolationForest, { model: "m.json" }, { services: { baseDir: dir } });
    const window = windowOf(r, "C", 1000);
    await h.op.process(eventBatch(window), "win");
    const before = anomalies(h.records())[0];
    assert.equal(before.machine, "C");
    assert.equal(before.is_anomaly, false);

    // A model trained on a shifted regime makes the same window look anomalous.
    await saveModel(
      `${dir}/m.json`,
      IsolationForestModel.fit(matrixOf(rows(50)), { features, contamination: 0.01 }),
    );
    assert.deepEqual(h.op.control!({ action: "reload" }), {
      ok: true,
      model: `${dir}/m.json`,
      features,
      trees: 100,
    });
    await h.op.process(
      eventBatch(window.map((a) => ({ ...a, window_end: a.window_end + 1 }))),
      "w",
    );
    assert.equal(anomalies(h.records())[1].is_anomaly, true);

    await Deno.writeTextFile(`${dir}/m.json`, "{}");
    const bad = h.op.control!({ action: "reload" }) as { ok: boolean; error: string };
    assert.equal(bad.ok, false);
    assert.match(bad.error, /Cannot load isolation forest model ".*m\.json": format: /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("isolation_forest waits for every sensor of a window, or a later window, before scoring", async () => {
  const r = new Prng(2);
  const h = await harness(isolationForest, { train_after: 100, features: SENSORS });
  for (let i = 0; i < 100; i++) await h.op.process(eventBatch(windowOf(r, "A", i)), "win");
  const w = windowOf(r, "A", 100);
  await h.op.process(eventBatch(w.slice(0, 2)), "win");
  assert.equal(h.records().length, 0);
  await h.op.process(eventBatch(w.slice(2)), "win");
  assert.equal(h.records().length, 1);
  // A partial window is scored once the next window starts (missing sensors carried forward).
  await h.op.process(eventBatch(windowOf(r, "A", 101).slice(0, 3)), "win");
  assert.equal(h.records().length, 1);
  await h.op.process(eventBatch(windowOf(r, "A", 102).slice(0, 1)), "win");
  assert.deepEqual(h.records().map((a) => a.ts), [101, 102].map((i) => i * WINDOW_MS));
  await h.op.flush!();
  assert.equal(h.records().length, 3);
});

Deno.test("isolation_forest rejects readings and updates of windows it already scored", async () => {
  const r = new Prng(3);
  const h = await harness(isolationForest, { train_after: 100 });
  for (let i = 0; i < 101; i++) await h.op.process(eventBatch(windowOf(r, "A", i)), "win");
  await h.op.process(eventBatch(windowOf(r, "A", 102)), "win");
  await h.op.process(eventBatch([{ ...windowOf(r, "A", 50)[0], update: true }]), "win");
  await h.op.process(readingBatchOf([{ ts: 1, machine: "A", sensor: "rpm", value: 1 }]), "raw");
  assert.deepEqual(h.rejected.map((x) => x.reason), [
    "window ending 255000 of machine A was already closed",
    "isolation_forest takes window aggregates, got a reading",
  ]);
});

Deno.test("isolation_forest restores training progress and models from a snapshot", async () => {
  const r = new Prng(4);
  const windows = Array.from({ length: 130 }, (_, i) => windowOf(r, "A", i));
  const a = await harness(isolationForest, { train_after: 120 });
  for (const w of windows.slice(0, 110)) await a.op.process(eventBatch(w), "win");
  const b = await harness(isolationForest, { train_after: 120 });
  b.op.restore!(JSON.parse(JSON.stringify(a.op.snapshot!())));
  for (const w of windows.slice(110)) {
    await a.op.process(eventBatch(w), "win");
    await b.op.process(eventBatch(w), "win");
  }
  assert.equal(a.records().length, 10);
  assert.deepEqual(b.records(), a.records());
});
