/// <reference lib="dom" />
/**
 * Command deck: START/STOP, sampling speed 1–20 /s (`POST /api/config`) and
 * fault injection (`POST /api/machines/{id}/inject|clear`), on the selected
 * machine or on all machines.
 */
import { createSignal, type JSX } from "solid-js";
import h from "solid-js/h";
import { type Ctx, postJson, upper } from "./context.ts";

export function CommandDeck(ctx: Ctx): JSX.Element {
  const [scope, setScope] = createSignal<"machine" | "all">("machine");
  const [rate, setRate] = createSignal(ctx.props.rate_hz ?? 5);
  const [fault, setFault] = createSignal(
    ctx.props.faults.includes("overheating") ? "overheating" : ctx.props.faults[0] ?? "",
  );
  const [result, setResult] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const targets = () => (scope() === "all" ? ctx.props.machines : [ctx.machine()]);
  const scopeName = () => (scope() === "all" ? "all machines" : `machine ${ctx.machine()}`);

  const run = async (what: string, f: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await f();
      setResult(`${what}: done`);
    } catch (e) {
      setResult(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const each = (action: string, body: unknown = {}) => () =>
    Promise.all(
      targets().map((m) => postJson(`/api/machines/${encodeURIComponent(m)}/${action}`, body)),
    );
  const applyRate = (v: number) =>
    run(`rate ${v}/s on ${scopeName()}`, () =>
      postJson(
        "/api/config",
        scope() === "all" ? { rate_hz: v } : { machines: { [ctx.machine()]: { rate_hz: v } } },
      ));
  const running = () => {
    ctx.tick();
    const st = ctx.state.status.get(ctx.machine());
    const r = ctx.stats()?.rates[ctx.machine()];
    const state = st ? (st.running ? "RUNNING" : "STOPPED") : "UNKNOWN";
    const faults = st?.faults.filter((f) => f.active).map((f) => f.type).join(", ");
    return `${upper(ctx.machine())}: ${state}${r === undefined ? "" : ` · ${r} msg/s`}${
      faults ? ` · faults: ${faults}` : ""
    }`;
  };

  return h(
    "section.deck",
    { "aria-label": "Command deck" },
    h("h2", "SYSTEM COMMAND DECK"),
    h(
      "fieldset.scope",
      h("legend", "Acts on"),
      (["machine", "all"] as const).map((s) =>
        h(
          "label",
          h("input", {
            type: "radio",
            name: "scope",
            value: s,
            "data-testid": `scope-${s}`,
            checked: () => scope() === s,
            onChange: () => setScope(s),
          }),
          () => (s === "all" ? " all machines" : ` machine ${ctx.machine()}`),
        )
      ),
    ),
    h("p.run-state", { "data-testid": "run-state" }, running),
    h(
      "div.buttons",
      h("button.start", {
        type: "button",
        "data-testid": "start",
        disabled: busy,
        onClick: () => run(`START ${scopeName()}`, each("start")),
      }, "▶ START"),
      h("button.stop", {
        type: "button",
        "data-testid": "stop",
        disabled: busy,
        onClick: () => run(`STOP ${scopeName()}`, each("stop")),
      }, "■ STOP"),
    ),
    h(
      "label.rate",
      h("span", "Sampling speed"),
      h("input", {
        type: "range",
        min: "1",
        max: "20",
        step: "1",
        "data-testid": "rate",
        value: () => String(rate()),
        onInput: (e: Event) => setRate(Number((e.currentTarget as HTMLInputElement).value)),
        onChange: (e: Event) => applyRate(Number((e.currentTarget as HTMLInputElement).value)),
      }),
      h("output", () => `${rate()} /s`),
    ),
    h(
      "div.inject",
      h(
        "label",
        h("span", "Fault"),
        h(
          "select",
          {
            "data-testid": "fault",
            onChange: (e: Event) => setFault((e.currentTarget as HTMLSelectElement).value),
          },
          ctx.props.faults.map((f) =>
            h("option", { value: f, selected: () => fault() === f }, f.replaceAll("_", " "))
          ),
        ),
      ),
      h("button.inject-btn", {
        type: "button",
        "data-testid": "inject",
        disabled: busy,
        onClick: () =>
          run(
            `inject ${fault()} on ${scopeName()}`,
            each("inject", { fault: fault(), ramp_secs: 3 }),
          ),
      }, "⚡ INJECT"),
      h("button", {
        type: "button",
        "data-testid": "clear",
        disabled: busy,
        onClick: () => run(`clear faults on ${scopeName()}`, each("clear")),
      }, "CLEAR"),
    ),
    h("p.result", { role: "status", "aria-live": "polite", "data-testid": "deck-result" }, result),
  ) as unknown as JSX.Element;
}
