/**
 * The Markdown reference of every component type, generated from the same
 * definitions as validation and the JSON Schema: summary, what it reads and
 * emits, each option with type, default and description, and an example.
 */
import { Document, isMap, isScalar, isSeq, visit } from "yaml";
import type { AnyComponentDef, ComponentKind } from "../engine/component.ts";
import { DURATION_PATTERN, formatDuration } from "./duration.ts";
import { componentSchema, type JsonSchema } from "./json_schema.ts";
import { SECTION_OF } from "./lookup.ts";

const KINDS: ComponentKind[] = ["source", "transform", "sink"];
const TITLES: Record<ComponentKind, string> = {
  source: "Sources",
  transform: "Transforms",
  sink: "Sinks",
};

/**
 * Renders the reference page.
 *
 * @example
 * ```ts
 * import { componentDocs } from "./docs.ts";
 * componentDocs([]).startsWith("# Component reference"); // true
 * ```
 */
export function componentDocs(defs: readonly AnyComponentDef[]): string {
  const out: string[] = [
    "# Component reference",
    "",
    "Generated from the component definitions by `deno task topology docs --out docs/components.md`;",
    "do not edit by hand. Every component also has the shared fields `type` and (transforms",
    "and sinks) `inputs`: a list of `name` or `name.port` (e.g. `clean`, `clean.dlq`). Every",
    "component has a `dlq` output carrying the records it rejected, with the reason.",
    "",
    "Durations are strings with a unit — `500ms`, `5s`, `2m`, `1h`, `1d`, `1m30s` — or a plain",
    "number of milliseconds.",
    "",
  ];
  for (const kind of KINDS) {
    const ofKind = defs.filter((d) => d.kind === kind).sort((a, b) => a.type.localeCompare(b.type));
    out.push(`## ${TITLES[kind]}`, "");
    if (ofKind.length === 0) out.push(`No ${kind} types are registered.`, "");
    else {
      for (const d of ofKind) out.push(`- [\`${d.type}\`](#${anchor(d)}) — ${d.summary}`);
      out.push("");
    }
    for (const d of ofKind) out.push(...componentSection(d));
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

function anchor(d: AnyComponentDef): string {
  return `${d.type}-${d.kind}`;
}

function componentSection(def: AnyComponentDef): string[] {
  const out = [`### <a id="${anchor(def)}"></a>\`${def.type}\` (${def.kind})`, "", def.summary, ""];
  if (def.accepts) out.push(`Accepts: ${def.accepts.map((t) => `\`${t}\``).join(", ")}.`, "");
  const outputs = outputsOf(def);
  if (outputs) out.push(`Outputs: ${outputs}.`, "");
  const schema = componentSchema(def);
  const rows = optionRows(schema);
  if (rows.length === 0) out.push("No options.", "");
  else {
    out.push("| option | type | default | description |", "| --- | --- | --- | --- |");
    for (const r of rows) {
      out.push(`| \`${r.name}\` | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.description)} |`);
    }
    out.push("");
  }
  def.examples.forEach((example, i) => {
    out.push(def.examples.length > 1 ? `Example ${i + 1}:` : "Example:", "");
    out.push("```yaml", exampleYaml(def, example, schema).trimEnd(), "```", "");
  });
  return out;
}

function outputsOf(def: AnyComponentDef): string | undefined {
  const ports: [string, string][] = [];
  if (def.outputs) {
    try {
      const example = def.examples[0] ?? def.config.parse({});
      for (const [p, t] of Object.entries(def.outputs(example))) ports.push([p, t]);
    } catch {
      return "depend on the options";
    }
  } else if (def.kind !== "sink") ports.push(["out", "?"]);
  ports.push(["dlq", "rejected"]);
  return ports.map(([p, t]) => `\`${p}\` (${t})`).join(", ");
}

interface Row {
  name: string;
  type: string;
  default: string;
  description: string;
}

/** One row per option; nested objects with known properties get `parent.child` rows. */
function optionRows(schema: JsonSchema, prefix = "", depth = 0): Row[] {
  const branches: JsonSchema[] = schema.properties
    ? [schema]
    : (schema.oneOf ?? schema.anyOf ?? []);
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const branch of branches) {
    const required = new Set<string>(branch.required ?? []);
    for (const [name, prop] of Object.entries(branch.properties ?? {}) as [string, JsonSchema][]) {
      if (depth === 0 && (name === "type" || name === "inputs")) continue;
      const full = prefix + name;
      if (seen.has(full)) continue;
      seen.add(full);
      rows.push({
        name: full,
        type: typeOf(prop),
        default: prop.default !== undefined
          ? inline(prop.default, isDuration(prop))
          : required.has(name)
          ? "required"
          : "—",
        description: prop.description ?? "",
      });
      const inner = unwrapOptional(prop);
      if (inner.properties && depth < 2) rows.push(...optionRows(inner, `${full}.`, depth + 1));
    }
  }
  return rows;
}

function unwrapOptional(prop: JsonSchema): JsonSchema {
  if (prop.allOf?.length === 1) return prop.allOf[0];
  return prop;
}

function isDuration(prop: JsonSchema): boolean {
  return Array.isArray(prop.anyOf) &&
    prop.anyOf.some((b: JsonSchema) => b.pattern === DURATION_PATTERN);
}

/** A short type name from a JSON Schema fragment. */
export function typeOf(prop: JsonSchema): string {
  if (isDuration(prop)) return "duration";
  if (prop.const !== undefined) return JSON.stringify(prop.const);
  if (Array.isArray(prop.enum)) {
    return prop.enum.map((v: unknown) => JSON.stringify(v)).join(" \\| ");
  }
  if (prop.$ref) return String(prop.$ref).split("/").pop()!;
  if (prop.allOf?.length === 1) return typeOf(prop.allOf[0]);
  const alts = prop.anyOf ?? prop.oneOf;
  if (Array.isArray(alts)) {
    return alts.filter((a: JsonSchema) => a.type !== "null").map(typeOf).join(" or ");
  }
  switch (prop.type) {
    case "array":
      return `list of ${prop.items ? typeOf(prop.items) : "any"}`;
    case "object":
      return prop.additionalProperties && typeof prop.additionalProperties === "object"
        ? `map of ${typeOf(prop.additionalProperties)}`
        : "map";
    case undefined:
      return "any";
    default:
      return Array.isArray(prop.type) ? prop.type.join(" or ") : String(prop.type);
  }
}

function inline(v: unknown, duration: boolean): string {
  if (duration && typeof v === "number") return `\`${formatDuration(v)}\``;
  if (duration && typeof v === "string") return `\`${v}\``;
  return `\`${JSON.stringify(v)}\``;
}

function cell(s: string): string {
  return s.replace(/\r?\n/g, " ").replace(/(?<!\\)\|/g, "\\|");
}

/** The example as it would appear in a topology file (durations written with units). */
function exampleYaml(def: AnyComponentDef, example: unknown, schema: JsonSchema): string {
  const entry: Record<string, unknown> = { type: def.type };
  if (def.kind !== "source") entry.inputs = ["upstream"];
  const props: Record<string, JsonSchema> = schema.properties ?? {};
  if (example && typeof example === "object") {
    for (const [k, v] of Object.entries(example)) {
      entry[k] = props[k] && isDuration(props[k]) && typeof v === "number" ? formatDuration(v) : v;
    }
  }
  const name = /^[a-z][a-z0-9_]*$/.test(def.type) ? def.type : "example";
  const doc = new Document({ [SECTION_OF[def.kind]]: { [name]: entry } });
  // Short lists and maps of plain values read best inline: [A, B], {A: 10}.
  visit(doc, (_key, node, path) => {
    if ((isSeq(node) || isMap(node)) && path.length > 6) {
      const items = node.items.map((i) => isMap(node) ? (i as { value: unknown }).value : i);
      if (items.length <= 8 && items.every((i) => isScalar(i))) node.flow = true;
    }
  });
  return doc.toString({ flowCollectionPadding: false });
}
