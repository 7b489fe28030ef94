import { deepEqual, equal, throws } from "node:assert/strict";
import {
  CMAPSS_SENSORS,
  INFORMATIVE_SENSOR_NAMES,
  loadCmapss,
  loadRulTruth,
  parseCmapss,
  parseRulTruth,
} from "./cmapss.ts";

Deno.test("parseCmapss() reads every row of train_FD001 into 100 run-to-failure units", async () => {
  const train = await loadCmapss("train_FD001.txt");
  equal(train.rows, 20631);
  equal(train.units.length, 100);
  const u1 = train.units[0];
  equal(u1.unit, 1);
  equal(u1.cycles.length, 192);
  equal(u1.sensors.length, 21);
  equal(u1.sensors[1][0], 641.82); // s2 T24 of unit 1, cycle 1
  equal(u1.sensors[20][0], 23.419); // s21 W32
  equal(u1.settings[2][0], 100);
});

Deno.test("parseCmapss() reads test_FD001 and RUL_FD001 with one truth per test unit", async () => {
  const test = await loadCmapss("test_FD001.txt");
  const truth = await loadRulTruth("RUL_FD001.txt");
  equal(test.rows, 13096);
  equal(test.units.length, 100);
  equal(truth.length, 100);
  deepEqual(truth.slice(0, 3), [112, 98, 69]);
});

Deno.test("CMAPSS_SENSORS names the 21 sensors and 14 informative ones in snake_case", () => {
  equal(CMAPSS_SENSORS.length, 21);
  equal(CMAPSS_SENSORS[2].name, "t30");
  equal(CMAPSS_SENSORS[2].column, "s3");
  deepEqual(INFORMATIVE_SENSOR_NAMES, [
    "t24",
    "t30",
    "t50",
    "p30",
    "nf",
    "nc",
    "ps30",
    "phi",
    "nrf",
    "nrc",
    "bpr",
    "ht_bleed",
    "w31",
    "w32",
  ]);
  for (const s of CMAPSS_SENSORS) equal(/^[a-z][a-z0-9_]*$/.test(s.name), true, s.name);
});

Deno.test("parseCmapss() refuses a short row with its file and line", () => {
  const good = "1 1 0 0 100 " + "1 ".repeat(21);
  throws(() => parseCmapss(good + "\n1 2 0 0\n", "x.txt"), /x\.txt:2: expected 26 numbers, got 4/);
});

Deno.test("parseCmapss() refuses a non-number and a cycle gap", () => {
  const row = (u: number, c: number, v = "1") => `${u} ${c} 0 0 100 ${v} ` + "1 ".repeat(20);
  throws(
    () => parseCmapss(row(1, 1, "abc"), "x.txt"),
    /x\.txt:1: column 6 is not a number, got "abc"/,
  );
  throws(
    () => parseCmapss(row(1, 1) + "\n" + row(1, 3), "x.txt"),
    /unit 1 cycle 3 does not follow cycle 1/,
  );
});

Deno.test("parseRulTruth() refuses a negative RUL with its line", () => {
  throws(
    () => parseRulTruth("5\n-1\n", "r.txt"),
    /r\.txt:2: expected a non-negative integer, got "-1"/,
  );
});
