/**
 * The web application: one Hono sub-app per area, joined with `app.route()`.
 * It talks to the running pipeline only through {@link PipelinePort} and to
 * live clients through the {@link Hub}.
 */
import { Hono } from "hono";
import type { Sql } from "postgres";
import type { Clock } from "../pipeline/engine/clock.ts";
import { configApi } from "./api/config.ts";
import { jsonError } from "./api/errors.ts";
import { knownMachines, machinesApi } from "./api/machines.ts";
import { ingestApi } from "./api/ingest.ts";
import { predictiveApi } from "./api/predictive.ts";
import { metricsApi, statsApi } from "./api/stats.ts";
import { Taps } from "./api/taps.ts";
import { topologyApi } from "./api/topology.ts";
import { configuredRate, type PipelinePort } from "./pipeline_port.ts";
import type { Hub } from "./realtime/hub.ts";
import { realtimeRoutes } from "./realtime/routes.ts";
import { securityHeaders } from "./routes/_middleware.ts";
import { indexPage } from "./routes/index.ts";
import { livePage } from "./routes/live.ts";
import { realtimePage } from "./routes/realtime.ts";
import { staticFiles } from "./routes/static.ts";
import { topologyPage } from "./routes/topology.ts";
import { twinPage } from "./routes/twin.ts";

export interface AppDeps {
  pipeline: PipelinePort;
  hub: Hub;
  /** The store, for routes that read history (later issues). */
  sql?: Sql;
  /** Origins allowed to open WebSockets besides the server's own. */
  allowedOrigins?: readonly string[];
  /** Clock for uptime and taps; default the hub's. */
  clock?: Clock;
  /** Aborting it releases the app's taps on the pipeline (before stopping it). */
  signal?: AbortSignal;
}

/**
 * @example
 * ```ts
 * const app = createApp({ pipeline, hub });
 * const res = await app.request("/api/stats");
 * ```
 */
export function createApp(deps: AppDeps): Hono {
  const { pipeline, hub } = deps;
  const clock = deps.clock ?? hub.clock;
  const taps = new Taps(pipeline, clock);
  deps.signal?.addEventListener("abort", () => taps.close(), { once: true });
  const app = new Hono();
  app.onError(jsonError);
  app.notFound((c) => c.json({ error: `No route for ${c.req.method} ${c.req.path}` }, 404));
  app.use("*", securityHeaders());

  app.route("/metrics", metricsApi({ pipeline, hub }));
  app.route("/api/stats", statsApi({ pipeline, hub, startedAt: clock.now() }));
  app.route("/api/machines", machinesApi({ pipeline, hub }));
  app.route("/api/config", configApi({ pipeline, hub }));
  app.route("/api/topology", topologyApi({ pipeline, taps }));
  app.route("/api/v1/ingest", ingestApi());
  app.route("/api", predictiveApi({ pipeline, sql: deps.sql, signal: deps.signal }));
  app.route("/ws", realtimeRoutes(hub, { allowedOrigins: deps.allowedOrigins }));
  app.route("/static", staticFiles());
  app.route("/realtime", realtimePage());
  app.route("/twin", twinPage());
  app.route("/live", livePage({ machines: () => knownMachines(pipeline, hub) }));
  app.route("/topology", topologyPage());
  app.route(
    "/",
    indexPage({
      machines: () => knownMachines(pipeline, hub),
      rate: () => configuredRate(pipeline),
    }),
  );
  return app;
}
