import { deepEqual, equal, match, ok, throws } from "node:assert/strict";
import { eventBatch } from "../engine/batch.ts";
import type { Aggregate, Anomaly } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { lstmAutoencoder } from "./lstm_autoencoder.ts";

const SENSORS = ["current", "pressure", "rpm", "temp"];
const STEP = 60_000;

/** Seeded normal behaviour: coupled sinusoids plus noise; `bump` adds to sensor values. */
function windows(
  machine: string,
  from: number,
  n: number,
  seed: number,
  bump: Record<string, number> = {},
) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  const out: Aggregate[][] = [];
  for (let i = from; i < from + n; i++) {
    const phase = Math.sin(i / 5);
    const base: Record<string, number> = {
      rpm: 1500 + 200 * phase,
      current: 20 + 3 * phase,
      pressure: 5 + 0.5 * Math.cos(i / 5),
      temp: 60 + 4 * phase,
    };
    out.push(SENSORS.map((sensor) => {
      const mean = base[sensor] * (1 + 0.01 * rnd()) + (bump[sensor] ?? 0);
      return {
        kind: "aggregate",
        ts: (i + 1) * STEP,
        window_start: i * STEP,
        window_end: (i + 1) * STEP,
        machine,
        sensor,
        count: 10,
        mean,
        min: mean,
        max: mean,
        stddev: 0,
        last: mean,
        slope: 0,
        ...(bump[sensor] ? { label: "overheating" } : {}),
      } satisfies Aggregate;
    }));
  }
  return out;
}

const CONFIG = {
  sequence: 8,
  train_after: 100,
  training: "inline",
  epochs: 8,
  encoder_units: 8,
  decoder_units: 4,
  emit: "all",
  learning_rate: 0.01,
  threshold_q: 0.99,
};

async function trained(extra: Record<string, unknown> = {}) {
  const h = await harness(lstmAutoencoder, { ...CONFIG, ...extra });
  for (const w of windows("A", 0, 60, 1)) await h.op.process(eventBatch(w), "in");
  for (const w of windows("B", 0, 60, 2)) await h.op.process(eventBatch(w), "in");
  return h;
}

Deno.test("lstm_autoencoder refuses to train on fewer than 100 sequences", () => {
  throws(
    () => lstmAutoencoder.config.parse({ train_after: 50 }),
    /at least 100 sequences to learn normal behaviour, got 50/,
  );
});

Deno.test("lstm_autoencoder trains online and flags an injected anomaly on the right sensor", async () => {
  const h = await trained();
  const status = h.op.control!({ action: "status" }) as Record<string, unknown>;
  equal(status.trained, true);
  ok((status.threshold as number) > 0);
  deepEqual(status.sensors, SENSORS);
  for (const w of windows("A", 60, 10, 3)) await h.op.process(eventBatch(w), "in");
  const normal = h.records().filter((r) => r.ts > 60 * STEP) as Anomaly[];
  ok(normal.filter((a) => a.is_anomaly).length <= 1, "normal windows stay normal");
  for (const w of windows("A", 70, 2, 4, { temp: 15 })) await h.op.process(eventBatch(w), "in");
  const last = h.records().at(-1) as Anomaly;
  equal(last.detector, "lstm_autoencoder");
  equal(last.is_anomaly, true);
  equal(last.contributing[0], "temp");
  equal(last.label, "overheating");
  ok(last.score >= 0.5 && last.score <= 1);
  match(last.message!, /largest on temp/);
});

Deno.test("lstm_autoencoder saves its model and a loaded copy scores the same", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const a = await trained({ save_to: dir });
    const b = await harness(lstmAutoencoder, { ...CONFIG, model: dir });
    // b sees A's history too, so both score the same sequences after it.
    for (const w of windows("A", 0, 60, 1)) await b.op.process(eventBatch(w), "in");
    for (const w of windows("A", 60, 10, 5)) {
      await a.op.process(eventBatch(w), "in");
      await b.op.process(eventBatch(w), "in");
    }
    const sa = (a.records() as Anomaly[]).filter((r) => r.ts > 60 * STEP).map((r) => r.score);
    const sb = (b.records() as Anomaly[]).filter((r) => r.ts > 60 * STEP).map((r) => r.score);
    equal(sb.length, 10);
    deepEqual(sb.map((s) => s.toFixed(5)), sa.map((s) => s.toFixed(5)));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("lstm_autoencoder resumes from a snapshot with the same model and sequences", async () => {
  const a = await trained();
  const b = await harness(lstmAutoencoder, CONFIG);
  b.op.restore!(JSON.parse(JSON.stringify(a.op.snapshot!())));
  for (const w of windows("B", 60, 5, 7)) {
    await a.op.process(eventBatch(w), "in");
    await b.op.process(eventBatch(w), "in");
  }
  const scores = (h: typeof a) => (h.records() as Anomaly[]).filter((r) => r.ts > 60 * STEP);
  equal(scores(b).length, 5);
  deepEqual(scores(b).map((r) => r.score.toFixed(5)), scores(a).map((r) => r.score.toFixed(5)));
});

Deno.test("lstm_autoencoder forecasts a slowly rising error and reports it in status", async () => {
  const h = await trained({ forecast_windows: 8, horizon_minutes: 120 });
  let i = 60;
  for (let k = 0; k < 20; k++, i++) {
    for (const w of windows("A", i, 1, 10 + k, { temp: 0.3 * k })) {
      await h.op.process(eventBatch(w), "in");
    }
  }
  const status = h.op.control!({ action: "status" }) as {
    machines: Record<string, { forecast: unknown }>;
  };
  const withForecast = (h.records() as Anomaly[]).filter((a) =>
    /anomaly expected/.test(a.message ?? "")
  );
  ok(withForecast.length > 0, "some window carries a forecast");
  const first = withForecast[0].message!;
  match(first, /anomaly expected in about \d+ minutes? on sensors [a-z, ]*temp/);
  match(first, /because reconstruction error is rising .*temp up \d+\.\dσ/);
  ok(status.machines.A !== null);
});

Deno.test("lstm_autoencoder trains online when its model directory is missing, and reload brings the model in", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const saved = await trained({ save_to: `${dir}/saved` });
    const savedThreshold = (saved.op.control!({ action: "status" }) as { threshold: number })
      .threshold;
    const h = await trained({ model: `${dir}/shipped`, seed: 2 });
    const before = h.op.control!({ action: "status" }) as Record<string, unknown>;
    equal(before.trained, true, "trained online as a fallback");
    match(String(before.model_error), /Cannot read model ".*shipped"/);
    ok(before.threshold !== savedThreshold);
    const missing = await h.op.control!({ action: "reload" }) as { ok: boolean; error: string };
    equal(missing.ok, false);
    match(missing.error, /Cannot read model/);
    await Deno.rename(`${dir}/saved`, `${dir}/shipped`);
    const answer = await h.op.control!({ action: "reload" }) as Record<string, unknown>;
    deepEqual(answer, { ok: true, model: `${dir}/shipped`, threshold: savedThreshold });
    const after = h.op.control!({ action: "status" }) as Record<string, unknown>;
    equal(after.threshold, savedThreshold);
    equal(after.model_error, null);
    // Scoring resumes with the reloaded model once a full sequence has arrived.
    const n = h.records().length;
    for (const w of windows("A", 60, 10, 3)) await h.op.process(eventBatch(w), "in");
    equal(h.records().length - n, 10 - CONFIG.sequence + 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("lstm_autoencoder keeps its model when a reload finds a broken file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await trained({ save_to: dir });
    const h = await harness(lstmAutoencoder, { ...CONFIG, model: dir });
    for (const w of windows("A", 0, 10, 1)) await h.op.process(eventBatch(w), "in");
    const { threshold } = h.op.control!({ action: "status" }) as { threshold: number };
    await Deno.writeTextFile(`${dir}/model.json`, "{ not json");
    const answer = await h.op.control!({ action: "reload" }) as { ok: boolean; error: string };
    equal(answer.ok, false);
    ok(answer.error.length > 0);
    const status = h.op.control!({ action: "status" }) as Record<string, unknown>;
    equal(status.threshold, threshold);
    equal(status.trained, true);
    const n = h.records().length;
    for (const w of windows("A", 10, 3, 2)) await h.op.process(eventBatch(w), "in");
    equal(h.records().length - n, 3, "still scoring every window with the old model");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
