import { deepEqual, equal, ok } from "node:assert/strict";
import { z } from "zod";
import { readingBatchOf } from "./batch.ts";
import type { Checkpoint, TransformSnapshot } from "./checkpoint.ts";
import { MemoryCheckpointStore, restorable, specFingerprints } from "./checkpoint.ts";
import type { SourceContext, SourceDef } from "./component.ts";
import type { Aggregate, Reading } from "./record.ts";
import { runTopology } from "./run.ts";
import { aggregateSink } from "../testing/memory_sinks.ts";
import { topologyOf } from "../testing/topology_builder.ts";

const services = { baseDir: ".", env: {} };

/** Readings of A and B every 100 ms over [from, to) seconds, values varying. */
function readings(from: number, to: number): Reading[] {
  const out: Reading[] = [];
  for (let t = from * 1000; t < to * 1000; t += 100) {
    for (const machine of ["A", "B"]) {
      out.push({ ts: t, machine, sensor: "rpm", value: 1000 + ((t / 100) % 17) * 3.3 });
    }
  }
  return out;
}

/** A source running `script` with its context; the pipeline ends when the script returns. */
function scriptSource(script: (ctx: SourceContext) => Promise<void>): SourceDef<unknown> {
  return {
    kind: "source",
    type: "test_script",
    summary: "test",
    config: z.object({}),
    examples: [],
    build: () => ({ run: script }),
  };
}

function topology(source: SourceDef<unknown>, out: Aggregate[], workers: number, size = "1s") {
  return topologyOf("ckpt", [
    { name: "src", kind: "source", def: source },
    {
      name: "win",
      kind: "transform",
      type: "window",
      inputs: ["src"],
      config: { kind: "tumbling", size, watermark: "0s" },
    },
    { name: "out", kind: "sink", def: aggregateSink(out), inputs: ["win"] },
  ], { workers });
}

/** Emits a batch and waits until the sinks wrote it and what the window made of it. */
async function emitDurable(ctx: SourceContext, rows: Reading[]) {
  await (await ctx.emitTracked!(readingBatchOf(rows))).durable;
}

const key = (a: Aggregate) => `${a.machine}/${a.window_start}`;

for (const workers of [0, 2]) {
  Deno.test(`a restored snapshot replays a batch exactly as the uninterrupted run (workers: ${workers})`, async () => {
    // Uninterrupted: [0, 2.55 s) then [2.55 s, 5 s).
    const first = readings(0, 2.55), second = readings(2.55, 5);
    const straight: Aggregate[] = [];
    const a = await runTopology(
      topology(
        scriptSource(async (ctx) => {
          await emitDurable(ctx, first);
          await emitDurable(ctx, second);
        }),
        straight,
        workers,
      ),
      { services },
    );
    await a.done;

    // With a checkpoint after the first batch, the second batch processed, then the
    // state rolled back to the checkpoint (a crash) and the second batch replayed.
    const replayed: Aggregate[] = [];
    let beforeReplay = 0;
    let restored: string[] = [];
    const b = await runTopology(
      topology(
        scriptSource(async (ctx) => {
          await emitDurable(ctx, first);
          const snap = JSON.parse(JSON.stringify(await ctx.checkpoint!.snapshot()));
          await emitDurable(ctx, second);
          restored = await ctx.checkpoint!.restore(snap);
          beforeReplay = replayed.length;
          await emitDurable(ctx, second);
        }),
        replayed,
        workers,
      ),
      { services },
    );
    await b.done;
    deepEqual(restored, ["win"]);
    const afterCheckpoint = straight.filter((x) => x.window_end > 2000);
    ok(afterCheckpoint.some((x) => x.window_start === 2000), "window [2 s, 3 s) spans the cut");
    // The replay emits what the uninterrupted run emitted from the checkpoint on, field for field
    // (partitions deliver in their own order, so compare sorted by window).
    const sorted = (list: Aggregate[]) => list.toSorted((x, y) => key(x).localeCompare(key(y)));
    deepEqual(sorted(replayed.slice(beforeReplay)), sorted(afterCheckpoint));
    const [w2] = replayed.slice(beforeReplay).filter((x) => key(x) === "A/2000");
    equal(w2.count, 11, "the window spanning the cut counts readings from both sides once");
  });
}

Deno.test("restore without a snapshot empties the transforms", async () => {
  const out: Aggregate[] = [];
  let restored: string[] = ["?"];
  const p = await runTopology(
    topology(
      scriptSource(async (ctx) => {
        await emitDurable(ctx, readings(0, 0.5));
        restored = await ctx.checkpoint!.restore(undefined);
        await emitDurable(ctx, readings(0.5, 1));
      }),
      out,
      0,
    ),
    { services },
  );
  await p.done;
  deepEqual(restored, []);
  deepEqual(out.map((a) => [key(a), a.count]), [["A/0", 5], ["B/0", 5]]);
});

Deno.test("restorable keeps only transforms whose spec is unchanged and the partition count", () => {
  const out: Aggregate[] = [];
  const src = scriptSource(() => Promise.resolve());
  const specs = specFingerprints(topology(src, out, 2).components);
  const snap: TransformSnapshot = { partitions: 2, specs, states: [{ win: 1 }, { win: 2 }] };
  deepEqual(restorable(snap, specs, 2), [{ win: 1 }, { win: 2 }]);
  equal(restorable(snap, specs, 3), undefined, "another partition count cannot take the state");
  const resized = specFingerprints(topology(src, out, 2, "2s").components);
  equal(restorable(snap, resized, 2), undefined, "a changed window config starts empty");
  equal(restorable(undefined, specs, 2), undefined);
});

Deno.test("MemoryCheckpointStore returns what was saved, per pipeline and scope", async () => {
  const store = new MemoryCheckpointStore();
  const cp: Checkpoint = {
    offsets: { "t:0": "10" },
    state: { partitions: 1, specs: {}, states: [{}] },
  };
  await store.save("p", "s", cp);
  deepEqual(await store.load("p", "s"), cp);
  equal(await store.load("p", "other"), undefined);
  store.failSaves = true;
  await store.save("p", "s", cp).then(() => ok(false, "save should fail"), () => {});
});
