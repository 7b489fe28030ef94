/// <reference lib="dom" />
/**
 * What every dashboard view reads: props, the plain state, and the few
 * signals that drive re-rendering (a change counter, a 1 s clock, the
 * selected machine, the connection and the polled server stats).
 */
import { type Accessor, createSignal, type Setter } from "solid-js";
import type { DashboardState } from "./store.ts";
import type { DashboardProps } from "./types.ts";

/** Shortest interval between two re-renders of the views, ms. */
export const RENDER_MS = 100;

export type ConnStatus = "connecting" | "open" | "closed";

/** The parts of `GET /api/stats` the dashboard shows. */
export interface StatsView {
  total_readings: number;
  messages_per_sec: number;
  machines: Record<string, { readings: number; alerts: number; anomalies: number }>;
  pipeline: { errors: number; dlq: number };
  /** Readings/s per machine, from the difference of two polls. */
  rates: Record<string, number>;
}

export interface Ctx {
  props: DashboardProps;
  state: DashboardState;
  /** Bumped after changes of `state` (at most every {@link RENDER_MS}): views read it to re-render. */
  tick: Accessor<number>;
  /** Tells the views that `state` changed. */
  changed(): void;
  /** Local time, ms, updated every second. */
  now: Accessor<number>;
  machine: Accessor<string>;
  setMachine: Setter<string>;
  conn: Accessor<ConnStatus>;
  setConn: Setter<ConnStatus>;
  /** Last `GET /api/stats`; null while the server does not answer. */
  stats: Accessor<StatsView | null>;
  setStats: Setter<StatsView | null>;
}

/** Creates the signals around a state (call inside a Solid root). */
export function createCtx(props: DashboardProps, state: DashboardState): Ctx {
  const [tick, setTick] = createSignal(0);
  const [now, setNow] = createSignal(Date.now());
  const [machine, setMachine] = createSignal(props.machines[0] ?? "A");
  const [conn, setConn] = createSignal<ConnStatus>("connecting");
  const [stats, setStats] = createSignal<StatsView | null>(null);
  setInterval(() => setNow(Date.now()), 1000);
  // Views re-render at most every RENDER_MS however fast frames arrive: the
  // state takes every message at once, the DOM follows at ~10 Hz.
  let pending: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  const changed = () => {
    if (pending !== undefined) return;
    const wait = Math.max(0, last + RENDER_MS - performance.now());
    pending = setTimeout(() => {
      pending = undefined;
      last = performance.now();
      setTick((t) => t + 1);
    }, wait);
  };
  return {
    props,
    state,
    tick,
    changed,
    now,
    machine,
    setMachine,
    conn,
    setConn,
    stats,
    setStats,
  };
}

/** Sends a JSON POST; resolves to the answer or throws with the server's error text. */
export async function postJson(path: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error((json as { error?: string }).error ?? `${path} answered ${res.status}`);
  }
  return json;
}

/** Upper-case label of a category or machine for headings. */
export function upper(s: string): string {
  return s.toUpperCase();
}
