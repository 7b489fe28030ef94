/**
 * Page shell shared by the server-rendered pages: dark industrial theme
 * (web/static/app.css), header navigation, scripts and styles as external
 * files only (the CSP forbids inline script and style). Pages with an island
 * render it with {@link Island} (web/components/island.ts) and list its
 * bundle from `islandScript(name)` in `scripts`.
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The pages of the navigation bar. */
export type Page = "dashboard" | "twin" | "topology" | "realtime" | "live";

export interface LayoutProps {
  title: string;
  /** Which nav entry is current. */
  current: Page;
  body: Html;
  /** Bundled scripts, e.g. `/static/build/islands/Dashboard.js`. */
  scripts?: string[];
  /** Extra stylesheets after app.css, e.g. `/static/twin.css`. */
  styles?: string[];
  /** Class of `<body>`, e.g. `full` for pages that use the whole viewport. */
  bodyClass?: string;
}

const NAV: readonly { key: Page; href: string; label: string }[] = [
  { key: "dashboard", href: "/", label: "Dashboard" },
  { key: "twin", href: "/twin", label: "3D Twin" },
  { key: "topology", href: "/topology", label: "Topology" },
  { key: "realtime", href: "/realtime", label: "Real-time test" },
];

/**
 * @example
 * ```ts
 * c.html(Layout({ title: "Topology", current: "topology", body: html`<p>hi</p>` }));
 * ```
 */
export function Layout(p: LayoutProps): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${p.title} · sluice</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/static/app.css">
    ${(p.styles ?? []).map((s) => html`<link rel="stylesheet" href="${s}">`)}
  </head>
  <body class="${p.bodyClass ?? ""}">
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <span class="brand">sluice</span>
      <nav aria-label="Pages">${
    NAV.map((n) =>
      html`<a href="${n.href}" class="${n.key === p.current ? "current" : ""}" ${
        n.key === p.current ? html`aria-current="page"` : ""
      }>${n.label}</a>`
    )
  }</nav>
    </header>
    <main id="main">${p.body}</main>
    ${(p.scripts ?? []).map((s) => html`<script type="module" src="${s}"></script>`)}
  </body>
</html>`;
}
