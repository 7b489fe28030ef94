import assert from "node:assert/strict";
import { type Diagnostic, Diagnostics, formatDiagnostic, TopologyError } from "./diagnostic.ts";

const d = (line: number, column: number, severity: "error" | "warning" = "error"): Diagnostic => ({
  severity,
  file: "t.yaml",
  path: [],
  line,
  column,
  message: `at ${line}:${column}`,
});

Deno.test("formatDiagnostic() prints file:line:col: message, marking warnings", () => {
  assert.equal(formatDiagnostic(d(3, 7)), "t.yaml:3:7: at 3:7");
  assert.equal(formatDiagnostic(d(1, 1, "warning")), "t.yaml:1:1: warning: at 1:1");
});

Deno.test("Diagnostics lists by position and counts errors apart from warnings", () => {
  const list = new Diagnostics("t.yaml");
  list.error({ line: 9, column: 2, message: "late", component: "win", path: ["sources", "win"] });
  list.warning({ line: 1, column: 5, message: "early" });
  list.error({ line: 9, column: 1, message: "same line, earlier column" });
  list.error({ line: 2, column: 1, message: "other file", file: "a.ndjson" });
  assert.equal(list.hasErrors(), true);
  assert.equal(list.errorCount, 3);
  assert.deepEqual(list.format(), [
    "a.ndjson:2:1: other file",
    "t.yaml:1:5: warning: early",
    "t.yaml:9:1: same line, earlier column",
    "t.yaml:9:2: late",
  ]);
  assert.deepEqual(list.list()[3], {
    severity: "error",
    file: "t.yaml",
    component: "win",
    path: ["sources", "win"],
    line: 9,
    column: 2,
    message: "late",
  });
});

Deno.test("Diagnostics with only warnings has no errors", () => {
  const list = new Diagnostics("t.yaml");
  list.warning({ line: 1, column: 1, message: "meh" });
  assert.equal(list.hasErrors(), false);
});

Deno.test("TopologyError carries the diagnostics and lists the errors in its message", () => {
  const e = new TopologyError([d(2, 3), d(4, 1, "warning")]);
  assert.equal(e.name, "TopologyError");
  assert.equal(e.diagnostics.length, 2);
  assert.equal(e.message, "Cannot load topology: 1 error(s)\nt.yaml:2:3: at 2:3");
});
