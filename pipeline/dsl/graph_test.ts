import assert from "node:assert/strict";
import { type GraphInput, renderGraph, toDot, toMermaid } from "./graph.ts";

const T: GraphInput = {
  name: "rig",
  components: [
    { name: "sim", kind: "source", type: "simulator", inputs: [] },
    { name: "win", kind: "transform", type: "window", inputs: [{ component: "sim", port: "out" }] },
    {
      name: "end",
      kind: "sink",
      type: "file",
      inputs: [{ component: "win", port: "late" }, { component: "win", port: "dlq" }],
    },
  ],
};

Deno.test("toMermaid() shapes kinds differently and labels non-out ports", () => {
  const m = toMermaid(T);
  assert.ok(m.startsWith("flowchart LR\n"));
  assert.ok(m.includes('  sim(["sim<br/><small>simulator</small>"])'));
  assert.ok(m.includes('  win["win<br/><small>window</small>"]'));
  assert.ok(m.includes('  end_[("end<br/><small>file</small>")]'), "reserved ids are escaped");
  assert.ok(m.includes("  sim --> win\n"));
  assert.ok(m.includes("  win -- late --> end_\n"));
  assert.ok(m.includes("  win -- dlq --> end_\n"));
  assert.ok(m.includes("  class end_ sink"));
});

Deno.test("toDot() shapes kinds differently and labels non-out ports", () => {
  const d = toDot(T);
  assert.ok(d.startsWith('digraph "rig" {\n  rankdir=LR;'));
  assert.ok(d.includes('"sim" [shape=invhouse, label="sim\\nsimulator"];'));
  assert.ok(d.includes('"win" [shape=box, label="win\\nwindow"];'));
  assert.ok(d.includes('"end" [shape=cylinder, label="end\\nfile"];'));
  assert.ok(d.includes('  "sim" -> "win";\n'));
  assert.ok(d.includes('  "win" -> "end" [label="late"];'));
  assert.ok(d.includes('  "win" -> "end" [label="dlq", style=dashed];'));
  assert.ok(d.endsWith("}\n"));
});

Deno.test("renderGraph() picks the format", () => {
  assert.equal(renderGraph(T, "dot"), toDot(T));
  assert.equal(renderGraph(T, "mermaid"), toMermaid(T));
});
