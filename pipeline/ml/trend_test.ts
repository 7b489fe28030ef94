import { deepEqual, equal, ok } from "node:assert/strict";
import { forecastCrossing, linearTrend } from "./trend.ts";

const minutes = (n: number) => Array.from({ length: n }, (_, i) => i * 60_000);

Deno.test("forecastCrossing() extrapolates a rising error to the threshold", () => {
  // 0.1 + 0.01/min over 20 one-minute windows: 0.29 at the last, threshold 0.5 → 21 min.
  const ts = minutes(20);
  const err = ts.map((_, i) => 0.1 + 0.01 * i + (i % 2 ? 0.002 : -0.002));
  const c = forecastCrossing(ts, err, 0.5, { minR2: 0.8, horizonMinutes: 60 });
  ok(c, "a forecast");
  ok(Math.abs(c.minutes - 21) < 0.5, `about 21 minutes, got ${c.minutes}`);
  ok(c.r2 > 0.99);
});

Deno.test("forecastCrossing() gives none for flat, falling, noisy or far-off trends", () => {
  const ts = minutes(20);
  const opts = { minR2: 0.6, horizonMinutes: 60 };
  equal(forecastCrossing(ts, ts.map(() => 0.2), 0.5, opts), undefined);
  equal(forecastCrossing(ts, ts.map((_, i) => 0.4 - 0.01 * i), 0.5, opts), undefined);
  equal(
    forecastCrossing(ts, ts.map((_, i) => (i % 2 ? 0.3 : 0.1) + 0.001 * i), 0.5, opts),
    undefined,
  );
  equal(forecastCrossing(ts, ts.map((_, i) => 0.1 + 0.001 * i), 0.5, opts), undefined);
});

Deno.test("forecastCrossing() says 0 minutes once the trend is past the level", () => {
  const ts = minutes(5);
  deepEqual(
    forecastCrossing(ts, [1, 2, 3, 4, 5], 3, { minR2: 0.5, horizonMinutes: 10 })?.minutes,
    0,
  );
});

Deno.test("linearTrend() needs three points", () => {
  equal(linearTrend([0, 1], [1, 2]), undefined);
});
