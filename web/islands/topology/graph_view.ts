/// <reference lib="dom" />
/**
 * The topology drawn as SVG: nodes with live in/out rate, lag, errors, late
 * and DLQ counts; edges with their port when it is not `out`. Nodes are
 * focusable buttons (Enter or Space opens the tap panel).
 */
import type { Accessor, JSX } from "solid-js";
import h from "solid-js/h";
import { type GraphLayout, NODE_H, NODE_W, type PlacedNode } from "./layout.ts";

/** A component's metrics as `GET /api/topology` returns them. */
export interface NodeMetrics {
  records_in: number;
  records_out: number;
  errors: number;
  late: number;
  dlq: number;
  lag_ms: number;
  p99_ms: number;
  in_rate: number;
  out_rate: number;
}

export interface TopologyNode {
  name: string;
  kind: string;
  type: string;
  inputs: string[];
  metrics: NodeMetrics | null;
}

/** Short human number: 1234 → "1.2k". */
export function short(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "—";
  const a = Math.abs(n);
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return a >= 10 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(1);
}

/** Health class of a node: errors → crit, DLQ or late records → wrn. */
export function nodeLevel(m: NodeMetrics | null): "nom" | "wrn" | "crit" {
  if (!m) return "nom";
  return m.errors > 0 ? "crit" : m.dlq > 0 || m.late > 0 ? "wrn" : "nom";
}

export function GraphView(p: {
  layout: GraphLayout;
  node: (name: string) => TopologyNode | undefined;
  selected: Accessor<string | null>;
  select: (name: string) => void;
}): JSX.Element {
  const { layout } = p;
  const m = (n: PlacedNode) => p.node(n.name)?.metrics ?? null;
  const nodeEl = (n: PlacedNode) =>
    h(
      "g",
      {
        class: () =>
          `node kind-${n.kind} lvl-${nodeLevel(m(n))}${p.selected() === n.name ? " selected" : ""}`,
        transform: `translate(${n.x},${n.y})`,
        tabindex: "0",
        role: "button",
        "data-node": n.name,
        "aria-label": () => {
          const x = m(n);
          return `${n.name} (${p.node(n.name)?.type ?? n.kind}): in ${short(x?.in_rate)}/s, out ${
            short(x?.out_rate)
          }/s, ${x?.errors ?? 0} errors. Open its live output.`;
        },
        onClick: () => p.select(n.name),
        onKeyDown: (e: KeyboardEvent) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            p.select(n.name);
          }
        },
      },
      h("rect", { width: NODE_W, height: NODE_H, rx: 6 }),
      h("text.title", { x: 10, y: 19 }, n.name),
      h("text.type", { x: 10, y: 37 }, () => `${p.node(n.name)?.type ?? ""} · ${n.kind}`),
      h("text.rates", { x: 10, y: 56, "data-testid": `rates-${n.name}` }, () => {
        const x = m(n);
        return `in ${short(x?.in_rate)}/s  out ${short(x?.out_rate)}/s`;
      }),
      h("text.counts", { x: 10, y: 74 }, () => {
        const x = m(n);
        return `lag ${short(x?.lag_ms)}ms err ${short(x?.errors)} late ${short(x?.late)} dlq ${
          short(x?.dlq)
        }`;
      }),
    );
  return h(
    "svg.graph",
    {
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      role: "group",
      "aria-label": "Topology graph",
    },
    h(
      "defs",
      h(
        "marker",
        {
          id: "arrow",
          viewBox: "0 0 10 10",
          refX: 10,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: "auto",
        },
        h("path", { d: "M0,0 L10,5 L0,10 z" }),
      ),
    ),
    layout.edges.map((e) =>
      h(
        "g.edge",
        { class: e.port === "out" ? "" : `port-${e.port}` },
        h("path", { d: e.d, "marker-end": "url(#arrow)" }),
        e.port === "out" ? null : h("text", { x: e.labelX, y: e.labelY }, `.${e.port}`),
      )
    ),
    layout.nodes.map(nodeEl),
  ) as unknown as JSX.Element;
}
