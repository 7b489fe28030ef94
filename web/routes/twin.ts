/**
 * `/twin`: the 3D digital twin page (SPEC §9). The page is a shell around
 * the `Twin` island (web/islands/Twin.ts), which owns the three.js scene and
 * reads the live stream over the dashboard's WebSocket protocol.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import { Island, islandScript } from "../components/island.ts";
import { Layout } from "../components/layout.ts";

/** The stream the twin follows: the single tenant's dashboard channel set. */
export const TWIN_WS_PATH = "/ws/dashboard/default";

/**
 * @example
 * ```ts
 * app.route("/twin", twinPage());
 * ```
 */
export function twinPage(): Hono {
  const app = new Hono();
  app.get("/", (c) => {
    const props = { ws: TWIN_WS_PATH }; // TwinProps of web/islands/Twin.ts
    const fallback = html`<p class="twin-fallback">
      Loading the 3D twin… It needs JavaScript and WebGL; the
      <a href="/">dashboard</a> shows the same live values.
    </p>`;
    return c.html(Layout({
      title: "3D Twin",
      current: "twin",
      body: Island("Twin", props, fallback),
      scripts: [islandScript("Twin")],
      styles: ["/static/twin.css"],
      bodyClass: "twin-page",
    }));
  });
  return app;
}
