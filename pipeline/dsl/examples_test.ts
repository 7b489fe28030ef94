/**
 * Every component's examples validate against its own schema and build; every
 * definition is documented well enough for the docs page and the JSON Schema.
 */
import assert from "node:assert/strict";
import { ManualClock } from "../engine/clock.ts";
import type { AnyComponentDef, Services, TransformContext } from "../engine/component.ts";
import { RECORD_TYPES } from "../engine/record.ts";
import { ALL_COMPONENTS } from "../registry.ts";
import { NAME_RE } from "./components.ts";
import { componentSchema, type JsonSchema } from "./json_schema.ts";

const services = (): Services => ({ baseDir: ".", env: {} });

function transformContext(def: AnyComponentDef): TransformContext {
  const emitted: unknown[] = [];
  return {
    name: def.type,
    clock: new ManualClock(0),
    services: services(),
    inputs: ["upstream"],
    emit: (batch) => emitted.push(batch),
    reject: () => {},
    countLate: () => {},
    partition: 0,
    partitions: 1,
  };
}

Deno.test("component types are unique per kind", () => {
  const seen = new Set<string>();
  for (const d of ALL_COMPONENTS) {
    const key = `${d.kind}:${d.type}`;
    assert.ok(!seen.has(key), `${key} is defined twice`);
    seen.add(key);
  }
});

for (const def of ALL_COMPONENTS) {
  const id = `${def.kind} "${def.type}"`;

  Deno.test(`${id}: definition is complete (snake_case type, summary, examples, record types)`, () => {
    assert.match(def.type, NAME_RE, `${id}: type must be snake_case`);
    assert.ok(def.summary.trim().length > 0, `${id}: summary is empty`);
    assert.ok(def.examples.length > 0, `${id}: has no examples`);
    for (const t of def.accepts ?? []) assert.ok(RECORD_TYPES.includes(t), `${id}: accepts "${t}"`);
    if (def.kind !== "source") assert.ok(def.accepts, `${id}: says nothing about what it accepts`);
  });

  Deno.test(`${id}: every option has a description`, () => {
    const missing: string[] = [];
    const walk = (s: JsonSchema, prefix: string) => {
      for (const b of [s, ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) {
        for (const [k, p] of Object.entries(b.properties ?? {}) as [string, JsonSchema][]) {
          if (!p.description && !(prefix === "" && (k === "type" || k === "inputs"))) {
            missing.push(prefix + k);
          }
        }
      }
    };
    walk(componentSchema(def), "");
    assert.deepEqual([...new Set(missing)], [], `${id}: options without .meta({ description })`);
  });

  def.examples.forEach((example, i) => {
    Deno.test(`${id}: example ${i + 1} validates${def.kind === "sink" ? "" : " and builds"}`, async () => {
      const parsed = def.config.safeParse(example);
      assert.ok(
        parsed.success,
        `${id} example ${i + 1} does not validate: ${JSON.stringify(parsed.error?.issues)}`,
      );
      // Unknown options are refused (configs are strict).
      assert.equal(
        def.config.safeParse({ ...(example as object), no_such_option_: 1 }).success,
        false,
        `${id}: config accepts unknown options; make it .strict()`,
      );
      if (def.outputs) {
        for (const [port, t] of Object.entries(def.outputs(parsed.data))) {
          assert.ok(RECORD_TYPES.includes(t), `${id}: port "${port}" carries unknown type "${t}"`);
        }
      }
      if (def.kind === "transform") {
        const op = await def.build(parsed.data, transformContext(def));
        assert.equal(typeof op.process, "function", `${id}: build must return an Operator`);
        await op.close?.();
      } else if (def.kind === "source") {
        const src = await def.build(parsed.data, {
          name: def.type,
          clock: new ManualClock(0),
          services: services(),
          inputs: [],
        });
        assert.equal(typeof src.run, "function", `${id}: build must return a Source`);
      }
    });
  });
}
