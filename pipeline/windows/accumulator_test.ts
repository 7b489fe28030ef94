import assert from "node:assert/strict";
import { AccumulatorPool } from "./accumulator.ts";

Deno.test("AccumulatorPool keeps stddev and slope exact for large epoch times and offset values", () => {
  const pool = new AccumulatorPool(1);
  const t0 = 1_700_000_000_000, v0 = 1e9;
  const s = pool.alloc(t0);
  // value = 1e9 + 0.5·t(s) ± 1: naive sums of squares would lose every digit of the spread
  const pts = Array.from({ length: 1000 }, (_, i) => [i * 1000, 0.5 * i + (i % 3 ? 1 : -1)]);
  for (const [t, v] of pts) pool.add(s, t0 + t, v0 + v);
  // reference: two-pass on the exactly shifted data
  const n = pts.length;
  const mt = pts.reduce((a, p) => a + p[0], 0) / n, mv = pts.reduce((a, p) => a + p[1], 0) / n;
  const sd = Math.sqrt(pts.reduce((a, p) => a + (p[1] - mv) ** 2, 0) / n);
  const slope = pts.reduce((a, p) => a + (p[0] - mt) * (p[1] - mv), 0) /
    pts.reduce((a, p) => a + (p[0] - mt) ** 2, 0) * 1000;
  const st = pool.stats(s);
  assert.equal(st.count, 1000);
  assert.ok(Math.abs(st.mean - (v0 + mv)) < 1e-6, `mean ${st.mean}`);
  assert.ok(Math.abs(st.stddev - sd) < 1e-6 * sd, `stddev ${st.stddev} vs ${sd}`);
  assert.ok(Math.abs(st.slope - slope) < 1e-9, `slope ${st.slope} vs ${slope}`);
  assert.equal(st.min, v0 - 1);
  assert.equal(st.last, v0 + 0.5 * 999 - 1);
});

Deno.test("AccumulatorPool slope is 0 for a single reading or equal timestamps", () => {
  const pool = new AccumulatorPool();
  const a = pool.alloc(0), b = pool.alloc(0);
  pool.add(a, 5, 1);
  pool.add(b, 5, 1);
  pool.add(b, 5, 9);
  assert.equal(pool.stats(a).slope, 0);
  assert.equal(pool.stats(a).stddev, 0);
  assert.equal(pool.stats(b).slope, 0);
  assert.equal(pool.stats(b).last, 9, "on equal times the later arrival is last");
});

Deno.test("AccumulatorPool merge equals adding every reading to one slot", () => {
  const pool = new AccumulatorPool(2);
  const all = pool.alloc(1000), x = pool.alloc(1000), y = pool.alloc(90_000);
  const pts = Array.from(
    { length: 50 },
    (_, i) => [1000 + ((i * 7919) % 100_000), Math.sin(i) * 10],
  );
  pts.forEach(([t, v], i) => {
    pool.add(all, t, v);
    pool.add(i % 3 ? x : y, t, v);
    if (i % 5 === 0) {
      pool.addLabel(all, 1);
      pool.addLabel(i % 3 ? x : y, 1);
    }
  });
  pool.merge(x, y);
  const [m, e] = [pool.stats(x), pool.stats(all)];
  for (const k of Object.keys(e) as (keyof typeof e)[]) {
    assert.ok(
      Math.abs(m[k] - e[k]) < 1e-9 * Math.max(1, Math.abs(e[k])),
      `${k}: ${m[k]} vs ${e[k]}`,
    );
  }
  assert.deepEqual(pool.labels[x], pool.labels[all]);
});

Deno.test("AccumulatorPool picks the most frequent label, ties alphabetically", () => {
  const pool = new AccumulatorPool();
  const names = ["", "zeta", "alpha"];
  const s = pool.alloc(0);
  assert.equal(pool.topLabel(s, names), 0);
  pool.addLabel(s, 1);
  pool.addLabel(s, 2);
  assert.equal(pool.topLabel(s, names), 2);
  pool.addLabel(s, 1);
  assert.equal(pool.topLabel(s, names), 1);
});

Deno.test("AccumulatorPool save/load round-trips and reuses freed slots", () => {
  const pool = new AccumulatorPool(1);
  const s = pool.alloc(10);
  pool.add(s, 12, 3);
  pool.add(s, 15, 4);
  const saved = pool.save(s);
  pool.free(s);
  const t = pool.load(JSON.parse(JSON.stringify(saved)));
  assert.equal(t, s);
  assert.deepEqual(pool.save(t), saved);
  assert.throws(() => pool.load([1, 2]), /expected 12 numbers, got \[1,2\]/);
});
