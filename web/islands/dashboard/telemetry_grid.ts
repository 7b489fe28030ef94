/// <reference lib="dom" />
/**
 * Telemetry grid: every sensor of the selected machine, grouped by
 * category — current value and average, NOM/WRN/CRIT with the threshold
 * colour, thresholds, and a uPlot sparkline.
 */
import { createMemo, type JSX } from "solid-js";
import h from "solid-js/h";
import type { SensorSpec } from "../../../pipeline/catalog/types.ts";
import { type Ctx, upper } from "./context.ts";
import { formatValue, LEVEL_TEXT } from "./levels.ts";
import { sparkline } from "./sparkline.ts";
import { CARD_CATEGORIES } from "./types.ts";

function limits(s: SensorSpec): string {
  const part = (label: string, lo?: number, hi?: number) =>
    lo === undefined && hi === undefined
      ? ""
      : `${label} ${lo !== undefined ? `≤${formatValue(lo)}` : ""}${
        lo !== undefined && hi !== undefined ? " " : ""
      }${hi !== undefined ? `≥${formatValue(hi)}` : ""}`;
  return [part("W", s.warning_low, s.warning_high), part("C", s.critical_low, s.critical_high)]
    .filter(Boolean).join("  ");
}

function sensorCard(ctx: Ctx, machine: string, spec: SensorSpec) {
  const series = () => (ctx.tick(), ctx.state.get(machine, spec.name));
  // A memo: the class and the NOM/WRN/CRIT word change only when the level does.
  const level = createMemo(() => (ctx.tick(), ctx.state.level(machine, spec.name)));
  return h(
    "article.sensor",
    { class: () => `lvl-${level()}`, "data-sensor": spec.name, "aria-label": spec.label },
    h(
      "header",
      h("span.label", { title: spec.description ?? spec.label }, spec.label),
      h("span.state", () => LEVEL_TEXT[level()]),
    ),
    h(
      "div.vals",
      h(
        "div",
        h("span.k", "CURR"),
        h("b.curr", { "data-testid": `curr-${spec.name}` }, () => formatValue(series()?.value)),
        h("span.unit", spec.unit),
      ),
      h(
        "div",
        h("span.k", "AVG"),
        h("span.avg", () => (ctx.tick(), formatValue(ctx.state.average(machine, spec.name)))),
      ),
    ),
    h("div.spark", {
      "aria-hidden": "true",
      ref: (el: HTMLElement) =>
        sparkline(el, () => ctx.state.get(machine, spec.name), level, ctx.tick),
    }),
    h("footer", { title: `${spec.name}: warning (W) and critical (C) levels` }, limits(spec)),
  );
}

export function TelemetryGrid(ctx: Ctx): JSX.Element {
  return h(
    "section.telemetry",
    { "aria-label": "Telemetry" },
    // Re-created when the machine changes: cards bind to one machine's series.
    () => {
      const m = ctx.machine();
      return h(
        "div.grid-wrap",
        { "data-testid": "telemetry", "data-machine": m },
        h("h2", `TELEMETRY · MACHINE ${upper(m)}`),
        CARD_CATEGORIES.map((c) =>
          h(
            "section.group",
            { "aria-label": `${c} sensors` },
            h("h3", upper(c)),
            h(
              "div.grid",
              ctx.props.catalog.filter((s) => s.category === c).map((s) => sensorCard(ctx, m, s)),
            ),
          )
        ),
      );
    },
  ) as unknown as JSX.Element;
}
