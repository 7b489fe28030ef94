import { equal, ok } from "node:assert/strict";
import { mulberry32 } from "./gbrt.ts";
import { exponentialCrossing, linearCrossing } from "./trend.ts";

/** Seeded Gaussian noise. */
function noise(seed: number, sd: number): () => number {
  const r = mulberry32(seed);
  return () => sd * Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
}

Deno.test("linearCrossing() recovers the time a noisy rising line reaches the threshold", () => {
  // y = 0.1 + 0.01·t reaches 1 at t = 90; observed for t = 0..49.
  for (const seed of [1, 2, 3]) {
    const n = noise(seed, 0.02);
    const t = Array.from({ length: 50 }, (_, i) => i);
    const c = linearCrossing(t, t.map((x) => 0.1 + 0.01 * x + n()))!;
    ok(c.lower <= 90 && 90 <= c.upper, `seed ${seed}: 90 not in [${c.lower}, ${c.upper}]`);
    ok(Math.abs(c.at - 90) < 8, `seed ${seed}: at ${c.at}`);
    ok(c.r2 > 0.8);
  }
});

Deno.test("exponentialCrossing() recovers the crossing of a noisy exponential degradation", () => {
  // y = 0.05 + 0.05·e^(0.03·t) reaches 1 at t = ln(19)/0.03 ≈ 98.1; observed for t = 0..79.
  const truth = Math.log(19) / 0.03;
  for (const seed of [1, 2, 3]) {
    const n = noise(seed, 0.01);
    const t = Array.from({ length: 80 }, (_, i) => i);
    const c = exponentialCrossing(t, t.map((x) => 0.05 + 0.05 * Math.exp(0.03 * x) + n()))!;
    ok(
      c.lower <= truth && truth <= c.upper,
      `seed ${seed}: ${truth} not in [${c.lower}, ${c.upper}]`,
    );
    ok(Math.abs(c.at - truth) < 6, `seed ${seed}: at ${c.at}`);
  }
});

Deno.test("exponentialCrossing() is closer than a linear fit on exponential degradation", () => {
  const truth = Math.log(19) / 0.03;
  const n = noise(9, 0.005);
  const t = Array.from({ length: 80 }, (_, i) => i);
  const y = t.map((x) => 0.05 + 0.05 * Math.exp(0.03 * x) + n());
  const e = exponentialCrossing(t, y)!;
  const l = linearCrossing(t, y)!;
  ok(Math.abs(e.at - truth) < Math.abs(l.at - truth), `exp ${e.at} lin ${l.at} truth ${truth}`);
});

Deno.test("trend fits report no crossing for a flat or falling indicator", () => {
  const t = Array.from({ length: 30 }, (_, i) => i);
  equal(linearCrossing(t, t.map((x) => 0.5 - 0.01 * x)), null);
  equal(exponentialCrossing(t, t.map((x) => 0.5 - 0.01 * x)), null);
  equal(linearCrossing([0, 1], [0, 1]), null);
});
