import assert from "node:assert/strict";
import { YamlSource } from "./yaml_source.ts";

const TEXT = `version: 1
sources:
  sim: { type: simulator, rate_hz: 5 }
transforms:
  win:
    type: window
    inputs: [sim, other]
    size:
  alias: *nowhere
`;

Deno.test("YamlSource maps paths to the line and column of the value", () => {
  const src = new YamlSource(TEXT);
  assert.deepEqual(src.position(["sources", "sim", "rate_hz"]), { line: 3, column: 36 });
  assert.deepEqual(src.position(["transforms", "win", "inputs", 1]), { line: 7, column: 19 });
  assert.deepEqual(src.keyPosition(["transforms", "win", "inputs"]), { line: 7, column: 5 });
});

Deno.test("YamlSource points at the key when the value is empty, else at the nearest ancestor", () => {
  const src = new YamlSource(TEXT);
  assert.deepEqual(src.position(["transforms", "win", "size"]), { line: 8, column: 5 });
  assert.deepEqual(src.position(["transforms", "win", "missing"]), { line: 6, column: 5 });
  assert.equal(src.has(["transforms", "win", "missing"]), false);
  assert.equal(src.has(["transforms", "win", "size"]), true);
});

Deno.test("YamlSource reports unknown aliases and duplicate keys, keeping the first value", () => {
  const src = new YamlSource("a: 1\nb: *x\na: 2\n");
  assert.deepEqual(src.value, { a: 1, b: null });
  assert.equal(src.problems.length, 1);
  assert.match(src.problems[0].message, /unknown alias "\*x"/);
  assert.deepEqual(src.problems[0].at, { line: 2, column: 4 });
  assert.deepEqual(src.duplicates, [
    { path: [], key: "a", at: { line: 3, column: 1 }, first: { line: 1, column: 1 } },
  ]);
});

Deno.test("YamlSource collects syntax errors with positions", () => {
  const src = new YamlSource("a: [1, 2\nb: c\n");
  assert.ok(src.syntaxErrors.length > 0);
  assert.equal(src.value, undefined);
  for (const e of src.syntaxErrors) assert.ok(e.at.line >= 1 && e.at.column >= 1);
});

Deno.test("YamlSource resolves aliases when locating and converting", () => {
  const src = new YamlSource("base: &b { x: 1 }\nuse: *b\n");
  assert.deepEqual(src.value, { base: { x: 1 }, use: { x: 1 } });
  assert.deepEqual(src.position(["use", "x"]), { line: 1, column: 15 });
});

Deno.test("YamlSource keeps a __proto__ key as data", () => {
  const src = new YamlSource("__proto__: 1\n");
  assert.deepEqual(Object.keys(src.value as object), ["__proto__"]);
});
