import { deepEqual, equal, ok } from "node:assert/strict";
import { depths, layoutGraph, NODE_H, NODE_W } from "./layout.ts";

// The shape of topology/rig-alpha.yaml.
const NODES = ["sim", "clean", "win", "limits", "drift", "stuck", "alerting", "db", "live", "dead"]
  .map((name) => ({ name, kind: "x" }));
const E = (from: string, to: string, port = "out") => ({ from, to, port });
const EDGES = [
  E("sim", "clean"),
  E("clean", "win"),
  E("clean", "limits"),
  E("win", "drift"),
  E("win", "stuck"),
  E("limits", "alerting"),
  E("drift", "alerting"),
  E("stuck", "alerting"),
  E("alerting", "db"),
  E("clean", "live"),
  E("sim", "dead", "dlq"),
];

Deno.test("depth is the longest path from a source", () => {
  const d = depths(NODES, EDGES);
  equal(d.get("sim"), 0);
  equal(d.get("clean"), 1);
  equal(d.get("limits"), 2);
  equal(d.get("alerting"), 4); // via win → drift, not via limits
  equal(d.get("db"), 5);
  equal(d.get("dead"), 1);
});

Deno.test("layout places columns left to right without overlapping nodes", () => {
  const g = layoutGraph(NODES, EDGES);
  const at = new Map(g.nodes.map((n) => [n.name, n]));
  ok(at.get("clean")!.x > at.get("sim")!.x);
  ok(at.get("db")!.x > at.get("alerting")!.x);
  for (const a of g.nodes) {
    for (const b of g.nodes) {
      if (a === b || a.x !== b.x) continue;
      ok(Math.abs(a.y - b.y) >= NODE_H, `${a.name} overlaps ${b.name}`);
    }
    ok(a.x + NODE_W <= g.width && a.y + NODE_H <= g.height);
  }
  equal(g.edges.length, EDGES.length);
  deepEqual(g.edges.filter((e) => e.port !== "out").map((e) => e.to), ["dead"]);
  ok(g.edges.every((e) => e.d.startsWith("M")));
});

Deno.test("a cycle does not hang the layout", () => {
  const g = layoutGraph([{ name: "a", kind: "x" }, { name: "b", kind: "x" }], [
    E("a", "b"),
    E("b", "a"),
  ]);
  equal(g.nodes.length, 2);
});
