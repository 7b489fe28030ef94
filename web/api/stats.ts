/** `GET /api/stats` and `GET /metrics` (Prometheus text, pipeline + real-time hub). */
import { Hono } from "hono";
import type { Hub } from "../realtime/hub.ts";
import type { PipelinePort } from "../pipeline_port.ts";

export function statsApi(deps: { pipeline: PipelinePort; hub: Hub; startedAt: number }): Hono {
  const { pipeline, hub, startedAt } = deps;
  const app = new Hono();
  app.get("/", (c) => {
    const metrics = pipeline.metrics();
    const sum = (f: (m: (typeof metrics)[number]) => number) =>
      metrics.reduce((s, m) => s + f(m), 0);
    return c.json({
      ...hub.stats.snapshot(),
      uptime_secs: Math.round((hub.clock.now() - startedAt) / 1000),
      clients: hub.clientCount,
      position: hub.position(),
      pipeline: {
        name: pipeline.topology.name,
        produced: sum((m) => m.kind === "source" ? m.records_out : 0),
        errors: sum((m) => m.errors),
        dlq: sum((m) => m.dlq),
        late: sum((m) => m.late),
      },
    });
  });
  return app;
}

/** Prometheus exposition of the hub's own gauges and counters. */
export function hubPrometheus(hub: Hub): string {
  const s = hub.stats.snapshot();
  return [
    "# HELP sluice_ws_clients Connected real-time WebSocket clients.",
    "# TYPE sluice_ws_clients gauge",
    `sluice_ws_clients ${hub.clientCount}`,
    "# HELP sluice_ws_slow_closed_total Clients closed with 4008 (queue over cap).",
    "# TYPE sluice_ws_slow_closed_total counter",
    `sluice_ws_slow_closed_total ${hub.slowClosed}`,
    "# HELP sluice_ws_stream_offset Offset of the last message published to clients.",
    "# TYPE sluice_ws_stream_offset counter",
    `sluice_ws_stream_offset ${hub.position().offset}`,
    "# HELP sluice_ws_readings_total Readings published to clients.",
    "# TYPE sluice_ws_readings_total counter",
    `sluice_ws_readings_total ${s.total_readings}`,
    "",
  ].join("\n");
}

export function metricsApi(deps: { pipeline: PipelinePort; hub: Hub }): Hono {
  const app = new Hono();
  app.get("/", (c) => {
    const text = deps.pipeline.prometheus().replace(/\n?$/, "\n") + hubPrometheus(deps.hub);
    return c.body(text, 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
  });
  return app;
}
