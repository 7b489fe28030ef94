/** In-memory sinks for engine tests (main-thread components, not registered). */
import { z } from "zod";
import type { Batch } from "../engine/batch.ts";
import type { SinkDef } from "../engine/component.ts";
import type { Aggregate } from "../engine/record.ts";

/** A sink that appends every event record it receives (window aggregates) to `out`. */
export function aggregateSink(out: Aggregate[]): SinkDef<unknown> {
  return {
    kind: "sink",
    type: "test_aggregates",
    summary: "Collects aggregates in memory (tests).",
    config: z.object({}),
    examples: [],
    build: () => ({
      write(batch: Batch) {
        if (batch.kind === "events") out.push(...batch.records as Aggregate[]);
        return Promise.resolve();
      },
    }),
  };
}
