/** `discard`: accepts everything and keeps nothing (benchmarks, dry runs). */
import { z } from "zod";
import type { SinkDef } from "../engine/component.ts";

const DiscardConfig = z.object({}).strict();

export const discard: SinkDef<z.infer<typeof DiscardConfig>> = {
  kind: "sink",
  type: "discard",
  summary: "Drops every record it receives (counted in metrics); for benchmarks and dry runs.",
  config: DiscardConfig,
  accepts: ["reading", "aggregate", "anomaly", "rul", "alert", "rejected"],
  examples: [{}],
  build() {
    return { write: () => Promise.resolve() };
  },
};
