import { equal, ok } from "node:assert/strict";
import { sensorSpec } from "../../../pipeline/catalog/sensors.ts";
import {
  formatDuration,
  formatRul,
  formatValue,
  healthOf,
  levelOf,
  levelOfHealth,
  worse,
} from "./levels.ts";

const temperature = sensorSpec("temperature")!; // normal 60–100, warning 100, critical 120 (°F)
const light = sensorSpec("light_level")!; // low side: warning 200, critical 100 lux

Deno.test("levelOf reads warning and critical levels on both sides", () => {
  equal(levelOf(temperature, 80), "nom");
  equal(levelOf(temperature, 105), "wrn");
  equal(levelOf(temperature, 121), "crit");
  equal(levelOf(light, 500), "nom");
  equal(levelOf(light, 150), "wrn");
  equal(levelOf(light, 90), "crit");
  equal(levelOf(temperature, Number.NaN), "nom");
});

Deno.test("healthOf is 100 in the normal range and falls through warning to critical", () => {
  equal(healthOf(temperature, 80), 100);
  equal(healthOf(temperature, 100), 100); // the normal edge is the warning level here
  const atWarnPastEdge = healthOf(sensorSpec("bearing_temp")!, 185); // normal ≤170, warning 185
  equal(atWarnPastEdge, 70);
  equal(healthOf(sensorSpec("bearing_temp")!, 200), 30);
  ok(healthOf(sensorSpec("bearing_temp")!, 230) < 30);
  equal(levelOfHealth(healthOf(sensorSpec("bearing_temp")!, 200)), "wrn");
  equal(levelOfHealth(healthOf(sensorSpec("bearing_temp")!, 230)), "crit");
  equal(healthOf(light, 100), 30);
});

Deno.test("formatRul follows the HRS / DAYS / WEEKS display rule with its colours", () => {
  equal(formatRul(5).text, "5.0 HRS");
  equal(formatRul(5).level, "crit");
  equal(formatRul(30).text, "1.3 DAYS");
  equal(formatRul(30).level, "wrn");
  equal(formatRul(24 * 7 * 3).text, "3.0 WEEKS");
  equal(formatRul(24 * 7 * 3).level, "nom");
});

Deno.test("worse, formatValue and formatDuration", () => {
  equal(worse("nom", "crit"), "crit");
  equal(worse("wrn", "nom"), "wrn");
  equal(formatValue(1234.56), "1235");
  equal(formatValue(98.76), "98.76");
  equal(formatValue(0.01234), "0.012");
  equal(formatValue(undefined), "—");
  equal(formatDuration(3725), "01:02:05");
});
