/// <reference lib="dom" />
/**
 * Side panel with a component's live output: polls
 * `GET /api/topology/tap/:component?port=&limit=` every second and lists the
 * newest records first.
 */
import { createSignal, type JSX, onCleanup } from "solid-js";
import h from "solid-js/h";

interface TapAnswer {
  component: string;
  port: string;
  since: number;
  seen: number;
  records: Record<string, unknown>[];
}

export const TAP_LIMIT = 25;

/** One record on one line, readings shortened to their essentials. */
export function recordLine(r: Record<string, unknown>): string {
  const ts = typeof r.ts === "number" ? new Date(r.ts).toISOString().slice(11, 23) : "";
  const rest = Object.entries(r).filter(([k]) => k !== "ts");
  return `${ts} ${JSON.stringify(Object.fromEntries(rest))}`;
}

export function TapPanel(
  p: { component: string; ports: string[]; close: () => void },
): JSX.Element {
  const [port, setPort] = createSignal(p.ports[0] ?? "out");
  const [answer, setAnswer] = createSignal<TapAnswer | null>(null);
  const [error, setError] = createSignal("");
  const poll = async () => {
    try {
      const res = await fetch(
        `/api/topology/tap/${encodeURIComponent(p.component)}?port=${
          encodeURIComponent(port())
        }&limit=${TAP_LIMIT}`,
      );
      const json = await res.json();
      if (!res.ok) throw new Error(json.error ?? `tap answered ${res.status}`);
      setAnswer(json as TapAnswer);
      setError("");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  poll();
  const timer = setInterval(poll, 1000);
  onCleanup(() => clearInterval(timer));
  return h(
    "aside.tap",
    { "aria-label": `Live output of ${p.component}`, "data-testid": "tap-panel" },
    h(
      "header",
      h("h2", `TAP · ${p.component}`),
      h("button", { type: "button", onClick: p.close, "aria-label": "Close the tap panel" }, "✕"),
    ),
    h(
      "label",
      "port ",
      h(
        "select",
        {
          onChange: (e: Event) => {
            setPort((e.currentTarget as HTMLSelectElement).value);
            setAnswer(null);
            poll();
          },
        },
        p.ports.map((x) => h("option", { value: x }, x)),
      ),
    ),
    h("p.muted", { "data-testid": "tap-seen" }, () => {
      const a = answer();
      return a
        ? `${a.seen} records since ${new Date(a.since).toISOString().slice(11, 19)} UTC`
        : "listening…";
    }),
    h("p.error", { role: "status" }, error),
    h(
      "ol.records",
      () => {
        const a = answer();
        if (!a || a.records.length === 0) return h("li.none", "no records yet");
        return [...a.records].reverse().map((r) => h("li", recordLine(r)));
      },
    ),
  ) as unknown as JSX.Element;
}
