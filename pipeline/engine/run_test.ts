import { deepEqual, equal, ok } from "node:assert/strict";
import { z } from "zod";
import type { Batch } from "./batch.ts";
import { ReadingBatchBuilder, readingsOf } from "./batch.ts";
import type { SinkDef, SourceDef } from "./component.ts";
import type { Reading } from "./record.ts";
import { runTopology } from "./run.ts";
import { topologyOf } from "../testing/topology_builder.ts";

/** A finite source: `batches` batches of readings for machines A..E, increasing ts per series. */
function countingSource(batches: number, perBatch = 50): SourceDef<unknown> {
  return {
    kind: "source",
    type: "test_counting",
    summary: "test",
    config: z.object({}),
    examples: [],
    build: () => {
      let emitted = 0;
      return {
        emitted: () => emitted,
        async run(ctx) {
          let ts = 0;
          for (let b = 0; b < batches && !ctx.signal.aborted; b++) {
            const builder = new ReadingBatchBuilder(perBatch);
            for (let i = 0; i < perBatch; i++) {
              const m = "ABCDE"[i % 5];
              builder.push(ts, m, "rpm", ts, "rpm");
              if (i % 5 === 4) ts++;
            }
            await ctx.emit(builder.finish());
            emitted++;
          }
        },
      };
    },
  };
}

function memorySink(store: Reading[], gate?: { wait: Promise<void> }): SinkDef<unknown> {
  return {
    kind: "sink",
    type: "test_memory",
    summary: "test",
    config: z.object({}),
    examples: [],
    build: () => ({
      async write(batch: Batch) {
        if (gate) await gate.wait;
        if (batch.kind === "readings") store.push(...readingsOf(batch));
      },
    }),
  };
}

const services = { baseDir: ".", env: {} };

for (const workers of [0, 2]) {
  Deno.test(`run delivers every reading through keyed transforms in order per key (workers: ${workers})`, async () => {
    const got: Reading[] = [];
    const t = topologyOf("t", [
      { name: "src", kind: "source", def: countingSource(40) },
      {
        name: "keep",
        kind: "transform",
        type: "select",
        inputs: ["src"],
        config: { machines: ["A", "B", "C"] },
      },
      { name: "out", kind: "sink", def: memorySink(got), inputs: ["keep"] },
    ]);
    const p = await runTopology(t, { services, workers });
    await p.done;
    equal(got.length, 40 * 30);
    for (const m of ["A", "B", "C"]) {
      const ts = got.filter((r) => r.machine === m).map((r) => r.ts);
      deepEqual(ts, [...ts].sort((a, b) => a - b), `order of ${m}`);
      equal(ts.length, 400);
    }
    const keep = p.metrics().find((m) => m.component === "keep")!;
    equal(keep.records_in, 40 * 50);
    equal(keep.records_out, 40 * 30);
    equal(p.metrics().find((m) => m.component === "out")!.records_in, 1200);
    ok(p.prometheus().includes('sluice_records_out_total{pipeline="t",component="keep"'));
  });
}

Deno.test("a blocked sink stops the source after a bounded number of batches (backpressure)", async () => {
  let release!: () => void;
  const gate = { wait: new Promise<void>((r) => release = r) };
  const got: Reading[] = [];
  const source = countingSource(1000);
  const t = topologyOf("bp", [
    { name: "src", kind: "source", def: source },
    { name: "keep", kind: "transform", type: "select", inputs: ["src"] },
    { name: "out", kind: "sink", def: memorySink(got, gate), inputs: ["keep"] },
  ]);
  const p = await runTopology(t, { services, workers: 0, inflight: 2 });
  for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 0));
  const emitted = p.metrics().find((m) => m.component === "src")!.records_out / 50;
  ok(emitted <= 4, `source emitted ${emitted} batches while the sink was blocked`);
  release();
  await p.done;
  equal(got.length, 1000 * 50);
});

Deno.test("stop() flushes and closes; taps see a transform's output", async () => {
  const got: Reading[] = [];
  const t = topologyOf("tap", [
    { name: "src", kind: "source", def: countingSource(10) },
    {
      name: "keep",
      kind: "transform",
      type: "select",
      inputs: ["src"],
      config: { machines: ["E"] },
    },
    { name: "out", kind: "sink", def: memorySink(got), inputs: ["src"] },
  ]);
  const tapped: number[] = [];
  const p = await runTopology(t, { services, workers: 0 });
  p.tap("keep", undefined, (b) => tapped.push(b.kind === "readings" ? b.n : 0));
  await p.done;
  equal(got.length, 500);
  ok(tapped.reduce((a, b) => a + b, 0) > 0);
});
