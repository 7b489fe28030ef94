import assert from "node:assert/strict";
import { readingsOf } from "../engine/batch.ts";
import { ManualClock } from "../engine/clock.ts";
import type { Reading } from "../engine/record.ts";
import { runTopology } from "../engine/run.ts";
import { discard } from "../sinks/discard.ts";
import { topologyOf } from "../testing/topology_builder.ts";
import { ingestFile, parseIngestArgs } from "./ingest_cli.ts";
import { ingestTargets } from "./http_ingest.ts";

const RECORDINGS = new URL("../../topology/recordings/", import.meta.url).pathname;

/**
 * A running http_ingest topology behind a fetch stub that answers like
 * `POST /api/v1/ingest` (web/api/ingest_test.ts tests the real route; pipeline/
 * does not import web/).
 */
async function server() {
  const pipeline = await runTopology(
    topologyOf("ingest", [
      { name: "ext", kind: "source", type: "http_ingest" },
      { name: "out", kind: "sink", def: discard, inputs: ["ext"] },
    ]),
    { services: { baseDir: ".", env: {} }, clock: new ManualClock(0, false), workers: 0 },
  );
  const seen: Reading[] = [];
  pipeline.tap("ext", "out", (b) => b.kind === "readings" && seen.push(...readingsOf(b)));
  while (!ingestTargets().has("ext")) await Promise.resolve();
  const urls: string[] = [];
  const fetchStub = (async (input: string | URL | Request, init?: RequestInit) => {
    urls.push(String(input));
    const key = new Headers(init?.headers).get("x-api-key");
    if (key !== "secret") {
      return Response.json({ error: "Cannot ingest: wrong X-API-KEY header" }, { status: 401 });
    }
    const items = JSON.parse(String(init?.body)) as Reading[];
    await ingestTargets().get("ext")!.push(items);
    return Response.json({ source: "ext", accepted: items.length, rejected: [] });
  }) as typeof fetch;
  return { pipeline, seen, fetchStub, urls };
}

Deno.test("ingestFile() streams a CSV recording in batches into a running http_ingest source", async () => {
  const s = await server();
  try {
    const progress: number[] = [];
    const stats = await ingestFile(`${RECORDINGS}normal-A.csv`, {
      url: "http://sluice:8000/",
      apiKey: "secret",
      batch: 100,
      fetch: s.fetchStub,
      progress: (p) => progress.push(p.sent),
    });
    assert.deepEqual(stats, {
      lines: 420,
      sent: 420,
      accepted: 420,
      rejected: 0,
      malformed: 0,
      requests: 5,
    });
    assert.deepEqual(progress, [100, 200, 300, 400, 420]);
    assert.equal(s.urls[0], "http://sluice:8000/api/v1/ingest");
    assert.equal(s.seen.length, 420);
    assert.deepEqual(s.seen[0], {
      ts: 1735689600000,
      machine: "A",
      sensor: "rpm",
      value: s.seen[0].value,
      unit: "rpm",
    });
  } finally {
    await s.pipeline.stop();
  }
});

Deno.test("ingestFile() skips and counts malformed lines, and stops on a refused key", async () => {
  const s = await server();
  try {
    const stats = await ingestFile(`${RECORDINGS}late-and-malformed.ndjson`, {
      url: "http://sluice",
      apiKey: "secret",
      fetch: s.fetchStub,
    });
    assert.ok(stats.malformed > 0, "the recording has malformed lines");
    assert.equal(stats.accepted + stats.rejected, stats.sent);
    assert.equal(stats.lines, stats.sent + stats.malformed);
    assert.equal(s.seen.length, stats.accepted);
    await assert.rejects(
      ingestFile(`${RECORDINGS}normal-A.csv`, {
        url: "http://sluice",
        apiKey: "wrong",
        fetch: s.fetchStub,
      }),
      /HTTP 401: Cannot ingest: wrong X-API-KEY header/,
    );
  } finally {
    await s.pipeline.stop();
  }
});

Deno.test("ingestFile() with a speed waits for the scaled event-time gaps", async () => {
  const s = await server();
  try {
    let t = 0;
    const waits: number[] = [];
    const stats = await ingestFile(`${RECORDINGS}normal-A.csv`, {
      url: "http://sluice",
      apiKey: "secret",
      speed: 10,
      fetch: s.fetchStub,
      now: () => t,
      sleep: (ms) => (waits.push(ms), t += ms, Promise.resolve()),
    });
    // 30 s at 2 Hz: a new timestamp every 500 ms of event time, 50 ms at 10×.
    assert.equal(waits.length, 59);
    assert.ok(waits.every((w) => Math.abs(w - 50) < 1e-9));
    assert.equal(stats.requests, 60);
  } finally {
    await s.pipeline.stop();
  }
});

Deno.test("parseIngestArgs() reads the options", () => {
  const o = parseIngestArgs([
    "rec.ndjson",
    "--realtime",
    "--url",
    "http://h:1",
    "--api-key",
    "k",
    "--batch",
    "50",
  ]);
  assert.deepEqual([o.file, o.speed, o.url, o.apiKey, o.batch], [
    "rec.ndjson",
    1,
    "http://h:1",
    "k",
    50,
  ]);
  assert.equal(parseIngestArgs(["f.csv", "--speed", "4"]).speed, 4);
  assert.throws(
    () => parseIngestArgs(["f.csv", "--speed", "0"]),
    /--speed must be a number > 0, got "0"/,
  );
  assert.throws(() => parseIngestArgs([]), /which file/);
});
