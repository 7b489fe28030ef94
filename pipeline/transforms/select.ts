/**
 * `select`: keeps the readings of some machines and/or sensors. The simplest
 * keyed transform; also what the engine's own tests run through workers.
 */
import { z } from "zod";
import { filterReadings } from "../engine/batch.ts";
import type { TransformDef } from "../engine/component.ts";

const SelectConfig = z.object({
  machines: z.array(z.string().min(1)).optional().meta({
    description: "Machines to keep; all when absent",
  }),
  sensors: z.array(z.string().min(1)).optional().meta({
    description: "Sensors to keep; all when absent",
  }),
}).strict();

type SelectConfig = z.infer<typeof SelectConfig>;

export const select: TransformDef<SelectConfig> = {
  kind: "transform",
  type: "select",
  summary: "Keeps only the readings of the listed machines and/or sensors.",
  config: SelectConfig,
  accepts: ["reading"],
  outputs: () => ({ out: "reading" }),
  examples: [{ machines: ["A"], sensors: ["rpm", "vibration"] }, {}],
  build(config, ctx) {
    const machines = config.machines ? new Set(config.machines) : undefined;
    const sensors = config.sensors ? new Set(config.sensors) : undefined;
    return {
      process(batch) {
        if (batch.kind !== "readings") return;
        if (!machines && !sensors) return ctx.emit(batch);
        // Decide once per series of the batch dictionary, then filter rows by index.
        const keep = batch.keys.map((k) =>
          (!machines || machines.has(k.machine)) && (!sensors || sensors.has(k.sensor))
        );
        ctx.emit(filterReadings(batch, (i) => keep[batch.series[i]]));
      },
    };
  },
};
