import { deepEqual, equal, rejects } from "node:assert/strict";
import { eventBatch, readingBatchOf } from "../engine/batch.ts";
import type { Batch } from "../engine/batch.ts";
import { buildSink } from "../testing/operator_harness.ts";
import { websocket } from "./websocket.ts";

Deno.test("websocket sink publishes every batch to the hub with its input and name", async () => {
  const published: [Batch, string, string][] = [];
  const hub = {
    publish: (b: Batch, input: string, sink: string) => published.push([b, input, sink]),
  };
  const sink = await buildSink(websocket, {}, { hub }, "live");
  const readings = readingBatchOf([{ ts: 1, machine: "A", sensor: "rpm", value: 1500 }]);
  const alerts = eventBatch([{
    kind: "alert",
    id: "a1",
    ts: 2,
    machine: "A",
    severity: "critical",
    title: "Overheating",
    state: "open",
  }]);
  await sink.write(readings, "clean");
  await sink.write(alerts, "alerts");
  deepEqual(published.map(([b, i, s]) => [b.kind, i, s]), [
    ["readings", "clean", "live"],
    ["events", "alerts", "live"],
  ]);
  equal(published[0][0], readings);
});

Deno.test("websocket sink refuses to build without a web server hub", async () => {
  await rejects(
    async () => await buildSink(websocket, {}, {}, "live"),
    { message: 'Cannot build sink "live": no web server hub (run with deno task start)' },
  );
});

Deno.test("websocket sink examples validate and reject unknown options", () => {
  for (const ex of websocket.examples) websocket.config.parse(ex);
  equal(websocket.config.safeParse({ port: 1 }).success, false);
});
