import assert from "node:assert/strict";
import { ALL_COMPONENTS } from "../registry.ts";
import { componentSchema, SCHEMA_PATH, topologySchema, topologySchemaText } from "./json_schema.ts";
import { FAKE_COMPONENTS, simulator, window, zscore } from "./testdata/fake_components.ts";

Deno.test(`${SCHEMA_PATH} is up to date with the component registry`, async () => {
  const committed = await Deno.readTextFile(SCHEMA_PATH).catch(() => "");
  const fresh = topologySchemaText(ALL_COMPONENTS);
  assert.ok(
    committed === fresh,
    `${SCHEMA_PATH} is stale: run \`deno task topology schema\` and commit the result`,
  );
});

Deno.test("componentSchema() adds the type const and inputs to the component's own options", () => {
  const s = componentSchema(window);
  assert.equal(s.type, "object");
  assert.equal(s.additionalProperties, false);
  assert.deepEqual(s.properties.type, { const: "window", description: "Fake window." });
  assert.equal(s.properties.inputs.type, "array");
  assert.deepEqual(s.required, ["type", "inputs", "size"]);
  assert.equal(s.properties.kind.default, "tumbling");
  assert.equal(s.properties.watermark.default, "2s");
  assert.equal(s.properties.size.description, "Window length");
});

Deno.test("componentSchema() gives sources no inputs", () => {
  const s = componentSchema(simulator);
  assert.equal(s.properties.inputs, undefined);
  assert.deepEqual(s.required, ["type"]);
});

Deno.test("componentSchema() restores zod defaults that input-side JSON Schema drops", () => {
  const s = componentSchema(zscore);
  assert.equal(s.properties.z.default, 3);
});

Deno.test("topologySchema() has one discriminated oneOf per section and the tests block", () => {
  const s = topologySchema(FAKE_COMPONENTS);
  assert.equal(s.$schema, "http://json-schema.org/draft-07/schema#");
  assert.deepEqual(s.required, ["version", "name", "sources"]);
  const types = (section: string) =>
    s.properties[section].additionalProperties.oneOf.map((
      b: { properties: { type: { const: string } } },
    ) => b.properties.type.const);
  assert.deepEqual(types("sources"), ["simulator"]);
  assert.deepEqual(types("transforms"), ["threshold", "validate", "window", "zscore"]);
  assert.deepEqual(types("sinks"), ["file", "postgres"]);
  assert.equal(s.properties.sources.propertyNames.pattern, "^[a-z][a-z0-9_]*$");
  const test = s.properties.tests.items;
  assert.deepEqual(test.required, ["name", "input", "expect"]);
  assert.equal(test.properties.input.anyOf[1].items.properties.machine.type, "string");
});

Deno.test("topologySchema() stays valid with no components registered", () => {
  const s = topologySchema([]);
  assert.deepEqual(s.properties.sinks.additionalProperties.not, {});
});

Deno.test("topologySchemaText() is deterministic, pretty JSON ending in a newline", () => {
  const a = topologySchemaText(FAKE_COMPONENTS);
  assert.equal(a, topologySchemaText([...FAKE_COMPONENTS].reverse()));
  assert.ok(a.endsWith("}\n"));
  assert.deepEqual(JSON.parse(a), topologySchema(FAKE_COMPONENTS));
});
