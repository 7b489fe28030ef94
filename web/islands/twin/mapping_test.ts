import { deepEqual, equal, ok } from "node:assert/strict";
import {
  anomalyScore,
  emissiveColor,
  emissiveIntensity,
  isAnomalous,
  rotorSpeed,
  shakeLevel,
} from "./mapping.ts";

function near(actual: number[], expected: number[]): void {
  ok(
    actual.every((v, i) => Math.abs(v - expected[i]) < 1e-9),
    `expected ${expected}, got ${actual}`,
  );
}

Deno.test("rotorSpeed maps 0–5000 rpm linearly onto 0–10 rad/s and clamps outside", () => {
  equal(rotorSpeed(0), 0);
  equal(rotorSpeed(2500), 5);
  equal(rotorSpeed(5000), 10);
  equal(rotorSpeed(9000), 10);
  equal(rotorSpeed(-10), 0);
  equal(rotorSpeed(NaN), 0);
});

Deno.test("emissiveColor goes black at 60 °F, red at 80 °F, orange at 100 °F", () => {
  deepEqual(emissiveColor(50), [0, 0, 0]);
  deepEqual(emissiveColor(60), [0, 0, 0]);
  near(emissiveColor(70), [0.5, 0, 0]);
  deepEqual(emissiveColor(80), [1, 0, 0]);
  near(emissiveColor(90), [1, 0.25, 0]);
  deepEqual(emissiveColor(100), [1, 0.5, 0]);
  deepEqual(emissiveColor(130), [1, 0.5, 0]);
});

Deno.test("emissiveIntensity flares between 80 and 100 °F for the bloom", () => {
  equal(emissiveIntensity(70), 1);
  equal(emissiveIntensity(90), 1.3);
  equal(emissiveIntensity(100), 1.6);
});

Deno.test("shakeLevel is still up to 2 mm/s and at its maximum from 10 mm/s", () => {
  equal(shakeLevel(1), 0);
  equal(shakeLevel(2), 0);
  equal(shakeLevel(6), 0.5);
  equal(shakeLevel(10), 1);
  equal(shakeLevel(25), 1);
});

Deno.test("anomalyScore inverts health and lights the warning only above 0.5", () => {
  equal(anomalyScore(100), 0);
  equal(anomalyScore(35), 0.65);
  equal(anomalyScore(50), 0.5);
  equal(isAnomalous(anomalyScore(50)), false);
  equal(isAnomalous(anomalyScore(49)), true);
});
