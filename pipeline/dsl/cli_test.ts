import assert from "node:assert/strict";
import { type CliIO, denoIO, main } from "./cli.ts";
import { SCHEMA_PATH, topologySchemaText } from "./json_schema.ts";
import { FAKE_COMPONENTS } from "./testdata/fake_components.ts";

interface Captured extends CliIO {
  stdout: string[];
  stderr: string[];
  files: Map<string, string>;
}

function memoryIO(files: Record<string, string> = {}): Captured {
  const io: Captured = {
    stdout: [],
    stderr: [],
    files: new Map(Object.entries(files)),
    out: (l) => io.stdout.push(l),
    err: (l) => io.stderr.push(l),
    readFile: (p) =>
      io.files.has(p)
        ? Promise.resolve(io.files.get(p)!)
        : Promise.reject(new Deno.errors.NotFound(p)),
    writeFile: (p, t) => {
      io.files.set(p, t);
      return Promise.resolve();
    },
    formatFile: () => Promise.resolve(),
    components: () => Promise.resolve(FAKE_COMPONENTS),
  };
  return io;
}

const GOOD = `version: 1
name: good
sources:
  sim: { type: simulator }
transforms:
  win: { type: window, inputs: [sim], size: 5s }
  z: { type: zscore, inputs: [win] }
sinks:
  f: { type: file, inputs: [z, win.late], path: out.ndjson }
tests:
  - name: nothing comes out of a silent detector
    input:
      - { ts: 0, machine: A, sensor: rpm, value: 1 }
    expect:
      - { output: z, count: { eq: 0 } }
`;

const BAD = `version: 1
name: bad
sources:
  sim: { type: simulator }
sinks:
  f: { type: file, inputs: [ghost], path: x }
  g: { type: fil, inputs: [sim] }
`;

Deno.test("check prints ok with the component count and exits 0", async () => {
  const io = memoryIO({ "good.yaml": GOOD });
  assert.equal(await main(["check", "good.yaml"], io), 0);
  assert.deepEqual(io.stdout, ["good.yaml: ok: 4 components, 1 test"]);
  assert.deepEqual(io.stderr, []);
});

Deno.test("check prints every problem as file:line:col and exits 1", async () => {
  const io = memoryIO({ "good.yaml": GOOD, "bad.yaml": BAD });
  assert.equal(await main(["check", "good.yaml", "bad.yaml", "missing.yaml"], io), 1);
  assert.deepEqual(io.stdout, ["good.yaml: ok: 4 components, 1 test"]);
  assert.deepEqual(io.stderr, [
    `bad.yaml:6:29: Input "ghost" for sink "f" doesn't match any components`,
    'bad.yaml:7:14: unknown sink type "fil" for "g"; did you mean "file"? (known sink types: file, postgres)',
    "bad.yaml: 2 errors",
    "missing.yaml:1:1: cannot read topology file: file not found",
    "missing.yaml: 1 error",
  ]);
});

Deno.test("usage errors exit 2 and show the usage", async () => {
  for (
    const argv of [
      [],
      ["frobnicate"],
      ["check"],
      ["check", "--strict", "x.yaml"],
      ["graph", "good.yaml", "--format", "png"],
      ["graph", "good.yaml", "--format"],
      ["run", "good.yaml", "--workers", "-1"],
      ["docs", "extra"],
    ]
  ) {
    const io = memoryIO({ "good.yaml": GOOD });
    assert.equal(await main(argv, io), 2, argv.join(" "));
    assert.match(
      [...io.stderr, ...io.stdout].join("\n"),
      /Usage: deno task topology/,
      argv.join(" "),
    );
  }
});

Deno.test("--help works on the command and on every subcommand", async () => {
  for (
    const argv of [
      ["--help"],
      ["help"],
      ["help", "graph"],
      ...["check", "graph", "docs", "schema", "test", "run"].map((c) => [c, "--help"]),
    ]
  ) {
    const io = memoryIO();
    assert.equal(await main(argv, io), 0, argv.join(" "));
    assert.match(io.stdout.join("\n"), /^Usage: deno task topology/, argv.join(" "));
  }
});

Deno.test("graph prints mermaid by default and dot on request", async () => {
  const io = memoryIO({ "good.yaml": GOOD });
  assert.equal(await main(["graph", "good.yaml"], io), 0);
  assert.match(io.stdout[0], /^flowchart LR\n/);
  assert.match(io.stdout[0], /win -- late --> f/);
  const dot = memoryIO({ "good.yaml": GOOD });
  assert.equal(await main(["graph", "good.yaml", "--format=dot", "--out", "g.dot"], dot), 0);
  assert.match(dot.files.get("g.dot")!, /^digraph "good" \{/);
  assert.deepEqual(dot.stdout, ["wrote g.dot"]);
});

Deno.test("graph of a broken topology prints the problems and exits 1", async () => {
  const io = memoryIO({ "bad.yaml": BAD });
  assert.equal(await main(["graph", "bad.yaml"], io), 1);
  assert.deepEqual(io.stdout, []);
  assert.equal(io.stderr.length, 3);
});

Deno.test("docs prints the reference or writes it with --out", async () => {
  const io = memoryIO();
  assert.equal(await main(["docs"], io), 0);
  assert.match(io.stdout[0], /^# Component reference/);
  const out = memoryIO();
  assert.equal(await main(["docs", "--out", "docs/components.md"], out), 0);
  assert.match(out.files.get("docs/components.md")!, /`window` \(transform\)/);
});

Deno.test("schema writes the JSON Schema; --check tells when it is stale", async () => {
  const io = memoryIO();
  assert.equal(await main(["schema", "--check"], io), 1);
  assert.deepEqual(io.stderr, [`${SCHEMA_PATH} is stale: run \`deno task topology schema\``]);
  assert.equal(await main(["schema"], io), 0);
  assert.equal(io.files.get(SCHEMA_PATH), topologySchemaText(FAKE_COMPONENTS));
  assert.equal(await main(["schema", "--check"], io), 0);
});

Deno.test("test runs the tests: blocks and reports each result", async () => {
  const io = memoryIO({ "good.yaml": GOOD });
  assert.equal(await main(["test", "good.yaml"], io), 0);
  assert.deepEqual(io.stdout, [
    "ok   good.yaml: nothing comes out of a silent detector",
    "1 passed, 0 failed",
  ]);
  const failing = memoryIO({ "good.yaml": GOOD.replace("eq: 0", "min: 1") });
  assert.equal(await main(["test", "good.yaml"], failing), 1);
  assert.equal(failing.stdout[0], "FAIL good.yaml: nothing comes out of a silent detector");
  assert.equal(failing.stdout.at(-1), "0 passed, 1 failed");
});

Deno.test("check reports every problem of topology/broken_example.yaml with positions", async () => {
  const io: Captured = { ...memoryIO(), readFile: denoIO.readFile, components: denoIO.components };
  const file = "topology/broken_example.yaml";
  assert.equal(await main(["check", file], io), 1);
  const lines = io.stderr;
  const expected: [string, RegExp][] = [
    ["11:42", /Input "ingest" for transform "clean" doesn't match any components/],
    ["11:51", /unknown option "on_error"/],
    ["12:3", /transform "win" \(window\): missing option "kind"/],
    ["15:64", /option "size": expected a duration like "5s", "500ms", "2m", got "5 sec"/],
    ["16:19", /unknown transform type "treshold" for "limits"; did you mean "threshold"\?/],
    [
      "17:30",
      /Input "clean" for transform "rul" carries reading records, but rul accepts only aggregate/,
    ],
    ["18:40", /cycle: a -> b -> a/],
    ["22:32", /Input "sim.late" for sink "late": source "sim" has no output port "late"/],
    ["23:3", /duplicate component name "clean"/],
    ["26:12", /cannot read recording "recordings\/does-not-exist.ndjson"/],
    ["28:19", /output "limit" doesn't match any components; did you mean "limits"\?/],
  ];
  for (const [pos, re] of expected) {
    const hit = lines.find((l) => l.startsWith(`${file}:${pos}: `) && re.test(l));
    assert.ok(hit, `expected ${file}:${pos}: ${re}\ngot:\n${lines.join("\n")}`);
  }
  assert.equal(lines.at(-1), `${file}: ${expected.length} errors`);
});
