import { equal, ok } from "node:assert/strict";
import type { Topology } from "../pipeline/engine/topology.ts";
import { reloadTopologyFile } from "./topology_watch.ts";

Deno.test("reloadTopologyFile swaps in a valid file and refuses one with errors", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/t.yaml`;
  const reloaded: Topology[] = [];
  const pipeline = { reload: (t: Topology) => (reloaded.push(t), Promise.resolve()) };
  await Deno.writeTextFile(
    file,
    "version: 1\nname: t\nsources:\n  sim: { type: simulator }\nsinks:\n  out: { type: discard, inputs: [sim] }\n",
  );
  const good = await reloadTopologyFile(file, pipeline);
  equal(good.reloaded, true);
  equal(reloaded[0].name, "t");
  await Deno.writeTextFile(
    file,
    "version: 1\nname: t\nsources:\n  sim: { type: simulatr }\nsinks:\n  out: { type: discard, inputs: [sim] }\n",
  );
  const bad = await reloadTopologyFile(file, pipeline);
  equal(bad.reloaded, false);
  equal(reloaded.length, 1);
  ok(
    bad.lines.some((l) => l.includes("t.yaml:4:") && l.includes("simulatr")),
    bad.lines.join("\n"),
  );
  await Deno.remove(dir, { recursive: true });
});
