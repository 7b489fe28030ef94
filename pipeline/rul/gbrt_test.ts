import { deepEqual, ok } from "node:assert/strict";
import { mulberry32, predictGbrt, trainGbrt } from "./gbrt.ts";

function data(n: number, seed: number) {
  const r = mulberry32(seed);
  const X = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = r(), b = r(), c = r();
    X.set([a, b, c], i * 3);
    y[i] = (a > 0.5 ? 10 : 0) + 5 * b + 0.1 * (r() - 0.5); // c is irrelevant
  }
  return { X, y };
}

Deno.test("trainGbrt() learns a step plus a slope far better than the mean", () => {
  const tr = data(2000, 1), te = data(500, 2);
  const m = trainGbrt(tr.X, tr.y, 3, { rounds: 150, rate: 0.1, max_depth: 3 });
  let se = 0, sv = 0;
  const mean = te.y.reduce((s, v) => s + v, 0) / te.y.length;
  for (let i = 0; i < te.y.length; i++) {
    se += (predictGbrt(m, te.X, 3, i) - te.y[i]) ** 2;
    sv += (te.y[i] - mean) ** 2;
  }
  ok(se / sv < 0.02, `relative error ${se / sv}`);
});

Deno.test("trainGbrt() is deterministic for a seed", () => {
  const tr = data(500, 3);
  const a = trainGbrt(tr.X, tr.y, 3, { rounds: 10, seed: 7 });
  const b = trainGbrt(tr.X, tr.y, 3, { rounds: 10, seed: 7 });
  deepEqual(a, b);
});
