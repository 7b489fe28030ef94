/**
 * WebSocket endpoints of the real-time protocol (mounted at `/ws`):
 * `/ws/dashboard/:tenant` (subscribe to any channel) and `/ws/alerts/:tenant`
 * (alerts only, subscribed at connect). `?since=<epoch>:<offset>` resumes.
 */
import { Hono } from "hono";
import type { MiddlewareHandler } from "hono";
import { upgradeWebSocket } from "hono/deno";
import { HTTPException } from "hono/http-exception";
import type { WSContext } from "hono/ws";
import type { ClientSink, ConnectOptions, Hub } from "./hub.ts";
import type { HubClient } from "./hub_client.ts";
import { originCheck } from "./origin.ts";
import { parsePosition } from "./protocol.ts";

export interface RealtimeRoutesOptions {
  /** Origins allowed besides the server's own. */
  allowedOrigins?: readonly string[];
  /** Known tenants; default `["default"]`. */
  tenants?: readonly string[];
}

/** A hub client sink over a Hono WebSocket context. */
function sinkOf(ws: WSContext): ClientSink {
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    bufferedAmount: () => (ws.raw as WebSocket | undefined)?.bufferedAmount ?? 0,
  };
}

/** Checks the tenant and the `since` parameter before the upgrade. */
function handshake(tenants: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const tenant = c.req.param("tenant") ?? "";
    if (!tenants.includes(tenant)) {
      throw new HTTPException(404, {
        message: `Cannot open WebSocket: unknown tenant "${tenant}" (tenants: ${
          tenants.join(", ")
        })`,
      });
    }
    const since = c.req.query("since");
    if (since !== undefined && !parsePosition(since)) {
      throw new HTTPException(400, {
        message: `Cannot resume: since must be <epoch>:<offset>, got "${since}"`,
      });
    }
    await next();
  };
}

function endpoint(hub: Hub, fixed: Pick<ConnectOptions, "channels" | "allowed">) {
  return upgradeWebSocket((c) => {
    const since = parsePosition(c.req.query("since"));
    let client: HubClient | undefined;
    return {
      onOpen: (_evt, ws) => {
        client = hub.connect(sinkOf(ws), { ...fixed, ...(since ? { since } : {}) });
      },
      onMessage: (evt) => client?.receive(typeof evt.data === "string" ? evt.data : ""),
      onClose: () => client?.disconnect(),
      onError: () => client?.disconnect(),
    };
  });
}

/**
 * @example
 * ```ts
 * app.route("/ws", realtimeRoutes(hub, { allowedOrigins: [] }));
 * ```
 */
export function realtimeRoutes(hub: Hub, opts: RealtimeRoutesOptions = {}): Hono {
  const tenants = opts.tenants ?? ["default"];
  const app = new Hono();
  app.use("*", originCheck({ allowed: opts.allowedOrigins }));
  const upgradeRequired = () => {
    throw new HTTPException(426, { message: "This endpoint speaks WebSocket only" });
  };
  app.get("/dashboard/:tenant", handshake(tenants), endpoint(hub, {}), upgradeRequired);
  app.get(
    "/alerts/:tenant",
    handshake(tenants),
    endpoint(hub, { channels: ["alerts"], allowed: ["alerts"] }),
    upgradeRequired,
  );
  return app;
}
