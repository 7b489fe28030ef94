import { deepEqual, equal, match } from "node:assert/strict";
import { Hono } from "hono";
import { ManualClock } from "../../pipeline/engine/clock.ts";
import { Hub } from "./hub.ts";
import type { StreamMessage } from "./protocol.ts";
import { realtimeRoutes } from "./routes.ts";
import { alert, readings } from "./testing.ts";

/** A WebSocket client whose frames are awaited one by one (no sleeps). */
class TestSocket {
  ws: WebSocket;
  #frames: Record<string, unknown>[] = [];
  #waiters: ((f: Record<string, unknown>) => void)[] = [];
  closed: Promise<CloseEvent>;
  opened: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new Error(`WebSocket to ${url} failed`));
    });
    this.closed = new Promise((resolve) => this.ws.onclose = resolve);
    this.ws.onmessage = (e) => {
      const f = JSON.parse(String(e.data));
      const w = this.#waiters.shift();
      if (w) w(f);
      else this.#frames.push(f);
    };
  }

  next(): Promise<Record<string, unknown>> {
    const f = this.#frames.shift();
    return f ? Promise.resolve(f) : new Promise((resolve) => this.#waiters.push(resolve));
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }
}

function serve(hub: Hub) {
  const app = new Hono().route("/ws", realtimeRoutes(hub));
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
  return { server, base: `ws://127.0.0.1:${server.addr.port}` };
}

Deno.test("dashboard socket subscribes, receives batches and resumes after reconnect", async () => {
  const hub = new Hub({ clock: new ManualClock(1_000, false), epoch: 42 });
  const { server, base } = serve(hub);
  try {
    const a = new TestSocket(`${base}/ws/dashboard/default`);
    await a.opened;
    a.send({ type: "subscribe", channels: ["sensor_data", "alerts"] });
    equal((await a.next()).type, "subscribed");
    a.send({ type: "ping" });
    equal((await a.next()).type, "pong");

    hub.publish(readings("A", ["rpm", "vibration"]), "clean", "live");
    hub.publish(alert("al-1"), "alerts", "live");
    hub.tick();
    const batch = await a.next();
    equal(batch.type, "batch");
    const msgs = batch.messages as StreamMessage[];
    deepEqual(msgs.map((m) => m.type), ["sensor_update", "sensor_update", "alert_triggered"]);
    deepEqual(batch.position, { epoch: 42, offset: 3 });
    a.ws.close();
    await a.closed;

    hub.publish(readings("B", ["rpm"]), "clean", "live");
    hub.publish(alert("al-2", "B"), "alerts", "live");
    const b = new TestSocket(`${base}/ws/dashboard/default?since=42:3`);
    await b.opened;
    b.send({ type: "subscribe", channels: ["sensor_data", "alerts"] });
    equal((await b.next()).type, "subscribed");
    const replay = await b.next();
    deepEqual((replay.messages as StreamMessage[]).map((m) => m.position.offset), [4, 5]);
    b.ws.close();
    await b.closed;
  } finally {
    await server.shutdown();
  }
});

Deno.test("alerts socket streams alerts only; foreign origins and unknown tenants are refused", async () => {
  const hub = new Hub({ clock: new ManualClock(1_000, false), epoch: 1 });
  const { server, base } = serve(hub);
  try {
    const s = new TestSocket(`${base}/ws/alerts/default`);
    await s.opened;
    // The server attaches the client in its own onOpen; a ping round-trip proves it is attached.
    s.send({ type: "ping" });
    equal((await s.next()).type, "subscribed");
    equal((await s.next()).type, "pong");
    hub.publish(readings("A", ["rpm"]), "clean", "live");
    hub.publish(alert("al-7"), "alerts", "live");
    hub.tick();
    const batch = await s.next();
    deepEqual((batch.messages as StreamMessage[]).map((m) => m.data.id), ["al-7"]);
    s.ws.close();
    await s.closed;

    const http = base.replace("ws:", "http:");
    const foreign = await fetch(`${http}/ws/dashboard/default`, {
      headers: { origin: "https://evil.example", upgrade: "websocket" },
    });
    equal(foreign.status, 403);
    match(await foreign.text(), /origin https:\/\/evil.example is not allowed/);
    const tenant = await fetch(`${http}/ws/dashboard/acme`);
    equal(tenant.status, 404);
    await tenant.body?.cancel();
    const plain = await fetch(`${http}/ws/dashboard/default`);
    equal(plain.status, 426);
    await plain.body?.cancel();
    const since = await fetch(`${http}/ws/dashboard/default?since=yesterday`);
    equal(since.status, 400);
    await since.body?.cancel();
  } finally {
    await server.shutdown();
  }
});
