/**
 * The topology test driver (in the spirit of Kafka Streams'
 * TopologyTestDriver and `vector test`): runs a topology's transforms inline
 * and synchronously, pipes recorded readings in where the sources were, and
 * collects every output of every component. No sources, sinks, threads,
 * network or wall clock are involved, so results are deterministic.
 */
import { readingBatchOf, readingsOf } from "../engine/batch.ts";
import { ManualClock } from "../engine/clock.ts";
import { InlinePartition } from "../engine/partition.ts";
import type { Event, Reading } from "../engine/record.ts";
import type { TestExpectation, Topology, TopologyTest } from "../engine/topology.ts";

export type Outputs = Map<string, (Reading | Event)[]>;

export interface DriverOptions {
  /** Transforms that receive the input; default: every transform fed by a source. */
  insertAt?: string[];
  /** Readings per batch piped in (default 256). */
  batchSize?: number;
}

/** Runs `input` through the transforms of `topology`; outputs keyed `component` and `component.port`. */
export async function runWithInput(
  topology: Topology,
  input: Reading[],
  opts: DriverOptions = {},
): Promise<Outputs> {
  const transforms = topology.components.filter((c) => c.kind === "transform");
  const sourceNames = new Set(
    topology.components.filter((c) => c.kind === "source").map((c) => c.name),
  );
  const known = new Set(transforms.map((t) => t.name));
  for (const t of opts.insertAt ?? []) {
    if (!known.has(t)) throw new Error(`Cannot insert test input at "${t}": no such transform`);
  }
  // Each target gets the input once, named after the first source it reads.
  const targets = new Map<string, string>();
  for (const t of transforms) {
    if (opts.insertAt && !opts.insertAt.includes(t.name)) continue;
    const fromSource = t.inputs.find((i) => sourceNames.has(i.component) && i.port === "out");
    if (opts.insertAt) targets.set(t.name, fromSource?.component ?? "test_input");
    else if (fromSource) targets.set(t.name, fromSource.component);
  }
  const maxTs = input.reduce((m, r) => Math.max(m, r.ts), 0);
  const clock = new ManualClock(maxTs, true);
  const partition = await InlinePartition.create({
    transforms,
    partition: 0,
    partitions: 1,
    services: { baseDir: topology.file ? dirname(topology.file) : ".", env: {} },
    clock,
    exports: ["*"],
  });
  const outputs: Outputs = new Map();
  const collect = (items: Awaited<ReturnType<InlinePartition["flush"]>>) => {
    for (const { component, port, batch } of items) {
      const k = port === "out" ? component : `${component}.${port}`;
      const list = outputs.get(k) ?? [];
      if (batch.kind === "readings") list.push(...readingsOf(batch));
      else list.push(...batch.records);
      outputs.set(k, list);
    }
  };
  const size = opts.batchSize ?? 256;
  for (let i = 0; i < input.length; i += size) {
    const chunk = input.slice(i, i + size);
    for (const [target, from] of targets) {
      collect(await partition.processAt(target, from, readingBatchOf(chunk)));
    }
  }
  collect(await partition.flush());
  await partition.close();
  return outputs;
}

export interface TestResult {
  name: string;
  ok: boolean;
  failures: string[];
}

/** Runs every `tests:` entry of a topology. */
export async function runTopologyTests(topology: Topology): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const test of topology.tests) results.push(await runTopologyTest(topology, test));
  return results;
}

export async function runTopologyTest(topology: Topology, test: TopologyTest): Promise<TestResult> {
  const outputs = await runWithInput(topology, test.input, { insertAt: test.insertAt });
  const failures = test.expect.flatMap((e) => checkExpectation(outputs, e));
  return { name: test.name, ok: failures.length === 0, failures };
}

/** The failures of one expectation against the collected outputs (empty when it holds). */
export function checkExpectation(outputs: Outputs, e: TestExpectation): string[] {
  const records = outputs.get(e.output) ?? [];
  const failures: string[] = [];
  const show = (v: unknown) => JSON.stringify(v);
  if (e.contains && !records.some((r) => matches(r, e.contains!))) {
    failures.push(
      `${e.output}: no record contains ${show(e.contains)} (${records.length} records${
        records.length ? `, e.g. ${show(records[records.length - 1])}` : ""
      })`,
    );
  }
  if (e.not_contains) {
    const hit = records.find((r) => matches(r, e.not_contains!));
    if (hit) failures.push(`${e.output}: unexpected record ${show(hit)}`);
  }
  if (e.count) {
    const n = e.where ? records.filter((r) => matches(r, e.where!)).length : records.length;
    const { min, max, eq } = e.count;
    const what = `${e.output}${e.where ? ` where ${show(e.where)}` : ""}`;
    if (eq !== undefined && n !== eq) failures.push(`${what}: expected ${eq} records, got ${n}`);
    if (min !== undefined && n < min) failures.push(`${what}: expected ≥ ${min} records, got ${n}`);
    if (max !== undefined && n > max) failures.push(`${what}: expected ≤ ${max} records, got ${n}`);
  }
  return failures;
}

/**
 * Deep partial match: every field of `pattern` is in `value`. Arrays in the
 * pattern must be contained in the value's array; `{ gte, lte, gt, lt }`
 * objects compare numbers.
 */
export function matches(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    return Array.isArray(value) && pattern.every((p) => value.some((v) => matches(v, p)));
  }
  if (pattern !== null && typeof pattern === "object") {
    const p = pattern as Record<string, unknown>;
    const cmp = ["gte", "lte", "gt", "lt"];
    if (Object.keys(p).length > 0 && Object.keys(p).every((k) => cmp.includes(k))) {
      if (typeof value !== "number") return false;
      return (p.gte === undefined || value >= (p.gte as number)) &&
        (p.lte === undefined || value <= (p.lte as number)) &&
        (p.gt === undefined || value > (p.gt as number)) &&
        (p.lt === undefined || value < (p.lt as number));
    }
    if (value === null || typeof value !== "object") return false;
    const v = value as Record<string, unknown>;
    return Object.entries(p).every(([k, pv]) => matches(v[k], pv));
  }
  return value === pattern;
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? (i === 0 ? "/" : ".") : path.slice(0, i);
}
