/**
 * Page shell shared by the server-rendered pages: dark industrial theme
 * (web/static/app.css), header navigation, scripts as external files only
 * (the CSP forbids inline script and style).
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface LayoutProps {
  title: string;
  /** Which nav entry is current. */
  current: "live" | "realtime";
  body: Html;
  /** Bundled scripts, e.g. `/static/build/live.js`. */
  scripts?: string[];
}

const NAV = [
  { key: "live", href: "/", label: "Live" },
  { key: "realtime", href: "/realtime", label: "Real-time test" },
] as const;

/**
 * @example
 * ```ts
 * c.html(Layout({ title: "Live", current: "live", body: html`<p>hi</p>` }));
 * ```
 */
export function Layout(p: LayoutProps): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${p.title} · sluice</title>
    <link rel="stylesheet" href="/static/app.css">
  </head>
  <body>
    <header class="top">
      <span class="brand">sluice</span>
      <nav>${
    NAV.map((n) =>
      html`<a href="${n.href}" class="${n.key === p.current ? "current" : ""}">${n.label}</a>`
    )
  }</nav>
    </header>
    <main>${p.body}</main>
    ${(p.scripts ?? []).map((s) => html`<script type="module" src="${s}"></script>`)}
  </body>
</html>`;
}
