/**
 * `GET|POST /api/config`: sampling rate, global and per machine. A change is
 * sent to the sources as `{action: "rate", rate_hz[, machine]}` and kept here
 * so `GET` shows what was applied.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { Hub } from "../realtime/hub.ts";
import { configuredRate, type PipelinePort } from "../pipeline_port.ts";
import { readBody } from "./errors.ts";
import { knownMachines } from "./machines.ts";

const Rate = z.number().min(1).max(20).meta({ description: "Readings per second per sensor" });

export const ConfigBody = z.object({
  rate_hz: Rate.optional(),
  machines: z.record(z.string(), z.object({ rate_hz: Rate }).strict()).optional().meta({
    description: "Per-machine overrides",
  }),
}).strict();

export interface RuntimeConfig {
  rate_hz: number | null;
  machines: Record<string, { rate_hz: number }>;
}

export function configApi(deps: { pipeline: PipelinePort; hub: Hub }): Hono {
  const { pipeline, hub } = deps;
  const state: RuntimeConfig = { rate_hz: configuredRate(pipeline) ?? null, machines: {} };
  const app = new Hono();
  app.get("/", (c) => c.json(state));
  app.post("/", async (c) => {
    const body = await readBody(c, ConfigBody, "update the configuration");
    const known = knownMachines(pipeline, hub);
    const unknown = Object.keys(body.machines ?? {}).filter((m) => !known.includes(m));
    if (unknown.length > 0) {
      throw new HTTPException(404, {
        message: `Cannot update the configuration: unknown machine ${
          unknown.map((m) => `"${m}"`).join(", ")
        } (machines: ${known.join(", ") || "none"})`,
      });
    }
    if (body.rate_hz !== undefined) {
      await pipeline.control(undefined, { action: "rate", rate_hz: body.rate_hz });
      state.rate_hz = body.rate_hz;
      state.machines = {};
    }
    for (const [machine, m] of Object.entries(body.machines ?? {})) {
      await pipeline.control(undefined, { action: "rate", machine, rate_hz: m.rate_hz });
      state.machines[machine] = { rate_hz: m.rate_hz };
    }
    return c.json(state);
  });
  return app;
}
