import assert from "node:assert/strict";
import { parse } from "yaml";
import { componentDocs, typeOf } from "./docs.ts";
import { FAKE_COMPONENTS, window } from "./testdata/fake_components.ts";

Deno.test("componentDocs() lists every component type by kind with its summary", () => {
  const md = componentDocs(FAKE_COMPONENTS);
  assert.ok(md.startsWith("# Component reference\n"));
  for (const d of FAKE_COMPONENTS) {
    assert.ok(md.includes(`\`${d.type}\` (${d.kind})`), d.type);
    assert.ok(md.includes(d.summary), d.summary);
  }
  assert.ok(md.indexOf("## Sources") < md.indexOf("## Transforms"));
  assert.ok(md.indexOf("## Transforms") < md.indexOf("## Sinks"));
});

Deno.test("componentDocs() tables each option with type, default and description", () => {
  const md = componentDocs([window]);
  assert.ok(md.includes("Accepts: `reading`."));
  assert.ok(md.includes("Outputs: `out` (aggregate), `late` (reading), `dlq` (rejected)."));
  assert.ok(md.includes('| `kind` | "tumbling" \\| "sliding" | `"tumbling"` | Kind |'));
  assert.ok(md.includes("| `size` | duration | required | Window length |"));
  assert.ok(md.includes("| `watermark` | duration | `2s` | Out-of-orderness |"));
});

Deno.test("componentDocs() writes examples as topology YAML with durations in units", () => {
  const md = componentDocs([window]);
  const block = md.split("```yaml\n")[1].split("```")[0];
  const doc = parse(block);
  assert.deepEqual(doc, {
    transforms: {
      window: {
        type: "window",
        inputs: ["upstream"],
        kind: "tumbling",
        size: "5s",
        watermark: "2s",
      },
    },
  });
  const { type: _t, inputs: _i, ...options } = doc.transforms.window;
  assert.deepEqual(window.config.parse(options), window.examples[0]);
});

Deno.test("componentDocs() says so when a kind has no types", () => {
  assert.ok(componentDocs([]).includes("No sink types are registered."));
});

Deno.test("typeOf() names JSON Schema types briefly", () => {
  assert.equal(typeOf({ type: "array", items: { type: "string" } }), "list of string");
  assert.equal(
    typeOf({ type: "object", additionalProperties: { type: "number" } }),
    "map of number",
  );
  assert.equal(typeOf({ anyOf: [{ type: "number" }, { type: "null" }] }), "number");
  assert.equal(typeOf({ const: 1 }), "1");
  assert.equal(typeOf({}), "any");
});
