/**
 * `/`: the operator dashboard. The page shell is rendered here with the
 * island's props (machines, the sensor catalog with thresholds, fault types,
 * sampling rate); the Dashboard island (web/islands/Dashboard.ts) mounts
 * into it and goes live over `/ws/dashboard/default`.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import { SENSOR_CATALOG } from "../../pipeline/catalog/sensors.ts";
import { FAULT_TYPES } from "../../pipeline/sources/simulator_faults.ts";
import { Island, islandScript } from "../components/island.ts";
import { Layout } from "../components/layout.ts";
import type { DashboardProps } from "../islands/dashboard/types.ts";

export interface IndexDeps {
  /** Machines of the running topology. */
  machines: () => string[];
  /** Sampling rate the sources start with (readings/s per sensor). */
  rate?: () => number | undefined;
  /** Tenant of the real-time stream; `default` until auth arrives. */
  tenant?: string;
}

/** The dashboard's props as the island receives them. */
export function dashboardProps(deps: IndexDeps): DashboardProps {
  return {
    tenant: deps.tenant ?? "default",
    machines: deps.machines(),
    catalog: [...SENSOR_CATALOG],
    faults: [...FAULT_TYPES],
    rate_hz: deps.rate?.() ?? null,
  };
}

export function indexPage(deps: IndexDeps): Hono {
  const app = new Hono();
  app.get("/", (c) => {
    const props = dashboardProps(deps);
    const fallback = html`
      <p
        class="loading">Loading the dashboard for machines ${props.machines.join(
          ", ",
        )}… (it needs JavaScript; <a href="/live">the plain live page</a> works without a framework)</p>
    `;
    return c.html(
      Layout({
        title: "Dashboard",
        current: "dashboard",
        body: Island("Dashboard", props, fallback),
        scripts: [islandScript("Dashboard")],
        styles: ["/static/build/uplot.css", "/static/dashboard.css"],
      }),
    );
  });
  return app;
}
