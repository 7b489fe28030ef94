import assert from "node:assert/strict";
import { z } from "zod";
import { durationMs, formatDuration, parseDuration } from "./duration.ts";

Deno.test("parseDuration() reads every unit, decimals and compounds", () => {
  assert.equal(parseDuration("500ms"), 500);
  assert.equal(parseDuration("5s"), 5000);
  assert.equal(parseDuration("2m"), 120_000);
  assert.equal(parseDuration("1h"), 3_600_000);
  assert.equal(parseDuration("1d"), 86_400_000);
  assert.equal(parseDuration("1.5s"), 1500);
  assert.equal(parseDuration("1m30s"), 90_000);
  assert.equal(parseDuration("0s"), 0);
});

Deno.test("parseDuration() refuses strings without a known unit", () => {
  for (const s of ["5", "5 sec", "5sec", "s", "", "-1s", "5 s", "1y"]) {
    assert.equal(parseDuration(s), undefined, s);
  }
});

Deno.test("formatDuration() is the inverse of parseDuration() for whole milliseconds", () => {
  for (const ms of [0, 1, 250, 1000, 5000, 90_000, 3_600_000, 86_400_000 + 1500]) {
    assert.equal(parseDuration(formatDuration(ms)), ms);
  }
  assert.equal(formatDuration(90_000), "1m30s");
});

Deno.test("durationMs parses strings to milliseconds and keeps plain numbers as milliseconds", () => {
  assert.equal(durationMs.parse("5s"), 5000);
  assert.equal(durationMs.parse(250), 250);
  assert.equal(durationMs.parse(durationMs.parse("2m")), 120_000);
});

Deno.test("durationMs explains what a duration looks like and quotes the value", () => {
  for (const [input, shown] of [["5 sec", '"5 sec"'], [-1, "-1"], [true, "true"], [null, "null"]]) {
    const r = durationMs.safeParse(input);
    assert.equal(r.success, false);
    assert.equal(r.error!.issues.length, 1);
    assert.equal(
      r.error!.issues[0].message,
      `expected a duration like "5s", "500ms", "2m", got ${shown}`,
    );
  }
});

Deno.test("durationMs works with defaults and in JSON Schema (input side)", () => {
  const cfg = z.object({
    size: durationMs.prefault("5s").meta({ description: "Window length" }),
    gap: durationMs.default(2000),
  }).strict();
  assert.deepEqual(cfg.parse({}), { size: 5000, gap: 2000 });
  const js = z.toJSONSchema(cfg, { io: "input" }) as unknown as {
    properties: { size: { description: string; default: string; anyOf: unknown[] } };
  };
  assert.equal(js.properties.size.description, "Window length");
  assert.equal(js.properties.size.default, "5s");
  assert.equal(js.properties.size.anyOf.length, 2);
});
