import { deepEqual, equal, match, ok } from "node:assert/strict";
import { ManualClock } from "../../pipeline/engine/clock.ts";
import { Hub } from "./hub.ts";
import { CLOSE_HEARTBEAT, CLOSE_SLOW_CLIENT } from "./protocol.ts";
import { alert, anomaly, readings, RecordingSink } from "./testing.ts";

const SENSORS = ["rpm", "vibration", "bearing_temp"];

function setup(opts: ConstructorParameters<typeof Hub>[0] = {}) {
  const clock = new ManualClock(1_700_000_000_000, false);
  const hub = new Hub({ clock, epoch: 7, ...opts });
  return { clock, hub };
}

function subscribe(channels: string[]): string {
  return JSON.stringify({ type: "subscribe", channels });
}

Deno.test("hub sends subscribed channels only, batched into one frame per tick", () => {
  const { hub } = setup();
  const sink = new RecordingSink();
  const client = hub.connect(sink);
  client.receive(subscribe(["sensor_data"]));
  deepEqual(sink.frames[0], {
    type: "subscribed",
    channels: ["sensor_data"],
    position: { epoch: 7, offset: 0 },
  });
  hub.publish(readings("A", SENSORS), "clean", "live");
  hub.publish(alert("al-1"), "alerts", "live");
  hub.publish(readings("B", SENSORS), "clean", "live");
  equal(sink.ofType("batch").length, 0);
  hub.tick();
  const batches = sink.ofType("batch");
  equal(batches.length, 1);
  const msgs = sink.messages();
  equal(msgs.length, 6);
  ok(msgs.every((m) => m.type === "sensor_update"));
  deepEqual(msgs[0].data, {
    asset_id: "A",
    sensor_id: "A-rpm",
    sensor_type: "rpm",
    value: 1,
    unit: "u",
    quality: "good",
  });
  equal(msgs[0].timestamp, new Date(1_000).toISOString());
  // Offset 4 (the alert) is skipped: not subscribed.
  deepEqual(sink.offsets(), [1, 2, 3, 5, 6, 7]);
  deepEqual(batches[0].position, { epoch: 7, offset: 7 });
});

Deno.test("hub answers bad frames and unknown channels with an error message", () => {
  const { hub } = setup();
  const sink = new RecordingSink();
  const client = hub.connect(sink);
  client.receive("not json");
  client.receive(subscribe(["sensor_data", "weather"]));
  client.receive(JSON.stringify({ type: "subscribe" }));
  const errors = sink.ofType("error").map((e) => String(e.message));
  equal(errors.length, 3);
  match(errors[0], /not JSON/);
  match(errors[1], /unknown channel "weather" \(channels: sensor_data, alerts/);
  match(errors[2], /at channels/);
  equal(client.channels.size, 0);
  equal(sink.closedWith, undefined);
});

Deno.test("hub answers ping with pong and closes a client silent for two heartbeats", () => {
  const { hub, clock } = setup({ heartbeatMs: 15_000 });
  const sink = new RecordingSink();
  const client = hub.connect(sink);
  client.receive('{"type":"ping"}');
  equal(sink.ofType("pong").length, 1);
  clock.advance(15_000);
  hub.heartbeat();
  equal(sink.ofType("ping").length, 1);
  client.receive('{"type":"pong"}');
  clock.advance(29_000);
  hub.heartbeat();
  equal(sink.closeCode(), undefined);
  clock.advance(2_000);
  hub.heartbeat();
  equal(sink.closeCode(), CLOSE_HEARTBEAT);
  equal(hub.clientCount, 0);
});

Deno.test("a lagging client gets sensor values coalesced per series and every alert", () => {
  const { hub } = setup({ coalesceAbove: 4, queueCap: 100 });
  const sink = new RecordingSink();
  const client = hub.connect(sink);
  client.receive(subscribe(["sensor_data", "alerts"]));
  sink.backlog = 10 << 20; // transport backed up: flushes are skipped
  for (let i = 0; i < 20; i++) {
    hub.publish(readings("A", SENSORS, 1_000 + i, i * 10), "clean", "live");
    if (i % 5 === 0) hub.publish(alert(`al-${i}`), "alerts", "live");
    hub.tick();
  }
  equal(sink.ofType("batch").length, 0);
  sink.backlog = 0;
  hub.tick();
  const msgs = sink.messages();
  const sensors = msgs.filter((m) => m.type === "sensor_update");
  const alerts = msgs.filter((m) => m.type === "alert_triggered");
  deepEqual(alerts.map((m) => m.data.id), ["al-0", "al-5", "al-10", "al-15"]);
  // One value per series, the latest.
  deepEqual(sensors.map((m) => [m.data.sensor_type, m.data.value]), [
    ["rpm", 190],
    ["vibration", 191],
    ["bearing_temp", 192],
  ]);
  const offsets = sink.offsets();
  deepEqual(offsets, [...offsets].sort((a, b) => a - b));
  ok(client.coalesced > 0);
});

Deno.test("a client past the queue cap is closed with 4008 and resumes without gaps or duplicates", () => {
  const { hub } = setup({ coalesceAbove: 1_000, queueCap: 10 });
  const slow = new RecordingSink();
  const c1 = hub.connect(slow);
  c1.receive(subscribe(["sensor_data", "alerts"]));
  hub.publish(readings("A", SENSORS), "clean", "live");
  hub.tick();
  const seen = slow.offsets();
  deepEqual(seen, [1, 2, 3]);
  slow.backlog = 10 << 20;
  for (let i = 0; i < 5; i++) {
    hub.publish(readings("B", SENSORS, 2_000 + i), "clean", "live");
    hub.publish(alert(`al-${i}`, "B"), "alerts", "live");
  }
  equal(slow.closeCode(), CLOSE_SLOW_CLIENT);
  match(slow.closedWith!.reason, /since=7:3/);
  equal(hub.slowClosed, 1);
  hub.publish(readings("C", SENSORS), "clean", "live");

  const again = new RecordingSink();
  const c2 = hub.connect(again, { since: { epoch: 7, offset: 3 } });
  c2.receive(subscribe(["sensor_data", "alerts"]));
  const resumed = again.offsets();
  deepEqual([...seen, ...resumed], Array.from({ length: 26 }, (_, i) => i + 1));
  equal(again.messages().filter((m) => m.type === "alert_triggered").length, 5);
  equal(again.ofType("reload").length, 0);
});

Deno.test("resume from a position older than the history or another epoch asks for a reload", () => {
  const { hub } = setup({ historySize: 5 });
  for (let i = 0; i < 4; i++) hub.publish(readings("A", SENSORS, i), "clean", "live");
  const old = new RecordingSink();
  hub.connect(old, { since: { epoch: 7, offset: 2 } }).receive(subscribe(["sensor_data"]));
  const reload = old.ofType("reload");
  equal(reload.length, 1);
  match(String(reload[0].reason), /older than the history kept \(from 8\)/);
  deepEqual(reload[0].position, { epoch: 7, offset: 12 });
  equal(old.messages().length, 0);

  const other = new RecordingSink();
  hub.connect(other, { since: { epoch: 6, offset: 12 } }).receive(subscribe(["sensor_data"]));
  match(String(other.ofType("reload")[0].reason), /epoch changed/);

  const edge = new RecordingSink();
  hub.connect(edge, { since: { epoch: 7, offset: 7 } }).receive(subscribe(["sensor_data"]));
  equal(edge.ofType("reload").length, 0);
  deepEqual(edge.offsets(), [8, 9, 10, 11, 12]);
});

Deno.test("anomalies become alerts by severity and drive per-machine health", () => {
  const { hub } = setup();
  const sink = new RecordingSink();
  hub.connect(sink).receive(subscribe(["alerts", "health_scores"]));
  hub.publish(anomaly({ machine: "A", score: 0.9, severity: "critical" }), "z", "live");
  hub.publish(anomaly({ machine: "A", score: 0.9, severity: "critical", ts: 2_500 }), "z", "live");
  hub.publish(anomaly({ machine: "B", score: 0.3, severity: "info" }), "z", "live");
  hub.publish(anomaly({ machine: "C", score: 0.1, is_anomaly: false }), "z", "live");
  hub.tick();
  const msgs = sink.messages();
  const alerts = msgs.filter((m) => m.type === "alert_triggered");
  equal(alerts.length, 2);
  deepEqual(alerts[0].data, {
    id: "zscore:A:bearing_temp:2000",
    asset_id: "A",
    title: "zscore: anomaly on A/bearing_temp",
    severity: "critical",
    metric_value: 212,
    sensor: "bearing_temp",
    detector: "zscore",
  });
  const health = msgs.filter((m) => m.type === "health_update").map((m) => m.data);
  // A's health is sent once: the second anomaly did not change it.
  deepEqual(health, [
    { asset_id: "A", score: 10, risk_level: "critical" },
    { asset_id: "B", score: 70, risk_level: "medium" },
    { asset_id: "C", score: 90, risk_level: "low" },
  ]);

  const late = new RecordingSink();
  hub.connect(late).receive(subscribe(["health_scores"]));
  deepEqual(late.messages().map((m) => m.data.asset_id), ["A", "B", "C"]);
});

Deno.test("an endpoint with fixed channels subscribes at connect and refuses others", () => {
  const { hub } = setup();
  const sink = new RecordingSink();
  const client = hub.connect(sink, { channels: ["alerts"], allowed: ["alerts"] });
  hub.publish(readings("A", SENSORS), "clean", "live");
  hub.publish(alert("al-9"), "alerts", "live");
  hub.tick();
  deepEqual(sink.messages().map((m) => m.type), ["alert_triggered"]);
  client.receive(subscribe(["sensor_data"]));
  match(String(sink.ofType("error")[0].message), /sensor_data not available/);
});

Deno.test("hub limits frame size and subscribe rate", () => {
  const { hub } = setup({ subscribesPerMinute: 2, maxFrameBytes: 200 });
  const sink = new RecordingSink();
  const client = hub.connect(sink);
  for (let i = 0; i < 3; i++) client.receive(subscribe(["alerts"]));
  equal(sink.ofType("subscribed").length, 2);
  match(String(sink.ofType("error")[0].message), /more than 2 subscribe/);
  client.receive(" ".repeat(201));
  equal(sink.closeCode(), 1009);
});

Deno.test("a resuming client replays history in pages and joins the live stream without a gap", () => {
  const { hub } = setup({ queueCap: 4 });
  for (let i = 0; i < 3; i++) hub.publish(readings("A", SENSORS, i), "clean", "live");
  const sink = new RecordingSink();
  sink.backlog = 10 << 20; // backed up: nothing is sent yet
  const client = hub.connect(sink, { since: { epoch: 7, offset: 2 } });
  client.receive(subscribe(["sensor_data"]));
  equal(sink.ofType("batch").length, 0);
  hub.publish(readings("B", SENSORS, 9), "clean", "live"); // offsets 10..12, while replaying
  sink.backlog = 0;
  hub.tick();
  hub.publish(readings("C", SENSORS, 10), "clean", "live"); // 13..15, live
  hub.tick();
  deepEqual(sink.offsets(), Array.from({ length: 13 }, (_, i) => i + 3));
  // Pages of at most queueCap entries, then one live batch.
  deepEqual(sink.ofType("batch").map((b) => (b.messages as unknown[]).length), [4, 4, 2, 3]);
  equal(sink.closeCode(), undefined);
});
