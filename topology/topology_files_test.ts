/**
 * Every topology file in topology/ and topology/tests/ must check clean, and
 * every `tests:` block in them must pass: recorded input in, expected outputs
 * out, run by the test driver (no wall clock, no network).
 */
import { equal } from "node:assert/strict";
import { loadTopology } from "../pipeline/dsl/load.ts";
import { formatDiagnostic } from "../pipeline/dsl/diagnostic.ts";
import { runTopologyTest } from "../pipeline/testing/driver.ts";

const here = new URL(".", import.meta.url).pathname;
/** Files that are broken on purpose, to show the checker's messages. */
const BROKEN_ON_PURPOSE = new Set(["broken_example.yaml"]);

const files: string[] = [];
for (const dir of ["", "tests/"]) {
  for await (const e of Deno.readDir(here + dir)) {
    if (e.isFile && e.name.endsWith(".yaml") && !BROKEN_ON_PURPOSE.has(e.name)) {
      files.push(`topology/${dir}${e.name}`);
    }
  }
}
files.sort();

for (const file of files) {
  Deno.test(`topology ${file}`, async (t) => {
    const { topology, diagnostics } = await loadTopology(file);
    const errors = diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
    equal(errors.join("\n"), "", `${file} has errors`);
    for (const test of topology!.tests) {
      await t.step(test.name, async () => {
        const result = await runTopologyTest(topology!, test);
        equal(result.failures.join("\n"), "", `${file}: "${test.name}" failed`);
      });
    }
  });
}
