import assert from "node:assert/strict";
import { formatDiagnostic } from "./diagnostic.ts";
import { parseTopology } from "./load.ts";
import { fakeRegistry, simulator, window } from "./testdata/fake_components.ts";

/** Formatted diagnostics of `text` checked against the fake registry. */
async function check(text: string, file = "t.yaml"): Promise<string[]> {
  const r = await parseTopology(text, file, {
    registry: fakeRegistry,
    readFile: () => Promise.reject(new Deno.errors.NotFound("no files in this test")),
  });
  return r.diagnostics.map(formatDiagnostic);
}

const HEAD = "version: 1\nname: t\n";

Deno.test("parseTopology() builds a sorted topology with parsed configs and definitions", async () => {
  const r = await parseTopology(
    HEAD + `workers: 2
sinks:
  out: { type: file, inputs: [z, z.alerts], path: out.ndjson }
transforms:
  z: { type: zscore, inputs: [win] }
  win: { type: window, inputs: [clean], size: 5s }
  clean: { type: validate, inputs: [sim] }
sources:
  sim: { type: simulator }
`,
    "t.yaml",
    { registry: fakeRegistry },
  );
  assert.deepEqual(r.diagnostics, []);
  const t = r.topology!;
  assert.equal(t.name, "t");
  assert.equal(t.workers, 2);
  assert.equal(t.file, "t.yaml");
  assert.deepEqual(t.components.map((c) => c.name), ["sim", "clean", "win", "z", "out"]);
  const win = t.components.find((c) => c.name === "win")!;
  assert.equal(win.def, window);
  assert.equal(win.kind, "transform");
  assert.deepEqual(win.config, { kind: "tumbling", size: 5000, watermark: 2000 });
  assert.deepEqual(win.inputs, [{ component: "clean", port: "out" }]);
  assert.deepEqual(t.components.find((c) => c.name === "out")!.inputs, [
    { component: "z", port: "out" },
    { component: "z", port: "alerts" },
  ]);
  const sim = t.components[0];
  assert.equal(sim.def, simulator);
  assert.deepEqual(sim.config, { machines: ["A"], rate_hz: 1 });
  assert.deepEqual(t.tests, []);
});

Deno.test("parseTopology() leaves workers unset when absent (cores at run time)", async () => {
  const r = await parseTopology(
    HEAD +
      "sources:\n  sim: { type: simulator }\nsinks:\n  f: { type: file, inputs: [sim], path: x }\n",
    "t.yaml",
    { registry: fakeRegistry },
  );
  assert.equal(r.topology!.workers, undefined);
});

Deno.test("parseTopology() reports YAML syntax errors with positions and stops there", async () => {
  const out = await check("version: 1\nsources:\n  sim: { type: simulator\nname: [x\n");
  assert.ok(out.length > 0);
  for (const line of out) assert.match(line, /^t\.yaml:\d+:\d+: YAML: /);
  // The unclosed "{" on line 3 is noticed where the next line starts.
  assert.ok(out.some((l) => l.startsWith("t.yaml:4:1: YAML: Flow map")), out.join("\n"));
});

Deno.test("parseTopology() points at an unknown type, suggests the closest and lists the known ones", async () => {
  assert.deepEqual(
    await check(
      HEAD +
        "sources:\n  sim: { type: simulator }\ntransforms:\n  w: { type: windw, inputs: [sim] }\n",
    ),
    [
      't.yaml:6:14: unknown transform type "windw" for "w"; did you mean "window"? (known transform types: threshold, validate, window, zscore)',
      "t.yaml:1:1: warning: no sinks: records leave the pipeline nowhere",
    ].sort(byPosition),
  );
});

Deno.test("parseTopology() says when a type belongs under another section", async () => {
  assert.deepEqual(
    await check(
      HEAD + "sources:\n  sim: { type: simulator }\nsinks:\n  w: { type: window, inputs: [sim] }\n",
    ),
    [
      't.yaml:6:14: unknown sink type "window" for "w"; "window" is a transform type, declare it under "transforms"',
    ],
  );
});

Deno.test("parseTopology() reports a missing type at the component name", async () => {
  assert.deepEqual(
    await check(
      HEAD +
        "sources:\n  sim: { rate_hz: 5 }\nsinks:\n  f: { type: file, inputs: [sim], path: x }\n",
    ),
    ['t.yaml:4:3: source "sim" has no "type"; known source types: simulator'],
  );
});

Deno.test("parseTopology() reports unknown inputs with a suggestion, quoting ids like Vector", async () => {
  assert.deepEqual(
    await check(
      HEAD + `sources:
  sim: { type: simulator }
sinks:
  f: { type: file, inputs: [sim, simm], path: x }
`,
    ),
    [`t.yaml:6:34: Input "simm" for sink "f" doesn't match any components; did you mean "sim"?`],
  );
});

Deno.test("parseTopology() reports missing, empty and malformed inputs, and inputs on sources", async () => {
  assert.deepEqual(
    await check(
      HEAD + `sources:
  sim: { type: simulator, inputs: [x] }
transforms:
  a: { type: validate }
  b: { type: validate, inputs: [] }
  c: { type: validate, inputs: sim }
  d: { type: validate, inputs: [sim, 7, "Bad.Port"] }
sinks:
  f:
    type: file
    path: x
`,
    ),
    [
      't.yaml:4:27: source "sim" cannot have inputs; sources only produce records',
      't.yaml:6:3: transform "a" (validate) is missing "inputs": list the components it reads, e.g. inputs: [clean]',
      't.yaml:7:32: "inputs" of transform "b" is empty; list at least one component',
      't.yaml:8:32: "inputs" of transform "c" must be a list like [clean, clean.dlq], got string "sim"',
      't.yaml:9:38: input of transform "d" must be a component name or "name.port" (e.g. clean, clean.dlq), got number 7',
      't.yaml:9:41: input of transform "d" must be a component name or "name.port" (e.g. clean, clean.dlq), got "Bad.Port"',
      't.yaml:11:3: sink "f" (file) is missing "inputs": list the components it reads, e.g. inputs: [clean]',
    ],
  );
});

Deno.test("parseTopology() reports an unknown output port and lists the ports", async () => {
  assert.deepEqual(
    await check(
      HEAD + `sources:
  sim: { type: simulator }
transforms:
  win: { type: window, inputs: [sim], size: 5s }
sinks:
  f: { type: file, inputs: [win.lat, sim.dlq], path: x }
`,
    ),
    [
      `t.yaml:8:29: Input "win.lat" for sink "f": transform "win" has no output port "lat"; did you mean "late"? (its ports: out, late, dlq)`,
    ],
  );
});

Deno.test("parseTopology() refuses a sink as an input, except its dlq", async () => {
  assert.deepEqual(
    await check(
      HEAD + `sources:
  sim: { type: simulator }
sinks:
  a: { type: file, inputs: [sim], path: x }
  b: { type: file, inputs: [a, a.dlq], path: y }
`,
    ),
    [`t.yaml:7:29: Input "a" for sink "b" names sink "a", which has no output (only "a.dlq")`],
  );
});

Deno.test("parseTopology() names the cycle path at the input that closes it", async () => {
  assert.deepEqual(
    await check(
      HEAD + `sources:
  sim: { type: simulator }
transforms:
  a: { type: validate, inputs: [sim, c] }
  b: { type: validate, inputs: [a] }
  c: { type: validate, inputs: [b] }
  self: { type: validate, inputs: [self] }
sinks:
  f: { type: file, inputs: [c], path: x }
`,
    ),
    [
      "t.yaml:6:38: cycle: a -> b -> c -> a (a component cannot consume its own output, directly or through others)",
      "t.yaml:9:36: cycle: self -> self (a component cannot consume its own output, directly or through others)",
    ],
  );
});

Deno.test("parseTopology() maps option errors (type, unknown, missing, duration) to YAML positions", async () => {
  assert.deepEqual(
    await check(
      HEAD + `sources:
  sim: { type: simulator, rate_hz: fast, machines: [A, 3] }
transforms:
  win:
    type: window
    inputs: [sim]
    sise: 5s
    watermark: 5 sec
    kind: hopping
sinks:
  f: { type: file, inputs: [win] }
`,
    ),
    [
      't.yaml:4:36: source "sim" (simulator): option "rate_hz": expected number, got "fast"',
      't.yaml:4:56: source "sim" (simulator): option "machines[1]": expected string, got 3',
      't.yaml:6:3: transform "win" (window): missing option "size" (expected a duration like "5s", "500ms", "2m")',
      't.yaml:9:5: transform "win" (window): unknown option "sise"; did you mean "size"? (options: kind, size, watermark)',
      't.yaml:10:16: transform "win" (window): option "watermark": expected a duration like "5s", "500ms", "2m", got "5 sec"',
      't.yaml:11:11: transform "win" (window): option "kind": expected one of "tumbling", "sliding", got "hopping"',
      't.yaml:13:3: sink "f" (file): missing option "path" (expected string)',
    ],
  );
});

Deno.test("parseTopology() checks the record type an input carries against what the consumer accepts", async () => {
  assert.deepEqual(
    await check(
      HEAD + `sources:
  sim: { type: simulator }
transforms:
  win: { type: window, inputs: [sim], size: 5s }
  z: { type: zscore, inputs: [win, sim, win.late] }
sinks:
  db: { type: postgres, inputs: [z, z.dlq] }
`,
    ),
    [
      't.yaml:7:36: Input "sim" for transform "z" carries reading records, but zscore accepts only aggregate',
      't.yaml:7:41: Input "win.late" for transform "z" carries reading records, but zscore accepts only aggregate',
      't.yaml:9:37: Input "z.dlq" for sink "db" carries rejected records, but postgres accepts only reading, aggregate, anomaly, rul, alert',
    ],
  );
});

Deno.test("parseTopology() still checks record types when the producer's options are invalid", async () => {
  const out = await check(
    HEAD + `sources:
  sim: { type: simulator, rate_hz: 0 }
transforms:
  z: { type: zscore, inputs: [sim] }
sinks:
  f: { type: file, inputs: [z], path: x }
`,
  );
  assert.deepEqual(out, [
    't.yaml:4:36: source "sim" (simulator): option "rate_hz": expected a value ≥ 1, got 0',
    't.yaml:6:31: Input "sim" for transform "z" carries reading records, but zscore accepts only aggregate',
  ]);
});

Deno.test("parseTopology() reports duplicate component names, within and across sections", async () => {
  assert.deepEqual(
    await check(
      HEAD + `sources:
  sim: { type: simulator }
  sim: { type: simulator, rate_hz: 2 }
transforms:
  sim: { type: validate, inputs: [sim] }
sinks:
  f: { type: file, inputs: [sim], path: x }
`,
    ),
    [
      't.yaml:5:3: duplicate component name "sim": already defined at line 4',
      't.yaml:7:3: duplicate component name "sim": already defined as a source at line 4',
    ],
  );
});

Deno.test("parseTopology() requires snake_case component names", async () => {
  assert.deepEqual(
    await check(
      HEAD + `sources:
  Sim-1: { type: simulator }
sinks:
  f: { type: file, inputs: [sim_1], path: x }
`,
    ),
    [
      't.yaml:4:3: component name "Sim-1" must be a snake_case identifier (a-z, 0-9, _; starting with a letter)',
      't.yaml:6:29: Input "sim_1" for sink "f" doesn\'t match any components; did you mean "Sim-1"?',
    ],
  );
});

Deno.test("parseTopology() checks the top level: version, name, workers, unknown keys, sources", async () => {
  assert.deepEqual(
    await check(`version: 2
workers: -1
sinkz: {}
sources: [a]
`),
    [
      't.yaml:1:1: missing "name" (the pipeline\'s name, e.g. name: rig-alpha)',
      "t.yaml:1:10: unsupported version 2; this sluice reads version 1",
      't.yaml:2:10: "workers" must be a whole number ≥ 0 (0 runs everything inline), got number -1',
      't.yaml:3:1: unknown top-level key "sinkz"; did you mean "sinks"? (expected version, name, workers, sources, transforms, sinks, tests)',
      't.yaml:4:10: "sources" must be a map of component name to component, got a list',
      't.yaml:4:1: a topology needs at least one source under "sources"',
      "t.yaml:1:1: warning: no sinks: records leave the pipeline nowhere",
    ].sort(byPosition),
  );
  assert.deepEqual(await check(""), [
    "t.yaml:1:1: empty topology file; expected version, name, sources, transforms, sinks",
  ]);
  assert.deepEqual(
    await check(
      "sources:\n  sim: { type: simulator }\nsinks:\n  f: { type: file, inputs: [sim], path: x }\n",
    ),
    [
      't.yaml:1:1: missing "version: 1" at the top of the file',
      't.yaml:1:1: missing "name" (the pipeline\'s name, e.g. name: rig-alpha)',
    ],
  );
});

Deno.test("parseTopology() reports every error of a file at once and returns no topology", async () => {
  const r = await parseTopology(
    `version: 1
name: all-at-once
sources:
  sim: { type: simulator, rate_hz: 50 }
transforms:
  clean: { type: validate, inputs: [sim, ghost] }
  win: { type: window, inputs: [clean, loop], size: 5 sec }
  loop: { type: validate, inputs: [win.late] }
  z: { type: zscore, inputs: [clean] }
  clean: { type: validate, inputs: [sim] }
sinks:
  out: { type: fil, inputs: [win.lat] }
`,
    "all.yaml",
    { registry: fakeRegistry },
  );
  assert.equal(r.topology, undefined);
  assert.deepEqual(r.diagnostics.map((d) => [d.line, d.column, d.component]), [
    [4, 36, "sim"], // rate_hz too big
    [6, 42, "clean"], // unknown input "ghost"
    [7, 40, "win"], // cycle win -> loop -> win
    [7, 53, "win"], // bad duration
    [9, 31, "z"], // reading into zscore
    [10, 3, "clean"], // duplicate name
    [12, 16, "out"], // unknown type
  ]);
  assert.ok(r.diagnostics.every((d) => d.severity === "error" && d.file === "all.yaml"));
  assert.deepEqual(r.diagnostics[3].path, ["transforms", "win", "size"]);
});

Deno.test("parseTopology() keeps warnings but still returns the topology", async () => {
  const r = await parseTopology(HEAD + "sources:\n  sim: { type: simulator }\n", "t.yaml", {
    registry: fakeRegistry,
  });
  assert.ok(r.topology);
  assert.deepEqual(r.diagnostics.map((d) => d.severity), ["warning"]);
});

Deno.test("requireTopology() returns the topology or throws the errors", async () => {
  const { requireTopology } = await import("./load.ts");
  const ok = await parseTopology(HEAD + "sources:\n  sim: { type: simulator }\n", "t.yaml", {
    registry: fakeRegistry,
  });
  assert.equal(requireTopology(ok), ok.topology);
  const bad = await parseTopology("version: 3\n", "t.yaml", { registry: fakeRegistry });
  assert.throws(() => requireTopology(bad), /Cannot load topology: 3 error\(s\)\nt\.yaml:1:1: /);
});

Deno.test("loadTopology() reports a file that cannot be read", async () => {
  const { loadTopology } = await import("./load.ts");
  const r = await loadTopology("nowhere/x.yaml", {
    registry: fakeRegistry,
    readFile: () => Promise.reject(new Deno.errors.NotFound("x")),
  });
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    "nowhere/x.yaml:1:1: cannot read topology file: file not found",
  ]);
});

function byPosition(a: string, b: string): number {
  const pa = a.split(":").slice(1, 3).map(Number);
  const pb = b.split(":").slice(1, 3).map(Number);
  return pa[0] - pb[0] || pa[1] - pb[1];
}
