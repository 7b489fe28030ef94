/**
 * The 3D digital twin island (SPEC §9): a Solid component owning the three.js
 * scene of web/islands/twin/. Stream messages (the same WebSocket protocol
 * as the dashboard) are written into a plain mutable state that the render
 * loop reads every frame; Solid signals carry only the HUD text, so a 10 Hz
 * stream re-renders nothing but a few text nodes.
 */
import { createSignal, onCleanup, onMount, type Signal } from "solid-js";
import h from "solid-js/h";
import { render } from "solid-js/web";
import { RealtimeClient } from "../static/ws_client.ts";
import { islandRoot } from "./mount.ts";
import type { CameraMode } from "./twin/controls.ts";
import type { Elem } from "./twin/dom.ts";
import { type Level, rigLevel } from "./twin/level.ts";
import { startScene, type TwinScene } from "./twin/scene.ts";
import { applyMessages, createTwinState, RIGS, type RigValues } from "./twin/state.ts";

/** Serializable props of the island (from the page's `data-*` attributes). */
export interface TwinProps {
  /** WebSocket path of the live stream, e.g. `/ws/dashboard/default`. */
  ws: string;
}

/** What a HUD card shows, refreshed when the rig's values change. */
interface Readout {
  rpm: string;
  temperature: string;
  vibration: string;
  score: string;
  level: Level;
}

function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "—";
}

function readout(v: RigValues): Readout {
  return {
    rpm: fixed(v.rpm, 0),
    temperature: fixed(v.temperature, 1),
    vibration: fixed(v.vibration, 2),
    score: v.score.toFixed(2),
    level: rigLevel(v),
  };
}

function row(label: string, value: () => string, unit: string) {
  return h("div", { class: "twin-row" }, h("dt", label), h("dd", value, h("small", unit)));
}

/** The twin: canvas, per-rig HUD cards, connection status and the walk overlay. */
export function Twin(props: TwinProps) {
  const state = createTwinState();
  const cards = new Map<string, Signal<Readout>>(
    RIGS.map((r) => [r.id, createSignal(readout(state.rigs[r.id]))]),
  );
  const [status, setStatus] = createSignal("connecting");
  const [mode, setMode] = createSignal<CameraMode>("overview");
  let canvas: Elem | undefined;
  let host: Elem | undefined;
  let scene: TwinScene | undefined;

  const client = new RealtimeClient(props.ws, ["sensor_data", "health_scores"], {
    onMessages(messages) {
      for (const id of applyMessages(state, messages)) cards.get(id)?.[1](readout(state.rigs[id]));
    },
    onStatus(s) {
      setStatus(s === "open" ? "live" : s);
    },
  });

  onMount(() => {
    scene = startScene(canvas!, host!, state, setMode);
    client.connect();
  });
  onCleanup(() => {
    client.disconnect();
    scene?.stop();
  });

  const card = (r: typeof RIGS[number]) => {
    const [get] = cards.get(r.id)!;
    return h(
      "section",
      { class: () => `twin-card level-${get().level}`, "data-rig": r.id },
      h(
        "h2",
        h("span", { class: "twin-name" }, r.name),
        h("span", { class: "twin-id" }, `Machine ${r.id}`),
        h("span", { class: "twin-level" }, () => get().level),
      ),
      h(
        "dl",
        row("rpm", () => get().rpm, ""),
        row("temp", () => get().temperature, "°F"),
        row("vibration", () => get().vibration, "mm/s"),
        row("anomaly", () => get().score, ""),
      ),
    );
  };

  return h(
    "div",
    { class: "twin", ref: (el: Elem) => host = el },
    h("canvas", { class: "twin-canvas", ref: (el: Elem) => canvas = el, tabindex: "0" }),
    h(
      "aside",
      { class: "twin-hud", "aria-label": "Live rig values" },
      h("p", { class: () => `twin-status status-${status()}` }, "stream ", () => status()),
      RIGS.map(card),
    ),
    h(
      "div",
      { class: () => `twin-overlay ${mode() === "walk" ? "hidden" : ""}` },
      h(
        "button",
        { type: "button", class: "twin-walk", onClick: () => scene?.controls.walk() },
        "Click to walk",
      ),
      h("p", "WASD to move · mouse to look · Esc leaves · drag to turn the overview"),
    ),
  );
}

// In the browser this module is the island's bundle (web/bundle.ts): mount on the page's element.
if ("document" in globalThis) {
  const { el, props } = islandRoot<TwinProps>("Twin");
  // solid-js/h returns node thunks that its JSX-based types do not describe.
  render(h(Twin, props) as unknown as Parameters<typeof render>[0], el);
}
