/**
 * `/topology`: the running graph with live per-component metrics; the
 * Topology island (web/islands/Topology.ts) draws it from `GET /api/topology`
 * and taps a clicked component through `GET /api/topology/tap/:component`.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import { Island, islandScript } from "../components/island.ts";
import { Layout } from "../components/layout.ts";

export function topologyPage(opts: { pollMs?: number } = {}): Hono {
  const app = new Hono();
  app.get("/", (c) =>
    c.html(
      Layout({
        title: "Topology",
        current: "topology",
        body: Island(
          "Topology",
          { poll_ms: opts.pollMs ?? 1000 },
          html`
            <p
              class="loading">Loading the topology… (the JSON is at <a href="/api/topology">/api/topology</a>)</p>
          `,
        ),
        scripts: [islandScript("Topology")],
        styles: ["/static/topology.css"],
      }),
    ));
  return app;
}
