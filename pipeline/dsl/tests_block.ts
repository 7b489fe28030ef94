/**
 * Stage 3: the `tests:` block — recorded input piped in at some components,
 * conditions on the output of others (in the style of `vector test`).
 */
import { dirname, join, normalize } from "node:path";
import { z } from "zod";
import type { Reading } from "../engine/record.ts";
import type { TestExpectation, TopologyTest } from "../engine/topology.ts";
import { parseInputRef } from "../engine/topology.ts";
import { type DraftComponent, isRecord, type LoadContext, type Path, typeName } from "./context.ts";
import { parseRecording, recordingFormat, toReading } from "./recording.ts";
import { didYouMean } from "./suggest.ts";
import { portsOf } from "./wiring.ts";
import { explainIssues } from "./zod_issues.ts";

const fields = z.record(z.string(), z.unknown());

export const CountSchema = z.object({
  min: z.int().nonnegative().optional().meta({ description: "At least this many records" }),
  max: z.int().nonnegative().optional().meta({ description: "At most this many records" }),
  eq: z.int().nonnegative().optional().meta({ description: "Exactly this many records" }),
}).strict();

export const ExpectationSchema = z.object({
  output: z.string().meta({
    description: 'Transform whose output is checked, optionally with a port: "limits", "win.late"',
  }),
  contains: fields.optional().meta({
    description: "Some record contains all these fields (deep partial match)",
  }),
  not_contains: fields.optional().meta({ description: "No record contains all these fields" }),
  where: fields.optional().meta({ description: "Narrows the records that `count` counts" }),
  count: CountSchema.optional().meta({ description: "Bounds on the number of (matching) records" }),
}).strict();

export const TestSchema = z.object({
  name: z.string().min(1).meta({ description: "What the test shows, in a sentence" }),
  input: z.union([z.string().min(1), z.array(z.unknown())]).meta({
    description:
      "Recorded readings: a path (relative to the topology file) to an NDJSON or CSV recording, or an inline list of readings",
  }),
  insert_at: z.array(z.string()).min(1).optional().meta({
    description: "Transforms the input is piped into (default: every transform fed by a source)",
  }),
  expect: z.array(ExpectationSchema).min(1).meta({ description: "Conditions on outputs" }),
}).strict();

export interface TestsOptions {
  /** The topology file (relative paths resolve against its directory). */
  file: string;
  readFile: (path: string) => Promise<string>;
  /** Most problems reported per recording before summarising the rest. */
  maxRecordingProblems?: number;
}

/** Reads and checks the `tests:` block; loads recordings. */
export async function readTests(
  ctx: LoadContext,
  value: unknown,
  drafts: DraftComponent[],
  opts: TestsOptions,
): Promise<TopologyTest[]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    ctx.report(["tests"], `"tests" must be a list of tests, got ${typeName(value)}`);
    return [];
  }
  const byName = new Map(drafts.map((d) => [d.name, d]));
  const names = new Map<string, number>();
  const out: TopologyTest[] = [];
  for (let i = 0; i < value.length; i++) {
    const path: Path = ["tests", i];
    const raw = value[i];
    const parsed = TestSchema.safeParse(raw, { reportInput: true });
    const label = isRecord(raw) && typeof raw.name === "string"
      ? `test "${raw.name}"`
      : `test #${i + 1}`;
    if (!parsed.success) {
      const has = (q: Path) => ctx.src.has([...path, ...q]);
      for (const p of explainIssues(TestSchema, parsed.error.issues, has, "field")) {
        ctx.report([...path, ...p.path], `${label}: ${p.message}`, {
          at: p.kind === "unknown" ? "key" : p.kind === "missing" ? "missing" : "value",
        });
      }
    }
    if (!isRecord(raw)) continue;
    // Check whatever parts are well-formed, so every problem shows up at once.
    if (typeof raw.name === "string") {
      if (names.has(raw.name)) {
        ctx.report(
          [...path, "name"],
          `${label} is defined twice (first is test #${names.get(raw.name)! + 1})`,
        );
      } else names.set(raw.name, i);
    }
    if (Array.isArray(raw.insert_at)) {
      raw.insert_at.forEach((name, j) => {
        if (typeof name !== "string") return;
        const c = byName.get(name);
        const at = [...path, "insert_at", j];
        if (!c) {
          ctx.report(
            at,
            `${label}: insert_at "${name}" doesn't match any components${
              didYouMean(name, byName.keys())
            }`,
          );
        } else if (c.kind !== "transform") {
          ctx.report(
            at,
            `${label}: cannot insert input at ${c.kind} "${name}"; tests pipe input into transforms`,
          );
        }
      });
    }
    if (Array.isArray(raw.expect)) {
      raw.expect.forEach((e, j) => {
        const ok = ExpectationSchema.safeParse(e);
        if (ok.success) checkExpectation(ctx, [...path, "expect", j], label, ok.data, byName);
      });
    }
    const input = typeof raw.input === "string" && raw.input !== ""
      ? await loadRecording(ctx, [...path, "input"], label, raw.input, opts)
      : Array.isArray(raw.input)
      ? inlineReadings(ctx, [...path, "input"], label, raw.input)
      : [];
    if (!parsed.success) continue;
    const t = parsed.data;
    const test: TopologyTest = { name: t.name, input, expect: t.expect as TestExpectation[] };
    if (t.insert_at) test.insertAt = t.insert_at;
    out.push(test);
  }
  return out;
}

function checkExpectation(
  ctx: LoadContext,
  path: Path,
  label: string,
  e: z.infer<typeof ExpectationSchema>,
  byName: Map<string, DraftComponent>,
): void {
  const ref = parseInputRef(e.output);
  const c = byName.get(ref.component);
  if (!c) {
    ctx.report(
      [...path, "output"],
      `${label}: output "${e.output}" doesn't match any components${
        didYouMean(ref.component, byName.keys())
      }`,
    );
  } else if (c.kind !== "transform") {
    ctx.report(
      [...path, "output"],
      `${label}: output "${e.output}" names a ${c.kind}; tests check the outputs of transforms (sources are replaced by the input, sinks do not run)`,
    );
  } else {
    const info = portsOf(c);
    if (!info.ports.has(ref.port) && (info.complete || ref.port === "out")) {
      ctx.report(
        [...path, "output"],
        `${label}: output "${e.output}": ${c.kind} "${c.name}" has no output port "${ref.port}" (its ports: ${
          [...info.ports.keys()].join(", ")
        })`,
      );
    }
  }
  if (!e.contains && !e.not_contains && !e.count) {
    ctx.report(
      path,
      `${label}: expectation on "${e.output}" checks nothing; add contains, not_contains or count`,
    );
  }
  if (e.where && !e.count) {
    ctx.report(
      [...path, "where"],
      `${label}: "where" only narrows "count"; add count: { min: 1 } or similar`,
    );
  }
  const n = e.count;
  if (n && n.min !== undefined && n.max !== undefined && n.min > n.max) {
    ctx.report(
      [...path, "count"],
      `${label}: count.min (${n.min}) is greater than count.max (${n.max})`,
    );
  }
  if (n && n.eq !== undefined && (n.min !== undefined || n.max !== undefined)) {
    ctx.report([...path, "count"], `${label}: count.eq cannot be combined with min or max`);
  }
}

function inlineReadings(ctx: LoadContext, path: Path, label: string, items: unknown[]): Reading[] {
  const out: Reading[] = [];
  items.forEach((item, j) => {
    const r = toReading(item);
    if (r.reading) out.push(r.reading);
    else {for (const p of r.problems) {
        ctx.report([...path, j, ...p.path], `${label}: reading ${j + 1}: ${p.message}`);
      }}
  });
  return out;
}

async function loadRecording(
  ctx: LoadContext,
  path: Path,
  label: string,
  rel: string,
  opts: TestsOptions,
): Promise<Reading[]> {
  const shown = normalize(join(dirname(opts.file), rel));
  const format = recordingFormat(rel);
  if (!format) {
    ctx.report(path, `${label}: recording "${rel}" must end in .ndjson, .jsonl or .csv`);
    return [];
  }
  let text: string;
  try {
    text = await opts.readFile(shown);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "file not found" : (e as Error).message;
    ctx.report(path, `${label}: cannot read recording "${rel}" (${shown}): ${why}`);
    return [];
  }
  const { readings, problems } = parseRecording(text, format);
  const max = opts.maxRecordingProblems ?? 10;
  for (const p of problems.slice(0, max)) {
    ctx.diags.error({
      file: shown,
      path,
      line: p.line,
      column: p.column,
      message: `${label}: bad reading: ${p.message}`,
    });
  }
  if (problems.length > max) {
    ctx.report(path, `${label}: recording "${rel}" has ${problems.length - max} more bad lines`);
  }
  return readings;
}
