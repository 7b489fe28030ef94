/**
 * Shared fixtures of the real-browser tests: a real sluice server (in
 * process, port 0, embedded PGlite in a temp dir), Debian's chromium driven
 * by playwright-core (never a downloaded browser), console-error capture and
 * screenshots under test_output/screenshots/.
 *
 * Tests wait for conditions the live system must reach (`page.waitForFunction`
 * or {@link waitUntil}), never for fixed durations.
 *
 * @example
 * ```ts
 * Deno.test({ name: "page draws", ...BROWSER_TEST, fn: async () => {
 *   const f = await openSluice();
 *   try {
 *     await f.goto("/topology");
 *     await f.screenshot("topology");
 *     f.assertNoConsoleErrors();
 *   } finally {
 *     await f.close();
 *   }
 * }});
 * ```
 */
import { type Browser, chromium, type Page } from "playwright-core";
import { bundleIfStale } from "../../web/bundle.ts";
import { type RunningServer, startServer } from "../../web/server.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-quic",
  "--no-first-run",
  "--disable-sync",
];
export const SCREENSHOTS = new URL("../../test_output/screenshots/", import.meta.url);
const ROOT = new URL("../../", import.meta.url);

function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

/**
 * Options for every browser test: skipped when chromium is missing, except
 * under CI=true where a missing browser fails the test (see {@link launchChromium}).
 * Sanitizers are off: the server, the WebSockets and chromium outlive single ops.
 */
export const BROWSER_TEST = {
  ignore: !hasChromium() && Deno.env.get("CI") !== "true",
  sanitizeOps: false,
  sanitizeResources: false,
} as const;

/** Launches chromium headless; throws naming the path when it is not installed. */
export function launchChromium(): Promise<Browser> {
  if (!hasChromium()) {
    throw new Error(
      `Cannot run browser tests: ${CHROMIUM} is missing (install Debian's chromium: .ci/setup.d/browser.sh)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Starts sluice on a free port with a throwaway PGlite data dir; bundles the islands first. */
export async function startSluice(
  opts: { topology?: string; env?: Record<string, string> } = {},
): Promise<RunningServer & { logs: string[] }> {
  await bundleIfStale();
  const dataDir = await Deno.makeTempDir({ prefix: "sluice-browser-" });
  const logs: string[] = [];
  const server = await startServer({
    topology: new URL(opts.topology ?? "topology/rig-alpha.yaml", ROOT).pathname,
    port: 0,
    hostname: "127.0.0.1",
    dataDir,
    env: opts.env ?? {},
    log: (l) => logs.push(l),
  });
  return {
    ...server,
    logs,
    stop: async () => {
      await server.stop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}

/** Polls `check` (on the test side) until it returns a truthy value; fails after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T> | T,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  while (performance.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what} (last: ${String(last)})`);
}

/**
 * Waits until the text of the first element matching `selector` satisfies
 * `predicate` (read from the test side: the page's CSP forbids evaluating strings).
 */
export function waitForText(
  page: Page,
  selector: string,
  predicate: (text: string) => boolean,
  timeoutMs = 30_000,
): Promise<string> {
  return waitUntil(`${selector} shows the expected text`, async () => {
    const loc = page.locator(selector).first();
    if ((await loc.count()) === 0) return "";
    const t = (await loc.textContent()) ?? "";
    return predicate(t) ? t || " " : "";
  }, timeoutMs);
}

export interface SluiceFixture {
  server: RunningServer & { logs: string[] };
  browser: Browser;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  /** Opens a path of the server in the page and waits for the load event. */
  goto(path: string): Promise<void>;
  /** Saves a full-page PNG under test_output/screenshots/; returns its path. */
  screenshot(name: string): Promise<string>;
  assertNoConsoleErrors(): void;
  close(): Promise<void>;
}

/** A server, a browser and one page with error capture (laptop-sized viewport by default). */
export async function openSluice(opts: {
  topology?: string;
  viewport?: { width: number; height: number };
} = {}): Promise<SluiceFixture> {
  const server = await startSluice({ topology: opts.topology });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (e) {
    await server.stop();
    throw e;
  }
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  const base = server.url.replace(/\/$/, "");
  return {
    server,
    browser,
    page,
    errors,
    goto: async (path) => {
      await page.goto(base + path, { waitUntil: "load" });
    },
    screenshot: async (name) => {
      await Deno.mkdir(SCREENSHOTS, { recursive: true });
      const path = new URL(`${name}.png`, SCREENSHOTS).pathname;
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    assertNoConsoleErrors: () => {
      if (errors.length > 0) {
        throw new Error(`The page logged ${errors.length} error(s):\n${errors.join("\n")}`);
      }
    },
    close: async () => {
      await browser.close().catch(() => {});
      await server.stop();
    },
  };
}
