/**
 * The topology as a picture: Mermaid (renders in GitHub Markdown) or Graphviz
 * dot. Sources, transforms and sinks get different shapes; an edge is labelled
 * with its port when the port is not `out` (e.g. `dlq`, `late`).
 */
import type { ComponentKind } from "../engine/component.ts";
import type { Topology } from "../engine/topology.ts";

export type GraphFormat = "mermaid" | "dot";
export const GRAPH_FORMATS: readonly GraphFormat[] = ["mermaid", "dot"];

/** The parts of a topology a graph needs (a full {@link Topology} fits). */
export type GraphInput = Pick<Topology, "name"> & {
  components: Pick<Topology["components"][number], "name" | "kind" | "type" | "inputs">[];
};

const MERMAID_SHAPE: Record<ComponentKind, [string, string]> = {
  source: ["([", "])"], // stadium
  transform: ["[", "]"], // rectangle
  sink: ["[(", ")]"], // cylinder
};

const DOT_SHAPE: Record<ComponentKind, string> = {
  source: "invhouse",
  transform: "box",
  sink: "cylinder",
};

/** Words Mermaid reads as syntax; node ids that collide get a trailing underscore. */
const MERMAID_RESERVED = new Set([
  "end",
  "graph",
  "subgraph",
  "flowchart",
  "style",
  "class",
  "classdef",
  "click",
  "linkstyle",
  "default",
  "direction",
]);

function mermaidId(name: string): string {
  return MERMAID_RESERVED.has(name.toLowerCase()) ? `${name}_` : name;
}

/**
 * Mermaid flowchart, left to right.
 *
 * @example
 * ```ts
 * import { toMermaid } from "./graph.ts";
 * toMermaid({ name: "t", components: [
 *   { name: "sim", kind: "source", type: "simulator", inputs: [] },
 *   { name: "db", kind: "sink", type: "postgres", inputs: [{ component: "sim", port: "out" }] },
 * ] });
 * // flowchart LR
 * //   sim(["sim<br/><small>simulator</small>"])
 * //   db[("db<br/><small>postgres</small>")]
 * //   sim --> db
 * ```
 */
export function toMermaid(t: GraphInput): string {
  const lines = ["flowchart LR"];
  for (const c of t.components) {
    const [open, close] = MERMAID_SHAPE[c.kind];
    const label = `${c.name}<br/><small>${escapeMermaid(c.type)}</small>`;
    lines.push(`  ${mermaidId(c.name)}${open}"${label}"${close}`);
  }
  for (const c of t.components) {
    for (const i of c.inputs) {
      const [from, to] = [mermaidId(i.component), mermaidId(c.name)];
      lines.push(i.port === "out" ? `  ${from} --> ${to}` : `  ${from} -- ${i.port} --> ${to}`);
    }
  }
  lines.push(
    "  classDef source fill:#12324a,stroke:#4aa3df,color:#e6f1f8",
    "  classDef transform fill:#2b2b2b,stroke:#9a9a9a,color:#eeeeee",
    "  classDef sink fill:#3a2a12,stroke:#e0a040,color:#f8efe0",
  );
  for (const kind of ["source", "transform", "sink"] as const) {
    const names = t.components.filter((c) => c.kind === kind).map((c) => c.name);
    if (names.length > 0) lines.push(`  class ${names.map(mermaidId).join(",")} ${kind}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Graphviz dot, left to right.
 *
 * @example
 * ```ts
 * import { toDot } from "./graph.ts";
 * toDot({ name: "t", components: [] }); // 'digraph "t" {\n  rankdir=LR;\n…}\n'
 * ```
 */
export function toDot(t: GraphInput): string {
  const lines = [
    `digraph ${quote(t.name)} {`,
    "  rankdir=LR;",
    '  node [fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const c of t.components) {
    lines.push(
      `  ${quote(c.name)} [shape=${DOT_SHAPE[c.kind]}, label=${quote(`${c.name}\n${c.type}`)}];`,
    );
  }
  for (const c of t.components) {
    for (const i of c.inputs) {
      const label = i.port === "out"
        ? ""
        : ` [label=${quote(i.port)}${i.port === "dlq" ? ", style=dashed" : ""}]`;
      lines.push(`  ${quote(i.component)} -> ${quote(c.name)}${label};`);
    }
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

export function renderGraph(t: GraphInput, format: GraphFormat): string {
  return format === "dot" ? toDot(t) : toMermaid(t);
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function escapeMermaid(s: string): string {
  return s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}
