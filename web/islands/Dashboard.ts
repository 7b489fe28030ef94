/// <reference lib="dom" />
/**
 * Island: the operator dashboard (SPEC §9) — header, health matrix, command
 * deck and telemetry grid, live over the real-time protocol. Mounted into
 * the element rendered by the `/` route with its props.
 */
import { render } from "solid-js/web";
import { App, connect } from "./dashboard/app.ts";
import { createCtx } from "./dashboard/context.ts";
import { DashboardState } from "./dashboard/store.ts";
import type { DashboardProps } from "./dashboard/types.ts";
import { islandRoot } from "./mount.ts";

const { el, props } = islandRoot<DashboardProps>("Dashboard");
const state = new DashboardState(props.catalog);
render(() => {
  const ctx = createCtx(props, state);
  const client = connect(ctx);
  // Read-only hook for tests and the latency bench.
  (globalThis as { __sluiceDashboard?: unknown }).__sluiceDashboard = { state, client };
  return App(ctx); // called, not h(App, ctx): h would turn ctx's accessors into getters
}, el);
