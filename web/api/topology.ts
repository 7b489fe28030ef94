/**
 * `GET /api/topology` (components, edges and live metrics per component) and
 * `GET /api/topology/tap/:component?port=&limit=` (recent output records).
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { formatInputRef } from "../../pipeline/engine/topology.ts";
import type { PipelinePort } from "../pipeline_port.ts";
import type { Taps } from "./taps.ts";

export function topologyApi(deps: { pipeline: PipelinePort; taps: Taps }): Hono {
  const { pipeline, taps } = deps;
  const app = new Hono();
  app.get("/", (c) => {
    const metrics = new Map(pipeline.metrics().map((m) => [m.component, m]));
    const { name, components } = pipeline.topology;
    return c.json({
      name,
      components: components.map((s) => ({
        name: s.name,
        kind: s.kind,
        type: s.type,
        inputs: s.inputs.map(formatInputRef),
        metrics: metrics.get(s.name) ?? null,
      })),
      edges: components.flatMap((s) =>
        s.inputs.map((i) => ({ from: i.component, port: i.port, to: s.name }))
      ),
    });
  });
  app.get("/tap/:component", (c) => {
    const component = c.req.param("component");
    const names = pipeline.topology.components.map((s) => s.name);
    if (!names.includes(component)) {
      throw new HTTPException(404, {
        message: `Cannot tap "${component}": no such component (components: ${names.join(", ")})`,
      });
    }
    const port = c.req.query("port") || "out";
    const limitText = c.req.query("limit") ?? "50";
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > taps.keep) {
      throw new HTTPException(400, {
        message:
          `Cannot tap "${component}": limit must be an integer in 1..${taps.keep}, got "${limitText}"`,
      });
    }
    try {
      return c.json(taps.read(component, port, limit));
    } catch (e) {
      throw new HTTPException(400, {
        message: `Cannot tap "${component}.${port}": ${e instanceof Error ? e.message : e}`,
      });
    }
  });
  return app;
}
