/**
 * `websocket`: hands every batch to the web server's real-time hub, which
 * fans it out to dashboard clients (SPEC §8). The hub is a build-time service
 * (`services.hub`), so this sink only builds inside `deno task start` or a
 * test that provides one. Writes never wait for clients: the hub queues per
 * client, coalesces and closes slow ones.
 */
import { z } from "zod";
import type { Batch } from "../engine/batch.ts";
import type { SinkDef } from "../engine/component.ts";

const WebsocketConfig = z.object({}).strict();

export const websocket: SinkDef<z.infer<typeof WebsocketConfig>> = {
  kind: "sink",
  type: "websocket",
  summary:
    "Publishes readings, aggregates, anomalies, alerts and RUL estimates to live dashboard clients.",
  config: WebsocketConfig,
  accepts: ["reading", "aggregate", "anomaly", "alert", "rul"],
  examples: [{}],
  build(_config, ctx) {
    const hub = ctx.services.hub;
    if (!hub) {
      throw new Error(
        `Cannot build sink "${ctx.name}": no web server hub (run with deno task start)`,
      );
    }
    const name = ctx.name;
    return {
      write(batch: Batch, input: string): Promise<void> {
        hub.publish(batch, input, name);
        return Promise.resolve();
      },
    };
  },
};
