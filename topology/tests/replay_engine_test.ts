/**
 * The real engine (workers, real replay source, real file sinks) on the
 * recording with hand-placed trouble: malformed lines reach the DLQ with
 * their line numbers, too-late readings reach `.late`, nothing is lost.
 */
import { equal, ok } from "node:assert/strict";
import { runTopology } from "../../pipeline/engine/run.ts";
import { topologyOf } from "../../pipeline/testing/topology_builder.ts";

const recording = new URL("../recordings/late-and-malformed.ndjson", import.meta.url).pathname;

async function readNdjson(path: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(path).catch(() => "");
  return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
}

for (const workers of [0, 2]) {
  Deno.test(`replay → validate → window routes malformed lines to .dlq and late readings to .late (workers: ${workers})`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const t = topologyOf("replay-trouble", [
        { name: "rec", kind: "source", type: "replay", config: { path: recording } },
        { name: "clean", kind: "transform", type: "validate", inputs: ["rec"] },
        {
          name: "win",
          kind: "transform",
          type: "window",
          inputs: ["clean"],
          config: { kind: "tumbling", size: "5s", watermark: "2s" },
        },
        {
          name: "dead",
          kind: "sink",
          type: "file",
          inputs: ["rec.dlq"],
          config: { path: "dlq.ndjson" },
        },
        {
          name: "late",
          kind: "sink",
          type: "file",
          inputs: ["win.late"],
          config: { path: "late.ndjson" },
        },
        {
          name: "aggs",
          kind: "sink",
          type: "file",
          inputs: ["win"],
          config: { path: "aggs.ndjson" },
        },
      ], { workers });
      const p = await runTopology(t, { services: { baseDir: dir, env: {} } });
      await p.done;
      const dead = await readNdjson(`${dir}/dlq.ndjson`);
      equal(dead.length, 7, "every malformed line is in the DLQ");
      ok(dead.every((d) => /^line \d+/.test(String(d.reason))), JSON.stringify(dead[0]));
      const late = await readNdjson(`${dir}/late.ndjson`);
      equal(late.length, 3);
      ok(late.every((r) => String(r.id).startsWith("late-")));
      const aggs = await readNdjson(`${dir}/aggs.ndjson`);
      const counted = aggs.filter((a) => !a.update).reduce((n, a) => n + Number(a.count), 0);
      equal(counted, 240, "every good, timely reading is counted once (3 sensors × 80)");
      const m = Object.fromEntries(p.metrics().map((c) => [c.component, c]));
      equal(m.rec.dlq, 7);
      equal(m.win.late, 3);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
