import { deepEqual, equal } from "node:assert/strict";
import { SENSOR_CATALOG } from "../../../pipeline/catalog/sensors.ts";
import { DashboardState, HISTORY, type Message } from "./store.ts";

const T0 = Date.parse("2025-01-01T00:00:00Z");

function reading(machine: string, sensor: string, value: number, ts = T0): Message {
  return {
    type: "sensor_update",
    timestamp: new Date(ts).toISOString(),
    data: { asset_id: machine, sensor_id: `${machine}-${sensor}`, sensor_type: sensor, value },
  };
}

function alert(machine: string, sensor: string, severity: string, id: string, ts = T0): Message {
  return {
    type: "alert_triggered",
    timestamp: new Date(ts).toISOString(),
    data: { id, asset_id: machine, title: `${sensor} high`, severity, metric_value: 1, sensor },
  };
}

Deno.test("readings keep a bounded history whose mean is the card average", () => {
  const s = new DashboardState(SENSOR_CATALOG);
  for (let i = 0; i < HISTORY + 10; i++) s.apply([reading("A", "rpm", i, T0 + i * 100)], T0);
  const series = s.get("A", "rpm")!;
  equal(series.values.length, HISTORY);
  equal(series.value, HISTORY + 9);
  equal(s.average("A", "rpm"), (10 + HISTORY + 9) / 2);
  equal(s.get("B", "rpm"), undefined);
});

Deno.test("a hot thermal sensor turns the thermal card of its machine CRIT, not the others", () => {
  const s = new DashboardState(SENSOR_CATALOG);
  s.apply([reading("A", "temperature", 80), reading("B", "temperature", 80)], T0);
  equal(s.category("A", "thermal", T0).level, "nom");
  equal(s.category("A", "thermal", T0).health, 100);
  s.apply([reading("A", "temperature", 125)], T0);
  equal(s.category("A", "thermal", T0).level, "crit");
  equal(s.category("B", "thermal", T0).level, "nom");
  equal(s.category("A", "mechanical", T0).level, "nom");
  equal(s.overall("A", ["thermal", "mechanical"], T0).level, "crit");
});

Deno.test("alerts list per category, count once per condition and expire from the badge", () => {
  const s = new DashboardState(SENSOR_CATALOG);
  s.apply([
    alert("A", "temperature", "warning", "1"),
    alert("A", "temperature", "critical", "2", T0 + 1000),
    alert("A", "vibration", "warning", "3", T0 + 2000),
  ], T0);
  equal(s.activeAlerts(T0), 2);
  deepEqual(s.recentAlerts("A", "thermal", 3).map((a) => a.id), ["2", "1"]);
  equal(s.category("A", "thermal", T0 + 5000).level, "crit");
  equal(s.category("A", "thermal", T0 + 60_000).level, "nom"); // alert older than 30 s
  equal(s.activeAlerts(T0 + 61_000), 0);
});

Deno.test("uptime counts only while running and RUL counts down between estimates", () => {
  const s = new DashboardState(SENSOR_CATALOG);
  s.setStatus("A", { running: true, rate_hz: 5, uptime_secs: 10, faults: [] }, T0);
  equal(s.uptime("A", T0 + 5000), 15);
  s.setStatus("A", { running: false, rate_hz: 5, uptime_secs: 15, faults: [] }, T0 + 5000);
  equal(s.uptime("A", T0 + 60_000), 15);
  s.apply([{
    type: "rul_update",
    timestamp: new Date(T0).toISOString(),
    data: { asset_id: "A", hours: 10, confidence: 0.8 },
  }], T0);
  equal(s.rulHours("A", T0 + 3_600_000), 9);
  equal(s.rulHours("B", T0), undefined);
});
