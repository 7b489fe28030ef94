import assert from "node:assert/strict";
import { Hono } from "hono";
import { type Batch, eventBatch } from "../../pipeline/engine/batch.ts";
import { ManualClock } from "../../pipeline/engine/clock.ts";
import type { SourceCommand } from "../../pipeline/engine/component.ts";
import type { RulEstimate } from "../../pipeline/engine/record.ts";
import { runTopology } from "../../pipeline/engine/run.ts";
import { saveModel } from "../../pipeline/detectors/iforest/model_file.ts";
import { IsolationForestModel, matrixOf } from "../../pipeline/detectors/isolation_forest_model.ts";
import { openDatabase } from "../../pipeline/store/db.ts";
import { topologyOf } from "../../pipeline/testing/topology_builder.ts";
import { discard } from "../../pipeline/sinks/discard.ts";
import { createApp } from "../app.ts";
import type { ComponentView, PipelinePort } from "../pipeline_port.ts";
import { Hub } from "../realtime/hub.ts";
import { scriptedDef, scriptedTopology } from "../testing/scripted_source.ts";
import { mergeLstmStatus, predictiveApi } from "./predictive.ts";

/** A port over a hand-written topology: taps the test feeds, control answers it scripts. */
function fakePort(
  components: Pick<ComponentView, "name" | "type" | "kind">[],
  answer: (component: string, cmd: SourceCommand) => unknown[] = () => [],
) {
  const taps = new Map<string, ((b: Batch) => void)[]>();
  const port: PipelinePort = {
    topology: {
      name: "fake",
      components: [
        {
          name: "sim",
          kind: "source",
          type: "simulator",
          inputs: [],
          config: { machines: ["A", "B", "C"] },
        },
        ...components.map((c) => ({ ...c, inputs: [], config: {} })),
      ],
    },
    metrics: () => [],
    prometheus: () => "",
    tap(component, _port, listener) {
      taps.set(component, [...(taps.get(component) ?? []), listener]);
      return () => taps.set(component, (taps.get(component) ?? []).filter((l) => l !== listener));
    },
    control: (component, cmd) => Promise.resolve(answer(component!, cmd)),
  };
  const emit = (component: string, b: Batch) => taps.get(component)?.forEach((l) => l(b));
  return { port, emit, taps };
}

const rul = (machine: string, ts: number, hours: number): RulEstimate => ({
  kind: "rul",
  ts,
  machine,
  hours,
  lower: hours * 0.8,
  upper: hours * 1.2,
  confidence: 0.7,
  method: "exponential",
});

const mount = (api: Hono) => new Hono().route("/api", api);

Deno.test("GET /api/v1/predictive-health shows each machine's latest RUL with display text and colour", async () => {
  const { port, emit } = fakePort([{ name: "life", kind: "transform", type: "rul" }]);
  const app = mount(predictiveApi({ pipeline: port }));
  emit("life", eventBatch([rul("A", 2_000, 30), rul("B", 2_000, 5.5)]));
  emit("life", eventBatch([rul("A", 1_000, 900)])); // older: ignored
  emit("life", eventBatch([rul("B", 3_000, 400)]));
  const body = await (await app.request("/api/v1/predictive-health")).json();
  assert.deepEqual(body.rul_components, ["life"]);
  const by = Object.fromEntries(body.machines.map((m: { machine: string }) => [m.machine, m]));
  assert.deepEqual(
    [by.A.rul_hours, by.A.display, by.A.colour, by.A.source],
    [30, "1 DAYS", "yellow", "live"],
  );
  assert.deepEqual([by.B.rul_hours, by.B.display, by.B.colour], [400, "2 WEEKS", "green"]);
  assert.equal(by.B.ts, new Date(3_000).toISOString());
  assert.deepEqual([by.C.rul_hours, by.C.display, by.C.source], [null, null, "none"]);
});

Deno.test("GET /api/v1/predictive-health falls back to the newest rul_estimates row in the store", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "sluice_predictive_" });
  const db = await openDatabase({ url: "", dataDir });
  try {
    await db
      .sql`insert into rul_estimates (machine, ts, method, hours, hours_lower, hours_upper, confidence)
      values ('C', ${new Date(1_000)}, 'linear', 50, 40, 60, 0.5),
             ('C', ${new Date(9_000)}, 'linear', 12.7, 10, 15, 0.6)`;
    const { port, emit } = fakePort([{ name: "life", kind: "transform", type: "rul" }]);
    const app = mount(predictiveApi({ pipeline: port, sql: db.sql }));
    emit("life", eventBatch([rul("A", 2_000, 200)]));
    const body = await (await app.request("/api/v1/predictive-health")).json();
    const c = body.machines.find((m: { machine: string }) => m.machine === "C");
    assert.deepEqual(
      [c.rul_hours, c.display, c.colour, c.source, c.method],
      [12.7, "12 HRS", "red", "store", "linear"],
    );
    assert.equal(body.machines.find((m: { machine: string }) => m.machine === "A").source, "live");
  } finally {
    await db.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("GET /api/lstm-status and /api/lstm-predictions merge the LSTM's partitions", async () => {
  const forecast = { minutes: 12, sensors: ["vibration"], reason: "error rising", r2: 0.9 };
  const { port } = fakePort(
    [{ name: "lstm", kind: "transform", type: "lstm_autoencoder" }],
    (_c, cmd) => {
      assert.equal(cmd.action, "status");
      return [
        {
          detector: "lstm_autoencoder",
          trained: false,
          training: false,
          error: null,
          sequence: 30,
          machines: {},
        },
        {
          detector: "lstm_autoencoder",
          trained: true,
          training: false,
          error: null,
          sequence: 30,
          threshold: 0.42,
          sensors: ["rpm", "vibration"],
          quality: { final_loss: 0.01 },
          machines: { A: { ts: 5_000, score: 0.8, is_anomaly: false, forecast }, B: null },
        },
      ];
    },
  );
  const app = mount(predictiveApi({ pipeline: port }));
  const status = await (await app.request("/api/lstm-status")).json();
  assert.deepEqual(status.components, [{
    component: "lstm",
    trained: true,
    replicas_trained: "1/2",
    training: false,
    error: null,
    sequence: 30,
    threshold: 0.42,
    sensors: ["rpm", "vibration"],
    quality: { final_loss: 0.01 },
  }]);
  const { predictions } = await (await app.request("/api/lstm-predictions")).json();
  assert.equal(predictions.length, 2);
  assert.deepEqual(predictions[0].forecast, forecast);
  assert.match(predictions[0].message, /12 minutes on sensors vibration/);
  assert.deepEqual([predictions[1].machine, predictions[1].score], ["B", null]);
});

Deno.test("GET /api/lstm-status answers 404 when the topology has no LSTM (through createApp)", async () => {
  const clock = new ManualClock(1_700_000_000_000, false);
  const hub = new Hub({ clock, epoch: 1 });
  const pipeline = await runTopology(scriptedTopology(scriptedDef()), {
    services: { baseDir: ".", env: {}, hub },
    clock,
    workers: 0,
  });
  try {
    const app = createApp({ pipeline, hub });
    for (const path of ["/api/lstm-status", "/api/lstm-predictions"]) {
      const res = await app.request(path);
      assert.equal(res.status, 404);
      assert.deepEqual(await res.json(), {
        error: "no lstm_autoencoder component in the running topology",
      });
    }
  } finally {
    await pipeline.stop();
  }
});

Deno.test("POST /api/models/reload makes a running isolation_forest pick up a new model file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sluice_reload_" });
  const def = scriptedDef();
  const topology = topologyOf("reload", [
    { name: "sim", kind: "source", def, config: { machines: ["A"], rate_hz: 1 } },
    {
      name: "win",
      kind: "transform",
      type: "window",
      inputs: ["sim"],
      config: { kind: "tumbling", size: "5s" },
    },
    {
      name: "iforest",
      kind: "transform",
      type: "isolation_forest",
      inputs: ["win"],
      config: { model: "iforest.json", train_after: 100 },
    },
    { name: "out", kind: "sink", def: discard, inputs: ["iforest"] },
  ]);
  const pipeline = await runTopology(topology, {
    services: { baseDir: dir, env: {} },
    clock: new ManualClock(0, false),
    workers: 0,
  });
  try {
    const app = mount(predictiveApi({ pipeline }));
    const before = await (await app.request("/api/models/reload", { method: "POST" })).json();
    assert.equal(before.reloaded, 0);
    assert.equal(before.results[0].ok, false);
    assert.match(before.results[0].error, /iforest\.json/);

    const rows = Array.from({ length: 120 }, (_, i) => [Math.sin(i), Math.cos(i)]);
    const model = IsolationForestModel.fit(matrixOf(rows), {
      features: ["rpm.mean", "vibration.mean"],
      seed: 1,
    });
    await saveModel(`${dir}/iforest.json`, model);
    const after = await (await app.request("/api/models/reload", { method: "POST" })).json();
    assert.equal(after.reloaded, 1);
    assert.deepEqual(after.results[0].answers[0].features, ["rpm.mean", "vibration.mean"]);
  } finally {
    await pipeline.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("POST /api/models/reload makes a running lstm_autoencoder load its model directory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sluice_reload_lstm_" });
  const topology = topologyOf("reload-lstm", [
    { name: "sim", kind: "source", def: scriptedDef(), config: { machines: ["A"], rate_hz: 1 } },
    {
      name: "win",
      kind: "transform",
      type: "window",
      inputs: ["sim"],
      config: { kind: "tumbling", size: "5s" },
    },
    {
      name: "lstm",
      kind: "transform",
      type: "lstm_autoencoder",
      inputs: ["win"],
      config: { model: "lstm", sequence: 4, recent_steps: 1 },
    },
    { name: "out", kind: "sink", def: discard, inputs: ["lstm"] },
  ]);
  const pipeline = await runTopology(topology, {
    services: { baseDir: dir, env: {} },
    clock: new ManualClock(0, false),
    workers: 0,
  });
  try {
    const app = mount(predictiveApi({ pipeline }));
    const before = await (await app.request("/api/models/reload", { method: "POST" })).json();
    assert.equal(before.reloaded, 0);
    assert.match(before.results[0].error, /Cannot read model ".*\/lstm"/);
    const status = await (await app.request("/api/lstm-status")).json();
    assert.equal(status.components[0].trained, false);

    const shipped = new URL("../../models/lstm/", import.meta.url).pathname;
    await Deno.mkdir(`${dir}/lstm`);
    for (const f of ["model.json", "weights.bin"]) {
      await Deno.copyFile(`${shipped}${f}`, `${dir}/lstm/${f}`);
    }
    const after = await (await app.request("/api/models/reload", { method: "POST" })).json();
    assert.equal(after.reloaded, 1);
    assert.equal(after.results[0].type, "lstm_autoencoder");
    assert.ok(after.results[0].answers[0].threshold > 0);
    const now = await (await app.request("/api/lstm-status")).json();
    assert.equal(now.components[0].trained, true);
    assert.equal(now.components[0].threshold, after.results[0].answers[0].threshold);
  } finally {
    await pipeline.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mergeLstmStatus() reports an untrained component with no replicas", () => {
  const s = mergeLstmStatus("lstm", []);
  assert.deepEqual([s.trained, s.replicas_trained, s.sequence, s.machines], [
    false,
    "0/0",
    null,
    {},
  ]);
});
