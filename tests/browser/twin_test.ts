/**
 * The 3D twin page in real Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core): a real sluice server runs a topology replaying crafted
 * readings in a loop (A fast and hot, B slow and cold, C mid-speed, warm and
 * vibrating; a threshold detector flags A's rpm), and the test reads the
 * island's hook `window.__twin`. Screenshot: test_output/screenshots/twin.png.
 * Under CI=true a missing chromium fails the test instead of skipping it.
 */
import { equal, ok } from "node:assert/strict";
import { chromium, type Page } from "playwright-core";
import { bundle, entries } from "../../web/bundle.ts";
import { startServer } from "../../web/server.ts";

const CHROMIUM = "/usr/bin/chromium";
const SHOT = new URL("../../test_output/screenshots/twin.png", import.meta.url);
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-quic",
  "--no-first-run",
  "--disable-sync",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
];
/** Replayed values per machine (constant, so the expected mapping is exact). */
const RIGS = {
  A: { rpm: 4200, temperature: 100, vibration: 1.2 },
  B: { rpm: 1200, temperature: 60, vibration: 0.8 },
  C: { rpm: 2600, temperature: 80, vibration: 4 },
} as const;
const UNITS = { rpm: "rpm", temperature: "°F", vibration: "mm/s" } as const;

function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

/** Writes a 4 s recording at 5 Hz and a topology looping it into the live stream. */
async function writeTopology(dir: string): Promise<string> {
  const lines: string[] = [];
  for (let i = 0; i < 20; i++) {
    const ts = 1_767_225_600_000 + i * 200;
    for (const [machine, values] of Object.entries(RIGS)) {
      for (const [sensor, value] of Object.entries(values)) {
        const unit = UNITS[sensor as keyof typeof UNITS];
        lines.push(JSON.stringify({ ts, machine, sensor, value, unit }));
      }
    }
  }
  await Deno.writeTextFile(`${dir}/twin.ndjson`, lines.join("\n") + "\n");
  const topology = `version: 1
name: twin-browser-test
sources:
  rec: { type: replay, path: twin.ndjson, speed: 1, loop: true }
transforms:
  limits: { type: threshold, inputs: [rec] }
sinks:
  live: { type: websocket, inputs: [rec, limits] }
`;
  await Deno.writeTextFile(`${dir}/twin.yaml`, topology);
  return `${dir}/twin.yaml`;
}

interface RigHook {
  rotorAngle: number;
  rpm: number;
  temperature: number;
  score: number;
  emissive: number[];
}
type Hook = { rigs: Record<string, RigHook>; frames: number; messages: number };

function hook(page: Page): Promise<Hook> {
  return page.evaluate(() => (globalThis as unknown as { __twin: Hook }).__twin);
}

function near(actual: number[], expected: number[], what: string): void {
  ok(actual.every((v, i) => Math.abs(v - expected[i]) < 1e-6), `${what}: ${actual} ≠ ${expected}`);
}

/** Distinct colours (quantised to 4 bits a channel) of a PNG, decoded by the page itself. */
function distinctColours(page: Page, png: Uint8Array): Promise<number> {
  const b64 = btoa(Array.from(png, (c) => String.fromCharCode(c)).join(""));
  // A string, so this file needs no DOM types.
  return page.evaluate(`(async () => {
    const img = new Image();
    img.src = "data:image/png;base64,${b64}";
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < px.length; i += 4) {
      seen.add(((px[i] >> 4) << 8) | ((px[i + 1] >> 4) << 4) | (px[i + 2] >> 4));
    }
    return seen.size;
  })()`);
}

Deno.test({
  name: "twin page animates the rigs from the live stream: rpm spins, heat glows, no errors",
  ignore: !hasChromium() && Deno.env.get("CI") !== "true",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    ok(hasChromium(), `Cannot run the browser test: ${CHROMIUM} is missing (CI=true)`);
    const twin = (await entries()).find((e) => e.name === "islands/Twin");
    ok(twin, "web/bundle.ts does not list the Twin island");
    await bundle(twin);

    const dir = await Deno.makeTempDir({ prefix: "sluice_twin_" });
    const log: string[] = [];
    const server = await startServer({
      topology: await writeTopology(dir),
      port: 0,
      hostname: "127.0.0.1",
      dataDir: `${dir}/pglite`,
      log: (l) => log.push(l),
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      // Software WebGL on a loaded CI machine can draw a frame a second: wait on state, generously.
      page.setDefaultTimeout(180_000);
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${server.url}twin`);

      // Live values arrived for every rig, and A's rpm warning reached it as health.
      await page.waitForFunction(() => {
        const t = (globalThis as unknown as { __twin?: Hook }).__twin;
        return t !== undefined && ["A", "B", "C"].every((id) =>
          Number.isFinite(t.rigs[id]?.rpm) && Number.isFinite(t.rigs[id]?.temperature)
        ) && t.rigs.A.score > 0.5;
      });

      // Rotor angles over the same frames: A (4200 rpm) turns 3.5× as far as B (1200 rpm).
      const before = await hook(page);
      await page.waitForFunction(
        (f) => (globalThis as unknown as { __twin: Hook }).__twin.frames >= f + 30,
        before.frames,
      );
      const after = await hook(page);
      const turnA = after.rigs.A.rotorAngle - before.rigs.A.rotorAngle;
      const turnB = after.rigs.B.rotorAngle - before.rigs.B.rotorAngle;
      ok(turnB > 0, `B's rotor did not turn (${turnB} rad)`);
      ok(Math.abs(turnA / turnB - 4200 / 1200) < 1e-6, `A/B turn ratio ${turnA / turnB}, want 3.5`);

      // Temperature → emissive: 100 °F orange, 60 °F black, 80 °F red.
      near(after.rigs.A.emissive, [1, 0.5, 0], "A emissive at 100 °F");
      near(after.rigs.B.emissive, [0, 0, 0], "B emissive at 60 °F");
      near(after.rigs.C.emissive, [1, 0, 0], "C emissive at 80 °F");
      ok(after.rigs.B.score <= 0.5, `B has no anomaly, got score ${after.rigs.B.score}`);

      // The HUD shows the values (text, not only colour), and stream updates leave the nodes in place.
      const card = page.locator('.twin-card[data-rig="A"]');
      await card.evaluate((el) => (el as unknown as { mark: number }).mark = 1);
      await page.waitForFunction(
        (m) => (globalThis as unknown as { __twin: Hook }).__twin.messages >= m + 40,
        after.messages,
      );
      equal(await card.evaluate((el) => (el as unknown as { mark?: number }).mark), 1);
      const text = await card.innerText();
      ok(/alpha/i.test(text) && /4200/.test(text) && /100\.0/.test(text), `HUD card A: ${text}`);
      ok(/CRIT/.test(text), `HUD card A shows its level as text: ${text}`);

      // A non-blank canvas: the screenshot of the canvas has many colours.
      await Deno.mkdir(new URL(".", SHOT), { recursive: true });
      await page.screenshot({ path: SHOT.pathname });
      const colours = await distinctColours(page, await page.locator("canvas").screenshot());
      ok(colours > 200, `canvas looks blank: ${colours} distinct colours`);

      equal(errors.join("\n"), "", "console errors on the twin page");
    } finally {
      await browser.close();
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
