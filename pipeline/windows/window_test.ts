import assert from "node:assert/strict";
import { readingBatchOf } from "../engine/batch.ts";
import { harness } from "../testing/operator_harness.ts";
import { windowDef } from "./window.ts";
import { prng, randomStream } from "./random_stream.ts";

function errors(config: unknown): string[] {
  const res = windowDef.config.safeParse(config);
  assert.equal(res.success, false, `expected ${JSON.stringify(config)} to be refused`);
  return res.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

Deno.test("window examples validate and build", async () => {
  for (const example of windowDef.examples) {
    assert.deepEqual(windowDef.config.parse(example), example);
    const h = await harness(windowDef, example);
    assert.equal(typeof h.op.process, "function");
  }
});

Deno.test("window config parses durations and applies defaults", () => {
  assert.deepEqual(windowDef.config.parse({ kind: "sliding", size: "1m", slide: "10s" }), {
    kind: "sliding",
    size: 60_000,
    slide: 10_000,
    key: ["machine", "sensor"],
    watermark: 2000,
    allowed_lateness: 0,
  });
});

Deno.test("window config refuses bad options with messages naming the value", () => {
  assert.deepEqual(errors({ kind: "sliding", size: "5s", slide: "10s" }), [
    "slide: slide must not exceed size (5s), got 10s",
  ]);
  assert.deepEqual(errors({ kind: "tumbling", size: "0s" }), [
    "size: size must be greater than 0, got 0s",
  ]);
  assert.deepEqual(errors({ kind: "sliding", size: "5s" }), [
    'slide: sliding windows need "slide", got nothing',
  ]);
  assert.deepEqual(errors({ kind: "session", size: "5s" }), [
    'gap: session windows need "gap", got nothing',
    "size: size applies to tumbling and sliding windows only, not session; got 5s",
  ]);
  assert.deepEqual(errors({ kind: "tumbling", size: "5s", slide: "1s" }), [
    "slide: slide applies to sliding windows only, not tumbling; got 1s",
  ]);
  assert.deepEqual(errors({ kind: "sliding", size: "1h", slide: "1ms" }), [
    "slide: size/slide must be ≤ 1000 (each reading updates that many windows), got 1h/1ms = 3600000",
  ]);
  assert.deepEqual(errors({ kind: "tumbling", size: "5s", key: ["machine"] }), [
    "key: key must be [machine, sensor] (aggregates are per series), got [machine]",
  ]);
  assert.match(
    errors({ kind: "tumbling", size: "5 sec" })[0],
    /size: expected a duration like "5s".*got "5 sec"/,
  );
  assert.match(errors({ kind: "hopping", size: "5s" })[0], /^kind: /);
  assert.match(errors({ kind: "tumbling", size: "5s", aggregates: ["mean"] })[0], /aggregates/);
});

const CONFIGS = [
  { kind: "tumbling", size: "3s", watermark: "1500ms", allowed_lateness: "3s" },
  { kind: "sliding", size: "5s", slide: "2s", watermark: "1s", allowed_lateness: "2s" },
  { kind: "session", gap: "700ms", watermark: "1s", allowed_lateness: "4s" },
];

for (const config of CONFIGS) {
  Deno.test(`${config.kind} window restored from a snapshot continues like an uninterrupted run`, async () => {
    const rs = randomStream(5, 2000, 2500);
    const rnd = prng(17);
    const batches = [];
    for (let i = 0; i < rs.length;) {
      const len = 1 + Math.floor(rnd() * 150);
      batches.push(readingBatchOf(rs.slice(i, i + len)));
      i += len;
    }
    const whole = await harness(windowDef, config);
    for (const b of batches) whole.op.process(b, "in");
    await whole.op.flush!();
    assert.ok(whole.late > 0 && whole.records().some((a) => "update" in a));

    for (const cut of [1, 7, Math.floor(batches.length / 2), batches.length - 1]) {
      const first = await harness(windowDef, config);
      batches.slice(0, cut).forEach((b) => first.op.process(b, "in"));
      const state = JSON.parse(JSON.stringify(first.op.snapshot!()));
      const second = await harness(windowDef, config);
      second.op.restore!(state);
      batches.slice(cut).forEach((b) => second.op.process(b, "in"));
      await second.op.flush!();
      assert.deepEqual([...first.records(), ...second.records()], whole.records(), `cut ${cut}`);
      assert.deepEqual(
        [...first.records("late"), ...second.records("late")],
        whole.records("late"),
      );
      assert.equal(first.late + second.late, whole.late);
    }
  });
}

Deno.test("window refuses to restore into an operator that already holds state", async () => {
  const h = await harness(windowDef, { kind: "tumbling", size: "1s" });
  const state = h.op.snapshot!();
  h.op.process(readingBatchOf([{ ts: 0, machine: "A", sensor: "x", value: 1 }]), "in");
  assert.throws(() => h.op.restore!(state), /already holds state/);
  const session = await harness(windowDef, { kind: "session", gap: "1s" });
  assert.throws(() => session.op.restore!(state), /not a session snapshot/);
});
