/**
 * Server side of an island (the Fresh model): a mount element plus its props
 * serialised as JSON in a non-executed `<script type="application/json">`
 * (allowed by the CSP). The browser side reads them with `islandRoot()` from
 * web/islands/mount.ts. Islands are the PascalCase files of web/islands/;
 * web/bundle.ts bundles each to `/static/build/islands/<Name>.js`.
 */
import { html, raw } from "hono/html";
import type { Html } from "./layout.ts";

/** URL of an island's bundle. */
export function islandScript(name: string): string {
  return `/static/build/islands/${name}.js`;
}

/** JSON safe inside a `<script>` element: `<`, `>`, `&` and line separators escaped. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Renders the mount point of island `name` with `props`; `fallback` shows
 * until the island mounts (and stays for clients without JavaScript).
 *
 * @example
 * ```ts
 * html`${Island("Topology", { poll_ms: 1000 }, html`<p>loading…</p>`)}`;
 * ```
 */
export function Island(name: string, props: unknown, fallback: Html | string = ""): Html {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    throw new Error(`Cannot render island "${name}": names are PascalCase identifiers`);
  }
  return html`<div class="island" id="island-${name}" data-island="${name}">${fallback}</div>
<script type="application/json" id="island-${name}-props">${raw(scriptJson(props))}</script>`;
}
