/// <reference lib="dom" />
/**
 * Island: the running topology as a layered graph with live per-component
 * metrics (refreshed every second from `GET /api/topology`), a table of the
 * same numbers, and a tap panel showing the live output of the clicked node.
 */
import { createSignal, type JSX } from "solid-js";
import h from "solid-js/h";
import { render } from "solid-js/web";
import { islandRoot } from "./mount.ts";
import { GraphView, short, type TopologyNode } from "./topology/graph_view.ts";
import { type GraphEdge, type GraphLayout, layoutGraph } from "./topology/layout.ts";
import { TapPanel } from "./topology/tap_panel.ts";

interface TopologyAnswer {
  name: string;
  components: TopologyNode[];
  edges: GraphEdge[];
}

const COLUMNS = [
  "component",
  "type",
  "in/s",
  "out/s",
  "records in",
  "records out",
  "lag ms",
  "p99 ms",
  "errors",
  "late",
  "dlq",
];

const { el, props } = islandRoot<{ poll_ms: number }>("Topology");

render(() => {
  const [graph, setGraph] = createSignal<TopologyAnswer | null>(null);
  const [layout, setLayout] = createSignal<GraphLayout | null>(null);
  const [selected, setSelected] = createSignal<string | null>(null);
  const [error, setError] = createSignal("");
  let shape = "";
  const poll = async () => {
    try {
      const res = await fetch("/api/topology");
      const t = await res.json() as TopologyAnswer;
      if (!res.ok) throw new Error(String((t as { error?: string }).error ?? res.status));
      const key = JSON.stringify([t.components.map((c) => c.name), t.edges]);
      if (key !== shape) {
        shape = key;
        setLayout(layoutGraph(t.components, t.edges));
      }
      setGraph(t);
      setError("");
    } catch (e) {
      setError(`Cannot read the topology: ${e instanceof Error ? e.message : e}`);
    }
  };
  poll();
  setInterval(poll, props.poll_ms);
  const node = (name: string) => graph()?.components.find((c) => c.name === name);
  const ports = (name: string) => [
    ...new Set([
      "out",
      ...(graph()?.edges.filter((e) => e.from === name).map((e) => e.port) ?? []),
    ]),
  ];
  return h(
    "div.topology",
    h("h1", () => `TOPOLOGY · ${graph()?.name ?? "…"}`),
    h("p.error", { role: "status" }, error),
    h("div.graph-wrap", () => {
      const l = layout();
      return l ? GraphView({ layout: l, node, selected, select: setSelected }) : h("p", "loading…");
    }),
    h(
      "div.topo-body",
      h(
        "table.metrics",
        { "data-testid": "topology-table" },
        h("caption", "Per-component metrics (refreshed every second; click a name to tap it)"),
        h(
          "thead",
          h(
            "tr",
            COLUMNS.map((c) => h("th", { scope: "col" }, c)),
          ),
        ),
        h("tbody", () =>
          (graph()?.components ?? []).map((c) =>
            h(
              "tr",
              h(
                "th",
                { scope: "row" },
                h("button.link", { type: "button", onClick: () => setSelected(c.name) }, c.name),
              ),
              h("td", c.type),
              ...[
                c.metrics?.in_rate,
                c.metrics?.out_rate,
                c.metrics?.records_in,
                c.metrics?.records_out,
                c.metrics?.lag_ms,
                c.metrics?.p99_ms,
                c.metrics?.errors,
                c.metrics?.late,
                c.metrics?.dlq,
              ].map((v) => h("td.num", short(v))),
            )
          )),
      ),
      () => {
        const s = selected();
        return s
          ? TapPanel({ component: s, ports: ports(s), close: () => setSelected(null) })
          : null;
      },
    ),
  ) as unknown as JSX.Element;
}, el);
