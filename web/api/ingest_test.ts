import assert from "node:assert/strict";
import { readingsOf } from "../../pipeline/engine/batch.ts";
import { ManualClock } from "../../pipeline/engine/clock.ts";
import type { Reading } from "../../pipeline/engine/record.ts";
import { runTopology } from "../../pipeline/engine/run.ts";
import { discard } from "../../pipeline/sinks/discard.ts";
import { ingestTargets } from "../../pipeline/sources/http_ingest.ts";
import { topologyOf } from "../../pipeline/testing/topology_builder.ts";
import { ingestApi } from "./ingest.ts";

/** A running `ext` (http_ingest) → discard topology, the ingest app, and what `ext` emitted. */
async function fixture(key: string | null = "k3y") {
  const topology = topologyOf("ingest", [
    { name: "ext", kind: "source", type: "http_ingest", config: { max_queued: 5 } },
    { name: "out", kind: "sink", def: discard, inputs: ["ext"] },
  ]);
  const pipeline = await runTopology(topology, {
    services: { baseDir: ".", env: {} },
    clock: new ManualClock(0, false),
    workers: 0,
  });
  const seen: Reading[] = [];
  pipeline.tap("ext", "out", (b) => b.kind === "readings" && seen.push(...readingsOf(b)));
  // The source registers itself when it starts running.
  while (!ingestTargets().has("ext")) await Promise.resolve();
  const app = ingestApi({ key: () => key ?? undefined });
  const post = async (body: unknown, apiKey: string | null = "k3y") => {
    const res = await app.request("/", {
      method: "POST",
      headers: { "content-type": "application/json", ...(apiKey ? { "x-api-key": apiKey } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  return { pipeline, seen, post };
}

const reading = (i: number) => ({ ts: 1_000 + i, machine: "A", sensor: "rpm", value: 1500 + i });

Deno.test("POST /api/v1/ingest emits valid readings and reports each invalid item by index", async () => {
  const f = await fixture();
  try {
    const one = await f.post(reading(0));
    assert.deepEqual(one, { status: 200, body: { source: "ext", accepted: 1, rejected: [] } });
    const batch = await f.post({
      readings: [
        reading(1),
        { ...reading(2), value: "hot" },
        7,
        { ...reading(3), color: "red" },
        reading(4),
      ],
    });
    assert.equal(batch.status, 200);
    assert.equal(batch.body.accepted, 2);
    assert.deepEqual(batch.body.rejected, [
      { index: 1, reason: 'value must be a number, got "hot"' },
      { index: 2, reason: "expected a reading object, got 7" },
      { index: 3, reason: 'unknown field "color"' },
    ]);
    assert.deepEqual(f.seen.map((r) => r.value), [1500, 1501, 1504]);
    const none = await f.post([{ machine: "A" }]);
    assert.equal(none.status, 400);
    assert.match(none.body.rejected[0].reason, /^ts must be epoch ms/);
  } finally {
    await f.pipeline.stop();
  }
});

Deno.test("POST /api/v1/ingest refuses with 401 without the right X-API-KEY, or when no key is set", async () => {
  const f = await fixture();
  try {
    assert.deepEqual(await f.post(reading(0), null), {
      status: 401,
      body: { error: "Cannot ingest: missing X-API-KEY header" },
    });
    assert.equal((await f.post(reading(0), "nope")).status, 401);
    assert.equal(f.seen.length, 0);
  } finally {
    await f.pipeline.stop();
  }
  const off = await fixture(null);
  try {
    const r = await off.post(reading(0));
    assert.equal(r.status, 401);
    assert.match(r.body.error, /set SLUICE_INGEST_KEY/);
  } finally {
    await off.pipeline.stop();
  }
});

Deno.test("POST /api/v1/ingest answers 503 past the source's queue and 404 when no source runs", async () => {
  const f = await fixture();
  try {
    const big = await f.post(Array.from({ length: 6 }, (_, i) => reading(i)));
    assert.equal(big.status, 503);
    assert.match(big.body.error, /max_queued 5/);
  } finally {
    await f.pipeline.stop();
  }
  assert.equal(ingestTargets().has("ext"), false, "a stopped source unregisters");
  const res = await ingestApi({ key: () => "k" }).request("/", {
    method: "POST",
    headers: { "x-api-key": "k" },
    body: JSON.stringify(reading(0)),
  });
  assert.equal(res.status, 404);
});
