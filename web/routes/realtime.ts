/** `/realtime`: the plain real-time test page (SPEC §8), driven by web/static/realtime_page.ts. */
import { Hono } from "hono";
import { html } from "hono/html";
import { Layout } from "../components/layout.ts";

const COUNTERS = [
  ["sensor_update", "sensor updates"],
  ["alert_triggered", "alerts"],
  ["health_update", "health updates"],
  ["batches", "batches"],
  ["reconnects", "reconnects"],
] as const;

export function realtimePage(): Hono {
  const app = new Hono();
  app.get("/", (c) => {
    const body = html`
      <section class="bar">
        <button id="connect" type="button">Connect</button>
        <span id="status" class="status closed">closed</span>
        <span>position <b id="position">—</b></span>
      </section>
      <section class="counters">
        ${COUNTERS.map(([id, label]) =>
          html`<div class="counter"><b id="count-${id}">0</b><span>${label}</span></div>`
        )}
      </section>
      <h2>Live log</h2>
      <ul id="log" class="log"></ul>
    `;
    return c.html(
      Layout({
        title: "Real-time test",
        current: "realtime",
        body,
        scripts: ["/static/build/realtime_page.js"],
      }),
    );
  });
  return app;
}
