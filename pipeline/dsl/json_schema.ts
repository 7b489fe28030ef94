/**
 * The JSON Schema of a topology file, generated from the component registry
 * (each component's zod config via `z.toJSONSchema`, input side), so editors
 * can autocomplete and validate topology files
 * (`# yaml-language-server: $schema=./topology.schema.json`).
 *
 * Draft-07 is used because it is what YAML editors support best.
 */
import { z } from "zod";
import type { AnyComponentDef, ComponentKind } from "../engine/component.ts";
import { ReadingSchema } from "../engine/record.ts";
import { NAME_RE, SECTIONS } from "./components.ts";
import { KIND_OF } from "./lookup.ts";
import { TestSchema } from "./tests_block.ts";

// deno-lint-ignore no-explicit-any
export type JsonSchema = Record<string, any>;

/** Where the committed schema lives, relative to the repository root. */
export const SCHEMA_PATH = "topology/topology.schema.json";

export const INPUT_PATTERN = "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?$";

const OPTIONS = { io: "input", target: "draft-7", unrepresentable: "any" } as const;

/** JSON Schema of one zod schema (input side), with zod's `.default()`s restored. */
export function zodToJsonSchema(schema: z.ZodType): JsonSchema {
  const js = z.toJSONSchema(schema, OPTIONS) as JsonSchema;
  delete js.$schema;
  restoreDefaults(schema, js);
  return js;
}

/**
 * zod drops `.default()` values of transformed fields (e.g. durations) from
 * input-side schemas; the parsed default is valid input too, so put it back.
 */
function restoreDefaults(schema: z.ZodType, js: JsonSchema): void {
  // deno-lint-ignore no-explicit-any
  const def = (schema as any)?._zod?.def;
  if (def?.type !== "object" || !js.properties) return;
  for (const [key, field] of Object.entries(def.shape)) {
    // deno-lint-ignore no-explicit-any
    const fdef = (field as any)?._zod?.def;
    const prop = js.properties[key];
    if (!prop || !fdef) continue;
    if (fdef.type === "default" && prop.default === undefined) {
      try {
        const value = fdef.defaultValue;
        if (value !== undefined) prop.default = JSON.parse(JSON.stringify(value));
      } catch { /* not JSON: leave it out */ }
    }
    if (fdef.type === "object") restoreDefaults(field as z.ZodType, prop);
  }
}

/** The schema of one component entry: `type` const, `inputs`, and its own options. */
export function componentSchema(def: AnyComponentDef, definitions: JsonSchema = {}): JsonSchema {
  const own = hoist(zodToJsonSchema(def.config), def.type, definitions);
  const shared: JsonSchema = {
    type: { const: def.type, description: def.summary },
  };
  if (def.kind !== "source") {
    shared.inputs = {
      type: "array",
      minItems: 1,
      description: 'Components this one reads: "name" or "name.port" (e.g. clean, clean.dlq)',
      items: { type: "string", pattern: INPUT_PATTERN },
    };
  }
  const required = def.kind === "source" ? ["type"] : ["type", "inputs"];
  const merge = (branch: JsonSchema): JsonSchema => {
    if (branch.type !== "object" && !branch.properties) return branch;
    const { properties = {}, required: req = [], ...rest } = branch;
    return {
      ...rest,
      type: "object",
      title: `${def.type} (${def.kind})`,
      description: def.summary,
      properties: { ...shared, ...properties },
      required: [...required, ...req.filter((r: string) => !required.includes(r))],
      additionalProperties: false,
    };
  };
  for (const key of ["anyOf", "oneOf"]) {
    if (Array.isArray(own[key]) && own.type === undefined && !own.properties) {
      return {
        title: `${def.type} (${def.kind})`,
        description: def.summary,
        [key]: own[key].map(merge),
      };
    }
  }
  return merge(own);
}

/** Moves `definitions` of a fragment into the shared table, renaming on clashes. */
function hoist(fragment: JsonSchema, owner: string, definitions: JsonSchema): JsonSchema {
  const defs: JsonSchema = fragment.definitions ?? {};
  delete fragment.definitions;
  const rename = new Map<string, string>();
  for (const [id, schema] of Object.entries(defs)) {
    let name = id;
    const text = JSON.stringify(schema);
    if (definitions[name] !== undefined && JSON.stringify(definitions[name]) !== text) {
      name = `${owner}.${id}`;
    }
    rename.set(id, name);
  }
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v && typeof v === "object") {
      const out: JsonSchema = {};
      for (const [k, x] of Object.entries(v)) {
        out[k] = k === "$ref" && typeof x === "string" && x.startsWith("#/definitions/")
          ? `#/definitions/${rename.get(x.slice(14)) ?? x.slice(14)}`
          : rewrite(x);
      }
      return out;
    }
    return v;
  };
  for (const [id, schema] of Object.entries(defs)) definitions[rename.get(id)!] = rewrite(schema);
  return rewrite(fragment) as JsonSchema;
}

function sectionSchema(kind: ComponentKind, defs: AnyComponentDef[], definitions: JsonSchema) {
  const ofKind = defs.filter((d) => d.kind === kind).sort((a, b) => a.type.localeCompare(b.type));
  const entry = ofKind.length > 0
    ? { oneOf: ofKind.map((d) => componentSchema(d, definitions)) }
    : { not: {}, description: `No ${kind} types are registered` };
  return {
    type: "object",
    description: `Named ${kind}s: name (snake_case) → component`,
    propertyNames: { pattern: NAME_RE.source },
    additionalProperties: entry,
  };
}

/**
 * The whole topology file schema.
 *
 * @example
 * ```ts
 * import { topologySchema } from "./json_schema.ts";
 * const schema = topologySchema([]);
 * schema.properties.version; // { const: 1, … }
 * ```
 */
export function topologySchema(defs: readonly AnyComponentDef[]): JsonSchema {
  const definitions: JsonSchema = {};
  const list = [...defs];
  const sections: JsonSchema = {};
  for (const s of SECTIONS) sections[s] = sectionSchema(KIND_OF[s], list, definitions);
  const tests = zodToJsonSchema(TestSchema);
  const reading = zodToJsonSchema(ReadingSchema);
  tests.properties.input = {
    ...tests.properties.input,
    anyOf: [
      { type: "string", minLength: 1, pattern: "\\.(ndjson|jsonl|json|csv)$" },
      { type: "array", items: reading },
    ],
  };
  const schema: JsonSchema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "sluice topology",
    description:
      "A sluice pipeline: named sources, transforms and sinks wired by `inputs`. Generated by `deno task topology schema`; do not edit.",
    type: "object",
    required: ["version", "name", "sources"],
    additionalProperties: false,
    properties: {
      version: { const: 1, description: "Topology file format version" },
      name: { type: "string", minLength: 1, maxLength: 64, description: "Pipeline name" },
      workers: {
        type: "integer",
        minimum: 0,
        description: "Worker threads for keyed transforms (default: CPU cores; 0 runs inline)",
      },
      ...sections,
      tests: { type: "array", description: "Tests run by `deno task topology test`", items: tests },
    },
  };
  if (Object.keys(definitions).length > 0) schema.definitions = sortKeys(definitions);
  return schema;
}

function sortKeys(o: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** The schema as committed: pretty JSON with a trailing newline. */
export function topologySchemaText(defs: readonly AnyComponentDef[]): string {
  return JSON.stringify(topologySchema(defs), null, 2) + "\n";
}
