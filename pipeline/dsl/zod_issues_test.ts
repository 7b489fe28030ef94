import assert from "node:assert/strict";
import { z } from "zod";
import { dotted, explainIssues, knownKeys, show } from "./zod_issues.ts";

const schema = z.object({
  size: z.number().min(1),
  mode: z.enum(["a", "b"]).default("a"),
  limits: z.object({ low: z.number(), high: z.number() }).strict().optional(),
  list: z.array(z.string()).default([]),
  either: z.union([z.string(), z.array(z.string())]).optional(),
}).strict();

function explain(value: Record<string, unknown>) {
  const r = schema.safeParse(value, { reportInput: true });
  assert.equal(r.success, false);
  return explainIssues(schema, r.error!.issues, (p) => {
    let v: unknown = value;
    for (const seg of p) v = (v as Record<string | number, unknown> | undefined)?.[seg];
    return v !== undefined;
  });
}

Deno.test("show() and dotted() render values and paths for messages", () => {
  assert.equal(show("x"), '"x"');
  assert.equal(show(undefined), "nothing");
  assert.equal(show({ a: 1 }), '{"a":1}');
  assert.equal(show("y".repeat(100)).length, 60);
  assert.equal(dotted(["limits", "low"]), "limits.low");
  assert.equal(dotted(["list", 2]), "list[2]");
});

Deno.test("explainIssues() tells missing, unknown and bad values apart", () => {
  assert.deepEqual(explain({ mdoe: "a", list: ["x", 2] }), [
    { kind: "missing", path: ["size"], message: 'missing option "size" (expected number)' },
    { kind: "value", path: ["list", 1], message: 'option "list[1]": expected string, got 2' },
    {
      kind: "unknown",
      path: ["mdoe"],
      message:
        'unknown option "mdoe"; did you mean "mode"? (options: size, mode, limits, list, either)',
    },
  ]);
});

Deno.test("explainIssues() phrases bounds, enums, unions and nested unknown keys", () => {
  const problems = explain({ size: 0, mode: "c", limits: { low: 1, hihg: 2 }, either: 5 });
  assert.deepEqual(problems.map((p) => p.message), [
    'option "size": expected a value ≥ 1, got 0',
    'option "mode": expected one of "a", "b", got "c"',
    'missing option "limits.high" (expected number)',
    'unknown option "limits.hihg"; did you mean "high"? (options: low, high)',
    'option "either": expected string or array, got 5',
  ]);
});

Deno.test("explainIssues() reports one problem per value", () => {
  const s = z.object({ n: z.number().min(5).multipleOf(2) }).strict();
  const r = s.safeParse({ n: 3 }, { reportInput: true });
  assert.equal(explainIssues(s, r.error!.issues, () => true).length, 1);
});

Deno.test("knownKeys() finds option names through optional, default and arrays", () => {
  assert.deepEqual(knownKeys(schema, []), ["size", "mode", "limits", "list", "either"]);
  assert.deepEqual(knownKeys(schema, ["limits"]), ["low", "high"]);
  assert.deepEqual(knownKeys(schema, ["size"]), []);
});
