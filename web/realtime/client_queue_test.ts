import { deepEqual, equal } from "node:assert/strict";
import { ClientQueue } from "./client_queue.ts";
import type { Entry } from "./ring_buffer.ts";

const e = (offset: number, key?: string): Entry => ({
  offset,
  channel: key ? "sensor_data" : "alerts",
  json: String(offset),
  ...(key ? { key } : {}),
});

Deno.test("ClientQueue supersedes entries queued before coalescing started, never alerts", () => {
  const q = new ClientQueue({ coalesceAbove: 3, cap: 100 });
  q.push(e(1, "a"));
  q.push(e(2, "b"));
  q.push(e(3)); // alert
  q.push(e(4, "a")); // queue holds 3: coalescing starts, replaces offset 1
  q.push(e(5, "a")); // replaces offset 4
  q.push(e(6)); // alerts are kept
  q.push(e(7, "b")); // replaces offset 2
  equal(q.coalesced, 3);
  deepEqual(q.drain().map((x) => x.offset), [3, 5, 6, 7]);
  q.push(e(8, "a"));
  q.push(e(9, "a"));
  equal(q.length, 2, "a short queue keeps every value");
});
