/// <reference lib="dom" />
/**
 * Health matrix: one card per sensor category plus the overall card (the
 * detectors' machine health and RUL), each with health %, NOM/WRN/CRIT, the
 * last 3 anomalies, uptime that pauses while the machine is stopped, and the
 * RUL countdown when an estimate arrived.
 */
import { createMemo, type JSX } from "solid-js";
import h from "solid-js/h";
import type { SensorCategory } from "../../../pipeline/catalog/types.ts";
import { type Ctx, upper } from "./context.ts";
import { formatDuration, formatRul, LEVEL_TEXT } from "./levels.ts";
import type { CardView } from "./store.ts";
import { type AlertView, CARD_CATEGORIES } from "./types.ts";

function anomalyLine(a: AlertView) {
  const what = a.sensor ?? a.title;
  return h(
    "li",
    { class: `sev-${a.severity}` },
    h("span.t", new Date(a.ts).toISOString().slice(11, 19)),
    ` ${what} `,
    h(
      "b",
      a.severity === "critical" ? "CRIT" : a.severity === "warning" ? "WRN" : upper(a.severity),
    ),
  );
}

/** Same alerts in the same order (the store keeps one object per alert). */
function sameList(a: readonly AlertView[], b: readonly AlertView[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function card(
  ctx: Ctx,
  key: string,
  title: string,
  compute: () => CardView,
  extra?: () => unknown,
) {
  // One computation per render, shared by the card's bindings; the anomaly
  // list is re-drawn only when its alerts change, not on every render.
  const view = createMemo(compute);
  const anomalies = createMemo(() => view().anomalies, [], { equals: sameList });
  const uptime = () => {
    ctx.tick();
    const u = ctx.state.uptime(ctx.machine(), ctx.now());
    return u === undefined ? "—" : formatDuration(u);
  };
  const paused = () => (ctx.tick(), ctx.state.status.get(ctx.machine())?.running === false);
  return h(
    "article.hcard",
    { class: () => `lvl-${view().level}`, "data-category": key, "aria-label": `${title} health` },
    h(
      "header",
      h("h3", title),
      h("span.state", { "data-testid": `state-${key}` }, () => LEVEL_TEXT[view().level]),
    ),
    h(
      "div.health",
      h("b.pct", { "data-testid": `health-${key}` }, () => {
        const v = view().health;
        return v === null ? "—" : `${v}%`;
      }),
      h(
        "div.hbar",
        { "aria-hidden": "true" },
        h("div.fill", { style: () => ({ width: `${view().health ?? 0}%` }) }),
      ),
    ),
    h(
      "dl",
      h("dt", "UPTIME"),
      h(
        "dd",
        { class: () => (paused() ? "paused" : "") },
        () => paused() ? `${uptime()} ❚❚` : uptime(),
      ),
      extra?.(),
    ),
    h(
      "ol.anoms",
      { "aria-label": "Last anomalies" },
      () => {
        const list = anomalies();
        return list.length ? list.map(anomalyLine) : h("li.none", "no anomalies");
      },
    ),
  );
}

export function HealthMatrix(ctx: Ctx): JSX.Element {
  const category = (c: SensorCategory) => () => {
    ctx.tick();
    return ctx.state.category(ctx.machine(), c, ctx.now());
  };
  const overall = () => {
    ctx.tick();
    return ctx.state.overall(ctx.machine(), CARD_CATEGORIES, ctx.now());
  };
  const rul = () => {
    const hrs = (ctx.tick(), ctx.state.rulHours(ctx.machine(), ctx.now()));
    return hrs === undefined ? undefined : formatRul(hrs);
  };
  const rulRow = () => [
    h("dt", "RUL"),
    h(
      "dd",
      { "data-testid": "rul", class: () => `rul lvl-${rul()?.level ?? "none"}` },
      () => rul()?.text ?? "no estimate",
    ),
  ];
  return h(
    "section.matrix",
    { "aria-label": "Health matrix" },
    h("h2", () => `HEALTH MATRIX · MACHINE ${upper(ctx.machine())}`),
    h(
      "div.cards",
      CARD_CATEGORIES.map((c) => card(ctx, c, upper(c), category(c))),
      card(ctx, "overall", "AI / OVERALL", overall, rulRow),
    ),
  ) as unknown as JSX.Element;
}
