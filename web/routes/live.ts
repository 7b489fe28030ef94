/**
 * `/live`: the minimal live page (machine sensor tables, health, recent
 * alerts, messages/s and totals), filled in by web/static/live.ts without a
 * framework — a fallback view of the same stream as the dashboard at `/`.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import { Layout } from "../components/layout.ts";

export function livePage(deps: { machines: () => string[] }): Hono {
  const app = new Hono();
  app.get("/", (c) => {
    const body = html`
      <section class="bar">
        <span id="status" class="status">connecting</span>
        <span>messages/s <b id="rate">—</b></span>
        <span>total <b id="total">—</b></span>
        <span>received <b id="received">0</b></span>
      </section>
      <div class="cols">
        <div id="machines" class="machines">
          ${deps.machines().map((m) =>
            html`
              <section class="machine" data-machine="${m}">
                <h2><span class="name">Machine ${m}</span> <span class="health">health —</span></h2>
                <table>
                  <thead>
                    <tr>
                      <th>sensor</th>
                      <th>value</th>
                      <th>unit</th>
                    </tr>
                  </thead>
                  <tbody></tbody>
                </table>
              </section>
            `
          )}
        </div>
        <aside>
          <h2>Recent anomalies and alerts</h2>
          <ul id="alerts" class="alerts"></ul>
        </aside>
      </div>
    `;
    return c.html(
      Layout({ title: "Live", current: "live", body, scripts: ["/static/build/live.js"] }),
    );
  });
  return app;
}
