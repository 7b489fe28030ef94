import { deepEqual, equal } from "node:assert/strict";
import { eventBatch } from "../../pipeline/engine/batch.ts";
import { HealthTracker, riskLevel, translate } from "./translate.ts";

Deno.test("translate maps aggregates, RUL and alert lifecycle to their channels' messages", () => {
  const out = translate(
    eventBatch([
      {
        kind: "aggregate",
        ts: 5_000,
        window_start: 0,
        window_end: 5_000,
        machine: "A",
        sensor: "rpm",
        unit: "rpm",
        count: 25,
        mean: 1500,
        min: 1490,
        max: 1510,
        stddev: 4,
        last: 1502,
        slope: 0.5,
      },
      {
        kind: "rul",
        ts: 5_000,
        machine: "A",
        hours: 30,
        lower: 20,
        upper: 40,
        confidence: 0.8,
        method: "linear",
      },
      {
        kind: "alert",
        id: "al-1",
        ts: 6_000,
        machine: "B",
        severity: "warning",
        title: "x",
        state: "acknowledged",
      },
      { kind: "rejected", ts: 1, component: "clean", reason: "bad", record: {} },
    ]),
    new HealthTracker(),
  );
  deepEqual(out.map((m) => m.type), ["aggregate_update", "rul_update", "alert_state"]);
  equal(out[0].data.mean, 1500);
  equal(out[0].key, "a\u0000A\u0000rpm");
  deepEqual(out[1].data, {
    asset_id: "A",
    hours: 30,
    lower: 20,
    upper: 40,
    confidence: 0.8,
    method: "linear",
  });
  deepEqual(out[2].data, { id: "al-1", asset_id: "B", state: "acknowledged" });
});

Deno.test("health is 100 × (1 − the worst latest detector score) and maps to a risk level", () => {
  const h = new HealthTracker();
  const a = (detector: string, score: number, sensor = "rpm") => ({
    kind: "anomaly" as const,
    ts: 0,
    machine: "A",
    sensor,
    score,
    is_anomaly: score > 0.5,
    contributing: [],
    detector,
  });
  equal(h.update(a("zscore", 0.7)), 30);
  equal(h.update(a("threshold", 0.2)), undefined); // worst is still zscore's 0.7
  equal(h.update(a("zscore", 0.1)), 80); // zscore recovered; threshold's 0.2 is the worst
  deepEqual([riskLevel(80), riskLevel(79), riskLevel(59), riskLevel(29)], [
    "low",
    "medium",
    "high",
    "critical",
  ]);
});
