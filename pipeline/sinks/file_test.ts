import assert from "node:assert/strict";
import { eventBatch, readingBatchOf } from "../engine/batch.ts";
import { buildSink } from "../testing/operator_harness.ts";
import { fileSink } from "./file.ts";

Deno.test("file sink appends readings as objects and events as they are, across reopen", async () => {
  const baseDir = await Deno.makeTempDir({ prefix: "sluice_file_" });
  try {
    const reading = { ts: 1000, machine: "A", sensor: "rpm", value: 1500, unit: "rpm" };
    const alert = {
      kind: "alert" as const,
      id: "a1",
      ts: 2000,
      machine: "A",
      severity: "warning" as const,
      title: "RPM high",
      state: "open" as const,
    };
    let sink = await buildSink(fileSink, { path: "out/records.ndjson" }, { baseDir });
    await sink.write(readingBatchOf([reading, { ...reading, ts: 1100, quality: "bad" }]), "in");
    await sink.write(eventBatch([alert]), "in");
    await sink.flush!();
    await sink.close!();
    sink = await buildSink(fileSink, { path: "out/records.ndjson" }, { baseDir });
    await sink.write(eventBatch([{ ...alert, state: "cleared", ts: 3000 }]), "in");
    await sink.close!();
    const lines = (await Deno.readTextFile(`${baseDir}/out/records.ndjson`)).trimEnd().split("\n");
    assert.deepEqual(lines.map((l) => JSON.parse(l)), [
      reading,
      { ...reading, ts: 1100, quality: "bad" },
      alert,
      { ...alert, state: "cleared", ts: 3000 },
    ]);
  } finally {
    await Deno.remove(baseDir, { recursive: true });
  }
});

Deno.test("file sink says which file it cannot open", async () => {
  const baseDir = await Deno.makeTempDir({ prefix: "sluice_file_" });
  try {
    await Deno.mkdir(`${baseDir}/taken`);
    const sink = await buildSink(fileSink, { path: "taken" }, { baseDir });
    await assert.rejects(
      sink.write(readingBatchOf([{ ts: 1, machine: "A", sensor: "rpm", value: 1 }]), "in"),
      /Cannot open ".*\/taken" for appending/,
    );
  } finally {
    await Deno.remove(baseDir, { recursive: true });
  }
});

Deno.test("file sink config requires a path and rejects unknown options", () => {
  assert.throws(() => fileSink.config.parse({}), /path/);
  assert.throws(() => fileSink.config.parse({ path: "x", mode: "w" }), /mode/);
  for (const ex of fileSink.examples) fileSink.config.parse(ex);
});
