import assert from "node:assert/strict";
import type { Reading } from "../engine/record.ts";
import { loadModel } from "../detectors/iforest/model_file.ts";
import { simulate } from "../sources/recordings.ts";
import { type Database, openDatabase } from "../store/db.ts";
import { parseTrainArgs } from "../train_cli.ts";
import { trainFromStore } from "./train.ts";

async function withStore(readings: Reading[], fn: (db: Database, dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "sluice_train_" });
  const db = await openDatabase({ url: "", dataDir: `${dir}/pglite` });
  try {
    const rows = readings.map((r) => ({
      machine: r.machine,
      sensor: r.sensor,
      ts: new Date(r.ts),
      value: r.value,
      label: r.label ?? null,
    }));
    for (let i = 0; i < rows.length; i += 1000) {
      await db.sql`insert into readings ${db.sql(rows.slice(i, i + 1000))}`;
    }
    await fn(db, dir);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("train refuses a machine with fewer than 100 readings, naming the count", async () => {
  const readings = (await simulate({
    machines: ["A"],
    sensors: ["rpm", "vibration"],
    rate_hz: 1,
    duration: "21s",
    seed: 3,
  }))
    .slice(0, 42);
  await withStore(readings, async (db, dir) => {
    await assert.rejects(
      trainFromStore(db.sql, { machine: "A", out: `${dir}/models`, only: "iforest" }),
      { message: "Cannot train: 42 readings for machine A in the store, need at least 100" },
    );
  });
});

Deno.test("train writes an isolation forest from normal windows and versions it in models", async () => {
  const readings = await simulate({
    machines: ["A", "B"],
    sensors: ["rpm", "vibration", "temperature"],
    rate_hz: 2,
    duration: "600s",
    seed: 11,
    faults: [{ machine: "B", type: "overheating", at: "200s", duration: "60s" }],
  });
  await withStore(readings, async (db, dir) => {
    const out = `${dir}/models`;
    const report = await trainFromStore(db.sql, { out, only: "iforest", now: () => 5 });
    assert.equal(report.readings, readings.length);
    assert.equal(report.models.length, 1);
    const [m] = report.models;
    assert.deepEqual([m.name, m.kind, m.version, m.path], [
      "iforest",
      "isolation_forest",
      1,
      `${out}/iforest.json`,
    ]);
    assert.ok((m.metrics.faulty_windows_skipped as number) >= 12, "fault windows left out");
    const model = await loadModel(m.path);
    assert.deepEqual(model.features, ["rpm.mean", "temperature.mean", "vibration.mean"]);
    assert.equal(model.training.rows, m.metrics.rows);

    await assert.rejects(
      trainFromStore(db.sql, { out, only: "iforest" }),
      /iforest\.json exists; pass --force/,
    );
    const again = await trainFromStore(db.sql, { out, only: "iforest", force: true, machine: "A" });
    assert.equal(again.models[0].version, 2);
    const rows = await db.sql<
      { version: number; kind: string; trained_from: Date; trained_to: Date; rows: number }[]
    >`
      select version, kind, trained_from, trained_to, (metrics->>'rows')::int as rows
      from models where name = 'iforest' order by version`;
    assert.deepEqual(rows.map((r) => r.version), [1, 2]);
    assert.equal(new Date(rows[0].trained_from).getTime(), readings[0].ts);
    assert.equal(new Date(rows[0].trained_to).getTime(), readings[readings.length - 1].ts);
    assert.ok(rows[1].rows < rows[0].rows, "machine A alone has fewer windows");
  });
});

Deno.test("parseTrainArgs() reads the flags and refuses contradictions", () => {
  assert.deepEqual(parseTrainArgs(["--if-only", "--force", "--machine", "B", "--out", "m/"]), {
    only: "iforest",
    force: true,
    machine: "B",
    out: "m",
  });
  assert.throws(() => parseTrainArgs(["--if-only", "--lstm-only"]), /exclude each other/);
  assert.throws(() => parseTrainArgs(["--machine"]), /--machine needs a value/);
  assert.throws(() => parseTrainArgs(["--bogus"]), /unknown argument "--bogus"/);
});
