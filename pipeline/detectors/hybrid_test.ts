import { deepEqual, equal, ok } from "node:assert/strict";
import { eventBatch } from "../engine/batch.ts";
import type { Anomaly } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { combine, hybrid, type HybridConfig } from "./hybrid.ts";

function anomaly(
  detector: string,
  ts: number,
  score: number,
  extra: Partial<Anomaly> = {},
): Anomaly {
  return {
    kind: "anomaly",
    ts,
    machine: "A",
    score,
    is_anomaly: score >= 0.5,
    contributing: score >= 0.5 ? [`${detector}_sensor`] : [],
    detector,
    ...extra,
  };
}

const config = (o: Record<string, unknown> = {}) => hybrid.config.parse(o) as HybridConfig;

Deno.test("hybrid combines detectors by weighted noisy-or and keeps every score", () => {
  const c = config({ weights: { threshold: 0.5 } });
  const a = combine("A", 5000, [
    anomaly("lstm_autoencoder", 5000, 0.4),
    anomaly("threshold", 3000, 0.8),
    anomaly("threshold", 4000, 0.6),
  ], c);
  deepEqual(a.scores, { lstm_autoencoder: 0.4, threshold: 0.8 });
  // 1 − (1 − 0.4)(1 − 0.5·0.8) = 0.64
  ok(Math.abs(a.score - 0.64) < 1e-9);
  equal(a.is_anomaly, true);
  deepEqual(a.contributing, ["threshold_sensor"]);
  equal(a.detector, "hybrid");
});

Deno.test("hybrid max rule needs one strong detector; a critical record always alarms", () => {
  const c = config({ rule: "max", threshold: 0.6 });
  equal(
    combine("A", 0, [anomaly("zscore", 0, 0.55), anomaly("lstm_autoencoder", 0, 0.5)], c)
      .is_anomaly,
    false,
  );
  const crit = combine("A", 0, [anomaly("threshold", 0, 0.5, { severity: "critical" })], c);
  equal(crit.is_anomaly, true);
  equal(crit.severity, "critical");
});

Deno.test("hybrid emits one record per machine and window once event time moves past it", async () => {
  const h = await harness(hybrid, { window: "5s", emit: "all" });
  await h.op.process(eventBatch([anomaly("threshold", 1000, 0.7, { label: "leak" })]), "t");
  await h.op.process(eventBatch([anomaly("lstm_autoencoder", 5000, 0.6)]), "l");
  equal(h.records().length, 0, "window 0–5s still open");
  await h.op.process(eventBatch([anomaly("threshold", 6000, 0.2)]), "t");
  const [first] = h.records() as Anomaly[];
  equal(first.ts, 5000);
  deepEqual(Object.keys(first.scores!).sort(), ["lstm_autoencoder", "threshold"]);
  equal(first.label, "leak");
  await h.op.flush!();
  deepEqual((h.records() as Anomaly[]).map((a) => [a.ts, a.is_anomaly]), [[5000, true], [
    10000,
    false,
  ]]);
});
