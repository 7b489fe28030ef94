/**
 * Property tests: the aggregates of tumbling and sliding windows over seeded
 * random streams (several series, out-of-order and late data, labels, random
 * batch edges) equal a brute-force recomputation from the readings each
 * window accepted under the documented watermark and lateness rules.
 */
import assert from "node:assert/strict";
import { readingBatchOf } from "../engine/batch.ts";
import type { Aggregate, Reading } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { windowDef } from "./window.ts";
import { prng, randomStream } from "./random_stream.ts";

interface Expected {
  key: string;
  vals: { t: number; v: number; label?: string }[];
}

function bruteForce(
  rs: Reading[],
  size: number,
  slide: number,
  delay: number,
  lateness: number,
): { windows: Map<string, Expected>; late: Reading[] } {
  const windows = new Map<string, Expected>();
  const late: Reading[] = [];
  let maxTs = -Infinity;
  for (const r of rs) {
    maxTs = Math.max(maxTs, r.ts);
    const wm = maxTs - delay;
    let accepted = false;
    for (let k = Math.floor(r.ts / slide); k * slide + size > r.ts; k--) {
      if (k * slide + size + lateness <= wm) continue;
      const key = `${r.machine}/${r.sensor}/${k * slide}`;
      const w = windows.get(key) ?? { key, vals: [] };
      w.vals.push({ t: r.ts, v: r.value, label: r.label });
      windows.set(key, w);
      accepted = true;
    }
    if (!accepted) late.push(r);
  }
  return { windows, late };
}

function stats(vals: Expected["vals"]) {
  const n = vals.length;
  const mean = vals.reduce((s, x) => s + x.v, 0) / n;
  const mt = vals.reduce((s, x) => s + x.t, 0) / n;
  const varV = vals.reduce((s, x) => s + (x.v - mean) ** 2, 0) / n;
  const sxx = vals.reduce((s, x) => s + (x.t - mt) ** 2, 0);
  const sxy = vals.reduce((s, x) => s + (x.t - mt) * (x.v - mean), 0);
  let last = vals[0];
  for (const x of vals) if (x.t >= last.t) last = x;
  const counts = new Map<string, number>();
  for (const x of vals) if (x.label) counts.set(x.label, (counts.get(x.label) ?? 0) + 1);
  const label = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  return {
    count: n,
    mean,
    min: Math.min(...vals.map((x) => x.v)),
    max: Math.max(...vals.map((x) => x.v)),
    stddev: Math.sqrt(varV),
    last: last.v,
    slope: n < 2 || sxx === 0 ? 0 : (sxy / sxx) * 1000,
    label,
  };
}

function close(actual: number, expected: number, what: string) {
  const tol = 1e-9 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} != ${expected}`);
}

async function checkAgainstBruteForce(
  seed: number,
  config: { kind: "tumbling" | "sliding"; size: number; slide?: number },
) {
  const delay = 1500, lateness = 3000;
  const rs = randomStream(seed, 3000, 2500);
  const h = await harness(windowDef, { ...config, watermark: delay, allowed_lateness: lateness });
  const rnd = prng(seed ^ 0x5eed);
  for (let i = 0; i < rs.length;) {
    const len = 1 + Math.floor(rnd() * 200);
    h.op.process(readingBatchOf(rs.slice(i, i + len)), "in");
    i += len;
  }
  await h.op.flush!();
  const expected = bruteForce(rs, config.size, config.slide ?? config.size, delay, lateness);
  assert.ok(
    expected.late.length > 0 && expected.late.length < rs.length / 10,
    "stream has some late data",
  );
  assert.deepEqual(h.records("late"), expected.late);
  assert.equal(h.late, expected.late.length);

  const finals = new Map<string, Aggregate>();
  for (const a of h.records() as Aggregate[]) {
    const key = `${a.machine}/${a.sensor}/${a.window_start}`;
    assert.equal(a.update === true, finals.has(key), `${key}: update flag on re-emission only`);
    assert.equal(a.window_end - a.window_start, config.size);
    finals.set(key, a);
  }
  const updates = (h.records() as Aggregate[]).filter((a) => a.update).length;
  assert.ok(updates > 0, "stream exercises late updates");
  assert.deepEqual([...finals.keys()].sort(), [...expected.windows.keys()].sort());
  for (const [key, w] of expected.windows) {
    const a = finals.get(key)!;
    const e = stats(w.vals);
    assert.equal(a.count, e.count, `${key} count`);
    for (const f of ["mean", "min", "max", "stddev", "last", "slope"] as const) {
      close(a[f], e[f], `${key} ${f}`);
    }
    assert.equal(a.label, e.label, `${key} label`);
  }
}

for (const seed of [1, 7, 42, 1234]) {
  Deno.test(`sliding window aggregates equal a brute-force recomputation (seed ${seed})`, async () => {
    await checkAgainstBruteForce(seed, { kind: "sliding", size: 5000, slide: 2000 });
  });
  Deno.test(`tumbling window aggregates equal a brute-force recomputation (seed ${seed})`, async () => {
    await checkAgainstBruteForce(seed, { kind: "tumbling", size: 3000 });
  });
}

Deno.test("sliding window puts a reading in every window that contains it", async () => {
  const h = await harness(windowDef, { kind: "sliding", size: "3s", slide: "1s", watermark: "0s" });
  h.op.process(readingBatchOf([{ ts: 2500, machine: "A", sensor: "x", value: 1 }]), "in");
  await h.op.flush!();
  const out = (h.records() as Aggregate[]).map((a) => [a.window_start, a.window_end, a.count]);
  assert.deepEqual(out, [[0, 3000, 1], [1000, 4000, 1], [2000, 5000, 1]]);
});
