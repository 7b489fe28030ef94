/// <reference lib="dom" />
/**
 * Dashboard header: machine selector, status dots (system, comm, power,
 * safety — each with a word, not colour alone), total messages, messages/s,
 * alerts badge with the recent alerts list, and the UTC clock.
 */
import { createSignal, For, type JSX, Show } from "solid-js";
import h from "solid-js/h";
import { type Ctx, upper } from "./context.ts";
import { type Level, LEVEL_TEXT } from "./levels.ts";
import { CARD_CATEGORIES } from "./types.ts";

function dot(label: string, view: () => { level: Level; word: string }) {
  return h(
    "span.dot-item",
    { "data-testid": `dot-${label.toLowerCase()}`, title: () => `${label}: ${view().word}` },
    h("span.dot", { class: () => `lvl-${view().level}`, "aria-hidden": "true" }),
    h("span.dot-label", label),
    h("span.dot-word", () => view().word),
  );
}

export function Header(ctx: Ctx): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const system = () => {
    const s = ctx.stats();
    if (!s) return { level: "crit" as Level, word: "DOWN" };
    return s.pipeline.errors > 0
      ? { level: "wrn" as Level, word: `${s.pipeline.errors} ERR` }
      : { level: "nom" as Level, word: "OK" };
  };
  const comm = () => {
    const c = ctx.conn();
    return c === "open"
      ? { level: "nom" as Level, word: "LIVE" }
      : c === "connecting"
      ? { level: "wrn" as Level, word: "WAIT" }
      : { level: "crit" as Level, word: "LOST" };
  };
  const power = () => {
    ctx.tick();
    const st = ctx.state.status.get(ctx.machine());
    if (!st) return { level: "wrn" as Level, word: "?" };
    return st.running
      ? { level: "nom" as Level, word: "ON" }
      : { level: "wrn" as Level, word: "OFF" };
  };
  const safety = () => {
    ctx.tick();
    const level = ctx.state.overall(ctx.machine(), CARD_CATEGORIES, ctx.now()).level;
    return { level, word: LEVEL_TEXT[level] };
  };
  const alerts = () => {
    ctx.tick();
    return ctx.state.activeAlerts(ctx.now());
  };
  const clock = () => new Date(ctx.now()).toISOString().slice(11, 19);
  return h(
    "section.dash-head",
    { "aria-label": "Status" },
    h(
      "div.selector",
      { role: "group", "aria-label": "Machine" },
      h("span.muted", "MACHINE"),
      ctx.props.machines.map((m) =>
        h("button", {
          type: "button",
          "data-machine": m,
          class: () => (ctx.machine() === m ? "on" : ""),
          "aria-pressed": () => String(ctx.machine() === m),
          onClick: () => ctx.setMachine(m),
        }, m)
      ),
    ),
    h(
      "div.dots",
      dot("SYSTEM", system),
      dot("COMM", comm),
      dot("POWER", power),
      dot("SAFETY", safety),
    ),
    h(
      "div.kpi",
      h("span.muted", "TOTAL"),
      h(
        "b",
        { "data-testid": "total" },
        () => ctx.stats()?.total_readings.toLocaleString("en") ?? "—",
      ),
    ),
    h(
      "div.kpi",
      h("span.muted", "MSG/S"),
      h("b", { "data-testid": "msgs-per-sec" }, () => String(ctx.stats()?.messages_per_sec ?? "—")),
    ),
    h(
      "button.badge",
      {
        type: "button",
        "data-testid": "alerts-badge",
        class: () => (alerts() > 0 ? "lvl-crit" : "lvl-nom"),
        "aria-expanded": () => String(open()),
        onClick: () => setOpen(!open()),
      },
      "ALERTS ",
      h("b", { "data-testid": "alerts-count" }, () => String(alerts())),
    ),
    h("time.clock", { "data-testid": "clock" }, () => `${clock()} UTC`),
    h(Show, { when: () => open() }, () =>
      h(
        "div.alert-list",
        { role: "region", "aria-label": "Recent alerts" },
        h("h2", "RECENT ALERTS"),
        h(
          "ol",
          h(For, { each: () => (ctx.tick(), ctx.state.alerts.slice(0, 20)) }, (a: {
            ts: number;
            machine: string;
            severity: string;
            title: string;
          }) =>
            h(
              "li",
              { class: `sev-${a.severity}` },
              `${new Date(a.ts).toISOString().slice(11, 19)} ${upper(a.machine)} `,
              h("b", upper(a.severity)),
              ` ${a.title}`,
            )),
        ),
      )),
  ) as unknown as JSX.Element;
}
