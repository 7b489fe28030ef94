/** Options of the `simulator` source and the commands its `control` accepts. */
import { z } from "zod";
import { MACHINES, SENSOR_NAMES } from "../catalog/sensors.ts";
import { durationMs } from "../dsl/duration.ts";
import { FAULT_TYPES } from "./simulator_faults.ts";

const rate = z.number().min(1).max(20);
const sensorName = z.string().refine((s) => SENSOR_NAMES.includes(s), {
  error: (iss) => `unknown sensor ${JSON.stringify(iss.input)}: not in the sensor catalog`,
});

/** Event time as epoch ms or an ISO-8601 string; parsed to epoch ms. */
export const timestampMs = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ms = typeof v === "number" ? v : Date.parse(v);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({
      code: "custom",
      message: `expected epoch ms or an ISO-8601 time, got ${JSON.stringify(v)}`,
    });
    return z.NEVER;
  }
  return ms;
});

export const FaultConfigSchema = z.object({
  machine: z.string().min(1).meta({ description: "Machine the fault hits" }),
  type: z.enum(FAULT_TYPES).meta({ description: "Fault type" }),
  at: durationMs.default(0).meta({ description: "Onset, as event time after the start" }),
  ramp: durationMs.default(10_000).meta({ description: "Time from onset to full severity" }),
  severity: z.number().min(0).max(1).default(1).meta({
    description: "0..1; 1 drives the primary sensors past their critical levels",
  }),
  sensor: sensorName.optional().meta({
    description: "Target sensor of sensor_stuck/sensor_drift/sensor_spike",
  }),
  duration: durationMs.optional().meta({ description: "How long it lasts (default: forever)" }),
}).strict();

/** Parsed options of the `simulator` source. */
export const SimulatorConfigSchema = z.object({
  machines: z.array(z.string().min(1).max(64)).min(1).default([...MACHINES]).meta({
    description: "Machine ids to simulate",
  }),
  sensors: z.array(sensorName).min(1).optional().meta({
    description: "Catalog sensors to emit (default: all 50)",
  }),
  rate_hz: rate.default(5).meta({ description: "Readings per second per sensor (1–20)" }),
  machine_rates: z.record(z.string(), rate).default({}).meta({
    description: "Per-machine rate overrides, e.g. {A: 10}",
  }),
  sensor_rates: z.record(z.string(), rate).default({}).meta({
    description: "Per-sensor rate overrides, e.g. {temperature: 1}; win over machine rates",
  }),
  seed: z.number().int().default(42).meta({ description: "Seed: same seed, same stream" }),
  start_ts: timestampMs.optional().meta({
    description: "Event time of the first reading (epoch ms or ISO); default: clock time at start",
  }),
  duration: durationMs.optional().meta({
    description: "Stop after this much event time (default: run until stopped)",
  }),
  realtime: z.boolean().default(true).meta({
    description: "Pace readings by the clock (true) or emit as fast as possible (false)",
  }),
  batch_size: z.number().int().min(1).max(65_536).default(4096).meta({
    description: "Largest batch emitted in as-fast-as-possible mode",
  }),
  faults: z.array(FaultConfigSchema).default([]).meta({
    description: "Faults injected at fixed event times (for topology tests)",
  }),
}).strict().superRefine((c, ctx) => {
  const known = new Set(c.machines);
  c.faults.forEach((f, i) => {
    if (!known.has(f.machine)) {
      ctx.addIssue({
        code: "custom",
        path: ["faults", i, "machine"],
        message: `unknown machine "${f.machine}": expected one of ${c.machines.join(", ")}`,
      });
    }
  });
  for (const m of Object.keys(c.machine_rates)) {
    if (!known.has(m)) {
      ctx.addIssue({
        code: "custom",
        path: ["machine_rates", m],
        message: `unknown machine "${m}": expected one of ${c.machines.join(", ")}`,
      });
    }
  }
  for (const s of Object.keys(c.sensor_rates)) {
    if (!SENSOR_NAMES.includes(s)) {
      ctx.addIssue({
        code: "custom",
        path: ["sensor_rates", s],
        message: `unknown sensor "${s}": not in the sensor catalog`,
      });
    }
  }
});
export type SimulatorConfig = z.output<typeof SimulatorConfigSchema>;

const machineId = z.string().min(1);
/** Commands accepted by the simulator's `control`. */
export const SimulatorCommandSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("start"), machine: machineId.optional() }).strict(),
  z.object({ action: z.literal("stop"), machine: machineId.optional() }).strict(),
  z.object({
    action: z.literal("inject"),
    machine: machineId,
    fault: z.enum(FAULT_TYPES),
    severity: z.number().min(0).max(1).default(1),
    ramp_secs: z.number().min(0).default(10),
    duration_secs: z.number().positive().optional(),
    sensor: sensorName.optional(),
  }).strict(),
  z.object({ action: z.literal("clear"), machine: machineId }).strict(),
  z.object({ action: z.literal("rate"), rate_hz: rate, machine: machineId.optional() }).strict(),
  z.object({ action: z.literal("status") }).strict(),
]);
export type SimulatorCommand = z.output<typeof SimulatorCommandSchema>;

/** `path: message` for each issue, joined, for error messages. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ` : "") + i.message)
    .join("; ");
}
