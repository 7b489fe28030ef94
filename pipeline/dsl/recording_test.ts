import assert from "node:assert/strict";
import { parseRecording, recordingFormat, splitCsvLine, toReading } from "./recording.ts";

Deno.test("recordingFormat() picks the parser from the extension", () => {
  assert.equal(recordingFormat("a/b.ndjson"), "ndjson");
  assert.equal(recordingFormat("b.JSONL"), "ndjson");
  assert.equal(recordingFormat("b.csv"), "csv");
  assert.equal(recordingFormat("b.txt"), undefined);
});

Deno.test("toReading() turns ISO and epoch timestamps into epoch milliseconds", () => {
  assert.deepEqual(
    toReading({ ts: "1970-01-01T00:00:01.500Z", machine: "A", sensor: "rpm", value: 1 }),
    {
      reading: { ts: 1500, machine: "A", sensor: "rpm", value: 1 },
    },
  );
  assert.deepEqual(toReading({ ts: 42, machine: "A", sensor: "rpm", value: 1, quality: "bad" }), {
    reading: { ts: 42, machine: "A", sensor: "rpm", value: 1, quality: "bad" },
  });
});

Deno.test("toReading() explains every problem of a bad reading", () => {
  const r = toReading({ ts: "yesterday", machine: "A", value: "1", colour: "red" });
  assert.deepEqual(r.problems?.map((p) => p.message), [
    "sensor: expected string, got nothing",
    'value: expected number, got "1"',
    'unknown field "colour"',
    'ts: expected epoch milliseconds or an ISO-8601 timestamp, got "yesterday"',
  ]);
});

Deno.test("parseRecording() reads NDJSON, skipping blank lines and reporting bad lines by number", () => {
  const text = [
    '{"ts":0,"machine":"A","sensor":"rpm","value":1}',
    "",
    "{not json",
    '{"ts":"2024-01-01T00:00:00Z","machine":"A","sensor":"rpm","value":"x"}',
    '{"ts":1000,"machine":"B","sensor":"rpm","value":2}',
  ].join("\n");
  const r = parseRecording(text, "ndjson");
  assert.deepEqual(r.readings.map((x) => [x.ts, x.machine]), [[0, "A"], [1000, "B"]]);
  assert.deepEqual(r.problems.map((p) => p.line), [3, 4]);
  assert.match(r.problems[0].message, /^not valid JSON/);
  assert.equal(r.problems[1].message, 'value: expected number, got "x"');
});

Deno.test("parseRecording() reads CSV with a header, optional columns and quoted cells", () => {
  const text = [
    "ts,machine,sensor,value,unit,label",
    '2024-01-01T00:00:00Z,A,bearing_temp,180.5,°F,"overheating"',
    "1000,A,rpm,1500,,",
    "2000,A,rpm,abc,,",
    "3000,A,rpm",
  ].join("\r\n");
  const r = parseRecording(text, "csv");
  assert.deepEqual(r.readings, [
    {
      ts: 1704067200000,
      machine: "A",
      sensor: "bearing_temp",
      value: 180.5,
      unit: "°F",
      label: "overheating",
    },
    { ts: 1000, machine: "A", sensor: "rpm", value: 1500 },
  ]);
  assert.deepEqual(r.problems.map((p) => [p.line, p.message]), [
    [4, 'value: expected number, got "abc"'],
    [5, "expected 6 cells like the header, got 3"],
  ]);
});

Deno.test("parseRecording() refuses a CSV header without the required columns", () => {
  const r = parseRecording("time,machine,value\n1,A,2\n", "csv");
  assert.deepEqual(r.problems, [{
    line: 1,
    column: 1,
    message: "CSV header must name ts, machine, sensor and value; missing ts, sensor",
  }]);
});

Deno.test("splitCsvLine() honours quotes and doubled quotes", () => {
  assert.deepEqual(splitCsvLine('a,"b,c","say ""hi""",'), ["a", "b,c", 'say "hi"', ""]);
});
