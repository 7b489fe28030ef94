import assert from "node:assert/strict";
import { sensorSpec } from "../catalog/sensors.ts";
import { readingsOf } from "../engine/batch.ts";
import { ManualClock } from "../engine/clock.ts";
import type { Reading, Rejected } from "../engine/record.ts";
import { main } from "./record_cli.ts";
import { RECORDINGS } from "./recordings.ts";
import { replay } from "./replay.ts";
import { FAULT_TYPES } from "./simulator_faults.ts";

const DIR = new URL("../../topology/recordings/", import.meta.url).pathname;

async function replayFile(file: string): Promise<{ readings: Reading[]; rejected: Rejected[] }> {
  const readings: Reading[] = [];
  const rejected: Rejected[] = [];
  const src = await replay.build(replay.config.parse({ path: file }), {
    name: "rec",
    clock: new ManualClock(),
    services: { baseDir: DIR, env: {} },
    inputs: [],
  });
  await src.run({
    name: "rec",
    clock: new ManualClock(),
    signal: new AbortController().signal,
    reject: (record, reason) =>
      rejected.push({ kind: "rejected", ts: 0, component: "rec", reason, record }),
    emit: (b) => (b.kind === "readings" && readings.push(...readingsOf(b)), Promise.resolve()),
  });
  return { readings, rejected };
}

Deno.test("record writes byte-identical recordings to the committed ones, each under 1.5 MB", async () => {
  const out = await Deno.makeTempDir({ prefix: "recordings_" });
  assert.equal(await main(["--out", out]), 0);
  for (const r of RECORDINGS) {
    const fresh = await Deno.readFile(`${out}/${r.file}`);
    const committed = await Deno.readFile(DIR + r.file);
    assert.ok(fresh.length < 1.5 * 1024 * 1024, `${r.file} is ${fresh.length} bytes`);
    assert.deepEqual(fresh, committed, `${r.file} differs from the committed recording`);
  }
  await Deno.remove(out, { recursive: true });
});

Deno.test("all-faults recording labels every fault type and stays normal where unlabelled", async () => {
  const { readings, rejected } = await replayFile("all-faults.ndjson");
  assert.deepEqual(rejected, []);
  const labels = new Set(readings.map((r) => r.label).filter(Boolean));
  assert.deepEqual([...labels].sort(), [...FAULT_TYPES].sort());
  for (const r of readings.filter((r) => !r.label)) {
    const s = sensorSpec(r.sensor)!;
    assert.ok(
      r.value >= s.min && r.value <= s.max,
      `${r.machine}.${r.sensor}=${r.value} at ${r.ts}`,
    );
  }
});

Deno.test("overheat-A recording drives bearing_temp and temperature to critical", async () => {
  const { readings } = await replayFile("overheat-A.ndjson");
  const peak = (sensor: string) =>
    Math.max(...readings.filter((r) => r.sensor === sensor).map((r) => r.value));
  assert.ok(peak("bearing_temp") > 200);
  assert.ok(peak("temperature") > 120);
});

Deno.test("late-and-malformed recording holds 7 malformed lines, a swap and 3 late readings", async () => {
  const { readings, rejected } = await replayFile("late-and-malformed.ndjson");
  assert.equal(rejected.length, 7);
  assert.ok(rejected.every((r) => /^line \d+: /.test(r.reason)));
  assert.equal(readings.length, 3 * 80 + 3);
  let maxTs = -Infinity, behind = 0;
  for (const r of readings) {
    if (r.ts < maxTs - 15_000) behind++;
    maxTs = Math.max(maxTs, r.ts);
  }
  assert.equal(behind, 3);
  assert.deepEqual(readings.filter((r) => r.id).map((r) => r.id), [
    "late-rpm",
    "late-vibration",
    "late-temperature",
  ]);
});

Deno.test("record --help lists every recording and unknown names are refused", async () => {
  assert.equal(await main(["--help"]), 0);
  assert.equal(await main(["--out", await Deno.makeTempDir(), "no-such-recording"]), 2);
});
