import assert from "node:assert/strict";
import type { DraftComponent } from "./context.ts";
import { fakeRegistry } from "./testdata/fake_components.ts";
import { portsOf, topologicalOrder } from "./wiring.ts";

function draft(
  name: string,
  kind: DraftComponent["kind"],
  type: string,
  inputs: string[],
  order: number,
  config?: unknown,
): DraftComponent {
  const def = fakeRegistry.componentDef(kind, type);
  return {
    name,
    kind,
    type,
    def,
    config,
    configOk: config !== undefined,
    path: [],
    order,
    inputs: inputs.map((raw) => ({ raw, ref: { component: raw, port: "out" }, path: [] })),
  };
}

Deno.test("topologicalOrder() puts inputs first and keeps declaration order among equals", () => {
  const ds = [
    draft("db", "sink", "file", ["b", "a"], 0),
    draft("b", "transform", "validate", ["sim"], 1),
    draft("a", "transform", "validate", ["sim"], 2),
    draft("sim", "source", "simulator", [], 3),
  ];
  assert.deepEqual(topologicalOrder(ds).map((d) => d.name), ["sim", "b", "a", "db"]);
});

Deno.test("topologicalOrder() appends the members of cycles after everything else", () => {
  const ds = [
    draft("x", "transform", "validate", ["y"], 0),
    draft("y", "transform", "validate", ["x"], 1),
    draft("sim", "source", "simulator", [], 2),
  ];
  assert.deepEqual(topologicalOrder(ds).map((d) => d.name), ["sim", "x", "y"]);
});

Deno.test("portsOf() lists out, declared outputs and dlq; sinks have no out", () => {
  const win = portsOf(draft("w", "transform", "window", [], 0, { size: 1 }));
  assert.deepEqual([...win.ports], [["out", "aggregate"], ["late", "reading"], [
    "dlq",
    "rejected",
  ]]);
  assert.equal(win.complete, true);
  const sink = portsOf(draft("f", "sink", "file", [], 0, { path: "x" }));
  assert.deepEqual([...sink.ports.keys()], ["dlq"]);
  const invalid = portsOf(draft("w", "transform", "window", [], 0));
  assert.equal(invalid.complete, false);
});
