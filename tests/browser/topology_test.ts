/// <reference lib="dom" />
/**
 * The topology page in a real chromium: every component of the running
 * graph drawn with live rates, and a click taps a component's live output.
 */
import { equal, ok } from "node:assert/strict";
import { BROWSER_TEST, openSluice } from "./harness.ts";

Deno.test({
  name: "topology page draws every component with live rates and taps a clicked node",
  ...BROWSER_TEST,
  fn: async () => {
    const f = await openSluice();
    try {
      const page = f.page;
      const api = await (await fetch(new URL("/api/topology", f.server.url))).json();
      await f.goto("/topology");
      await page.waitForSelector("svg.graph g.node");
      const drawn = await page.locator("svg.graph g.node").evaluateAll((gs) =>
        gs.map((g) => g.getAttribute("data-node")).sort()
      );
      equal(
        JSON.stringify(drawn),
        JSON.stringify(api.components.map((c: { name: string }) => c.name).sort()),
      );
      equal(await page.locator("svg.graph g.edge").count(), api.edges.length);
      // Rates come alive: the validate step passes the simulator's readings on.
      await page.waitForFunction(
        () => {
          const m = /in (\d[\d.k]*)\/s\s+out (\d[\d.k]*)\/s/.exec(
            document.querySelector('[data-testid="rates-clean"]')?.textContent ?? "",
          );
          return m !== null && m[1] !== "0" && m[2] !== "0";
        },
        null,
        { timeout: 20_000, polling: 200 },
      );
      await page.click('svg.graph g.node[data-node="clean"]');
      await page.waitForSelector('[data-testid="tap-panel"]');
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="tap-panel"] .records li:not(.none)').length > 0,
        null,
        { timeout: 15_000, polling: 200 },
      );
      const first = await page.locator('[data-testid="tap-panel"] .records li').first().innerText();
      ok(first.includes('"sensor"'), `a tapped record names its sensor: ${first}`);
      // Keyboard: a focused node opens its tap with Enter.
      await page.focus('svg.graph g.node[data-node="win"]');
      await page.keyboard.press("Enter");
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="tap-panel"] h2')?.textContent?.includes("win")
      );
      await page.click('svg.graph g.node[data-node="clean"]');
      await page.waitForFunction(() =>
        document.querySelectorAll('[data-testid="tap-panel"] .records li:not(.none)').length > 0
      );
      await f.screenshot("topology");
      f.assertNoConsoleErrors();
    } finally {
      await f.close();
    }
  },
});
