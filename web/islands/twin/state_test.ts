import { deepEqual, equal, ok } from "node:assert/strict";
import { applyMessages, createTwinState } from "./state.ts";

Deno.test("applyMessages keeps the twin's sensors of each rig and reports which rigs changed", () => {
  const state = createTwinState();
  const changed = applyMessages(state, [
    {
      type: "sensor_update",
      data: { asset_id: "A", sensor_id: "A-rpm", sensor_type: "rpm", value: 4200 },
    },
    { type: "sensor_update", data: { asset_id: "B", sensor_id: "B-temperature", value: 91.5 } },
    { type: "sensor_update", data: { asset_id: "C", sensor_type: "vibration", value: 6 } },
    { type: "sensor_update", data: { asset_id: "C", sensor_type: "oil_temp", value: 150 } },
  ]);
  deepEqual([...changed].sort(), ["A", "B", "C"]);
  equal(state.rigs.A.rpm, 4200);
  equal(state.rigs.B.temperature, 91.5);
  equal(state.rigs.C.vibration, 6);
  ok(Number.isNaN(state.rigs.A.temperature));
  equal(state.messages, 3);
});

Deno.test("applyMessages turns a health_update into the rig's anomaly score", () => {
  const state = createTwinState();
  applyMessages(state, [{
    type: "health_update",
    data: { asset_id: "B", score: 35, risk_level: "high" },
  }]);
  equal(state.rigs.B.health, 35);
  equal(state.rigs.B.score, 0.65);
  equal(state.rigs.A.score, 0);
});

Deno.test("applyMessages ignores other machines, other message types and non-numeric values", () => {
  const state = createTwinState();
  const changed = applyMessages(state, [
    { type: "sensor_update", data: { asset_id: "Z", sensor_type: "rpm", value: 1 } },
    { type: "alert_triggered", data: { asset_id: "A", title: "hot" } },
    { type: "sensor_update", data: { asset_id: "A", sensor_type: "rpm", value: "fast" } },
    { type: "health_update", data: { asset_id: "A", score: null } },
  ]);
  equal(changed.size, 0);
  equal(state.messages, 0);
  ok(Number.isNaN(state.rigs.A.rpm));
});
