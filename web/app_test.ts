import { deepEqual, equal, match, ok } from "node:assert/strict";
import type { Batch } from "../pipeline/engine/batch.ts";
import { ManualClock } from "../pipeline/engine/clock.ts";
import { runTopology } from "../pipeline/engine/run.ts";
import { createApp } from "./app.ts";
import { Hub } from "./realtime/hub.ts";
import { readings } from "./realtime/testing.ts";
import { scriptedDef, scriptedTopology } from "./testing/scripted_source.ts";

/** A real engine running scripted sim → websocket sink, the app around it, and a way to await delivery. */
async function fixture() {
  const clock = new ManualClock(1_700_000_000_000, false);
  const hub = new Hub({ clock, epoch: 1 });
  const waiters: (() => void)[] = [];
  const services = {
    baseDir: ".",
    env: {},
    hub: {
      publish(b: Batch, input: string, sink: string) {
        hub.publish(b, input, sink);
        waiters.shift()?.();
      },
    },
  };
  const def = scriptedDef();
  const pipeline = await runTopology(scriptedTopology(def), { services, clock, workers: 0 });
  const sim = def.instances[0];
  /** Pushes a batch through the pipeline and resolves once the hub has it. */
  const feed = (b: Batch) => {
    const delivered = new Promise<void>((resolve) => waiters.push(resolve));
    sim.push(b);
    return delivered;
  };
  const abort = new AbortController();
  const app = createApp({ pipeline, hub, signal: abort.signal });
  const json = async (path: string, init?: RequestInit) => {
    const res = await app.request(path, init);
    return { status: res.status, body: await res.json() };
  };
  const post = (path: string, body: unknown) =>
    json(path, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
  const close = async () => {
    abort.abort();
    await pipeline.stop();
  };
  return { app, hub, clock, sim, feed, json, post, close };
}

Deno.test("GET /api/stats and /metrics report what flowed through the pipeline", async () => {
  const f = await fixture();
  try {
    await f.feed(readings("A", ["rpm", "vibration"], 1_000));
    f.clock.advance(1_000);
    await f.feed(readings("B", ["rpm"], 2_000));
    f.clock.advance(1_000);
    const { status, body } = await f.json("/api/stats");
    equal(status, 200);
    equal(body.total_readings, 3);
    equal(body.machines.A.readings, 2);
    equal(body.machines.B.readings, 1);
    equal(body.messages_per_sec, 0.8); // 3 readings over the last 4 full seconds
    equal(body.pipeline.name, "web-test");
    equal(body.pipeline.produced, 3);

    const metrics = await f.app.request("/metrics");
    match(metrics.headers.get("content-type")!, /^text\/plain; version=0.0.4/);
    const text = await metrics.text();
    match(text, /component="sim"/);
    match(text, /sluice_ws_readings_total 3/);
  } finally {
    await f.close();
  }
});

Deno.test("machine commands reach the source; unknown machines are 404, bad bodies 400", async () => {
  const f = await fixture();
  try {
    const stop = await f.post("/api/machines/A/stop", "");
    equal(stop.status, 200);
    deepEqual(stop.body, {
      machine: "A",
      action: "stop",
      answers: [{ machine: "A", running: false }],
    });
    const status = await f.json("/api/machines/A/status");
    deepEqual(status.body.status, [{ running: false }]);
    const all = await f.json("/api/machines/status");
    equal(all.status, 200);
    deepEqual(all.body.machines.A, { running: false });
    deepEqual(Object.keys(all.body.machines).sort(), ["A", "B", "C"]);
    deepEqual(f.sim.commands.at(-1), { action: "status" });

    const inject = await f.post("/api/machines/B/inject", { fault: "overheating", severity: 0.8 });
    equal(inject.status, 200);
    deepEqual(f.sim.commands.at(-1), {
      action: "inject",
      machine: "B",
      fault: "overheating",
      severity: 0.8,
    });

    const badFault = await f.post("/api/machines/B/inject", { fault: "gremlins" });
    equal(badFault.status, 400);
    match(badFault.body.error, /^Cannot inject a fault on machine "B": fault: /);
    match(badFault.body.error, /overheating/);
    const notJson = await f.post("/api/machines/B/inject", "{nope");
    equal(notJson.status, 400);
    match(notJson.body.error, /body must be JSON/);
    const extra = await f.post("/api/machines/A/start", { now: true });
    equal(extra.status, 400);

    const unknown = await f.post("/api/machines/Z/start", {});
    equal(unknown.status, 404);
    equal(unknown.body.error, 'Unknown machine "Z" (machines: A, B, C)');
    equal((await f.json("/api/machines/Z/stats")).status, 404);

    await f.feed(readings("C", ["rpm"], 5_000));
    const stats = await f.json("/api/machines/C/stats");
    deepEqual(stats.body, { machine: "C", readings: 1, anomalies: 0, alerts: 0, last_ts: 5_000 });
  } finally {
    await f.close();
  }
});

Deno.test("GET|POST /api/config applies sampling rates through control commands", async () => {
  const f = await fixture();
  try {
    deepEqual((await f.json("/api/config")).body, { rate_hz: 5, machines: {} });
    const tooFast = await f.post("/api/config", { rate_hz: 50 });
    equal(tooFast.status, 400);
    match(tooFast.body.error, /rate_hz/);
    const ok1 = await f.post("/api/config", { rate_hz: 10, machines: { B: { rate_hz: 2 } } });
    deepEqual(ok1.body, { rate_hz: 10, machines: { B: { rate_hz: 2 } } });
    deepEqual(f.sim.commands.slice(-2), [
      { action: "rate", rate_hz: 10 },
      { action: "rate", machine: "B", rate_hz: 2 },
    ]);
    equal((await f.post("/api/config", { machines: { Q: { rate_hz: 2 } } })).status, 404);
    deepEqual((await f.json("/api/config")).body, { rate_hz: 10, machines: { B: { rate_hz: 2 } } });
  } finally {
    await f.close();
  }
});

Deno.test("GET /api/topology lists components, edges and metrics; tap returns recent output", async () => {
  const f = await fixture();
  try {
    await f.feed(readings("A", ["rpm"], 1_000));
    const { body } = await f.json("/api/topology");
    deepEqual(body.components.map((c: { name: string }) => c.name), ["sim", "live", "sink"]);
    deepEqual(body.edges, [
      { from: "sim", port: "out", to: "live" },
      { from: "sim", port: "out", to: "sink" },
    ]);
    equal(body.components[0].metrics.records_out, 1);

    const first = await f.json("/api/topology/tap/sim?limit=5");
    deepEqual(first.body.records, []);
    await f.feed(readings("B", ["rpm", "vibration"], 2_000, 7));
    const second = await f.json("/api/topology/tap/sim?limit=5");
    deepEqual(
      second.body.records.map((r: { sensor: string; value: number }) => [r.sensor, r.value]),
      [
        ["rpm", 7],
        ["vibration", 8],
      ],
    );
    equal((await f.json("/api/topology/tap/nope")).status, 404);
    equal((await f.json("/api/topology/tap/sim?limit=0")).status, 400);
  } finally {
    await f.close();
  }
});

Deno.test("pages render server-side with a CSP and their bundled script; static files are served", async () => {
  const f = await fixture();
  try {
    const page = await f.app.request("/");
    equal(page.status, 200);
    match(page.headers.get("content-security-policy")!, /script-src 'self'/);
    const html = await page.text();
    ok(html.includes('<script type="module" src="/static/build/islands/Dashboard.js">'));
    const props = JSON.parse(/id="island-Dashboard-props">([^<]*)</.exec(html)![1]);
    deepEqual(props.machines, ["A", "B", "C"]);
    equal(props.catalog.length >= 50, true);
    const live = await (await f.app.request("/live")).text();
    for (const m of ["A", "B", "C"]) ok(live.includes(`data-machine="${m}"`));
    ok(live.includes('<script type="module" src="/static/build/live.js">'));
    const topo = await (await f.app.request("/topology")).text();
    ok(topo.includes("/static/build/islands/Topology.js"));
    const rt = await (await f.app.request("/realtime")).text();
    ok(rt.includes('id="connect"'));
    ok(rt.includes("/static/build/realtime_page.js"));
    const css = await f.app.request("/static/app.css");
    equal(css.headers.get("content-type"), "text/css; charset=utf-8");
    await css.body?.cancel();
    equal((await f.app.request("/static/live.ts")).status, 404);
    equal((await f.app.request("/static/../app.ts")).status, 404);
    equal((await f.json("/api/nothing")).status, 404);
  } finally {
    await f.close();
  }
});
