/**
 * `/api/machines/:id/…`: start, stop, fault injection and clear (sent to the
 * topology's sources as control commands `{action, machine, …}`), status
 * (`{action: "status"}`, this machine's entry of each answer) and stream
 * statistics.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { FAULT_TYPES } from "../../pipeline/sources/simulator_faults.ts";
import type { Hub } from "../realtime/hub.ts";
import { configuredMachines, type PipelinePort } from "../pipeline_port.ts";
import { readBody } from "./errors.ts";

export const InjectBody = z.object({
  fault: z.enum(FAULT_TYPES).meta({ description: "Fault to start" }),
  severity: z.number().min(0).max(1).optional().meta({ description: "0..1, default 1" }),
  ramp_secs: z.number().min(0).max(86_400).optional().meta({
    description: "Seconds to full severity",
  }),
  duration_secs: z.number().positive().max(86_400 * 7).optional().meta({
    description: "How long the fault lasts; absent = until the machine is stopped or cleared",
  }),
  sensor: z.string().regex(/^[a-z][a-z0-9_]*$/).optional().meta({
    description: "Target sensor of sensor faults",
  }),
}).strict();

const Empty = z.object({}).strict();

/** Every machine the app knows: named by a source, or seen in the stream. */
export function knownMachines(pipeline: PipelinePort, hub: Hub): string[] {
  return [...new Set([...configuredMachines(pipeline), ...hub.stats.machines()])].sort();
}

export function machinesApi(deps: { pipeline: PipelinePort; hub: Hub }): Hono {
  const { pipeline, hub } = deps;
  const app = new Hono();
  const machine = (id: string): string => {
    const known = knownMachines(pipeline, hub);
    if (!known.includes(id)) {
      throw new HTTPException(404, {
        message: `Unknown machine "${id}" (machines: ${known.join(", ") || "none"})`,
      });
    }
    return id;
  };
  /** Sends a command to every source that takes commands; their refusals become 400s. */
  const control = async (what: string, cmd: { action: string; [k: string]: unknown }) => {
    try {
      return await pipeline.control(undefined, cmd);
    } catch (e) {
      throw new HTTPException(400, {
        message: `Cannot ${what}: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  };
  const command = async (action: string, id: string, extra: Record<string, unknown> = {}) => {
    const answers = await control(`${action} machine "${id}"`, { action, machine: id, ...extra });
    if (answers.length === 0) {
      throw new HTTPException(409, {
        message: `Cannot ${action} machine "${id}": no source of the topology takes commands`,
      });
    }
    return { machine: id, action, answers };
  };

  app.get("/", (c) => c.json({ machines: knownMachines(pipeline, hub) }));
  for (const action of ["start", "stop", "clear"] as const) {
    app.post(`/:id/${action}`, async (c) => {
      const id = machine(c.req.param("id"));
      await readBody(c, Empty, `${action} machine "${id}"`);
      return c.json(await command(action, id));
    });
  }
  app.post("/:id/inject", async (c) => {
    const id = machine(c.req.param("id"));
    const body = await readBody(c, InjectBody, `inject a fault on machine "${id}"`);
    return c.json(await command("inject", id, body));
  });
  /** Every machine's status from one command (the dashboard polls this once a second). */
  app.get("/status", async (c) => {
    const answers = await control("read the machines' status", { action: "status" });
    const machines: Record<string, unknown> = {};
    for (const a of answers) {
      const m = (a as { machines?: Record<string, unknown> } | null)?.machines;
      if (m && typeof m === "object") Object.assign(machines, m);
    }
    return c.json({ machines });
  });
  app.get("/:id/status", async (c) => {
    const id = machine(c.req.param("id"));
    const answers = await control(`read the status of machine "${id}"`, { action: "status" });
    // Sources answer for all their machines ({machines: {A: {...}}}); keep this one's entry.
    const status = answers.map((a) => {
      const machines = (a as { machines?: Record<string, unknown> } | null)?.machines;
      return machines && typeof machines === "object" ? machines[id] ?? null : a;
    }).filter((a) => a !== null);
    const counts = hub.stats.snapshot().machines[id] ?? null;
    return c.json({ machine: id, status, stream: counts });
  });
  app.get("/:id/stats", (c) => {
    const id = machine(c.req.param("id"));
    const counts = hub.stats.snapshot().machines[id];
    return c.json({
      machine: id,
      ...(counts ?? { readings: 0, anomalies: 0, alerts: 0, last_ts: 0 }),
    });
  });
  return app;
}
