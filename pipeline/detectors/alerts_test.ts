import assert from "node:assert/strict";
import { eventBatch } from "../engine/batch.ts";
import type { Alert, Anomaly } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { alerts } from "./alerts.ts";

function anomaly(ts: number, over: Partial<Anomaly> = {}): Anomaly {
  const is_anomaly = over.is_anomaly ?? true;
  return {
    kind: "anomaly",
    ts,
    machine: "A",
    sensor: "bearing_temp",
    score: is_anomaly ? 0.6 : 0,
    is_anomaly,
    contributing: is_anomaly ? ["bearing_temp"] : [],
    detector: "threshold",
    severity: is_anomaly ? "warning" : "info",
    value: 190,
    message: "bearing_temp 190 °F above warning 185 (critical 200)",
    ...over,
  };
}

async function setup(config: unknown = {}) {
  const h = await harness(alerts, config);
  const send = (...records: Anomaly[]) => h.op.process(eventBatch(records), "in");
  const got = () => h.records() as Alert[];
  return { h, send, got };
}

Deno.test("alerts lifecycle: open, escalate, acknowledge, clear — one id throughout", async () => {
  const { h, send, got } = await setup();
  send(anomaly(1000), anomaly(2000));
  send(anomaly(3000, { severity: "critical", score: 0.9, value: 205, message: "too hot" }));
  const ack = h.op.control!({ action: "acknowledge", id: "A:bearing_temp:1000" });
  send(anomaly(4000, { is_anomaly: false, message: "back to nominal" }));
  assert.deepEqual(got().map((a) => [a.id, a.ts, a.state, a.severity]), [
    ["A:bearing_temp:1000", 1000, "open", "warning"],
    ["A:bearing_temp:1000", 3000, "open", "critical"],
    ["A:bearing_temp:1000", 3000, "acknowledged", "critical"],
    ["A:bearing_temp:1000", 4000, "cleared", "critical"],
  ]);
  assert.deepEqual(got()[0], {
    kind: "alert",
    id: "A:bearing_temp:1000",
    ts: 1000,
    machine: "A",
    sensor: "bearing_temp",
    severity: "warning",
    title: "Warning bearing_temp on A: bearing_temp 190 °F above warning 185 (critical 200)",
    state: "open",
    value: 190,
    detector: "threshold",
  });
  assert.equal(got()[1].title, "Critical bearing_temp on A: too hot");
  assert.deepEqual(ack, { ok: true, alert: got()[2] });
});

Deno.test("alerts dedupes per machine and sensor, and falls back to the detector", async () => {
  const { send, got } = await setup();
  send(
    anomaly(0),
    anomaly(500, { detector: "zscore" }),
    anomaly(1000, { machine: "B" }),
    anomaly(1500, { sensor: "vibration" }),
    anomaly(2000, { sensor: undefined, detector: "isolation_forest", message: undefined }),
    anomaly(2500, { sensor: undefined, detector: "isolation_forest", message: undefined }),
  );
  assert.deepEqual(got().map((a) => a.id), [
    "A:bearing_temp:0",
    "B:bearing_temp:1000",
    "A:vibration:1500",
    "A:isolation_forest:2000",
  ]);
  assert.equal(got()[3].title, "Warning isolation_forest on A: isolation_forest score 0.6");
});

Deno.test("alerts clears after clear_after of event-time silence, then opens a new id", async () => {
  const { send, got } = await setup({ clear_after: "30s" });
  send(anomaly(0), anomaly(10_000));
  send(anomaly(39_999, { machine: "B" }));
  assert.equal(got().length, 2);
  send(anomaly(40_000, { machine: "B" }), anomaly(41_000));
  assert.deepEqual(got().map((a) => [a.id, a.ts, a.state]), [
    ["A:bearing_temp:0", 0, "open"],
    ["B:bearing_temp:39999", 39_999, "open"],
    ["A:bearing_temp:0", 40_000, "cleared"],
    ["A:bearing_temp:41000", 41_000, "open"],
  ]);
});

Deno.test("alerts stays open until every detector that raised it has recovered", async () => {
  const { send, got } = await setup();
  send(anomaly(0), anomaly(1000, { detector: "flatline" }));
  send(anomaly(2000, { is_anomaly: false }));
  assert.equal(got().length, 1);
  send(anomaly(3000, { is_anomaly: false, detector: "flatline" }));
  assert.deepEqual(got().map((a) => a.state), ["open", "cleared"]);
});

Deno.test("alerts ignores anomalies below min_severity", async () => {
  const { send, got } = await setup({ min_severity: "critical" });
  send(anomaly(0), anomaly(1000, { severity: undefined, score: 0.7 }));
  assert.deepEqual(got(), []);
  send(anomaly(2000, { severity: undefined, score: 0.85 }));
  assert.deepEqual(got().map((a) => [a.id, a.severity]), [["A:bearing_temp:2000", "critical"]]);
});

Deno.test("alerts refuses to acknowledge an unknown id", async () => {
  const { h } = await setup();
  assert.deepEqual(h.op.control!({ action: "acknowledge", id: "A:rpm:0" }), {
    ok: false,
    error: 'no live alert with id "A:rpm:0"',
  });
});

Deno.test("alerts keeps live alerts across snapshot and restore", async () => {
  const a = await setup();
  a.send(anomaly(0));
  const b = await setup();
  b.h.op.restore!(JSON.parse(JSON.stringify(a.h.op.snapshot!())));
  b.send(anomaly(1000), anomaly(2000, { is_anomaly: false }));
  assert.deepEqual(b.got().map((x) => [x.id, x.state]), [["A:bearing_temp:0", "cleared"]]);
});

Deno.test("alerts examples validate and build", async () => {
  for (const ex of alerts.examples) await harness(alerts, alerts.config.parse(ex));
});
