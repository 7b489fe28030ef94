import { equal } from "node:assert/strict";
import { z } from "zod";
import { readingBatchOf } from "./batch.ts";
import type { SourceDef } from "./component.ts";
import type { Aggregate, Reading } from "./record.ts";
import { runTopology } from "./run.ts";
import { aggregateSink } from "../testing/memory_sinks.ts";
import { topologyOf } from "../testing/topology_builder.ts";

/** A source the test feeds by hand; it ends when `end()` is called. */
function handSource() {
  const queue: Reading[][] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const def: SourceDef<unknown> = {
    kind: "source",
    type: "test_hand",
    summary: "test",
    config: z.object({}),
    examples: [],
    build: () => ({
      async run(ctx) {
        while (true) {
          const next = queue.shift();
          if (next) {
            await ctx.emit(readingBatchOf(next));
            continue;
          }
          if (ended || ctx.signal.aborted) return;
          await new Promise<void>((r) => wake = r);
        }
      },
    }),
  };
  return {
    def,
    push(readings: Reading[]) {
      queue.push(readings);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
  };
}

const rpm = (ts: number, value = 1): Reading => ({ ts, machine: "A", sensor: "rpm", value });
const services = { baseDir: ".", env: {} };

for (const workers of [0, 2]) {
  Deno.test(`reload keeps the keyed state of unchanged components (workers: ${workers})`, async () => {
    const src = handSource();
    const out: Aggregate[] = [];
    const sink = aggregateSink(out);
    const build = (extra: boolean, size = "10s") =>
      topologyOf("reload", [
        { name: "src", kind: "source", def: src.def },
        {
          name: "win",
          kind: "transform",
          type: "window",
          inputs: ["src"],
          config: { kind: "tumbling", size, watermark: "0s" },
        },
        ...(extra
          ? [{ name: "keep", kind: "transform" as const, type: "select", inputs: ["src"] }]
          : []),
        { name: "out", kind: "sink", def: sink, inputs: ["win"] },
      ], { workers });
    const p = await runTopology(build(false), { services });
    src.push([rpm(1000), rpm(2000), rpm(3000)]);
    await new Promise((r) => setTimeout(r, 50));
    // A new component, `win` unchanged: its open window [0, 10 s) survives the reload.
    await p.reload(build(true));
    src.push([rpm(4000), rpm(12_000)]);
    await new Promise((r) => setTimeout(r, 50));
    const first = out.find((a) => a.window_start === 0);
    equal(first?.count, 4, "window [0,10s) counts readings from before and after the reload");
    // `win` changed (size 20 s): it starts from empty state.
    await p.reload(build(true, "20s"));
    src.push([rpm(21_000), rpm(45_000)]);
    src.end();
    await p.done;
    const after = out.find((a) => a.window_start === 20_000);
    equal(after?.count, 1, "a changed window starts empty");
  });
}
