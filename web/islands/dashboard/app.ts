/// <reference lib="dom" />
/**
 * The dashboard's wiring: the real-time client (the one WebSocket protocol,
 * web/static/ws_client.ts), the 1 s polls of `/api/stats` and the machines'
 * status, and the page layout of the four parts.
 */
import { batch, type JSX } from "solid-js";
import h from "solid-js/h";
import { RealtimeClient } from "../../static/ws_client.ts";
import { CommandDeck } from "./command_deck.ts";
import type { Ctx } from "./context.ts";
import { Header } from "./header.ts";
import { HealthMatrix } from "./health_matrix.ts";
import { TelemetryGrid } from "./telemetry_grid.ts";

/** Channels the dashboard subscribes to. */
export const DASHBOARD_CHANNELS = ["sensor_data", "alerts", "health_scores", "rul"];

/** Connects the stream and starts polling; returns the client (for tests and teardown). */
export function connect(ctx: Ctx): RealtimeClient {
  const client = new RealtimeClient(
    `/ws/dashboard/${encodeURIComponent(ctx.props.tenant)}`,
    DASHBOARD_CHANNELS,
    {
      onMessages(messages) {
        ctx.state.apply(messages, Date.now());
        ctx.changed();
      },
      onStatus: (status) => ctx.setConn(status),
    },
  );
  client.connect();
  let prev: { at: number; machines: Record<string, { readings: number }> } | undefined;
  const poll = async () => {
    try {
      const s = await (await fetch("/api/stats")).json();
      const now = Date.now();
      const rates: Record<string, number> = {};
      for (const [m, c] of Object.entries(s.machines as Record<string, { readings: number }>)) {
        const before = prev?.machines[m]?.readings;
        if (prev && before !== undefined && now > prev.at) {
          rates[m] = Math.round(((c.readings - before) * 1000) / (now - prev.at));
        }
      }
      prev = { at: now, machines: s.machines };
      const st = await fetch("/api/machines/status");
      const statuses = st.ok ? (await st.json()).machines ?? {} : {};
      batch(() => {
        ctx.setStats({ ...s, rates });
        for (const m of ctx.props.machines) {
          if (statuses[m]) ctx.state.setStatus(m, statuses[m], now);
        }
        ctx.changed();
      });
    } catch {
      ctx.setStats(null); // The SYSTEM dot says DOWN until the server answers again.
    }
  };
  poll();
  setInterval(poll, 1000);
  return client;
}

export function App(ctx: Ctx): JSX.Element {
  return h(
    "div.dashboard",
    Header(ctx),
    h(
      "div.dash-body",
      h("div.left", HealthMatrix(ctx), CommandDeck(ctx)),
      h("div.right", TelemetryGrid(ctx)),
    ),
  ) as unknown as JSX.Element;
}
