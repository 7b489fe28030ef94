/**
 * Test-only component definitions, so the DSL can be tested without the real
 * components (which live elsewhere and change independently).
 */
import { z } from "zod";
import type { AnyComponentDef, Operator, Sink, Source } from "../../engine/component.ts";
import { durationMs } from "../duration.ts";
import { lookupOf } from "../lookup.ts";

const passThrough: Operator = { process() {} };
const nullSink: Sink = { write: () => Promise.resolve() };
const emptySource: Source = { run: () => Promise.resolve() };

export const simulator: AnyComponentDef = {
  kind: "source",
  type: "simulator",
  summary: "Fake simulator.",
  config: z.object({
    machines: z.array(z.string()).default(["A"]).meta({ description: "Machine ids" }),
    rate_hz: z.number().min(1).max(20).default(1).meta({ description: "Readings per second" }),
    seed: z.int().optional().meta({ description: "Random seed" }),
  }).strict(),
  outputs: () => ({ out: "reading" }),
  examples: [{ machines: ["A", "B"], rate_hz: 5 }],
  build: () => emptySource,
};

export const validate: AnyComponentDef = {
  kind: "transform",
  type: "validate",
  summary: "Fake validator.",
  config: z.object({
    on_error: z.enum(["dlq", "drop"]).default("dlq").meta({ description: "What to do" }),
  }).strict(),
  accepts: ["reading"],
  outputs: () => ({ out: "reading" }),
  examples: [{ on_error: "dlq" }],
  build: () => passThrough,
};

export const window: AnyComponentDef = {
  kind: "transform",
  type: "window",
  summary: "Fake window.",
  config: z.object({
    kind: z.enum(["tumbling", "sliding"]).default("tumbling").meta({ description: "Kind" }),
    size: durationMs.meta({ description: "Window length" }),
    watermark: durationMs.prefault("2s").meta({ description: "Out-of-orderness" }),
  }).strict(),
  accepts: ["reading"],
  outputs: () => ({ out: "aggregate", late: "reading" }),
  examples: [{ kind: "tumbling", size: 5000, watermark: 2000 }],
  build: () => passThrough,
};

export const threshold: AnyComponentDef = {
  kind: "transform",
  type: "threshold",
  summary: "Fake threshold detector.",
  config: z.object({}).strict(),
  accepts: ["reading"],
  outputs: () => ({ out: "anomaly" }),
  examples: [{}],
  build: () => passThrough,
};

export const zscore: AnyComponentDef = {
  kind: "transform",
  type: "zscore",
  summary: "Fake z-score detector.",
  config: z.object({
    z: z.number().positive().default(3).meta({ description: "Threshold in standard deviations" }),
  }).strict(),
  accepts: ["aggregate"],
  outputs: () => ({ out: "anomaly", alerts: "alert" }),
  examples: [{ z: 3 }],
  build: () => passThrough,
};

export const file: AnyComponentDef = {
  kind: "sink",
  type: "file",
  summary: "Fake NDJSON file sink.",
  config: z.object({ path: z.string().meta({ description: "File to append to" }) }).strict(),
  examples: [{ path: "data/out.ndjson" }],
  build: () => nullSink,
};

export const postgres: AnyComponentDef = {
  kind: "sink",
  type: "postgres",
  summary: "Fake Postgres sink.",
  config: z.object({
    batch_size: z.int().positive().default(500).meta({ description: "Rows per insert" }),
  }).strict(),
  accepts: ["reading", "aggregate", "anomaly", "rul", "alert"],
  examples: [{ batch_size: 100 }],
  build: () => nullSink,
};

export const FAKE_COMPONENTS: AnyComponentDef[] = [
  simulator,
  validate,
  window,
  threshold,
  zscore,
  file,
  postgres,
];

export const fakeRegistry = lookupOf(FAKE_COMPONENTS);
