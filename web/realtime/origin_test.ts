import { equal } from "node:assert/strict";
import { Hono } from "hono";
import { originAllowed, originCheck } from "./origin.ts";

Deno.test("originAllowed accepts the same host, the allowlist and non-browser clients", () => {
  equal(originAllowed("http://localhost:8000", "localhost:8000"), true);
  equal(originAllowed(undefined, "localhost:8000"), true);
  equal(originAllowed("https://evil.example", "localhost:8000"), false);
  equal(originAllowed("http://localhost:9000", "localhost:8000"), false);
  equal(originAllowed("https://ops.example", "x:1", ["https://ops.example"]), true);
  equal(originAllowed("not a url", "x:1"), false);
});

Deno.test("originCheck answers 403 to a foreign origin and lets the same origin through", async () => {
  const app = new Hono();
  app.use("*", originCheck());
  app.get("/ws", (c) => c.text("ok"));
  const bad = await app.request("http://localhost:8000/ws", {
    headers: { origin: "https://evil.example" },
  });
  equal(bad.status, 403);
  const good = await app.request("http://localhost:8000/ws", {
    headers: { origin: "http://localhost:8000" },
  });
  equal(await good.text(), "ok");
});
