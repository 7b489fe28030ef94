import assert from "node:assert/strict";
import type { Batch, ReadingBatch } from "../engine/batch.ts";
import { readingsOf } from "../engine/batch.ts";
import { ManualClock } from "../engine/clock.ts";
import type { Rejected } from "../engine/record.ts";
import { replay } from "./replay.ts";

async function withFile(name: string, text: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "replay_test_" });
  await Deno.writeTextFile(`${dir}/${name}`, text);
  return dir;
}

async function play(
  dir: string,
  config: Record<string, unknown>,
  opts: { clock?: ManualClock; stopAfter?: number } = {},
) {
  const clock = opts.clock ?? new ManualClock(0);
  const src = await replay.build(replay.config.parse(config), {
    name: "rp",
    clock,
    services: { baseDir: dir, env: {} },
    inputs: [],
  });
  const ac = new AbortController();
  const emits: { at: number; batch: ReadingBatch }[] = [];
  const rejected: Rejected[] = [];
  let n = 0;
  await src.run({
    name: "rp",
    clock,
    signal: ac.signal,
    reject: (record, reason, ts = 0) =>
      rejected.push({ kind: "rejected", ts, component: "rp", reason, record }),
    emit: (b: Batch) => {
      emits.push({ at: clock.now(), batch: b as ReadingBatch });
      n += (b as ReadingBatch).n;
      if (opts.stopAfter !== undefined && n >= opts.stopAfter) ac.abort();
      return Promise.resolve();
    },
  });
  return { emits, rejected, readings: emits.flatMap((e) => readingsOf(e.batch)) };
}

const NDJSON = [
  `{"ts":1000,"machine":"A","sensor":"rpm","value":1500,"unit":"rpm"}`,
  `{"ts":"1970-01-01T00:00:02Z","machine":"A","sensor":"temperature","value":80.5,"label":"overheating"}`,
  ``,
  `{"ts":4000,"machine":"B","sensor":"rpm","value":1600,"quality":"uncertain","id":"b-1"}`,
].join("\n") + "\n";

Deno.test("replay streams NDJSON readings in file order with all their fields", async () => {
  const { readings, rejected } = await play(await withFile("r.ndjson", NDJSON), {
    path: "r.ndjson",
  });
  assert.deepEqual(rejected, []);
  assert.deepEqual(readings, [
    { ts: 1000, machine: "A", sensor: "rpm", value: 1500, unit: "rpm" },
    { ts: 2000, machine: "A", sensor: "temperature", value: 80.5, label: "overheating" },
    { ts: 4000, machine: "B", sensor: "rpm", value: 1600, quality: "uncertain", id: "b-1" },
  ]);
});

Deno.test("replay reads CSV with a header in any column order, quoted cells and CRLF", async () => {
  const csv =
    'machine,ts,sensor,value,unit,label\r\nA,1000,rpm,1500,rpm,\r\n"A",2000,temperature,80.5,"°F",overheating\r\n';
  const { readings, rejected } = await play(await withFile("r.csv", csv), { path: "r.csv" });
  assert.deepEqual(rejected, []);
  assert.deepEqual(readings, [
    { ts: 1000, machine: "A", sensor: "rpm", value: 1500, unit: "rpm" },
    {
      ts: 2000,
      machine: "A",
      sensor: "temperature",
      value: 80.5,
      unit: "°F",
      label: "overheating",
    },
  ]);
});

Deno.test("replay rejects malformed lines with their line number and keeps streaming", async () => {
  const text = [
    `{"ts":1000,"machine":"A","sensor":"rpm","value":1500}`,
    `{"ts":1200,"machine":"A","sensor":"rpm","value":"abc"}`,
    `{"ts":1300,"machine":"A",`,
    `{"ts":"yesterday","machine":"A","sensor":"rpm","value":1}`,
    `{"ts":1400,"machine":"","sensor":"rpm","value":1}`,
    `{"ts":1500,"machine":"A","sensor":"rpm","value":2,"quality":"great"}`,
    `[1,2]`,
    `{"ts":2000,"machine":"A","sensor":"rpm","value":1510}`,
  ].join("\n");
  const { readings, rejected } = await play(await withFile("m.ndjson", text), { path: "m.ndjson" });
  assert.deepEqual(readings.map((r) => r.value), [1500, 1510]);
  assert.equal(rejected[0].record, `{"ts":1200,"machine":"A","sensor":"rpm","value":"abc"}`);
  const reasons = rejected.map((r) => r.reason);
  assert.equal(reasons[0], 'line 2: value must be a number, got "abc"');
  assert.match(reasons[1], /^line 3: not valid JSON/);
  assert.equal(reasons[2], 'line 4: ts must be epoch ms or an ISO-8601 time, got "yesterday"');
  assert.match(reasons[3], /^line 5: machine must be a non-empty string/);
  assert.equal(reasons[4], 'line 6: quality must be one of good, uncertain, bad, got "great"');
  assert.equal(reasons[5], "line 7: expected a JSON object, got [1,2]");
});

Deno.test("replay rejects CSV rows with bad values or the wrong field count", async () => {
  const csv =
    "ts,machine,sensor,value\n1000,A,rpm,1500\n1100,A,rpm,abc\n1200,A,rpm\n1300,A,rpm,1501\n";
  const { readings, rejected } = await play(await withFile("m.csv", csv), { path: "m.csv" });
  assert.deepEqual(readings.map((r) => r.value), [1500, 1501]);
  assert.deepEqual(rejected.map((r) => r.reason), [
    'line 3: value must be a number, got "abc"',
    "line 4: expected 4 fields (ts,machine,sensor,value), got 3",
  ]);
});

Deno.test("replay refuses a CSV file whose header lacks required columns", async () => {
  const dir = await withFile("h.csv", "time,machine,sensor,value\n1,A,rpm,1\n");
  await assert.rejects(
    () => play(dir, { path: "h.csv" }),
    /line 1: CSV header must name ts,machine,sensor,value; missing ts/,
  );
});

Deno.test("replay at speed N sleeps the event-time gap divided by N on the clock", async () => {
  const clock = new ManualClock(50_000);
  const { emits } = await play(await withFile("r.ndjson", NDJSON), { path: "r.ndjson", speed: 2 }, {
    clock,
  });
  assert.deepEqual(
    emits.map((e) => [e.at - 50_000, ...readingsOf(e.batch).map((r) => r.ts)]),
    [[0, 1000], [500, 2000], [1500, 4000]],
  );
});

Deno.test("replay at speed max never sleeps and batches up to batch_size", async () => {
  const clock = new ManualClock(0);
  const { emits } = await play(await withFile("r.ndjson", NDJSON), {
    path: "r.ndjson",
    batch_size: 2,
  }, { clock });
  assert.deepEqual(emits.map((e) => e.batch.n), [2, 1]);
  assert.equal(clock.now(), 0);
});

Deno.test("replay in a loop shifts event time past the previous pass and suffixes ids", async () => {
  const { readings } = await play(await withFile("r.ndjson", NDJSON), {
    path: "r.ndjson",
    loop: true,
    batch_size: 3,
  }, {
    stopAfter: 6,
  });
  assert.deepEqual(readings.map((r) => r.ts), [1000, 2000, 4000, 6000, 7000, 9000]);
  assert.deepEqual(readings.filter((r) => r.id).map((r) => r.id), ["b-1", "b-1~1"]);
});

Deno.test("replay fails with a clear message when the file cannot be read", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(
    () => play(dir, { path: "missing.ndjson" }),
    /Cannot replay "rp": path must be a readable file/,
  );
});
