/// <reference lib="dom" />
/**
 * A uPlot sparkline: no axes, legend or cursor; sized to its element (a
 * ResizeObserver follows layout changes) and redrawn at most twice a second.
 */
import { createEffect, onCleanup } from "solid-js";
import uPlot from "uplot";
import type { Level } from "./levels.ts";

const STROKE: Record<Level, string> = { nom: "#38c172", wrn: "#f2c94c", crit: "#ef4444" };
const HEIGHT = 38;

/** Draws `data()` (times in seconds, values) into `el`; `redraw` is a signal to re-read on. */
export function sparkline(
  el: HTMLElement,
  data: () => { times: number[]; values: number[] } | undefined,
  level: () => Level,
  redraw: () => unknown,
): void {
  let plot: uPlot | undefined;
  let stroke: Level = "nom";
  const make = (width: number) => {
    plot?.destroy();
    plot = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        axes: [{ show: false }, { show: false }],
        scales: { x: { time: false } },
        series: [{}, { stroke: STROKE[stroke], width: 1.5, points: { show: false } }],
      },
      toAligned(data()),
      el,
    );
  };
  const ro = new ResizeObserver(() => {
    const w = Math.floor(el.clientWidth);
    if (w > 0 && (!plot || Math.abs(plot.width - w) > 2)) make(w);
  });
  ro.observe(el);
  let last = 0;
  createEffect(() => {
    redraw();
    const lvl = level();
    if (!plot) return;
    if (lvl !== stroke) {
      stroke = lvl;
      make(plot.width);
      return;
    }
    const now = performance.now();
    if (now - last < 500) return;
    last = now;
    plot.setData(toAligned(data()));
  });
  onCleanup(() => {
    ro.disconnect();
    plot?.destroy();
  });
}

function toAligned(d: { times: number[]; values: number[] } | undefined): uPlot.AlignedData {
  return d ? [d.times.slice(), d.values.slice()] : [[], []];
}
