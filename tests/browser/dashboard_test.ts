/// <reference lib="dom" />
/**
 * The operator dashboard in a real chromium against a real sluice server
 * (topology/rig-alpha.yaml, embedded PGlite): live values, the machine
 * selector, fault injection, STOP/START, and no console errors.
 */
import { equal, notEqual, ok } from "node:assert/strict";
import type { Page } from "playwright-core";
import { BROWSER_TEST, openSluice, waitForText } from "./harness.ts";

const text = (page: Page, testid: string) =>
  page.locator(`[data-testid="${testid}"]`).first().innerText();

const tid = (id: string) => `[data-testid="${id}"]`;

Deno.test({
  name:
    "dashboard shows live values, switches machines, alerts on overheating and obeys STOP/START",
  ...BROWSER_TEST,
  fn: async (t) => {
    const f = await openSluice();
    try {
      const page = f.page;
      await f.goto("/");

      await t.step("values change over time", async () => {
        await waitForText(page, tid("curr-rpm"), (t) => t !== "—" && t !== "");
        const total0 = await text(page, "total");
        const rpm0 = await text(page, "curr-rpm");
        await waitForText(page, tid("total"), (t) => t !== total0);
        await waitForText(page, tid("curr-rpm"), (t) => t !== rpm0);
        equal(await page.locator('[data-testid="telemetry"] article.sensor').count(), 50);
        const mps = Number(await text(page, "msgs-per-sec"));
        ok(mps > 0, `messages/s should be positive while running, got ${mps}`);
        equal((await text(page, "dot-comm")).replace(/\s+/g, " "), "COMM LIVE");
        await f.screenshot("dashboard");
      });

      await t.step("the machine selector switches the telemetry grid", async () => {
        await page.click('.selector button[data-machine="B"]');
        await page.waitForSelector('[data-testid="telemetry"][data-machine="B"]');
        ok((await page.locator(".telemetry h2").innerText()).includes("MACHINE B"));
        equal(
          await page.getAttribute('.selector button[data-machine="B"]', "aria-pressed"),
          "true",
        );
        await waitForText(page, tid("curr-rpm"), (t) => t !== "—");
        await page.click('.selector button[data-machine="A"]');
        await page.waitForSelector('[data-testid="telemetry"][data-machine="A"]');
      });

      await t.step(
        "injecting overheating on A turns its thermal card WRN/CRIT and raises the badge",
        async () => {
          const before = Number(await text(page, "alerts-count"));
          equal(await text(page, "state-thermal"), "NOM");
          await page.selectOption(tid("fault"), "overheating");
          await page.click(tid("inject"));
          await waitForText(page, tid("deck-result"), (t) => t.includes("done"), 10_000);
          await waitForText(page, tid("state-thermal"), (t) => t === "WRN" || t === "CRIT", 45_000);
          await waitForText(page, tid("alerts-count"), (t) => Number(t) > before, 20_000);
          ok(["WRN", "CRIT"].includes(await text(page, "state-overall")));
          await f.screenshot("dashboard-overheating-A");
          // Machine B is untouched by A's fault.
          await page.click('.selector button[data-machine="B"]');
          await page.waitForSelector('[data-testid="telemetry"][data-machine="B"]');
          equal(await text(page, "state-thermal"), "NOM");
          await page.click('.selector button[data-machine="A"]');
          await page.click(tid("clear"));
        },
      );

      await t.step("STOP brings messages/s to 0 and START resumes", async () => {
        await page.check(tid("scope-all"));
        await page.click(tid("stop"));
        await waitForText(page, tid("msgs-per-sec"), (t) => t === "0", 20_000);
        await waitForText(page, tid("dot-power"), (t) => t.endsWith("OFF"), 5_000);
        ok((await text(page, "run-state")).includes("STOPPED"));
        const total = await text(page, "total");
        await f.screenshot("dashboard-stopped");
        await page.click(tid("start"));
        await waitForText(page, tid("msgs-per-sec"), (t) => Number(t) > 0, 20_000);
        notEqual(await text(page, "total"), total);
      });

      await t.step("usable on a tablet, keyboard focus visible", async () => {
        const tablet = await f.browser.newPage({ viewport: { width: 1024, height: 768 } });
        tablet.on("pageerror", (e) => f.errors.push(`tablet page error: ${e.message}`));
        await tablet.goto(f.server.url);
        await waitForText(tablet, tid("curr-rpm"), (t) => t !== "—" && t !== "");
        // The grid must not overflow the viewport horizontally.
        const overflow = await tablet.evaluate(() =>
          document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        ok(overflow <= 0, `page overflows the tablet viewport by ${overflow}px`);
        await tablet.focus('.selector button[data-machine="C"]');
        const outline = await tablet.evaluate(() =>
          getComputedStyle(document.activeElement!).outlineStyle
        );
        notEqual(outline, "none");
        await tablet.screenshot({
          path: new URL("../../test_output/screenshots/dashboard-tablet.png", import.meta.url)
            .pathname,
        });
        await tablet.close();
      });

      f.assertNoConsoleErrors();
    } finally {
      await f.close();
    }
  },
});
