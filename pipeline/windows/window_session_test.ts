import assert from "node:assert/strict";
import { readingBatchOf } from "../engine/batch.ts";
import type { Aggregate, Reading } from "../engine/record.ts";
import { harness } from "../testing/operator_harness.ts";
import { windowDef } from "./window.ts";
import { prng, randomStream } from "./random_stream.ts";

const r = (ts: number, value: number, sensor = "rpm"): Reading => ({
  ts,
  machine: "A",
  sensor,
  value,
});
const rows = (h: { records(): unknown[] }) =>
  (h.records() as Aggregate[]).map((
    a,
  ) => [a.window_start, a.window_end, a.count, a.update ?? false]);

Deno.test("session window closes when the watermark passes last reading + gap", async () => {
  const h = await harness(windowDef, { kind: "session", gap: "10s", watermark: "0s" });
  h.op.process(readingBatchOf([r(0, 1), r(4000, 2), r(9000, 3)]), "in");
  h.op.process(readingBatchOf([r(18_000, 4)]), "in");
  assert.deepEqual(rows(h), [], "18s < 9s + 10s: the session is still open");
  h.op.process(readingBatchOf([r(40_000, 5)]), "in");
  assert.deepEqual(rows(h), [[0, 28_000, 4, false]]);
  await h.op.flush!();
  assert.deepEqual(rows(h), [[0, 28_000, 4, false], [40_000, 50_000, 1, false]]);
});

Deno.test("session window merges two sessions bridged by an out-of-order reading", async () => {
  const h = await harness(windowDef, { kind: "session", gap: "5s", watermark: "20s" });
  h.op.process(readingBatchOf([r(0, 1), r(1000, 1), r(10_000, 4), r(11_000, 6)]), "in");
  h.op.process(readingBatchOf([r(5500, 2), r(50_000, 0)]), "in");
  const [a] = h.records() as Aggregate[];
  assert.deepEqual([a.window_start, a.window_end, a.count, a.mean, a.last, a.min, a.max], [
    0,
    16_000,
    5,
    14 / 5,
    6,
    1,
    6,
  ]);
});

Deno.test("session window updates an emitted session for late readings within allowed_lateness", async () => {
  const h = await harness(windowDef, {
    kind: "session",
    gap: "5s",
    watermark: "0s",
    allowed_lateness: "10s",
  });
  h.op.process(readingBatchOf([r(0, 1), r(2000, 1), r(8000, 0)]), "in"); // wm 8s ≥ 7s: [0, 7s) fires
  h.op.process(readingBatchOf([r(1000, 4)]), "in"); // inside the fired session
  h.op.process(readingBatchOf([r(30_000, 0)]), "in"); // closes everything open so far
  h.op.process(readingBatchOf([r(1500, 9)]), "in"); // 1.5s + 5s + 10s ≤ 30s: too late
  assert.deepEqual(rows(h), [
    [0, 7000, 2, false],
    [0, 7000, 3, true],
    [8000, 13_000, 1, false],
  ]);
  assert.equal(h.late, 1);
  assert.deepEqual(h.records("late"), [r(1500, 9)]);
});

Deno.test("session window re-fires a fired session extended past the watermark only at its new end", async () => {
  const h = await harness(windowDef, {
    kind: "session",
    gap: "10s",
    watermark: "0s",
    allowed_lateness: "30s",
  });
  h.op.process(readingBatchOf([r(0, 1), r(10_000, 0, "other")]), "in"); // wm 10s: [0, 10s) fires
  h.op.process(readingBatchOf([r(9000, 3)]), "in"); // session becomes [0, 19s), wm still 10s
  assert.deepEqual(rows(h), [[0, 10_000, 1, false]]);
  h.op.process(readingBatchOf([r(19_000, 0, "other")]), "in");
  assert.deepEqual(rows(h), [[0, 10_000, 1, false], [0, 19_000, 2, true]]);
});

Deno.test("session windows equal a brute-force sessionization when nothing is late", async () => {
  for (const seed of [3, 11, 99]) {
    const rs = randomStream(seed, 2000, 2500);
    // drop the very late readings so that every reading is within the watermark
    let max = -Infinity;
    const ordered = rs.filter((x) => {
      max = Math.max(max, x.ts);
      return x.ts > max - 3000;
    });
    const h = await harness(windowDef, { kind: "session", gap: 700, watermark: 3000 });
    const rnd = prng(seed);
    for (let i = 0; i < ordered.length;) {
      const len = 1 + Math.floor(rnd() * 100);
      h.op.process(readingBatchOf(ordered.slice(i, i + len)), "in");
      i += len;
    }
    await h.op.flush!();
    const expected: string[] = [];
    for (const key of new Set(ordered.map((x) => `${x.machine}/${x.sensor}`))) {
      const ts = ordered.filter((x) => `${x.machine}/${x.sensor}` === key).map((x) => x.ts);
      ts.sort((a, b) => a - b);
      let start = ts[0], count = 0;
      for (let i = 0; i < ts.length; i++) {
        count++;
        if (i === ts.length - 1 || ts[i + 1] - ts[i] >= 700) {
          expected.push(`${key} ${start} ${ts[i] + 700} ${count}`);
          start = ts[i + 1];
          count = 0;
        }
      }
    }
    const actual = (h.records() as Aggregate[]).map((a) =>
      `${a.machine}/${a.sensor} ${a.window_start} ${a.window_end} ${a.count}`
    );
    assert.equal(h.late, 0);
    assert.ok(expected.length > 100, "enough sessions to be meaningful");
    assert.deepEqual(actual.sort(), expected.sort(), `seed ${seed}`);
  }
});
