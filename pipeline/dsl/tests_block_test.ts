import assert from "node:assert/strict";
import { formatDiagnostic } from "./diagnostic.ts";
import { parseTopology } from "./load.ts";
import { fakeRegistry } from "./testdata/fake_components.ts";

const PIPELINE = `version: 1
name: t
sources:
  sim: { type: simulator }
transforms:
  win: { type: window, inputs: [sim], size: 5s }
  z: { type: zscore, inputs: [win] }
sinks:
  f: { type: file, inputs: [z], path: x }
tests:
`;

function files(map: Record<string, string>) {
  return (path: string) =>
    path in map ? Promise.resolve(map[path]) : Promise.reject(new Deno.errors.NotFound(path));
}

Deno.test("tests: block loads inline readings and recordings relative to the topology file", async () => {
  const r = await parseTopology(
    PIPELINE + `  - name: inline
    input:
      - { ts: "1970-01-01T00:00:01Z", machine: A, sensor: rpm, value: 1 }
    expect:
      - { output: z, contains: { machine: A } }
  - name: from a file
    input: recordings/a.ndjson
    insert_at: [win]
    expect:
      - { output: win.late, count: { eq: 0 } }
      - { output: z, where: { machine: A }, count: { min: 1, max: 3 } }
`,
    "topology/t.yaml",
    {
      registry: fakeRegistry,
      readFile: files({
        "topology/recordings/a.ndjson": '{"ts":5,"machine":"A","sensor":"rpm","value":2}\n',
      }),
    },
  );
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.topology!.tests, [
    {
      name: "inline",
      input: [{ ts: 1000, machine: "A", sensor: "rpm", value: 1 }],
      expect: [{ output: "z", contains: { machine: "A" } }],
    },
    {
      name: "from a file",
      input: [{ ts: 5, machine: "A", sensor: "rpm", value: 2 }],
      insertAt: ["win"],
      expect: [
        { output: "win.late", count: { eq: 0 } },
        { output: "z", where: { machine: "A" }, count: { min: 1, max: 3 } },
      ],
    },
  ]);
});

Deno.test("tests: block reports a missing recording at the input value", async () => {
  const r = await parseTopology(
    PIPELINE + `  - name: missing
    input: recordings/none.ndjson
    expect: [{ output: z, count: { min: 1 } }]
`,
    "topology/t.yaml",
    { registry: fakeRegistry, readFile: files({}) },
  );
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    'topology/t.yaml:12:12: test "missing": cannot read recording "recordings/none.ndjson" (topology/recordings/none.ndjson): file not found',
  ]);
});

Deno.test("tests: block reports bad recording lines as recording:line", async () => {
  const lines = ['{"ts":0,"machine":"A","sensor":"rpm","value":1}', '{"ts":0,"machine":"A"}'];
  for (let i = 0; i < 12; i++) lines.push("nope");
  const r = await parseTopology(
    PIPELINE + `  - name: bad lines
    input: rec.ndjson
    expect: [{ output: z, count: { min: 1 } }]
`,
    "t.yaml",
    { registry: fakeRegistry, readFile: files({ "rec.ndjson": lines.join("\n") }) },
  );
  // Sorted by file: the recording's lines first, then the summary in the topology.
  const out = r.diagnostics.map(formatDiagnostic);
  assert.equal(out.length, 11);
  assert.deepEqual(out.slice(0, 2), [
    'rec.ndjson:2:1: test "bad lines": bad reading: sensor: expected string, got nothing',
    'rec.ndjson:2:1: test "bad lines": bad reading: value: expected number, got nothing',
  ]);
  assert.match(out[2], /^rec\.ndjson:3:1: test "bad lines": bad reading: not valid JSON/);
  assert.equal(
    out[10],
    't.yaml:12:12: test "bad lines": recording "rec.ndjson" has 4 more bad lines',
  );
});

Deno.test("tests: block checks structure, outputs, insert_at and counts, all at once", async () => {
  const r = await parseTopology(
    PIPELINE + `  - name: structure
    inputs: []
    insert_at: [sim, nowhere, f]
    expect:
      - { output: zz, contains: { machine: A } }
      - { output: z.nope, count: { min: 3, max: 1 } }
      - { output: f, where: { machine: A } }
      - { output: win, count: { eq: 1, min: 1 } }
  - name: structure
    input:
      - { ts: yesterday, machine: A, sensor: rpm, value: 1 }
    expect: []
  - just a string
`,
    "t.yaml",
    { registry: fakeRegistry },
  );
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    't.yaml:11:5: test "structure": missing field "input" (expected string or array)',
    't.yaml:12:5: test "structure": unknown field "inputs"; did you mean "input"? (fields: name, input, insert_at, expect)',
    't.yaml:13:17: test "structure": cannot insert input at source "sim"; tests pipe input into transforms',
    't.yaml:13:22: test "structure": insert_at "nowhere" doesn\'t match any components',
    't.yaml:13:31: test "structure": cannot insert input at sink "f"; tests pipe input into transforms',
    't.yaml:15:19: test "structure": output "zz" doesn\'t match any components; did you mean "z"?',
    't.yaml:16:19: test "structure": output "z.nope": transform "z" has no output port "nope" (its ports: out, alerts, dlq)',
    't.yaml:16:34: test "structure": count.min (3) is greater than count.max (1)',
    't.yaml:17:9: test "structure": expectation on "f" checks nothing; add contains, not_contains or count',
    't.yaml:17:19: test "structure": output "f" names a sink; tests check the outputs of transforms (sources are replaced by the input, sinks do not run)',
    't.yaml:17:29: test "structure": "where" only narrows "count"; add count: { min: 1 } or similar',
    't.yaml:18:31: test "structure": count.eq cannot be combined with min or max',
    't.yaml:19:11: test "structure" is defined twice (first is test #1)',
    't.yaml:21:15: test "structure": reading 1: ts: expected epoch milliseconds or an ISO-8601 timestamp, got "yesterday"',
    't.yaml:22:13: test "structure": field "expect": expected at least 1 item, got []',
    't.yaml:23:5: test #3: expected object, got "just a string"',
  ]);
});

Deno.test("tests: must be a list", async () => {
  const r = await parseTopology(PIPELINE.replace("tests:\n", "tests: { a: 1 }\n"), "t.yaml", {
    registry: fakeRegistry,
  });
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    't.yaml:10:8: "tests" must be a list of tests, got a map',
  ]);
});
