import assert from "node:assert/strict";
import { eventBatch, readingBatchOf } from "../engine/batch.ts";
import type { Rejected } from "../engine/record.ts";
import { openDatabase } from "../store/db.ts";
import { buildSink } from "../testing/operator_harness.ts";
import { dlqSink } from "./dlq.ts";

const rejected: Rejected[] = [
  {
    kind: "rejected",
    ts: 1000,
    component: "clean",
    reason: "value is NaN",
    record: { value: null },
  },
  { kind: "rejected", ts: 1200, component: "clean", reason: "unknown sensor", record: "raw line" },
];

Deno.test("dlq sink writes rejected records to an NDJSON file without a database", async () => {
  const baseDir = await Deno.makeTempDir({ prefix: "sluice_dlq_" });
  try {
    const sink = await buildSink(dlqSink, {}, { baseDir });
    await sink.write(eventBatch(rejected), "clean.dlq");
    // A stray reading is kept too, wrapped with the input it came from.
    await sink.write(readingBatchOf([{ ts: 5, machine: "A", sensor: "rpm", value: 1 }]), "raw");
    await sink.close!();
    const lines = (await Deno.readTextFile(`${baseDir}/data/dlq.ndjson`)).trimEnd().split("\n");
    assert.deepEqual(lines.map((l) => JSON.parse(l)), [
      ...rejected,
      {
        kind: "rejected",
        ts: 5,
        component: "raw",
        reason: "sent to the dlq sink",
        record: { ts: 5, machine: "A", sensor: "rpm", value: 1 },
      },
    ]);
  } finally {
    await Deno.remove(baseDir, { recursive: true });
  }
});

Deno.test("dlq sink writes rejected records to the dlq table once, even when replayed", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "sluice_pglite_" });
  const db = await openDatabase({ url: "", dataDir });
  try {
    const sink = await buildSink(dlqSink, {}, { sql: db.sql });
    await sink.write(eventBatch(rejected), "clean.dlq");
    await sink.write(eventBatch(rejected), "clean.dlq");
    await sink.flush!();
    const rows = await db.sql`select component, reason, record, source,
                                     extract(epoch from ts) * 1000 as ms
                              from dlq order by ts`;
    assert.deepEqual(rows.map((r) => ({ ...r, ms: Number(r.ms) })), [
      {
        component: "clean",
        reason: "value is NaN",
        record: { value: null },
        source: "clean.dlq",
        ms: 1000,
      },
      {
        component: "clean",
        reason: "unknown sensor",
        record: "raw line",
        source: "clean.dlq",
        ms: 1200,
      },
    ]);
  } finally {
    await db.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
